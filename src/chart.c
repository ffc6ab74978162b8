/* chart.c - aggregate tables laid out as chart scenes (grouped and stacked bars, trend lines,
 * top-N bars, heat maps) of rectangles, lines, markers and text in points, measured with the
 * report's own fonts so that no two labels collide. */
#include "chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define COL_TEXT 0x333333u
#define COL_MUTED 0x666666u
#define COL_GRID 0xDDDDDDu
#define COL_AXIS 0x888888u
#define COL_WHITE 0xFFFFFFu
#define COL_ZERO 0xF4F4F4u     /* heat-map cell with no incidents */
#define COL_SUPPRESSED 0xD0D0D0u /* heat-map cell with a suppressed count */

#define PAD 4.0
#define TITLE_SIZE 11.0
#define LABEL_SIZE 8.0  /* legend, ticks, group labels */
#define LABEL_SIZE_MIN 6.5 /* group labels under many bars */
#define UNIT_SIZE 7.5
#define VALUE_SIZE 7.0
#define VALUE_SIZE_MIN 6.0
#define EMPTY_SIZE 10.0
#define LEADING 1.15
#define SWATCH 7.0
#define MAX_BAR_W 40.0
#define MIN_STUB 4.0
#define MARKER_R 2.5
#define DASH 4.0

#define NBSP "\xC2\xA0"

/* Okabe & Ito's palette, black left out, ordered so that the first two (current, baseline
 * or the two most common categories) differ in lightness as well as hue. */
static const uint32_t palette[] = {0x0072B2, 0xE69F00, 0x56B4E9, 0x009E73,
				   0xD55E00, 0xCC79A7, 0xF0E442};
/* ColorBrewer "Blues": sequential, readable for every kind of colour vision and in grey. */
static const uint32_t blues[] = {0xC6DBEF, 0x9ECAE1, 0x6BAED6, 0x3182BD, 0x08519C};

uint32_t chart_palette(size_t i)
{
	return palette[i % (sizeof(palette) / sizeof(palette[0]))];
}

const char *chart_weekday(int i)
{
	static const char *const names[] = {"m\xC3\xA5n", "tis", "ons", "tor",
					    "fre", "l\xC3\xB6r", "s\xC3\xB6n"};
	return i >= 0 && i < 7 ? names[i] : "";
}

/* ---- building the scene ---- */

struct box {
	double x0, y0, x1, y1;
};

/* Layout state of one chart: the scene, the next free y below the header, and the boxes of
 * the value labels placed so far (a new one that would touch one of them is dropped). */
struct ctx {
	struct chart_scene *s;
	const struct fonts *f;
	double top;
	struct box *boxes;
	size_t n_boxes, cap_boxes;
};

static struct chart_item *add_item(struct chart_scene *s, enum chart_item_kind k, uint32_t rgb,
				   enum chart_role role)
{
	s->items = xgrow(s->items, &s->cap_items, s->n_items, sizeof(*s->items));
	struct chart_item *it = &s->items[s->n_items++];
	memset(it, 0, sizeof(*it));
	it->kind = k;
	it->rgb = rgb;
	it->role = role;
	it->series = it->group = -1;
	return it;
}

static struct chart_item *add_rect(struct chart_scene *s, double x, double y, double w,
				   double h, uint32_t rgb, enum chart_role role)
{
	struct chart_item *it = add_item(s, CHART_RECT, rgb, role);
	it->x = x;
	it->y = y;
	it->w = w;
	it->h = h;
	return it;
}

static struct chart_item *add_line(struct chart_scene *s, double x1, double y1, double x2,
				   double y2, double width, uint32_t rgb, enum chart_role role)
{
	struct chart_item *it = add_item(s, CHART_LINE, rgb, role);
	it->x = x1;
	it->y = y1;
	it->w = x2 - x1;
	it->h = y2 - y1;
	it->line_width = width;
	return it;
}

static struct chart_item *add_text(struct chart_scene *s, double x, double y, double size,
				   enum font_style st, enum chart_align al, uint32_t rgb,
				   const char *text, enum chart_role role)
{
	if (!text || !*text)
		return NULL;
	struct chart_item *it = add_item(s, CHART_TEXT, rgb, role);
	it->x = x;
	it->y = y;
	it->size = size;
	it->style = st;
	it->align = al;
	it->text = xstrdup(text);
	return it;
}

static void add_circle(struct chart_scene *s, double x, double y, double r, uint32_t fill,
		       uint32_t stroke, double lw, int series, int group, int suppressed)
{
	struct chart_item *it = add_item(s, CHART_CIRCLE, fill, CHART_ROLE_MARK);
	it->x = x;
	it->y = y;
	it->w = r;
	it->stroke = stroke;
	it->line_width = lw;
	it->series = series;
	it->group = group;
	it->suppressed = suppressed;
}

static struct box text_box(const struct fonts *f, double x, double y, double size,
			   enum chart_align al, const char *text)
{
	double w = font_text_width(f, FONT_REGULAR, size, text);
	double x0 = al == CHART_CENTER ? x - w / 2 : al == CHART_RIGHT ? x - w : x;
	struct box b = {x0, y - font_ascent(f, FONT_REGULAR, size), x0 + w,
			y - font_descent(f, FONT_REGULAR, size)};
	return b;
}

static int boxes_touch(const struct box *a, const struct box *b)
{
	return a->x0 < b->x1 + 1 && b->x0 < a->x1 + 1 && a->y0 < b->y1 && b->y0 < a->y1;
}

/* Places a value label if it lies within `within` and touches no other value label. */
static int try_value(struct ctx *c, double x, double y, double size, enum chart_align al,
		     uint32_t rgb, const char *text, const struct box *within, int series,
		     int group, int suppressed)
{
	struct box b = text_box(c->f, x, y, size, al, text);
	if (b.x0 < within->x0 - 1e-9 || b.x1 > within->x1 + 1e-9 || b.y0 < within->y0 - 1e-9 ||
	    b.y1 > within->y1 + 1e-9)
		return 0;
	for (size_t i = 0; i < c->n_boxes; i++)
		if (boxes_touch(&b, &c->boxes[i]))
			return 0;
	c->boxes = xgrow(c->boxes, &c->cap_boxes, c->n_boxes, sizeof(*c->boxes));
	c->boxes[c->n_boxes++] = b;
	struct chart_item *it =
		add_text(c->s, x, y, size, FONT_REGULAR, al, rgb, text, CHART_ROLE_VALUE);
	it->series = series;
	it->group = group;
	it->suppressed = suppressed;
	return 1;
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

/* The code point at s (UTF-8) and its length in bytes (0 at the end). */
static unsigned cp_at(const char *s, size_t *len)
{
	const unsigned char *u = (const unsigned char *)s;
	if (!u[0]) {
		*len = 0;
		return 0;
	}
	if (u[0] < 0x80 || !u[1]) {
		*len = 1;
		return u[0];
	}
	if ((u[0] & 0xE0) == 0xC0) {
		*len = 2;
		return ((u[0] & 0x1Fu) << 6) | (u[1] & 0x3Fu);
	}
	*len = (u[0] & 0xF0) == 0xE0 ? 3 : 4;
	for (size_t i = 1; i < *len; i++)
		if (!u[i]) {
			*len = i;
			return 0xFFFD;
		}
	return 0xFFFD;
}

static int is_vowel(unsigned c)
{
	return strchr("aeiouyAEIOUY", (int)(c < 0x80 ? c : 1)) != NULL || c == 0xE5 || c == 0xE4 ||
	       c == 0xF6 || c == 0xC5 || c == 0xC4 || c == 0xD6 || c == 0xE9 || c == 0xC9 ||
	       c == 0xFC || c == 0xDC;
}

static int is_letter(unsigned c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0x24F);
}

/* The last break after a space (dropped), '/' or '-' (kept) that lets the head fit maxw:
 * the head's length, 0 if none; *next = where the rest starts. */
static size_t natural_break(const struct fonts *f, enum font_style st, double size,
			    const char *text, double maxw, size_t *next_out)
{
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
	*next_out = best_next;
	return best_end;
}

/* One line that fits (head) and the rest, when text can be broken so that both fit in maxw:
 * after the last space, '/' or '-' that lets the head fit, or else inside a word with a
 * hyphen at a syllable boundary (a consonant before a vowel: "Skadegö-relse", or between
 * two equal consonants: "Ordnings-störning"), the longest head that fits. Returns 0 if no
 * break gives two lines that fit. */
static int break2(const struct fonts *f, enum font_style st, double size, const char *text,
		  double maxw, char *lines[2])
{
	size_t best_next = 0;
	size_t best_end = natural_break(f, st, size, text, maxw, &best_next);
	if (best_end > 0) {
		const char *rest = text + best_next;
		while (*rest == ' ')
			rest++;
		if (font_text_width(f, st, size, rest) <= maxw) {
			lines[0] = xstrndup(text, best_end);
			lines[1] = xstrdup(rest);
			return 1;
		}
	}
	/* a hyphen inside a word: every syllable boundary with two letters before it in its
	 * word and three after, the doubled consonant first, then the longest head */
	size_t hy = 0;
	int hy_double = 0;
	size_t cl = 0, nl = 0;
	unsigned prev = 0;
	int in_word = 0;
	for (size_t i = 0; text[i]; i += cl) {
		unsigned c = cp_at(text + i, &cl);
		if (!is_letter(c)) {
			in_word = 0;
			prev = c;
			continue;
		}
		in_word++;
		unsigned next = cp_at(text + i + cl, &nl);
		int after = 0; /* letters from i on in this word */
		for (size_t j = i, jl = 0; is_letter(cp_at(text + j, &jl)) && after < 3; j += jl)
			after++;
		int dbl = prev == c && !is_vowel(c);
		int syl = !is_vowel(c) && is_letter(next) && is_vowel(next) && is_letter(prev);
		if (in_word > 2 && after >= 3 && (dbl || syl)) {
			char *head = xasprintf("%.*s-", (int)i, text);
			int fits = font_text_width(f, st, size, head) <= maxw &&
				   font_text_width(f, st, size, text + i) <= maxw;
			free(head);
			if (fits && (dbl || !hy_double)) {
				hy = i;
				hy_double = dbl;
			}
		}
		prev = c;
	}
	if (hy == 0)
		return 0;
	lines[0] = xasprintf("%.*s-", (int)hy, text);
	lines[1] = xstrdup(text + hy);
	return 1;
}

/* Breaks a label into at most two lines of width maxw (break2); what does not fit is
 * shortened with an ellipsis, and *cut (may be NULL) set. Returns the number of lines. */
static int wrap2c(const struct fonts *f, enum font_style st, double size, const char *text,
		  double maxw, char *lines[2], int *cut)
{
	lines[0] = lines[1] = NULL;
	if (cut)
		*cut = 0;
	if (!*text)
		return 0;
	if (font_text_width(f, st, size, text) <= maxw) {
		lines[0] = xstrdup(text);
		return 1;
	}
	if (break2(f, st, size, text, maxw, lines))
		return 2;
	if (cut)
		*cut = 1;
	size_t best_next = 0;
	size_t best_end = natural_break(f, st, size, text, maxw, &best_next);
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

static int wrap2(const struct fonts *f, enum font_style st, double size, const char *text,
		 double maxw, char *lines[2])
{
	return wrap2c(f, st, size, text, maxw, lines, NULL);
}

/* The smallest 1-2-5 step that covers max in at most max_ticks steps. */
static int64_t nice_step(int64_t max, int max_ticks)
{
	static const int64_t mult[] = {1, 2, 5};
	if (max < 1)
		max = 1;
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

/* A quarter-strength tint: the inside of a suppressed bar, which has only an outline. */
static uint32_t tint(uint32_t rgb)
{
	uint32_t out = 0;
	for (int sh = 0; sh <= 16; sh += 8) {
		uint32_t ch = (rgb >> sh) & 0xFF;
		out |= (255 - (255 - ch) / 4) << sh;
	}
	return out;
}

/* Text on a fill: white on dark colours, dark on light ones (relative luminance). */
static uint32_t text_on(uint32_t rgb)
{
	double r = ((rgb >> 16) & 0xFF) / 255.0, g = ((rgb >> 8) & 0xFF) / 255.0,
	       b = (rgb & 0xFF) / 255.0;
	return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5 ? COL_WHITE : COL_TEXT;
}

static uint32_t series_rgb(const struct chart_grouped_input *in, size_t s)
{
	uint32_t rgb = in->series[s].rgb;
	return rgb == CHART_AUTO ? chart_palette(s) : rgb & 0xFFFFFF;
}

static int withheld_at(const struct chart_grouped_input *in, size_t g, size_t s)
{
	return in->hidden && in->hidden[g * in->n_series + s];
}

/* The value as the chart may use it. A withheld value reads as 0 here, so that nothing
 * computed from it (scale, sums, label fitting) can depend on the true value: the scene is
 * the same whatever it is. */
static int64_t value_at(const struct chart_grouped_input *in, size_t g, size_t s)
{
	if (withheld_at(in, g, s))
		return 0;
	/* Counts and costs are never negative here; a negative one is drawn as 0. */
	int64_t v = in->values[g * in->n_series + s];
	return v < 0 ? 0 : v;
}

/* CHART_SUPPRESSED, CHART_WITHHELD or 0. A withheld value wins over the small-count test:
 * its label must not tell a small value from a large one. */
static int suppressed_at(const struct chart_grouped_input *in, size_t g, size_t s)
{
	if (withheld_at(in, g, s))
		return CHART_WITHHELD;
	return in->format == CHART_FMT_COUNT && is_suppressed(value_at(in, g, s), in->threshold)
		       ? CHART_SUPPRESSED
		       : 0;
}

/* Value in axis units: counts as they are, money in kronor. */
static double axis_units(const struct chart_grouped_input *in, int64_t v)
{
	return in->format == CHART_FMT_KR ? (double)v / 100.0 : (double)v;
}

static int64_t axis_ceil(const struct chart_grouped_input *in, int64_t v)
{
	return in->format == CHART_FMT_KR ? (v + 99) / 100 : v;
}

/* Money shortened for a label that does not fit: "1,2 mnkr", "45 tkr" (Swedish usage). */
static void fmt_kr_short(char *buf, size_t size, int64_t ore)
{
	int64_t kr = (ore + 50) / 100;
	if (kr >= 1000000) {
		int64_t tenths = (kr + 50000) / 100000;
		if (tenths % 10 == 0 || tenths >= 1000)
			snprintf(buf, size, "%lld" NBSP "mnkr", (long long)((tenths + 5) / 10));
		else
			snprintf(buf, size, "%lld,%lld" NBSP "mnkr", (long long)(tenths / 10),
				 (long long)(tenths % 10));
	} else if (kr >= 10000) {
		snprintf(buf, size, "%lld" NBSP "tkr", (long long)((kr + 500) / 1000));
	} else {
		util_fmt_kr(buf, size, ore);
	}
}

/* The value's label: ".." for a withheld value, "<3" for a suppressed count, "1 234" or
 * "1 234 kr" (short: "1,2 mnkr"). hide is suppressed_at()'s answer. */
static void fmt_value(char *buf, size_t size, const struct chart_grouped_input *in, int64_t v,
		      int hide, int short_form)
{
	if (hide == CHART_WITHHELD) {
		snprintf(buf, size, "..");
	} else if (hide == CHART_SUPPRESSED) {
		snprintf(buf, size, "<%d", in->threshold);
	} else if (in->format == CHART_FMT_KR) {
		if (short_form)
			fmt_kr_short(buf, size, v);
		else
			util_fmt_kr(buf, size, v);
	} else {
		util_fmt_int(buf, size, v);
	}
}

/* The largest label size and form for the value that fits in room: 0 if none does. */
static double fit_value(const struct fonts *f, const struct chart_grouped_input *in, int64_t v,
			int hide, double room, char *buf, size_t size)
{
	static const double sizes[] = {VALUE_SIZE, VALUE_SIZE_MIN};
	for (int form = 0; form < 2; form++) {
		fmt_value(buf, size, in, v, hide, form);
		for (int i = 0; i < 2; i++)
			if (font_text_width(f, FONT_REGULAR, sizes[i], buf) <= room)
				return sizes[i];
	}
	return 0;
}

/* ---- header, legend, empty ---- */

static void start(struct ctx *c, struct chart_scene *out, const struct fonts *f,
		  const char *title, double width, double height)
{
	memset(out, 0, sizeof(*out));
	memset(c, 0, sizeof(*c));
	c->s = out;
	c->f = f;
	out->width = width;
	out->height = height;
	out->title = title ? xstrdup(title) : NULL;
	c->top = PAD;
	if (title && *title) {
		char *t = shorten(f, FONT_BOLD, TITLE_SIZE, title, width - 2 * PAD);
		c->top += font_ascent(f, FONT_BOLD, TITLE_SIZE);
		add_text(out, PAD, c->top, TITLE_SIZE, FONT_BOLD, CHART_LEFT, COL_TEXT, t,
			 CHART_ROLE_TITLE);
		c->top += -font_descent(f, FONT_BOLD, TITLE_SIZE) + 6;
		free(t);
	}
}

static void finish(struct ctx *c)
{
	free(c->boxes);
	c->boxes = NULL;
}

static void put_empty(struct ctx *c)
{
	struct chart_scene *s = c->s;
	s->empty = 1;
	double y = (c->top + s->height) / 2 + font_ascent(c->f, FONT_REGULAR, EMPTY_SIZE) / 2;
	add_text(s, s->width / 2, y, EMPTY_SIZE, FONT_REGULAR, CHART_CENTER, COL_MUTED,
		 "Inga h\xC3\xA4ndelser", CHART_ROLE_EMPTY);
	finish(c);
}

enum swatch_kind { SW_BOX, SW_LINE, SW_OUTLINE };
struct legend_entry {
	const char *name;
	uint32_t rgb;
	enum swatch_kind kind;
	double dash;
	int series;
};

/* Legend: a swatch and the name per entry, flowing into as many rows as needed. */
static void put_legend(struct ctx *c, const struct legend_entry *e, size_t n)
{
	const struct fonts *f = c->f;
	double width = c->s->width;
	double asc = font_ascent(f, FONT_REGULAR, LABEL_SIZE);
	double row_h = LABEL_SIZE * LEADING + 2;
	double x = PAD, y = c->top;
	for (size_t i = 0; i < n; i++) {
		double sw = e[i].kind == SW_LINE ? 3 * SWATCH : SWATCH;
		const char *name = e[i].name ? e[i].name : "";
		char *label = shorten(f, FONT_REGULAR, LABEL_SIZE, name, width - 2 * PAD - sw - 3);
		double w = sw + 3 + font_text_width(f, FONT_REGULAR, LABEL_SIZE, label);
		if (x > PAD && x + w > width - PAD) {
			x = PAD;
			y += row_h;
		}
		struct chart_item *it;
		if (e[i].kind == SW_LINE) {
			it = add_line(c->s, x, y + asc - SWATCH / 2, x + sw, y + asc - SWATCH / 2, 2,
				      e[i].rgb, CHART_ROLE_LEGEND);
			it->dash = e[i].dash;
		} else {
			it = add_rect(c->s, x, y + asc - SWATCH, SWATCH, SWATCH,
				      e[i].kind == SW_OUTLINE ? COL_AXIS : e[i].rgb,
				      CHART_ROLE_LEGEND);
			it->series = e[i].series;
			if (e[i].kind == SW_OUTLINE)
				add_rect(c->s, x + 0.5, y + asc - SWATCH + 0.5, SWATCH - 1,
					 SWATCH - 1, e[i].rgb, CHART_ROLE_LEGEND)->series =
					e[i].series;
		}
		it->series = e[i].series;
		it = add_text(c->s, x + sw + 3, y + asc, LABEL_SIZE, FONT_REGULAR, CHART_LEFT,
			      COL_TEXT, label, CHART_ROLE_LEGEND);
		if (it)
			it->series = e[i].series;
		free(label);
		x += w + 10;
	}
	if (n)
		c->top = y + row_h;
}

static void put_series_legend(struct ctx *c, const struct chart_grouped_input *in, int lines)
{
	struct legend_entry *e = xcalloc(in->n_series ? in->n_series : 1, sizeof(*e));
	for (size_t s = 0; s < in->n_series; s++) {
		e[s].name = in->series[s].name;
		e[s].rgb = series_rgb(in, s);
		e[s].kind = lines ? SW_LINE : SW_BOX;
		e[s].dash = lines && s > 0 ? DASH : 0;
		e[s].series = (int)s;
	}
	put_legend(c, e, in->n_series);
	free(e);
}

static void put_unit(struct ctx *c, const char *unit)
{
	if (!unit || !*unit)
		return;
	char *u = shorten(c->f, FONT_REGULAR, UNIT_SIZE, unit, c->s->width - 2 * PAD);
	c->top += font_ascent(c->f, FONT_REGULAR, UNIT_SIZE);
	add_text(c->s, PAD, c->top, UNIT_SIZE, FONT_REGULAR, CHART_LEFT, COL_MUTED, u,
		 CHART_ROLE_AXIS);
	c->top += -font_descent(c->f, FONT_REGULAR, UNIT_SIZE);
	free(u);
}

static const char *default_unit(const struct chart_grouped_input *in)
{
	if (in->unit)
		return in->unit;
	return in->format == CHART_FMT_KR ? "Kronor" : NULL;
}

static int any_value(const struct chart_grouped_input *in)
{
	if (!in->values)
		return 0;
	/* A withheld value counts as something whatever it is: an empty chart would say 0. */
	for (size_t i = 0; i < in->n_groups * in->n_series; i++)
		if (in->values[i] > 0 || (in->hidden && in->hidden[i]))
			return 1;
	return 0;
}

/* ---- the value axis ---- */

struct axis {
	int64_t step, top; /* in axis units (counts or kronor) */
	int n;             /* number of steps */
};

/* Round ticks that cover max (axis units, rounded up) in at most max_ticks steps. */
static void make_axis(struct axis *a, int64_t max, int max_ticks)
{
	max_ticks = max_ticks < 1 ? 1 : max_ticks > 5 ? 5 : max_ticks;
	a->step = nice_step(max, max_ticks);
	a->top = (max + a->step - 1) / a->step * a->step;
	if (a->top < a->step)
		a->top = a->step;
	a->n = (int)(a->top / a->step);
}

static double widest_tick(const struct fonts *f, const struct axis *a)
{
	char buf[64];
	double w = 0;
	for (int k = 0; k <= a->n; k++) {
		util_fmt_int(buf, sizeof(buf), a->step * k);
		double tw = font_text_width(f, FONT_REGULAR, LABEL_SIZE, buf);
		if (tw > w)
			w = tw;
	}
	return w;
}

/* The scale must reach the threshold when a suppressed value is drawn: every suppressed
 * mark gets the same size, from the threshold, never from its value. */
static int64_t scale_max(const struct chart_grouped_input *in, int64_t max, int any_suppressed)
{
	int64_t m = axis_ceil(in, max);
	if (any_suppressed && m < in->threshold)
		m = in->threshold;
	return m < 1 ? 1 : m;
}

static double stub_units(const struct chart_grouped_input *in)
{
	return (double)in->threshold - 0.5;
}

/* A vertical value axis left of the plot, grid lines across it. Sets the plot's left edge
 * from the widest tick label, and the scene's plot box. */
static void vertical_axis(struct ctx *c, struct axis *a, int64_t max, double plot_top,
			  double plot_bottom, double *plot_left)
{
	double plot_h = plot_bottom - plot_top;
	/* Ticks at least 18 pt apart: 8 pt labels cannot overlap. */
	make_axis(a, max, (int)(plot_h / 18));
	*plot_left = PAD + widest_tick(c->f, a) + 4;
	double plot_right = c->s->width - PAD;
	char buf[64];
	for (int k = 0; k <= a->n; k++) {
		double y = plot_bottom - plot_h * (double)k / a->n;
		if (k > 0)
			add_line(c->s, *plot_left, y, plot_right, y, 0.5, COL_GRID, CHART_ROLE_AXIS);
		util_fmt_int(buf, sizeof(buf), a->step * k);
		add_text(c->s, *plot_left - 4, y + 0.35 * LABEL_SIZE, LABEL_SIZE, FONT_REGULAR,
			 CHART_RIGHT, COL_TEXT, buf, CHART_ROLE_AXIS);
	}
	c->s->plot_x = *plot_left;
	c->s->plot_y = plot_top;
	c->s->plot_w = plot_right - *plot_left;
	c->s->plot_h = plot_h;
}

/* The one size for all group labels of a chart: the largest of LABEL_SIZE down to
 * LABEL_SIZE_MIN at which every label fits its slot in two lines without an ellipsis. */
static double group_label_size(const struct fonts *f, const struct chart_grouped_input *in,
			       double maxw)
{
	static const double sizes[] = {LABEL_SIZE, 7.5, 7.0, LABEL_SIZE_MIN};
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		int cut = 0;
		for (size_t g = 0; g < in->n_groups && !cut; g++) {
			char *lines[2];
			const char *l = in->group_labels && in->group_labels[g] ? in->group_labels[g] : "";
			int n = wrap2c(f, FONT_REGULAR, sizes[k], l, maxw, lines, &cut);
			for (int i = 0; i < n; i++)
				free(lines[i]);
		}
		if (!cut)
			return sizes[k];
	}
	return LABEL_SIZE_MIN;
}

/* Group labels under the plot, centred in their slots, one or two lines. */
static void group_labels(struct ctx *c, const struct chart_grouped_input *in, double plot_left,
			 double slot_w, double plot_bottom)
{
	double size = group_label_size(c->f, in, slot_w - 2);
	double y0 = plot_bottom + 3 + font_ascent(c->f, FONT_REGULAR, size);
	for (size_t g = 0; g < in->n_groups; g++) {
		char *lines[2];
		const char *label = in->group_labels && in->group_labels[g] ? in->group_labels[g] : "";
		int n = wrap2(c->f, FONT_REGULAR, size, label, slot_w - 2, lines);
		double y = y0;
		for (int i = 0; i < n; i++) {
			struct chart_item *it = add_text(c->s, plot_left + slot_w * ((double)g + 0.5),
							 y, size, FONT_REGULAR, CHART_CENTER,
							 COL_TEXT, lines[i], CHART_ROLE_LABEL);
			if (it)
				it->group = (int)g;
			y += size * LEADING;
			free(lines[i]);
		}
	}
}

/* Room below a vertical plot for two lines of group labels. */
static double label_room(const struct fonts *f)
{
	return 3 + font_ascent(f, FONT_REGULAR, LABEL_SIZE) + LABEL_SIZE * LEADING -
	       font_descent(f, FONT_REGULAR, LABEL_SIZE);
}

static double value_room(const struct fonts *f)
{
	return font_ascent(f, FONT_REGULAR, VALUE_SIZE) - font_descent(f, FONT_REGULAR, VALUE_SIZE) +
	       3;
}

/* A bar of a series: solid, or for a suppressed count an outlined tint of fixed size. */
static void put_bar(struct ctx *c, double x, double y, double w, double h, uint32_t rgb,
		    int suppressed, int series, int group)
{
	struct chart_item *it = add_rect(c->s, x, y, w, h, rgb, CHART_ROLE_MARK);
	it->series = series;
	it->group = group;
	it->suppressed = suppressed;
	if (suppressed && w > 3 && h > 3) {
		it = add_rect(c->s, x + 1, y + 1, w - 2, h - 2, tint(rgb), CHART_ROLE_MARK);
		it->series = series;
		it->group = group;
		it->suppressed = suppressed;
	}
}

/* A stack's published total, or -1 when there is none (no totals, or the total is hidden). */
static int64_t stack_total(const struct chart_grouped_input *in, size_t g)
{
	if (!in->totals || (in->total_hidden && in->total_hidden[g]) || in->totals[g] < 0)
		return -1;
	return in->totals[g];
}

/* ---- grouped bars ---- */

static void grouped_or_stacked(const struct chart_grouped_input *in, const struct fonts *f,
			       double width, double height, struct chart_scene *out, int stacked)
{
	struct ctx c;
	start(&c, out, f, in->title, width, height);
	if (!any_value(in) || in->n_groups == 0 || in->n_series == 0) {
		put_empty(&c);
		return;
	}
	int64_t max = 0;
	int any_sup = 0;
	for (size_t g = 0; g < in->n_groups; g++) {
		int64_t sum = 0;
		double stub_sum = 0;
		for (size_t s = 0; s < in->n_series; s++) {
			int64_t v = value_at(in, g, s);
			if (suppressed_at(in, g, s)) {
				any_sup = 1;
				stub_sum += stub_units(in);
			} else if (stacked) {
				sum += v;
			} else if (v > max) {
				max = v;
			}
		}
		if (stacked) {
			int64_t m = axis_ceil(in, sum) + (int64_t)ceil(stub_sum);
			if (in->format == CHART_FMT_KR)
				m *= 100;
			if (stack_total(in, g) >= 0)
				m = stack_total(in, g) > sum ? stack_total(in, g) : sum;
			if (m > max)
				max = m;
		}
	}
	if (stacked || in->n_series > 1)
		put_series_legend(&c, in, 0);
	put_unit(&c, default_unit(in));

	double plot_top = c.top + value_room(f);
	double plot_bottom = height - PAD - label_room(f);
	if (plot_bottom < plot_top + 1)
		plot_bottom = plot_top + 1;
	double plot_h = plot_bottom - plot_top;
	struct axis a;
	double plot_left;
	vertical_axis(&c, &a, scale_max(in, max, any_sup), plot_top, plot_bottom, &plot_left);
	double plot_w = width - PAD - plot_left;
	double per_unit = plot_h / (double)a.top;

	double group_w = plot_w / (double)in->n_groups;
	size_t nbars = stacked ? 1 : in->n_series;
	double pitch = group_w * 0.75 / (double)nbars;
	double gap = pitch * 0.1 < 2 ? pitch * 0.1 : 2;
	double bar_w = pitch - gap;
	if (bar_w > MAX_BAR_W) {
		bar_w = MAX_BAR_W;
		pitch = bar_w + gap;
	}
	double stub_h = per_unit * stub_units(in);
	if (stub_h < MIN_STUB)
		stub_h = MIN_STUB;
	/* Value labels above bars may use the space between bar centres; the plot box extended
	 * upwards by one label height bounds them. */
	struct box plot_box = {plot_left, plot_top - value_room(f), width - PAD, plot_bottom};
	char buf[64];

	for (size_t g = 0; g < in->n_groups; g++) {
		double gx = plot_left + group_w * (double)g;
		double x0 = gx + (group_w - pitch * (double)nbars + gap) / 2;
		double stack_y = plot_bottom;
		int stack_sup = 0;
		int64_t stack_sum = 0;
		/* a stack with a published total: its hidden segments share what the visible
		 * ones leave of it */
		double hidden_h = stub_h;
		int64_t total = stacked ? stack_total(in, g) : -1;
		if (total >= 0) {
			int64_t visible = 0;
			int n_hidden = 0;
			for (size_t s = 0; s < in->n_series; s++) {
				if (suppressed_at(in, g, s))
					n_hidden++;
				else
					visible += value_at(in, g, s);
			}
			double left = axis_units(in, total) - axis_units(in, visible);
			hidden_h = n_hidden && left > 0 ? per_unit * left / n_hidden : 0;
		}
		for (size_t s = 0; s < in->n_series; s++) {
			int64_t v = value_at(in, g, s);
			int sup = suppressed_at(in, g, s);
			uint32_t rgb = series_rgb(in, s);
			double x = stacked ? x0 : x0 + pitch * (double)s;
			double h = sup ? hidden_h : per_unit * axis_units(in, v);
			double y = (stacked ? stack_y : plot_bottom) - h;
			if (h > 0)
				put_bar(&c, x, y, bar_w, h, rgb, sup, (int)s, (int)g);
			stack_sup |= sup;
			stack_sum += v;
			if (stacked) {
				/* A hairline of white between segments of similar colours. */
				if (h > 0 && stack_y < plot_bottom)
					add_line(out, x, stack_y, x + bar_w, stack_y, 0.75, COL_WHITE,
						 CHART_ROLE_OTHER);
				stack_y = y;
				/* A segment's value inside it, when it fits. */
				double vs = h >= font_ascent(f, FONT_REGULAR, VALUE_SIZE_MIN) + 2
						    ? fit_value(f, in, v, sup, bar_w - 2, buf, sizeof(buf))
						    : 0;
				if ((v > 0 || sup) && vs > 0 && h >= font_ascent(f, FONT_REGULAR, vs) + 2) {
					struct box seg = {x, y, x + bar_w, y + h};
					try_value(&c, x + bar_w / 2,
						  y + h / 2 + font_ascent(f, FONT_REGULAR, vs) / 2 - 0.5,
						  vs, CHART_CENTER, sup ? COL_TEXT : text_on(rgb), buf,
						  &seg, (int)s, (int)g, sup);
				}
				continue;
			}
			/* Centred on its bar: no wider than the distance between two bar
			 * centres, it cannot touch its neighbour's. */
			double room = (in->n_series == 1 ? group_w : pitch) - 1;
			double vs = fit_value(f, in, v, sup, room, buf, sizeof(buf));
			if (vs > 0)
				try_value(&c, x + bar_w / 2,
					  y - 2 + font_descent(f, FONT_REGULAR, vs), vs,
					  CHART_CENTER, COL_TEXT, buf, &plot_box, (int)s, (int)g, sup);
		}
		/* A stack's total above it. Without a published total, not when a suppressed or
		 * withheld segment is in it: the sum of fixed stubs is no total, and the total
		 * minus the visible segments would give the hidden value away. */
		int total_hide = 0;
		if (stacked && total < 0 && in->totals && in->total_hidden && in->total_hidden[g]) {
			total_hide = in->total_hidden[g];
			stack_sup = 0;
		}
		if (total >= 0)
			stack_sum = total, stack_sup = 0;
		if (stacked && !stack_sup && in->n_series > 1 && (stack_sum > 0 || total_hide)) {
			double vs = fit_value(f, in, stack_sum, total_hide, group_w - 1, buf, sizeof(buf));
			if (vs > 0)
				try_value(&c, x0 + bar_w / 2,
					  stack_y - 2 + font_descent(f, FONT_REGULAR, vs), vs,
					  CHART_CENTER, COL_TEXT, buf, &plot_box, -1, (int)g,
					  total_hide);
		}
	}
	group_labels(&c, in, plot_left, group_w, plot_bottom);
	/* The axis goes over the bars' feet so that they stand on one line. */
	add_line(out, plot_left, plot_bottom, width - PAD, plot_bottom, 0.75, COL_AXIS,
		 CHART_ROLE_AXIS);
	finish(&c);
}

void chart_grouped_bars(const struct chart_grouped_input *in, const struct fonts *f,
			double width, double height, struct chart_scene *out)
{
	grouped_or_stacked(in, f, width, height, out, 0);
}

void chart_stacked_bars(const struct chart_grouped_input *in, const struct fonts *f,
			double width, double height, struct chart_scene *out)
{
	grouped_or_stacked(in, f, width, height, out, 1);
}

/* ---- line ---- */

void chart_line(const struct chart_grouped_input *in, const struct fonts *f, double width,
		double height, struct chart_scene *out)
{
	struct ctx c;
	start(&c, out, f, in->title, width, height);
	if (!any_value(in) || in->n_groups == 0 || in->n_series == 0) {
		put_empty(&c);
		return;
	}
	int64_t max = 0;
	int any_sup = 0;
	for (size_t g = 0; g < in->n_groups; g++)
		for (size_t s = 0; s < in->n_series; s++) {
			if (suppressed_at(in, g, s))
				any_sup = 1;
			else if (value_at(in, g, s) > max)
				max = value_at(in, g, s);
		}
	put_series_legend(&c, in, 1);
	put_unit(&c, default_unit(in));

	double l_asc = font_ascent(f, FONT_REGULAR, LABEL_SIZE);
	double l_desc = -font_descent(f, FONT_REGULAR, LABEL_SIZE);
	/* Room above the highest point for its marker and its label. */
	double plot_top = c.top + value_room(f) + MARKER_R;
	double plot_bottom = height - PAD - (3 + l_asc + l_desc);
	if (plot_bottom < plot_top + 1)
		plot_bottom = plot_top + 1;
	double plot_h = plot_bottom - plot_top;
	struct axis a;
	double plot_left;
	vertical_axis(&c, &a, scale_max(in, max, any_sup), plot_top, plot_bottom, &plot_left);
	double plot_w = width - PAD - plot_left;
	double dx = plot_w / (double)in->n_groups;
	double per_unit = plot_h / (double)a.top;
	double stub_y = plot_bottom - per_unit * stub_units(in);

	/* x labels: every k-th, so that the widest is 6 pt clear of the next one shown. */
	double widest = 0;
	for (size_t g = 0; g < in->n_groups; g++) {
		const char *l = in->group_labels && in->group_labels[g] ? in->group_labels[g] : "";
		double w = font_text_width(f, FONT_REGULAR, LABEL_SIZE, l);
		if (w > widest)
			widest = w;
	}
	size_t every = (size_t)ceil((widest + 6) / dx);
	if (every < 1)
		every = 1;
	if (every > 1)
		widest = dx * (double)every - 6;
	for (size_t g = 0; g < in->n_groups; g += every) {
		const char *l = in->group_labels && in->group_labels[g] ? in->group_labels[g] : "";
		char *t = shorten(f, FONT_REGULAR, LABEL_SIZE, l, every > 1 ? widest : dx - 2);
		double x = plot_left + dx * ((double)g + 0.5);
		add_line(out, x, plot_bottom, x, plot_bottom + 2, 0.75, COL_AXIS, CHART_ROLE_AXIS);
		/* Wider than its slot, a label is kept right of the "0" tick and inside the
		 * chart. */
		double hw = font_text_width(f, FONT_REGULAR, LABEL_SIZE, t) / 2;
		double lx = x - hw < plot_left ? plot_left + hw : x;
		if (lx + hw > width - PAD)
			lx = width - PAD - hw;
		struct chart_item *it = add_text(out, lx, plot_bottom + 3 + l_asc, LABEL_SIZE,
						 FONT_REGULAR, CHART_CENTER, COL_TEXT, t,
						 CHART_ROLE_LABEL);
		if (it)
			it->group = (int)g;
		free(t);
	}
	add_line(out, plot_left, plot_bottom, width - PAD, plot_bottom, 0.75, COL_AXIS,
		 CHART_ROLE_AXIS);

	/* Baselines first, so that the current period's line is drawn over them. */
	for (size_t k = in->n_series; k-- > 0;) {
		uint32_t rgb = series_rgb(in, k);
		struct chart_item *it = add_item(out, CHART_POLYLINE, rgb, CHART_ROLE_MARK);
		it->series = (int)k;
		it->line_width = k == 0 ? 2 : 1.5;
		it->dash = k == 0 ? 0 : DASH;
		it->n_pts = in->n_groups;
		it->pts = xcalloc(2 * in->n_groups, sizeof(double));
		for (size_t g = 0; g < in->n_groups; g++) {
			it->pts[2 * g] = plot_left + dx * ((double)g + 0.5);
			it->pts[2 * g + 1] = suppressed_at(in, g, k)
						     ? stub_y
						     : plot_bottom - per_unit * axis_units(in, value_at(in, g, k));
		}
		/* Markers where they are more than a marker apart; a suppressed value's is
		 * hollow. */
		const double *pts = it->pts;
		for (size_t g = 0; g < in->n_groups; g++) {
			int sup = suppressed_at(in, g, k);
			if (dx >= 4 * MARKER_R || sup)
				add_circle(out, pts[2 * g], pts[2 * g + 1], MARKER_R,
					   sup ? COL_WHITE : rgb, rgb, sup ? 1 : 0, (int)k, (int)g,
					   sup);
		}
	}
	/* Value labels above their points (below when above is taken), the current period's
	 * first; one that would touch another label or a marker is left out: the table has
	 * every number. */
	for (size_t i = 0; i < out->n_items; i++) {
		const struct chart_item *m = &out->items[i];
		if (m->kind != CHART_CIRCLE)
			continue;
		c.boxes = xgrow(c.boxes, &c.cap_boxes, c.n_boxes, sizeof(*c.boxes));
		c.boxes[c.n_boxes++] = (struct box){m->x - m->w, m->y - m->w, m->x + m->w,
						    m->y + m->w};
	}
	struct box plot_box = {plot_left, plot_top - value_room(f) - MARKER_R, width - PAD,
			       plot_bottom};
	char buf[64];
	for (size_t k = 0; k < in->n_series; k++)
		for (size_t g = 0; g < in->n_groups; g++) {
			int64_t v = value_at(in, g, k);
			int sup = suppressed_at(in, g, k);
			/* A point on the zero line says enough; "0" labels only crowd the axis. */
			if (v == 0 && !sup)
				continue;
			double vs = fit_value(f, in, v, sup, dx * 2 - 2, buf, sizeof(buf));
			if (vs <= 0)
				continue;
			double x = plot_left + dx * ((double)g + 0.5);
			double y = sup ? stub_y : plot_bottom - per_unit * axis_units(in, v);
			double above = y - MARKER_R - 2 + font_descent(f, FONT_REGULAR, vs);
			double below = y + MARKER_R + 2 + font_ascent(f, FONT_REGULAR, vs);
			if (!try_value(&c, x, above, vs, CHART_CENTER, COL_TEXT, buf, &plot_box,
				       (int)k, (int)g, sup))
				try_value(&c, x, below, vs, CHART_CENTER, COL_TEXT, buf, &plot_box,
					  (int)k, (int)g, sup);
		}
	finish(&c);
}

/* ---- horizontal top-N bars ---- */

void chart_top_bars(const struct chart_grouped_input *in, const struct fonts *f,
		    double width, double height, struct chart_scene *out)
{
	struct ctx c;
	start(&c, out, f, in->title, width, height);
	if (!any_value(in) || in->n_groups == 0 || in->n_series == 0) {
		put_empty(&c);
		return;
	}
	if (in->n_series > 1)
		put_series_legend(&c, in, 0);
	put_unit(&c, default_unit(in));

	double l_asc = font_ascent(f, FONT_REGULAR, LABEL_SIZE);
	double l_desc = -font_descent(f, FONT_REGULAR, LABEL_SIZE);
	double line_h = LABEL_SIZE * LEADING;
	double rows_top = c.top + 2;
	double axis_room = 3 + l_asc + l_desc;
	double rows_h = height - PAD - axis_room - rows_top;
	double min_pitch = (double)in->n_series * 7 + 5;
	if (min_pitch < line_h + 3)
		min_pitch = line_h + 3;
	double pitch = rows_h / (double)in->n_groups;
	size_t shown = in->n_groups;
	if (pitch < min_pitch) {
		/* The rest would not be readable: show what fits and say how many are left. */
		pitch = min_pitch;
		size_t fit = rows_h > 0 ? (size_t)(rows_h / pitch) : 0;
		shown = fit > 1 ? fit - 1 : fit;
	}
	if (pitch > 34)
		pitch = 34;
	double bar_t = (pitch - 5) / (double)in->n_series;
	if (bar_t > 14)
		bar_t = 14;

	int64_t max = 0;
	int any_sup = 0;
	for (size_t g = 0; g < shown; g++)
		for (size_t s = 0; s < in->n_series; s++) {
			if (suppressed_at(in, g, s))
				any_sup = 1;
			else if (value_at(in, g, s) > max)
				max = value_at(in, g, s);
		}
	/* Room right of the plot for the widest value label, which stands beyond its bar. */
	char buf[64];
	double val_w = 0;
	for (size_t g = 0; g < shown; g++)
		for (size_t s = 0; s < in->n_series; s++) {
			fmt_value(buf, sizeof(buf), in, value_at(in, g, s), suppressed_at(in, g, s), 0);
			double w = font_text_width(f, FONT_REGULAR, VALUE_SIZE, buf);
			if (w > val_w)
				val_w = w;
		}
	/* Label column: the widest label up to 38 % of the chart, two lines when rows allow. */
	double lab_w = 0;
	for (size_t g = 0; g < shown; g++) {
		const char *l = in->group_labels && in->group_labels[g] ? in->group_labels[g] : "";
		double w = font_text_width(f, FONT_REGULAR, LABEL_SIZE, l);
		if (w > lab_w)
			lab_w = w;
	}
	if (lab_w > width * 0.38)
		lab_w = width * 0.38;
	double plot_left = PAD + lab_w + 6;
	struct axis a;
	make_axis(&a, scale_max(in, max, any_sup), 5);
	double tick_w = widest_tick(f, &a);
	double right_room = val_w + 4 > tick_w / 2 ? val_w + 4 : tick_w / 2;
	double plot_right = width - PAD - right_room;
	double plot_w = plot_right - plot_left;
	if (plot_w < 10)
		plot_w = 10;
	/* Fewer ticks when their labels would touch. */
	while (a.n > 1 && plot_w / a.n < tick_w + 8) {
		int64_t step = a.step;
		make_axis(&a, scale_max(in, max, any_sup), a.n - 1);
		if (a.step == step)
			break;
	}
	double per_unit = plot_w / (double)a.top;
	double rows_bottom = rows_top + pitch * (double)shown;
	out->plot_x = plot_left;
	out->plot_y = rows_top;
	out->plot_w = plot_w;
	out->plot_h = rows_bottom - rows_top;

	for (int k = 0; k <= a.n; k++) {
		double x = plot_left + plot_w * (double)k / a.n;
		if (k > 0)
			add_line(out, x, rows_top, x, rows_bottom, 0.5, COL_GRID, CHART_ROLE_AXIS);
		util_fmt_int(buf, sizeof(buf), a.step * k);
		add_text(out, x, rows_bottom + 3 + l_asc, LABEL_SIZE, FONT_REGULAR, CHART_CENTER,
			 COL_TEXT, buf, CHART_ROLE_AXIS);
	}
	double stub_w = per_unit * stub_units(in);
	if (stub_w < MIN_STUB)
		stub_w = MIN_STUB;
	struct box val_box = {plot_left, rows_top, width - PAD, rows_bottom};
	int two_lines = pitch >= 2 * line_h + 1;
	for (size_t g = 0; g < shown; g++) {
		double ry = rows_top + pitch * (double)g;
		double by = ry + (pitch - bar_t * (double)in->n_series) / 2;
		for (size_t s = 0; s < in->n_series; s++) {
			int64_t v = value_at(in, g, s);
			int sup = suppressed_at(in, g, s);
			double w = sup ? stub_w : per_unit * axis_units(in, v);
			double y = by + bar_t * (double)s;
			double t = in->n_series > 1 ? bar_t - 1 : bar_t;
			if (w > 0)
				put_bar(&c, plot_left, y, w, t, series_rgb(in, s), sup, (int)s, (int)g);
			double vs = t >= 6 ? fit_value(f, in, v, sup, right_room + (plot_right - plot_left - w) - 4, buf, sizeof(buf)) : 0;
			if (vs > 0 && t < font_ascent(f, FONT_REGULAR, vs))
				vs = 0;
			if (vs > 0)
				try_value(&c, plot_left + w + 3,
					  y + t / 2 + font_ascent(f, FONT_REGULAR, vs) / 2 - 0.5, vs,
					  CHART_LEFT, COL_TEXT, buf, &val_box, (int)s, (int)g, sup);
		}
		char *lines[2] = {NULL, NULL};
		const char *l = in->group_labels && in->group_labels[g] ? in->group_labels[g] : "";
		int n = two_lines ? wrap2(f, FONT_REGULAR, LABEL_SIZE, l, lab_w, lines)
				  : (lines[0] = shorten(f, FONT_REGULAR, LABEL_SIZE, l, lab_w), 1);
		double y = ry + pitch / 2 - line_h * (n - 1) / 2 + l_asc / 2 - 0.5;
		for (int i = 0; i < n; i++) {
			struct chart_item *it = add_text(out, plot_left - 6, y, LABEL_SIZE,
							 FONT_REGULAR, CHART_RIGHT, COL_TEXT,
							 lines[i], CHART_ROLE_LABEL);
			if (it)
				it->group = (int)g;
			y += line_h;
			free(lines[i]);
		}
	}
	add_line(out, plot_left, rows_top, plot_left, rows_bottom, 0.75, COL_AXIS, CHART_ROLE_AXIS);
	if (shown < in->n_groups) {
		snprintf(buf, sizeof(buf), "\xE2\x80\xA6 och %zu till", in->n_groups - shown);
		add_text(out, plot_left - 6, rows_bottom + pitch / 2 + l_asc / 2, LABEL_SIZE,
			 FONT_REGULAR, CHART_RIGHT, COL_MUTED, buf, CHART_ROLE_OTHER);
	}
	finish(&c);
}

/* ---- heat map ---- */

/* Colour classes of equal, round width over the unsuppressed counts: [lo, hi] each. */
struct hclass {
	int64_t lo, hi;
};

static size_t heat_classes(int64_t lo, int64_t max, struct hclass *cls)
{
	static const int64_t mult[] = {1, 2, 5};
	int64_t w = 1;
	for (int64_t mag = 1;; mag *= 10) {
		int found = 0;
		for (int i = 0; i < 3 && !found; i++) {
			w = mult[i] * mag;
			found = max / w - lo / w + 1 <= 5;
		}
		if (found || mag > INT64_MAX / 100)
			break;
	}
	size_t n = 0;
	for (int64_t k = lo / w; k <= max / w && n < 5; k++) {
		cls[n].lo = k * w < lo ? lo : k * w;
		cls[n].hi = (k + 1) * w - 1;
		n++;
	}
	return n;
}

static void fmt_class(char *buf, size_t size, const struct hclass *k)
{
	char a[24], b[24];
	util_fmt_int(a, sizeof(a), k->lo);
	util_fmt_int(b, sizeof(b), k->hi);
	if (k->lo == k->hi)
		snprintf(buf, size, "%s", a);
	else
		snprintf(buf, size, "%s\xE2\x80\x93%s", a, b);
}

void chart_heatmap(const struct chart_heatmap_input *in, const struct fonts *f, double width,
		   double height, struct chart_scene *out)
{
	struct ctx c;
	start(&c, out, f, in->title, width, height);
	int64_t max = 0;
	int any_sup = 0, any_withheld = 0, any = 0, any_zero = 0;
	size_t nv = in->values ? in->n_rows * in->n_cols : 0;
	for (size_t i = 0; i < nv; i++) {
		int64_t v = in->values[i];
		/* A withheld cell takes no part in the classes or the legend's "0": nothing in
		 * the scene may depend on its value. */
		if (in->hidden && in->hidden[i]) {
			any = any_withheld = 1;
			continue;
		}
		if (v <= 0) {
			any_zero = 1;
			continue;
		}
		any = 1;
		if (is_suppressed(v, in->threshold))
			any_sup = 1;
		else if (v > max)
			max = v;
	}
	if (!any) {
		put_empty(&c);
		return;
	}
	int64_t lo = in->threshold > 1 ? in->threshold : 1;
	struct hclass cls[5];
	size_t ncls = max >= lo ? heat_classes(lo, max, cls) : 0;
	uint32_t ramp[5];
	for (size_t k = 0; k < ncls; k++)
		ramp[k] = blues[ncls == 1 ? 4 : k * 4 / (ncls - 1)];
	if (in->rgb != CHART_AUTO && in->rgb != 0 && ncls > 0) {
		/* One hue from light to the configured colour. */
		for (size_t k = 0; k < ncls; k++) {
			double t = (double)(k + 1) / (double)ncls;
			uint32_t rgb = 0;
			for (int sh = 0; sh <= 16; sh += 8) {
				double ch = (in->rgb >> sh) & 0xFF;
				rgb |= (uint32_t)lround(255 - (255 - ch) * (0.2 + 0.8 * t)) << sh;
			}
			ramp[k] = rgb;
		}
	}

	/* Legend: one entry per colour class, and the zero and hidden cells (suppressed and
	 * withheld share one grey, so one entry: "<3", ".." or "<3 / .."). */
	struct legend_entry e[7];
	char names[7][64];
	size_t ne = 0;
	if (any_zero) {
		e[ne] = (struct legend_entry){"0", COL_ZERO, SW_OUTLINE, 0, -1};
		ne++;
	}
	if (any_sup || any_withheld) {
		if (any_sup && any_withheld)
			snprintf(names[ne], sizeof(names[ne]), "<%d / ..", in->threshold);
		else if (any_sup)
			snprintf(names[ne], sizeof(names[ne]), "<%d", in->threshold);
		else
			snprintf(names[ne], sizeof(names[ne]), "..");
		e[ne] = (struct legend_entry){names[ne], COL_SUPPRESSED, SW_BOX, 0, -1};
		ne++;
	}
	for (size_t k = 0; k < ncls; k++) {
		fmt_class(names[ne], sizeof(names[ne]), &cls[k]);
		e[ne] = (struct legend_entry){names[ne], ramp[k], SW_BOX, 0, (int)k};
		ne++;
	}
	put_legend(&c, e, ne);
	put_unit(&c, in->unit);

	double l_asc = font_ascent(f, FONT_REGULAR, LABEL_SIZE);
	double l_desc = -font_descent(f, FONT_REGULAR, LABEL_SIZE);
	char num[32];
	double row_w = 0;
	for (size_t r = 0; r < in->n_rows; r++) {
		const char *l = in->row_labels ? in->row_labels[r]
			       : in->n_rows == 7 ? chart_weekday((int)r) : "";
		double w = font_text_width(f, FONT_REGULAR, LABEL_SIZE, l ? l : "");
		if (w > row_w)
			row_w = w;
	}
	if (row_w > width * 0.3)
		row_w = width * 0.3;
	double plot_left = PAD + row_w + 5;
	double plot_top = c.top + 2;
	double plot_bottom = height - PAD - (3 + l_asc + l_desc);
	double plot_w = width - PAD - plot_left;
	double cw = plot_w / (double)in->n_cols;
	double ch = (plot_bottom - plot_top) / (double)in->n_rows;
	if (ch > 2.2 * cw && ch > 18)
		ch = 2.2 * cw > 18 ? 2.2 * cw : 18;
	plot_bottom = plot_top + ch * (double)in->n_rows;
	out->plot_x = plot_left;
	out->plot_y = plot_top;
	out->plot_w = plot_w;
	out->plot_h = plot_bottom - plot_top;

	struct box all = {plot_left, plot_top, plot_left + plot_w, plot_bottom};
	(void)all;
	for (size_t r = 0; r < in->n_rows; r++) {
		const char *l = in->row_labels ? in->row_labels[r]
			       : in->n_rows == 7 ? chart_weekday((int)r) : "";
		char *t = shorten(f, FONT_REGULAR, LABEL_SIZE, l ? l : "", row_w);
		struct chart_item *it = add_text(out, plot_left - 5,
						 plot_top + ch * ((double)r + 0.5) + l_asc / 2 - 0.5,
						 LABEL_SIZE, FONT_REGULAR, CHART_RIGHT, COL_TEXT, t,
						 CHART_ROLE_LABEL);
		if (it)
			it->group = (int)r;
		free(t);
		for (size_t col = 0; col < in->n_cols; col++) {
			size_t i = r * in->n_cols + col;
			int withheld = in->hidden && in->hidden[i];
			int64_t v = withheld ? 0 : in->values[i];
			int sup = withheld ? CHART_WITHHELD
				  : is_suppressed(v, in->threshold) ? CHART_SUPPRESSED : 0;
			uint32_t rgb = sup ? COL_SUPPRESSED : COL_ZERO;
			for (size_t k = 0; !sup && v > 0 && k < ncls; k++)
				if (v >= cls[k].lo && (v <= cls[k].hi || k == ncls - 1))
					rgb = ramp[k];
			double x = plot_left + cw * (double)col, y = plot_top + ch * (double)r;
			/* A white gap of 1 pt between cells keeps equal neighbours apart. */
			struct chart_item *cell = add_rect(out, x + 0.5, y + 0.5, cw - 1, ch - 1, rgb,
							   CHART_ROLE_MARK);
			cell->series = (int)r;
			cell->group = (int)col;
			cell->suppressed = sup;
			if (v <= 0 && !sup)
				continue;
			if (sup == CHART_WITHHELD)
				snprintf(num, sizeof(num), "..");
			else if (sup)
				snprintf(num, sizeof(num), "<%d", in->threshold);
			else
				util_fmt_int(num, sizeof(num), v);
			double vs = font_text_width(f, FONT_REGULAR, VALUE_SIZE, num) <= cw - 2
					    ? VALUE_SIZE
					    : VALUE_SIZE_MIN;
			struct box cellb = {x + 0.5, y + 0.5, x + cw - 0.5, y + ch - 0.5};
			try_value(&c, x + cw / 2, y + ch / 2 + font_ascent(f, FONT_REGULAR, vs) / 2 - 0.5,
				  vs, CHART_CENTER, text_on(rgb), num, &cellb, (int)r, (int)col, sup);
		}
	}
	/* Column labels (hours) under the cells, thinned out like a line chart's. */
	double widest = 0;
	for (size_t col = 0; col < in->n_cols; col++) {
		const char *l = num;
		if (in->col_labels)
			l = in->col_labels[col] ? in->col_labels[col] : "";
		else
			snprintf(num, sizeof(num), "%zu", col);
		double w = font_text_width(f, FONT_REGULAR, LABEL_SIZE, l);
		if (w > widest)
			widest = w;
	}
	size_t every = (size_t)ceil((widest + 4) / cw);
	if (every < 1)
		every = 1;
	for (size_t col = 0; col < in->n_cols; col += every) {
		const char *l = num;
		if (in->col_labels)
			l = in->col_labels[col] ? in->col_labels[col] : "";
		else
			snprintf(num, sizeof(num), "%zu", col);
		char *t = shorten(f, FONT_REGULAR, LABEL_SIZE, l, cw * (double)every - 4);
		struct chart_item *it = add_text(out, plot_left + cw * ((double)col + 0.5),
						 plot_bottom + 3 + l_asc, LABEL_SIZE, FONT_REGULAR,
						 CHART_CENTER, COL_TEXT, t, CHART_ROLE_LABEL);
		if (it)
			it->group = (int)col;
		free(t);
	}
	finish(&c);
}

/* ---- dispatch, names, files ---- */

int chart_type_from_name(const char *name)
{
	static const char *const names[] = {"grouped-bars", "stacked-bars", "line", "top-bars",
					    "heatmap"};
	for (int i = 0; name && i < 5; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

void chart_draw(enum chart_type type, const struct chart_grouped_input *in,
		const struct fonts *f, double width, double height, struct chart_scene *out)
{
	switch (type) {
	case CHART_GROUPED: chart_grouped_bars(in, f, width, height, out); return;
	case CHART_STACKED: chart_stacked_bars(in, f, width, height, out); return;
	case CHART_LINE_TREND: chart_line(in, f, width, height, out); return;
	case CHART_TOP: chart_top_bars(in, f, width, height, out); return;
	case CHART_HEATMAP: break;
	}
	struct ctx c;
	start(&c, out, f, in->title, width, height);
	put_empty(&c);
}

char *chart_file_stem(int number, const char *title)
{
	char *folded = util_fold(title && *title ? title : "chart");
	struct sbuf b = {0};
	sbuf_printf(&b, "%02d-", number);
	size_t start_len = b.len;
	int dash = 0;
	for (const char *p = folded; *p && b.len - start_len < 48; p++) {
		unsigned char ch = (unsigned char)*p;
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
			if (dash && b.len > start_len)
				sbuf_addc(&b, '-');
			sbuf_addc(&b, (char)ch);
			dash = 0;
		} else {
			dash = 1;
		}
	}
	if (b.len == start_len)
		sbuf_add(&b, "chart");
	free(folded);
	return sbuf_take(&b);
}

void chart_scene_free(struct chart_scene *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n_items; i++) {
		free(s->items[i].text);
		free(s->items[i].pts);
	}
	free(s->items);
	free(s->title);
	memset(s, 0, sizeof(*s));
}
