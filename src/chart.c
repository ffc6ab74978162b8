/* chart.c - grouped bar charts laid out as a scene of rectangles, lines and text in points,
 * measured with the report's own fonts so that no two labels collide. */
#include "chart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define COL_TEXT 0x333333u
#define COL_MUTED 0x666666u
#define COL_GRID 0xDDDDDDu
#define COL_AXIS 0x888888u

#define PAD 4.0
#define TITLE_SIZE 11.0
#define LABEL_SIZE 8.0  /* legend, ticks, group labels */
#define UNIT_SIZE 7.5
#define VALUE_SIZE 7.0
#define VALUE_SIZE_MIN 6.0
#define EMPTY_SIZE 10.0
#define LEADING 1.15
#define SWATCH 7.0
#define MAX_BAR_W 40.0
#define MIN_STUB_H 4.0

static struct chart_item *add_item(struct chart_scene *s, enum chart_item_kind k, uint32_t rgb)
{
	s->items = xgrow(s->items, &s->cap_items, s->n_items, sizeof(*s->items));
	struct chart_item *it = &s->items[s->n_items++];
	memset(it, 0, sizeof(*it));
	it->kind = k;
	it->rgb = rgb;
	return it;
}

static void add_rect(struct chart_scene *s, double x, double y, double w, double h, uint32_t rgb)
{
	struct chart_item *it = add_item(s, CHART_RECT, rgb);
	it->x = x;
	it->y = y;
	it->w = w;
	it->h = h;
}

static void add_line(struct chart_scene *s, double x1, double y1, double x2, double y2,
		     double width, uint32_t rgb)
{
	struct chart_item *it = add_item(s, CHART_LINE, rgb);
	it->x = x1;
	it->y = y1;
	it->w = x2 - x1;
	it->h = y2 - y1;
	it->line_width = width;
}

static void add_text(struct chart_scene *s, double x, double y, double size,
		     enum font_style st, enum chart_align al, uint32_t rgb, const char *text)
{
	if (!text || !*text)
		return;
	struct chart_item *it = add_item(s, CHART_TEXT, rgb);
	it->x = x;
	it->y = y;
	it->size = size;
	it->style = st;
	it->align = al;
	it->text = xstrdup(text);
}

static const char *ellipsis(const struct fonts *f, enum font_style st)
{
	return font_has_char(f, st, 0x2026) ? "\xE2\x80\xA6" : "...";
}

/* Shortens text (caller frees) by whole code points until it and an ellipsis fit in maxw;
 * "" when not even the ellipsis fits. */
static char *shorten(const struct fonts *f, enum font_style st, double size, const char *text,
		     double maxw)
{
	if (font_text_width(f, st, size, text) <= maxw)
		return xstrdup(text);
	const char *ell = ellipsis(f, st);
	size_t n = strlen(text);
	struct sbuf b = {0};
	while (n > 0) {
		do
			n--;
		while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80);
		size_t m = n;
		while (m > 0 && (text[m - 1] == ' ' || text[m - 1] == '/' || text[m - 1] == '-'))
			m--;
		sbuf_reset(&b);
		sbuf_addn(&b, text, m);
		sbuf_add(&b, ell);
		if (m > 0 && font_text_width(f, st, size, sbuf_str(&b)) <= maxw)
			return sbuf_take(&b);
	}
	sbuf_free(&b);
	return xstrdup(font_text_width(f, st, size, ell) <= maxw ? ell : "");
}

/* Breaks a label into at most two lines of width maxw: after a space (dropped), '/' or '-'
 * (kept); what does not fit is shortened with an ellipsis. Returns the number of lines. */
static int wrap2(const struct fonts *f, enum font_style st, double size, const char *text,
		 double maxw, char *lines[2])
{
	lines[0] = lines[1] = NULL;
	if (!*text)
		return 0;
	if (font_text_width(f, st, size, text) <= maxw) {
		lines[0] = xstrdup(text);
		return 1;
	}
	size_t best_end = 0, best_next = 0;
	for (size_t i = 1; text[i]; i++) {
		size_t end, next;
		if (text[i] == ' ') {
			end = i;
			next = i + 1;
		} else if ((text[i - 1] == '/' || text[i - 1] == '-') && text[i] != ' ') {
			end = next = i;
		} else {
			continue;
		}
		char *head = xstrndup(text, end);
		int fits = font_text_width(f, st, size, head) <= maxw;
		free(head);
		if (!fits)
			break;
		best_end = end;
		best_next = next;
	}
	if (best_end == 0) {
		lines[0] = shorten(f, st, size, text, maxw);
		return 1;
	}
	lines[0] = xstrndup(text, best_end);
	const char *rest = text + best_next;
	while (*rest == ' ')
		rest++;
	lines[1] = shorten(f, st, size, rest, maxw);
	return 2;
}

/* The smallest 1-2-5 step that covers max in at most max_ticks steps. */
static int64_t nice_step(int64_t max, int max_ticks)
{
	static const int64_t mult[] = {1, 2, 5};
	for (int64_t mag = 1;; mag *= 10) {
		for (int i = 0; i < 3; i++) {
			int64_t step = mult[i] * mag;
			if ((max + step - 1) / step <= max_ticks)
				return step;
		}
		if (mag > INT64_MAX / 100)
			return mag * 10;
	}
}

static int is_suppressed(int64_t v, int threshold)
{
	return threshold > 1 && v >= 1 && v < threshold;
}

static uint32_t tint(uint32_t rgb)
{
	uint32_t out = 0;
	for (int sh = 0; sh <= 16; sh += 8) {
		uint32_t c = (rgb >> sh) & 0xFF;
		out |= (255 - (255 - c) / 4) << sh;
	}
	return out;
}

/* Legend: a swatch and the series name per entry, flowing into as many rows as needed.
 * Returns the y below the legend. */
static double put_legend(const struct chart_grouped_input *in, const struct fonts *f,
			 struct chart_scene *out, double top, double width)
{
	double asc = font_ascent(f, FONT_REGULAR, LABEL_SIZE);
	double row_h = LABEL_SIZE * LEADING + 2;
	double x = PAD, y = top;
	double avail = width - 2 * PAD;
	for (size_t s = 0; s < in->n_series; s++) {
		const char *name = in->series[s].name ? in->series[s].name : "";
		char *label = shorten(f, FONT_REGULAR, LABEL_SIZE, name, avail - SWATCH - 3);
		double w = SWATCH + 3 + font_text_width(f, FONT_REGULAR, LABEL_SIZE, label);
		if (x > PAD && x + w > width - PAD) {
			x = PAD;
			y += row_h;
		}
		add_rect(out, x, y + asc - SWATCH, SWATCH, SWATCH, in->series[s].rgb);
		add_text(out, x + SWATCH + 3, y + asc, LABEL_SIZE, FONT_REGULAR, CHART_LEFT, COL_TEXT,
			 label);
		free(label);
		x += w + 10;
	}
	return in->n_series ? y + row_h : top;
}

static void put_empty(struct chart_scene *out, const struct fonts *f, double top)
{
	double y = (top + out->height) / 2 + font_ascent(f, FONT_REGULAR, EMPTY_SIZE) / 2;
	add_text(out, out->width / 2, y, EMPTY_SIZE, FONT_REGULAR, CHART_CENTER, COL_MUTED,
		 "Inga h\xC3\xA4ndelser");
}

void chart_grouped_bars(const struct chart_grouped_input *in, const struct fonts *f,
			double width, double height, struct chart_scene *out)
{
	memset(out, 0, sizeof(*out));
	out->width = width;
	out->height = height;
	out->title = in->title ? xstrdup(in->title) : NULL;

	double top = PAD;
	if (in->title && *in->title) {
		char *t = shorten(f, FONT_BOLD, TITLE_SIZE, in->title, width - 2 * PAD);
		top += font_ascent(f, FONT_BOLD, TITLE_SIZE);
		add_text(out, PAD, top, TITLE_SIZE, FONT_BOLD, CHART_LEFT, COL_TEXT, t);
		top += -font_descent(f, FONT_BOLD, TITLE_SIZE) + 6;
		free(t);
	}

	/* Counts are never negative; a negative value is drawn as 0 rather than below the axis. */
	int64_t max = 0;
	int any = 0, any_suppressed = 0;
	size_t nv = in->n_groups * in->n_series;
	for (size_t i = 0; i < nv; i++) {
		int64_t v = in->values[i];
		if (v <= 0)
			continue;
		any = 1;
		if (is_suppressed(v, in->threshold))
			any_suppressed = 1;
		else if (v > max)
			max = v;
	}
	if (!any) {
		put_empty(out, f, top);
		return;
	}

	top = put_legend(in, f, out, top, width);
	if (in->unit && *in->unit) {
		char *u = shorten(f, FONT_REGULAR, UNIT_SIZE, in->unit, width - 2 * PAD);
		top += font_ascent(f, FONT_REGULAR, UNIT_SIZE);
		add_text(out, PAD, top, UNIT_SIZE, FONT_REGULAR, CHART_LEFT, COL_MUTED, u);
		top += -font_descent(f, FONT_REGULAR, UNIT_SIZE);
		free(u);
	}

	double v_asc = font_ascent(f, FONT_REGULAR, VALUE_SIZE);
	double v_desc = -font_descent(f, FONT_REGULAR, VALUE_SIZE);
	double l_asc = font_ascent(f, FONT_REGULAR, LABEL_SIZE);
	double l_desc = -font_descent(f, FONT_REGULAR, LABEL_SIZE);
	/* Room above the plot for the tallest bar's value label, below it for two label lines. */
	double plot_top = top + v_asc + v_desc + 3;
	double plot_bottom = height - PAD - (3 + l_asc + LABEL_SIZE * LEADING + l_desc);
	double plot_h = plot_bottom - plot_top;
	if (plot_h < 1)
		plot_h = 1;

	/* A suppressed bar must not show its value: every one gets the same stub, sized from
	 * the threshold, so the scale has to reach the threshold. */
	int64_t scale_max = max;
	if (any_suppressed && scale_max < in->threshold)
		scale_max = in->threshold;
	int max_ticks = (int)(plot_h / 18);
	max_ticks = max_ticks < 1 ? 1 : max_ticks > 5 ? 5 : max_ticks;
	int64_t step = nice_step(scale_max, max_ticks);
	int64_t top_tick = (scale_max + step - 1) / step * step;
	int n_ticks = (int)(top_tick / step);

	char buf[64];
	double label_w = 0;
	for (int k = 0; k <= n_ticks; k++) {
		util_fmt_int(buf, sizeof(buf), step * k);
		double w = font_text_width(f, FONT_REGULAR, LABEL_SIZE, buf);
		if (w > label_w)
			label_w = w;
	}
	double plot_left = PAD + label_w + 4;
	double plot_right = width - PAD;
	double plot_w = plot_right - plot_left;

	/* Ticks 18 pt apart at least, and labels are 8 pt high: they cannot overlap. */
	for (int k = 0; k <= n_ticks; k++) {
		double y = plot_bottom - plot_h * (double)k / n_ticks;
		if (k > 0)
			add_line(out, plot_left, y, plot_right, y, 0.5, COL_GRID);
		util_fmt_int(buf, sizeof(buf), step * k);
		add_text(out, plot_left - 4, y + 0.35 * LABEL_SIZE, LABEL_SIZE, FONT_REGULAR,
			 CHART_RIGHT, COL_TEXT, buf);
	}

	double group_w = plot_w / (double)in->n_groups;
	double pitch = group_w * 0.75 / (double)in->n_series;
	double gap = pitch * 0.1 < 2 ? pitch * 0.1 : 2;
	double bar_w = pitch - gap;
	if (bar_w > MAX_BAR_W) {
		bar_w = MAX_BAR_W;
		pitch = bar_w + gap;
	}
	/* Value labels are centred on their bars: one no wider than the distance between two
	 * bar centres cannot touch its neighbour's. */
	double value_room = (in->n_series == 1 ? group_w : pitch) - 1;
	double stub_h = plot_h * ((double)in->threshold - 0.5) / (double)top_tick;
	if (stub_h < MIN_STUB_H)
		stub_h = MIN_STUB_H;

	for (size_t g = 0; g < in->n_groups; g++) {
		double gx = plot_left + group_w * (double)g;
		double x0 = gx + (group_w - pitch * (double)in->n_series + gap) / 2;
		for (size_t s = 0; s < in->n_series; s++) {
			int64_t v = in->values[g * in->n_series + s];
			if (v < 0)
				v = 0;
			uint32_t rgb = in->series[s].rgb;
			double x = x0 + pitch * (double)s;
			double h;
			if (is_suppressed(v, in->threshold)) {
				h = stub_h;
				add_rect(out, x, plot_bottom - h, bar_w, h, rgb);
				if (bar_w > 3 && h > 3)
					add_rect(out, x + 1, plot_bottom - h + 1, bar_w - 2, h - 1,
						 tint(rgb));
				snprintf(buf, sizeof(buf), "<%d", in->threshold);
			} else {
				h = plot_h * (double)v / (double)top_tick;
				if (h > 0)
					add_rect(out, x, plot_bottom - h, bar_w, h, rgb);
				util_fmt_int(buf, sizeof(buf), v);
			}
			double size = VALUE_SIZE;
			if (font_text_width(f, FONT_REGULAR, size, buf) > value_room)
				size = VALUE_SIZE_MIN;
			if (font_text_width(f, FONT_REGULAR, size, buf) <= value_room)
				add_text(out, x + bar_w / 2, plot_bottom - h - 2 - v_desc, size,
					 FONT_REGULAR, CHART_CENTER, COL_TEXT, buf);
		}
		char *lines[2];
		const char *label = in->group_labels[g] ? in->group_labels[g] : "";
		int n = wrap2(f, FONT_REGULAR, LABEL_SIZE, label, group_w - 2, lines);
		double y = plot_bottom + 3 + l_asc;
		for (int i = 0; i < n; i++) {
			add_text(out, gx + group_w / 2, y, LABEL_SIZE, FONT_REGULAR, CHART_CENTER,
				 COL_TEXT, lines[i]);
			y += LABEL_SIZE * LEADING;
			free(lines[i]);
		}
	}
	/* The axis goes over the bars' feet so that they stand on one line. */
	add_line(out, plot_left, plot_bottom, plot_right, plot_bottom, 0.75, COL_AXIS);
}

void chart_scene_free(struct chart_scene *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n_items; i++)
		free(s->items[i].text);
	free(s->items);
	free(s->title);
	memset(s, 0, sizeof(*s));
}
