/* bench_chart.c - chart figures for `make bench`: layout time per chart type, cairo painting
 * per chart (raw RGB at 200 dpi, PNG, SVG), and the PDF both ways (vector and raster): time
 * and bytes per chart. Prints figures only; never asserts on timing. Runs from the
 * repository root (tests/bench/run.sh does). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chart.h"
#include "font.h"
#include "layout.h"
#include "paint.h"
#include "pdf.h"
#include "util.h"

#define N_TYPES 5
#define PER_TYPE 4 /* charts of each type in the PDF: 20 charts, two per page */

static const char *const type_names[N_TYPES] = {"grouped-bars", "stacked-bars", "line",
						"top-bars", "heatmap"};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One realistic chart of each type: eight categories, thirteen weeks, ten sites, 7 × 24. */
static void make_chart(int type, const struct fonts *f, struct chart_scene *s)
{
	static const char *const cats[] = {"Skadeg\xC3\xB6relse", "Klotter", "Brand",
					   "St\xC3\xB6ld/inbrott", "Hot och v\xC3\xA5ld",
					   "Nedskr\xC3\xA4pning", "Ordningsst\xC3\xB6rning",
					   "\xC3\x96vrigt"};
	static const struct chart_series two[] = {{"Sommar 2018", CHART_AUTO},
						  {"Sommar 2017", 0xA6BDD7}};
	static const struct chart_series deps[] = {{"Fastighet", CHART_AUTO},
						   {"Skola", CHART_AUTO},
						   {"Kultur och fritid", CHART_AUTO}};
	int64_t v[64];
	for (int i = 0; i < 64; i++)
		v[i] = (i * 37) % 90 + (i % 5 == 0 ? -((i * 37) % 90) + 1 : 0);
	const char *weeks[13];
	char wb[13][16];
	for (int i = 0; i < 13; i++) {
		snprintf(wb[i], sizeof(wb[i]), "v. %d", 22 + i);
		weeks[i] = wb[i];
	}
	struct chart_grouped_input in = {.title = "H\xC3\xA4ndelser", .n_groups = 8,
					 .group_labels = cats, .n_series = 2, .series = two,
					 .values = v, .threshold = 3, .unit = "Antal h\xC3\xA4ndelser"};
	switch (type) {
	case 0: chart_grouped_bars(&in, f, 481, 270, s); break;
	case 1:
		for (int i = 0; i < 24; i++)
			v[i] *= 123457; /* öre: up to about 110 000 kr a segment */
		in.series = deps;
		in.n_series = 3;
		in.format = CHART_FMT_KR;
		in.unit = "Kostnad (kr)";
		chart_stacked_bars(&in, f, 481, 270, s);
		break;
	case 2:
		in.n_groups = 13;
		in.group_labels = weeks;
		chart_line(&in, f, 481, 220, s);
		break;
	case 3:
		in.n_series = 1;
		chart_top_bars(&in, f, 481, 220, s);
		break;
	default: {
		static int64_t hv[7 * 24];
		for (int i = 0; i < 7 * 24; i++)
			hv[i] = (i * 13) % 29;
		struct chart_heatmap_input hi = {.title = "Veckodag och timme", .n_rows = 7,
						 .n_cols = 24, .values = hv, .threshold = 3,
						 .rgb = CHART_AUTO};
		chart_heatmap(&hi, f, 481, 200, s);
	}
	}
}

/* A document of n_pages pages, each with a heading and (when with_charts) two charts. */
static struct lay_doc *make_doc(const struct fonts *f, int with_charts)
{
	struct lay_doc *doc = lay_doc_new();
	doc->width = 595.276;
	doc->height = 841.89;
	int n = N_TYPES * PER_TYPE;
	for (int i = 0; i < n; i += 2) {
		struct lay_page *p = lay_add_page(doc);
		lay_text(p, 56, 50, FONT_BOLD, 14, 0x333333, "Diagram");
		for (int k = 0; k < 2 && with_charts; k++) {
			struct chart_scene *s = xcalloc(1, sizeof(*s));
			make_chart((i + k) % N_TYPES, f, s);
			lay_chart(p, 56, 80 + 360 * k, s->width, s->height, s);
		}
	}
	return doc;
}

static int pdf_once(const struct lay_doc *doc, const struct fonts *f, int vector, double *secs,
		    size_t *bytes)
{
	struct pdf_options opt = {.chart_dpi = 200, .vector_charts = vector};
	unsigned char *buf;
	struct diag d = {0};
	double t0 = now();
	if (pdf_render(doc, f, &opt, &buf, bytes, &d) < 0) {
		diag_print(&d, stderr);
		return -1;
	}
	*secs = now() - t0;
	free(buf);
	return 0;
}

int main(void)
{
	util_heap_hugepages(); /* memory as trygg's main sets it up (util.h) */
	char *dir = util_data_dir("fonts");
	struct fonts *f;
	struct diag d = {0};
	if (font_load(dir, NULL, NULL, &f, &d) < 0) {
		diag_print(&d, stderr);
		return 1;
	}
	free(dir);
	char tmp[] = "/tmp/trygg-bench-chart-XXXXXX";
	if (!mkdtemp(tmp))
		return 1;

	printf("   per chart (ms), 481 pt wide; raw RGB and PNG at 200 dpi, best of 5\n");
	printf("   %-13s %8s %8s %8s %8s\n", "type", "layout", "rgb", "png", "svg");
	for (int t = 0; t < N_TYPES; t++) {
		double best[4] = {1e9, 1e9, 1e9, 1e9};
		for (int r = 0; r < 5; r++) {
			struct chart_scene s;
			double t0 = now();
			make_chart(t, f, &s);
			double t1 = now();
			unsigned char *rgb;
			int w, h;
			if (paint_rgb(&s, f, 200, &rgb, &w, &h, &d) < 0)
				goto fail;
			free(rgb);
			double t2 = now();
			char *png = xasprintf("%s/c.png", tmp), *svg = xasprintf("%s/c.svg", tmp);
			if (paint_png(&s, f, 200, png, &d) < 0)
				goto fail;
			double t3 = now();
			if (paint_svg(&s, f, svg, &d) < 0)
				goto fail;
			double t4 = now();
			unlink(png);
			unlink(svg);
			free(png);
			free(svg);
			chart_scene_free(&s);
			double dt[4] = {t1 - t0, t2 - t1, t3 - t2, t4 - t3};
			for (int k = 0; k < 4; k++)
				if (dt[k] < best[k])
					best[k] = dt[k];
		}
		printf("   %-13s %8.3f %8.2f %8.2f %8.2f\n", type_names[t], best[0] * 1e3,
		       best[1] * 1e3, best[2] * 1e3, best[3] * 1e3);
	}

	/* The PDF: the same 10 pages with and without 20 charts; per chart is the difference
	 * divided by 20 (fonts and page overhead cancel out). */
	struct lay_doc *bare = make_doc(f, 0), *full = make_doc(f, 1);
	double tb[2] = {1e9, 1e9}, tf[2] = {1e9, 1e9};
	size_t bb[2] = {0, 0}, bf[2] = {0, 0};
	for (int mode = 0; mode < 2; mode++)
		for (int r = 0; r < 3; r++) {
			double s1, s2;
			if (pdf_once(bare, f, mode, &s1, &bb[mode]) < 0 ||
			    pdf_once(full, f, mode, &s2, &bf[mode]) < 0)
				goto fail;
			if (s1 < tb[mode])
				tb[mode] = s1;
			if (s2 < tf[mode])
				tf[mode] = s2;
		}
	int n = N_TYPES * PER_TYPE;
	printf("   PDF with %d charts (10 pages), best of 3\n", n);
	printf("   %-8s %10s %12s %14s %14s\n", "mode", "total ms", "total bytes", "ms per chart",
	       "bytes per chart");
	for (int mode = 1; mode >= 0; mode--)
		printf("   %-8s %10.1f %12zu %14.2f %14.0f\n", mode ? "vector" : "raster",
		       tf[mode] * 1e3, bf[mode], (tf[mode] - tb[mode]) * 1e3 / n,
		       ((double)bf[mode] - (double)bb[mode]) / n);
	lay_doc_free(bare);
	lay_doc_free(full);
	rmdir(tmp);
	font_free(f);
	return 0;
fail:
	diag_print(&d, stderr);
	return 1;
}
