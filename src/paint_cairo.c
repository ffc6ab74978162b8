/* paint_cairo.c - draws a chart scene with cairo: packed RGB for the PDF, PNG and SVG files.
 * The only file that includes cairo; text is set in the report's own FreeType faces. */
#include "paint.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo-ft.h>
#include <cairo-svg.h>
#include <cairo.h>

#include "util.h"

/* Past this a chart is a mistake (a 16 cm chart at 300 dpi is 1890 px wide). */
#define MAX_PIXELS 20000

static const cairo_user_data_key_t hold_key;

/* cairo keeps font faces in its caches after cairo_font_face_destroy(), so every cairo face
 * made from our FT_Face carries a hold on the fonts that cairo itself drops when it finally
 * lets go (font_release as the user-data destructor): font_free() can then never pull the
 * FT_Face from under cairo. */
static int make_faces(const struct fonts *f, cairo_font_face_t *faces[FONT__N], struct diag *d)
{
	for (int i = 0; i < FONT__N; i++)
		faces[i] = NULL;
	for (int i = 0; i < FONT__N; i++) {
		cairo_font_face_t *ff =
			cairo_ft_font_face_create_for_ft_face(font_ft_face(f, i), FT_LOAD_NO_HINTING);
		cairo_status_t st = cairo_font_face_status(ff);
		/* cairo hands out its cached face for an FT_Face it still knows; that one already
		 * carries a hold (which also keeps the FT_Face's address from being reused). */
		if (st == CAIRO_STATUS_SUCCESS && !cairo_font_face_get_user_data(ff, &hold_key)) {
			void *hold = font_hold(f);
			st = cairo_font_face_set_user_data(ff, &hold_key, hold, font_release);
			if (st != CAIRO_STATUS_SUCCESS)
				font_release(hold);
		}
		faces[i] = ff;
		if (st != CAIRO_STATUS_SUCCESS)
			return diag_set(d, DIAG_EX_SOFTWARE, font_path(f, i), 0, 0,
					"cairo cannot use the font: %s", cairo_status_to_string(st));
	}
	return 0;
}

static void free_faces(cairo_font_face_t *faces[FONT__N])
{
	for (int i = 0; i < FONT__N; i++)
		if (faces[i])
			cairo_font_face_destroy(faces[i]);
}

static void set_rgb(cairo_t *cr, uint32_t rgb)
{
	cairo_set_source_rgb(cr, ((rgb >> 16) & 0xFF) / 255.0, ((rgb >> 8) & 0xFF) / 255.0,
			     (rgb & 0xFF) / 255.0);
}

/* Solid or dashed (dash and gap equal), as the scene says; then back to solid. */
static void stroke(cairo_t *cr, const struct chart_item *it)
{
	cairo_set_line_width(cr, it->line_width > 0 ? it->line_width : 1);
	if (it->dash > 0) {
		double d = it->dash;
		cairo_set_dash(cr, &d, 1, 0);
	}
	cairo_stroke(cr);
	cairo_set_dash(cr, NULL, 0, 0);
}

static void draw_scene(cairo_t *cr, const struct chart_scene *s, const struct fonts *f,
		       cairo_font_face_t *faces[FONT__N])
{
	/* Unhinted outlines and metrics, so that cairo's advances are the ones chart.c measured
	 * with font_text_width and centred labels stay centred. */
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_set_font_options(cr, fo);
	cairo_font_options_destroy(fo);

	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	for (size_t i = 0; i < s->n_items; i++) {
		const struct chart_item *it = &s->items[i];
		set_rgb(cr, it->rgb);
		switch (it->kind) {
		case CHART_RECT:
			cairo_rectangle(cr, it->x, it->y, it->w, it->h);
			cairo_fill(cr);
			break;
		case CHART_LINE:
			cairo_move_to(cr, it->x, it->y);
			cairo_line_to(cr, it->x + it->w, it->y + it->h);
			stroke(cr, it);
			break;
		case CHART_POLYLINE:
			if (it->n_pts < 2)
				break;
			cairo_move_to(cr, it->pts[0], it->pts[1]);
			for (size_t k = 1; k < it->n_pts; k++)
				cairo_line_to(cr, it->pts[2 * k], it->pts[2 * k + 1]);
			cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
			stroke(cr, it);
			cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
			break;
		case CHART_CIRCLE:
			cairo_new_sub_path(cr);
			cairo_arc(cr, it->x, it->y, it->w, 0, 2 * M_PI);
			if (it->line_width > 0) {
				cairo_fill_preserve(cr);
				set_rgb(cr, it->stroke);
				cairo_set_line_width(cr, it->line_width);
				cairo_stroke(cr);
			} else {
				cairo_fill(cr);
			}
			break;
		case CHART_TEXT: {
			if (!it->text || !*it->text)
				break;
			double x = it->x;
			double w = font_text_width(f, it->style, it->size, it->text);
			if (it->align == CHART_CENTER)
				x -= w / 2;
			else if (it->align == CHART_RIGHT)
				x -= w;
			cairo_set_font_face(cr, faces[it->style]);
			cairo_set_font_size(cr, it->size);
			cairo_move_to(cr, x, it->y);
			char *t = font_drawable_text(f, it->style, it->text);
			cairo_show_text(cr, t);
			free(t);
			cairo_new_path(cr);
			break;
		}
		}
	}
}

/* Draws the scene onto a surface of scene->width × height units scaled by `scale`. */
static int paint_on(cairo_surface_t *surf, double scale, const struct chart_scene *s,
		    const struct fonts *f, struct diag *d)
{
	cairo_font_face_t *faces[FONT__N];
	int rc = -1;
	cairo_t *cr = NULL;
	if (make_faces(f, faces, d) < 0)
		goto fail;
	cr = cairo_create(surf);
	cairo_scale(cr, scale, scale);
	draw_scene(cr, s, f, faces);
	cairo_status_t st = cairo_status(cr);
	if (st != CAIRO_STATUS_SUCCESS) {
		diag_set(d, DIAG_EX_SOFTWARE, NULL, 0, 0, "cairo: %s", cairo_status_to_string(st));
		goto fail;
	}
	cairo_surface_flush(surf);
	rc = 0;
fail:
	if (cr)
		cairo_destroy(cr);
	free_faces(faces);
	return rc;
}

static int pixel_size(const struct chart_scene *s, double dpi, int *w, int *h, struct diag *d)
{
	double pw = ceil(s->width * dpi / 72.0 - 1e-6), ph = ceil(s->height * dpi / 72.0 - 1e-6);
	if (!(s->width > 0 && s->height > 0 && dpi > 0) || pw > MAX_PIXELS || ph > MAX_PIXELS)
		return diag_set(d, DIAG_EX_SOFTWARE, NULL, 0, 0,
				"chart of %.1f × %.1f pt at %.0f dpi cannot be painted", s->width,
				s->height, dpi);
	*w = (int)pw;
	*h = (int)ph;
	return 0;
}

static cairo_surface_t *paint_image(const struct chart_scene *s, const struct fonts *f,
				    double dpi, struct diag *d)
{
	int w, h;
	if (pixel_size(s, dpi, &w, &h, d) < 0)
		return NULL;
	cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
	cairo_status_t st = cairo_surface_status(surf);
	if (st != CAIRO_STATUS_SUCCESS) {
		diag_set(d, DIAG_EX_SOFTWARE, NULL, 0, 0, "cairo: %s", cairo_status_to_string(st));
		cairo_surface_destroy(surf);
		return NULL;
	}
	if (paint_on(surf, dpi / 72.0, s, f, d) < 0) {
		cairo_surface_destroy(surf);
		return NULL;
	}
	return surf;
}

/* Packed RGB (caller frees) from an ARGB32 or RGB24 image surface, composited over white. */
static unsigned char *surface_rgb(cairo_surface_t *surf, int *w, int *h)
{
	cairo_surface_flush(surf);
	int pw = cairo_image_surface_get_width(surf), ph = cairo_image_surface_get_height(surf);
	int stride = cairo_image_surface_get_stride(surf);
	/* RGB24 leaves the top byte undefined: it is opaque whatever that byte holds. */
	int opaque = cairo_image_surface_get_format(surf) == CAIRO_FORMAT_RGB24;
	const unsigned char *data = cairo_image_surface_get_data(surf);
	unsigned char *out = xmalloc((size_t)pw * (size_t)ph * 3 + 1);
	unsigned char *o = out;
	/* ARGB32 is a native-endian 32-bit word per pixel with premultiplied colour, rows
	 * `stride` bytes apart: c + (255 - a) is "premultiplied colour over white". */
	for (int y = 0; y < ph; y++) {
		const uint32_t *row = (const uint32_t *)(const void *)(data + (size_t)y * stride);
		for (int x = 0; x < pw; x++) {
			uint32_t px = row[x];
			unsigned a = opaque ? 255 : px >> 24;
			*o++ = (unsigned char)(((px >> 16) & 0xFF) + (255 - a));
			*o++ = (unsigned char)(((px >> 8) & 0xFF) + (255 - a));
			*o++ = (unsigned char)((px & 0xFF) + (255 - a));
		}
	}
	*w = pw;
	*h = ph;
	return out;
}

int paint_rgb(const struct chart_scene *s, const struct fonts *f, double dpi,
	      unsigned char **rgb, int *w, int *h, struct diag *d)
{
	*rgb = NULL;
	cairo_surface_t *surf = paint_image(s, f, dpi, d);
	if (!surf)
		return -1;
	*rgb = surface_rgb(surf, w, h);
	cairo_surface_destroy(surf);
	return 0;
}

/* ---- PNG images (the municipality's logo) ---- */

struct mem_reader {
	const unsigned char *p;
	size_t left;
};

/* cairo's read callback: a short read is an error, which cairo turns into a status (its
 * libpng error handler longjmps back; nothing aborts). */
static cairo_status_t from_mem(void *closure, unsigned char *data, unsigned int len)
{
	struct mem_reader *r = closure;
	if (len > r->left)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, r->p, len);
	r->p += len;
	r->left -= len;
	return CAIRO_STATUS_SUCCESS;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int paint_png_rgb(const unsigned char *png, size_t len, const char *name,
		  unsigned char **rgb, int *w, int *h, struct diag *d)
{
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
	*rgb = NULL;
	*w = *h = 0;
	/* The size is checked from the header before cairo allocates anything for it: a
	 * forged 100000 × 100000 header must not become a 40 GB allocation. */
	if (len < 33 || memcmp(png, sig, 8) != 0 || memcmp(png + 12, "IHDR", 4) != 0)
		return diag_set(d, DIAG_EX_CONFIG, name, 0, 0, "not a PNG image");
	uint32_t pw = be32(png + 16), ph = be32(png + 20);
	if (pw == 0 || ph == 0 || pw > PAINT_PNG_MAX || ph > PAINT_PNG_MAX)
		return diag_set(d, DIAG_EX_CONFIG, name, 0, 0,
				"PNG image of %" PRIu32 " x %" PRIu32 " pixels; at most %d x %d "
				"are accepted",
				pw, ph, PAINT_PNG_MAX, PAINT_PNG_MAX);
	/* Every chunk must lie inside the file and the file must reach IEND: a length that runs
	 * past the end is a damaged file, refused here rather than handed to libpng. */
	size_t at = 8;
	for (;;) {
		if (len - at < 12 || be32(png + at) > len - at - 12)
			return diag_set(d, DIAG_EX_CONFIG, name, 0, 0,
					"cannot read the PNG image: truncated or damaged at byte %zu", at);
		if (memcmp(png + at + 4, "IEND", 4) == 0)
			break;
		at += 12 + (size_t)be32(png + at);
	}
	struct mem_reader r = {png, len};
	cairo_surface_t *surf = cairo_image_surface_create_from_png_stream(from_mem, &r);
	cairo_status_t st = cairo_surface_status(surf);
	if (st == CAIRO_STATUS_SUCCESS && cairo_surface_get_type(surf) != CAIRO_SURFACE_TYPE_IMAGE)
		st = CAIRO_STATUS_SURFACE_TYPE_MISMATCH;
	if (st == CAIRO_STATUS_SUCCESS) {
		cairo_format_t fmt = cairo_image_surface_get_format(surf);
		if (fmt != CAIRO_FORMAT_ARGB32 && fmt != CAIRO_FORMAT_RGB24)
			st = CAIRO_STATUS_INVALID_FORMAT;
	}
	if (st != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(surf);
		return diag_set(d, DIAG_EX_CONFIG, name, 0, 0,
				"cannot read the PNG image (truncated or damaged?): %s",
				cairo_status_to_string(st));
	}
	*rgb = surface_rgb(surf, w, h);
	cairo_surface_destroy(surf);
	return 0;
}

int paint_load_png(const char *path, unsigned char **rgb, int *w, int *h, struct diag *d)
{
	*rgb = NULL;
	*w = *h = 0;
	const char *why;
	int fd = util_open_regular(path, &why);
	FILE *fp = fd >= 0 ? fdopen(fd, "rb") : NULL;
	if (!fp) {
		if (fd >= 0) {
			why = strerror(errno);
			close(fd);
		}
		return diag_set(d, errno == ENOENT ? DIAG_EX_NOINPUT : DIAG_EX_CONFIG, path, 0, 0,
				"cannot open: %s", why);
	}
	struct sbuf b = {0};
	char chunk[65536];
	size_t n;
	int too_big = 0;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		if (b.len + n > PAINT_PNG_MAX_BYTES) {
			too_big = 1;
			break;
		}
		sbuf_addn(&b, chunk, n);
	}
	int err = ferror(fp);
	fclose(fp);
	int rc;
	if (err)
		rc = diag_set(d, DIAG_EX_CONFIG, path, 0, 0, "cannot read the file");
	else if (too_big)
		rc = diag_set(d, DIAG_EX_CONFIG, path, 0, 0, "larger than %d MB",
			      PAINT_PNG_MAX_BYTES >> 20);
	else
		rc = paint_png_rgb((const unsigned char *)b.data, b.len, path, rgb, w, h, d);
	sbuf_free(&b);
	return rc;
}

static cairo_status_t to_sbuf(void *closure, const unsigned char *data, unsigned int len)
{
	sbuf_addn(closure, (const char *)data, len);
	return CAIRO_STATUS_SUCCESS;
}

int paint_rgb_png(const unsigned char *rgb, int w, int h, struct sbuf *out, struct diag *d)
{
	if (w <= 0 || h <= 0 || w > PAINT_PNG_MAX || h > PAINT_PNG_MAX)
		return diag_set(d, DIAG_EX_SOFTWARE, NULL, 0, 0, "image of %d x %d pixels", w, h);
	cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	cairo_status_t st = cairo_surface_status(surf);
	if (st == CAIRO_STATUS_SUCCESS) {
		cairo_surface_flush(surf);
		unsigned char *data = cairo_image_surface_get_data(surf);
		int stride = cairo_image_surface_get_stride(surf);
		const unsigned char *p = rgb;
		for (int y = 0; y < h; y++) {
			uint32_t *row = (uint32_t *)(void *)(data + (size_t)y * stride);
			for (int x = 0; x < w; x++, p += 3)
				row[x] = 0xFF000000u | (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
		}
		cairo_surface_mark_dirty(surf);
		st = cairo_surface_write_to_png_stream(surf, to_sbuf, out);
	}
	cairo_surface_destroy(surf);
	if (st != CAIRO_STATUS_SUCCESS)
		return diag_set(d, DIAG_EX_SOFTWARE, NULL, 0, 0, "cairo: %s",
				cairo_status_to_string(st));
	return 0;
}

static int write_out(const char *path, struct sbuf *b, struct diag *d)
{
	if (util_write_atomic(path, b->data, b->len) < 0)
		return diag_set(d, DIAG_EX_CANTCREAT, path, 0, 0, "cannot write: %s",
				strerror(errno));
	return 0;
}

int paint_png(const struct chart_scene *s, const struct fonts *f, double dpi,
	      const char *path, struct diag *d)
{
	cairo_surface_t *surf = paint_image(s, f, dpi, d);
	if (!surf)
		return -1;
	struct sbuf b = {0};
	int rc = -1;
	cairo_status_t st = cairo_surface_write_to_png_stream(surf, to_sbuf, &b);
	if (st != CAIRO_STATUS_SUCCESS) {
		diag_set(d, DIAG_EX_SOFTWARE, path, 0, 0, "cairo: %s", cairo_status_to_string(st));
		goto fail;
	}
	rc = write_out(path, &b, d);
fail:
	cairo_surface_destroy(surf);
	sbuf_free(&b);
	return rc;
}

int paint_svg(const struct chart_scene *s, const struct fonts *f, const char *path,
	      struct diag *d)
{
	int w, h;
	if (pixel_size(s, 72, &w, &h, d) < 0)
		return -1;
	struct sbuf b = {0};
	int rc = -1;
	/* Written to memory first and then atomically, like every other output. */
	cairo_surface_t *surf = cairo_svg_surface_create_for_stream(to_sbuf, &b, s->width, s->height);
	cairo_status_t st = cairo_surface_status(surf);
	if (st == CAIRO_STATUS_SUCCESS && paint_on(surf, 1.0, s, f, d) < 0)
		goto fail;
	if (st == CAIRO_STATUS_SUCCESS) {
		cairo_surface_finish(surf);
		st = cairo_surface_status(surf);
	}
	if (st != CAIRO_STATUS_SUCCESS) {
		diag_set(d, DIAG_EX_SOFTWARE, path, 0, 0, "cairo: %s", cairo_status_to_string(st));
		goto fail;
	}
	rc = write_out(path, &b, d);
fail:
	cairo_surface_destroy(surf);
	sbuf_free(&b);
	return rc;
}

int paint_chart_files(const struct chart_scene *s, const struct fonts *f, double dpi,
		      const char *dir, int number, struct diag *d)
{
	char *stem = chart_file_stem(number, s->title);
	char *png = xasprintf("%s/%s.png", dir, stem);
	char *svg = xasprintf("%s/%s.svg", dir, stem);
	int rc = paint_png(s, f, dpi, png, d) < 0 || paint_svg(s, f, svg, d) < 0 ? -1 : 0;
	free(stem);
	free(png);
	free(svg);
	return rc;
}
