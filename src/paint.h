/* paint.h - chart scene → pixels or files, implemented with cairo in paint_cairo.c (the only
 * file that includes cairo). Text uses the report's own fonts through FreeType.
 *
 * Ownership: paint_rgb() returns a buffer the caller frees with free(). */
#ifndef TRYGG_PAINT_H
#define TRYGG_PAINT_H

#include "chart.h"
#include "diag.h"
#include "font.h"
#include "util.h"

/* Paints the scene at dpi on an opaque white background and returns packed RGB (3 bytes a
 * pixel, no padding, top row first) of *w × *h pixels. */
int paint_rgb(const struct chart_scene *s, const struct fonts *f, double dpi,
	      unsigned char **rgb, int *w, int *h, struct diag *d);
int paint_png(const struct chart_scene *s, const struct fonts *f, double dpi,
	      const char *path, struct diag *d);
int paint_svg(const struct chart_scene *s, const struct fonts *f, const char *path,
	      struct diag *d);
/* PNG images (the municipality's logo), decoded by cairo, never by libharu (whose libpng
 * aborts the process on a damaged file). At most PAINT_PNG_MAX pixels a side (checked from
 * the header before anything is decoded) and PAINT_PNG_MAX_BYTES on disk.
 * paint_png_rgb() decodes png[0..len) (name is for messages); paint_load_png() reads the file
 * at path. Both return packed RGB like paint_rgb(), alpha composited over white, in *rgb
 * (caller frees); a file that is not a PNG, or is truncated or damaged, is -1 with
 * DIAG_EX_CONFIG (a missing file DIAG_EX_NOINPUT) and d->file the name. */
#define PAINT_PNG_MAX 4000
#define PAINT_PNG_MAX_BYTES (32 << 20)
int paint_png_rgb(const unsigned char *png, size_t len, const char *name,
		  unsigned char **rgb, int *w, int *h, struct diag *d);
int paint_load_png(const char *path, unsigned char **rgb, int *w, int *h, struct diag *d);
/* Packed RGB of w × h pixels (as above) encoded as a PNG file's bytes, appended to *out:
 * the logo inlined in the HTML version. Deterministic (no time or text chunks). */
int paint_rgb_png(const unsigned char *rgb, int w, int h, struct sbuf *out, struct diag *d);
/* `--charts-dir`: writes dir/NN-slug.png (at dpi) and dir/NN-slug.svg for chart `number`
 * (1-based; the stem is chart_file_stem's). The folder must exist. */
int paint_chart_files(const struct chart_scene *s, const struct fonts *f, double dpi,
		      const char *dir, int number, struct diag *d);

#endif
