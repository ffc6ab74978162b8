/* test_pdf.c - page model → PDF, checked with poppler and qpdf: extracted UTF-8 text, embedded
 * fonts, raw RGB charts, links, outlines, document information, byte-identical renders, the
 * ToUnicode map and the PDF/A-1b parts (PDFBox Preflight runs in tests/golden/pdfa.sh). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <hpdf.h>
#include <zlib.h>

#include "chart.h"
#include "font.h"
#include "layout.h"
#include "pdf.h"
#include "pdf_int.h"
#include "util.h"

/* What the document says, written out here once; the expected extraction is separate. */
#define TEXT_TITLE "Trygghetsrapport sommaren 2018"
#define TEXT_SWEDISH "Skadeg\xC3\xB6relse \xE2\x88\x92" "83\xC2\xA0%"
#define TEXT_PAGE2 "\xC3\x85tg\xC3\xA4rder: 1\xC2\xA0" "234\xC2\xA0kr, \xE2\x82\xAC och \xC3\xA9"
/* Carlito has no U+00A0 glyph, so the no-break spaces come out as spaces. */
#define WANT_SWEDISH "Skadeg\xC3\xB6relse \xE2\x88\x92" "83 %"
#define WANT_PAGE2 "\xC3\x85tg\xC3\xA4rder: 1 234 kr, \xE2\x82\xAC och \xC3\xA9"

static struct fonts *fonts;
static char tmpdir[] = "/tmp/trygg-test-pdf-XXXXXX";

static int setup(void **state)
{
	(void)state;
	char *dir = util_data_dir("fonts");
	struct diag d = {0};
	int rc = font_load(dir, NULL, NULL, &fonts, &d);
	free(dir);
	unsetenv("SOURCE_DATE_EPOCH");
	return rc < 0 || !mkdtemp(tmpdir) ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	font_free(fonts);
	rmdir(tmpdir);
	return 0;
}

/* The page model is built with layout.h's constructors: the PDF writer is tested on exactly
 * the items layout.c makes, without going through a template. */
static void text(struct lay_page *p, double x, double y, enum font_style st, double size,
		 const char *s)
{
	lay_text(p, x, y, st, size, 0x222222, s);
}

static struct lay_doc *sample_doc(void)
{
	struct lay_doc *doc = lay_doc_new();
	doc->title = xstrdup("Trygghetsrapport \xE2\x80\x93 Bjuv");
	doc->author = xstrdup("Bjuvs kommun");
	doc->subject = xstrdup("Skadeg\xC3\xB6relse och otrygghet");
	doc->keywords = xstrdup("trygghet, skadeg\xC3\xB6relse");
	doc->creator = xstrdup("trygg");

	struct lay_page *p = lay_add_page(doc);
	text(p, 56, 80, FONT_BOLD, 20, TEXT_TITLE);
	text(p, 56, 120, FONT_REGULAR, 11, TEXT_SWEDISH);
	lay_rect(p, 56, 130, 483, 4, 0x1F5A96);
	lay_line(p, 56, 140, 539, 140, 0.5, 0x888888);

	static const char *const labels[] = {"Skadeg\xC3\xB6relse", "Klotter", "Brand"};
	static const struct chart_series series[] = {{"2018", 0x1F5A96}, {"2017", 0xF2A541}};
	static const int64_t values[] = {7, 40, 12, 9, 2, 5};
	struct chart_grouped_input in = {.title = "H\xC3\xA4ndelser per kategori", .n_groups = 3,
					 .group_labels = labels, .n_series = 2, .series = series,
					 .values = values, .threshold = 3,
					 .unit = "Antal h\xC3\xA4ndelser"};
	struct chart_scene *chart = xcalloc(1, sizeof(*chart));
	chart_grouped_bars(&in, fonts, 453, 255, chart);
	lay_chart(p, 56, 160, 453, 255, chart);

	text(p, 56, 450, FONT_REGULAR, 11, "Till \xC3\xA5tg\xC3\xA4rderna");
	lay_link(p, 56, 440, 100, 14, 1, 56);

	p = lay_add_page(doc);
	text(p, 56, 80, FONT_REGULAR, 11, TEXT_PAGE2);

	lay_outline(doc, "Sammanfattning", 0, 0, 56);
	lay_outline(doc, "Skadeg\xC3\xB6relse", 1, 0, 110);
	lay_outline(doc, "\xC3\x85tg\xC3\xA4rder", 0, 1, 56);
	return doc;
}

static char *render_to_file(const struct lay_doc *doc, const struct pdf_options *opt,
			    const char *name)
{
	unsigned char *buf;
	size_t len;
	struct diag d = {0};
	if (pdf_render(doc, fonts, opt, &buf, &len, &d) < 0)
		fail_msg("pdf_render: %s", d.msg);
	assert_true(len > 1000);
	assert_memory_equal(buf, "%PDF-", 5);
	char *path = util_path_join(tmpdir, name);
	assert_int_equal(util_write_atomic(path, buf, len), 0);
	free(buf);
	return path;
}

/* Runs a shell command; returns its stdout (caller frees) and exit status. */
static char *run(const char *fmt, const char *path, int *status)
{
	char *cmd = xasprintf(fmt, path);
	FILE *fp = popen(cmd, "r");
	assert_non_null(fp);
	struct sbuf b = {0};
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		sbuf_addn(&b, chunk, n);
	int st = pclose(fp);
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	free(cmd);
	sbuf_str(&b);
	return sbuf_take(&b);
}

/* The value of a "Key:   value" line of pdfinfo, up to the newline; NULL if absent. */
static char *info_field(const char *out, const char *key)
{
	char *k = xasprintf("\n%s:", key);
	const char *p = strncmp(out, k + 1, strlen(k + 1)) == 0 ? out - 1 : strstr(out, k);
	char *v = NULL;
	if (p) {
		p += strlen(k);
		while (*p == ' ')
			p++;
		v = xstrndup(p, strcspn(p, "\n"));
	}
	free(k);
	return v;
}

static void assert_field(const char *out, const char *key, const char *want)
{
	char *v = info_field(out, key);
	if (!v)
		fail_msg("pdfinfo shows no %s", key);
	assert_string_equal(v, want);
	free(v);
}

static void test_text_fonts_check(void **state)
{
	(void)state;
	struct lay_doc *doc = sample_doc();
	struct pdf_options opt = {.chart_dpi = 0};
	char *path = render_to_file(doc, &opt, "raster.pdf");
	int st;

	char *out = run("pdftotext -enc UTF-8 %s - 2>/dev/null", path, &st);
	assert_int_equal(st, 0);
	assert_non_null(strstr(out, TEXT_TITLE "\n"));
	assert_non_null(strstr(out, WANT_SWEDISH "\n"));
	assert_non_null(strstr(out, WANT_PAGE2 "\n"));
	/* A raster chart has no text of its own. */
	assert_null(strstr(out, "Klotter"));
	free(out);

	/* Every font is embedded (CID TrueType, Identity-H, emb/sub/uni yes); regular and bold. */
	out = run("pdffonts %s 2>/dev/null", path, &st);
	assert_int_equal(st, 0);
	char *rows = strstr(out, "---\n");
	assert_non_null(rows);
	int n_fonts = 0;
	for (char *line = strchr(rows, '\n') + 1, *nl; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		assert_non_null(nl);
		*nl = '\0';
		assert_non_null(strstr(line, "CID TrueType"));
		assert_non_null(strstr(line, "Identity-H"));
		assert_non_null(strstr(line, " yes yes yes "));
		n_fonts++;
	}
	assert_int_equal(n_fonts, 2);
	free(out);

	out = run("qpdf --check %s", path, &st);
	assert_int_equal(st, 0);
	assert_non_null(strstr(out, "No syntax or stream encoding errors"));
	free(out);

	/* The chart is one 8-bit RGB image without a soft mask, 453 pt at 200 dpi = 1259 px. */
	out = run("pdfimages -list %s 2>/dev/null", path, &st);
	assert_int_equal(st, 0);
	assert_non_null(strstr(out, " 1259 "));
	assert_non_null(strstr(out, " 709 "));
	assert_non_null(strstr(out, " rgb "));
	assert_null(strstr(out, "smask"));
	free(out);

	/* Document information in UTF-8; no dates without SOURCE_DATE_EPOCH. */
	out = run("pdfinfo -enc UTF-8 %s 2>/dev/null", path, &st);
	assert_int_equal(st, 0);
	assert_field(out, "Title", "Trygghetsrapport \xE2\x80\x93 Bjuv");
	assert_field(out, "Author", "Bjuvs kommun");
	assert_field(out, "Subject", "Skadeg\xC3\xB6relse och otrygghet");
	assert_field(out, "Keywords", "trygghet, skadeg\xC3\xB6relse");
	assert_field(out, "Creator", "trygg");
	assert_field(out, "Pages", "2");
	assert_field(out, "Page size", "595.276 x 841.89 pts (A4)");
	assert_null(strstr(out, "CreationDate"));
	assert_null(strstr(out, "ModDate"));
	free(out);

	/* Outlines nest, links have no border and point at page 2. */
	/* NULs (binary streams such as the ICC profile) made blanks, so that strstr sees it all */
	out = run("qpdf --qdf --object-streams=disable %s - 2>/dev/null | tr '\\000' ' '", path,
		  &st);
	assert_int_equal(st, 0);
	assert_non_null(strstr(out, "/Type /Outlines"));
	assert_non_null(strstr(out, "/Count"));
	assert_non_null(strstr(out, "/Subtype /Link"));
	assert_non_null(strstr(out, "/Border [\n    0\n    0\n    0\n  ]"));
	assert_non_null(strstr(out, "/FitH"));
	free(out);
	out = run("qpdf --json --json-key=outlines %s", path, &st);
	assert_int_equal(st, 0);
	/* qpdf lists an outline's kids before its title: "Skadegörelse" inside the first
	 * entry's non-empty kids, then "Sammanfattning", then "Åtgärder" on page 2. */
	char *kids = strstr(out, "\"kids\": [\n");
	char *a = strstr(out, "\"title\": \"Skadeg\xC3\xB6relse\"");
	char *b = strstr(out, "\"title\": \"Sammanfattning\"");
	char *c = strstr(out, "\"title\": \"\xC3\x85tg\xC3\xA4rder\"");
	assert_true(kids && a && b && c && kids < a && a < b && b < c);
	char *page2 = strstr(b, "\"destpageposfrom1\": 2");
	assert_true(page2 && page2 < c);
	free(out);

	if (!getenv("TRYGG_KEEP"))
		unlink(path);
	free(path);
	lay_doc_free(doc);
}

static void test_vector_chart(void **state)
{
	(void)state;
	struct lay_doc *doc = sample_doc();
	struct pdf_options opt = {.vector_charts = 1};
	char *path = render_to_file(doc, &opt, "vector.pdf");
	int st;
	char *out = run("pdftotext -enc UTF-8 %s - 2>/dev/null", path, &st);
	assert_int_equal(st, 0);
	/* The chart's labels are real text now: title, legend, group labels, "<3". */
	assert_non_null(strstr(out, "H\xC3\xA4ndelser per kategori"));
	assert_non_null(strstr(out, "Klotter"));
	assert_non_null(strstr(out, "2017"));
	assert_non_null(strstr(out, "<3"));
	assert_non_null(strstr(out, WANT_SWEDISH));
	free(out);
	out = run("pdfimages -list %s 2>/dev/null", path, &st);
	assert_null(strstr(out, " rgb "));
	free(out);
	out = run("qpdf --check %s >/dev/null", path, &st);
	assert_int_equal(st, 0);
	free(out);
	if (!getenv("TRYGG_KEEP"))
		unlink(path);
	free(path);
	lay_doc_free(doc);
}

/* ---- every chart type, vector and raster (issue 5) ---- */

static struct chart_scene *scene(void)
{
	return xcalloc(1, sizeof(struct chart_scene));
}

static void place(struct lay_page *p, double y, struct chart_scene *s)
{
	lay_chart(p, 56, y, s->width, s->height, s);
}

/* Five charts, one of each type, on three pages. */
static struct lay_doc *charts_doc(void)
{
	struct lay_doc *doc = lay_doc_new();
	static const char *const cats[] = {"Skadeg\xC3\xB6relse", "Klotter", "Brand"};
	static const struct chart_series two[] = {{"Sommar 2018", CHART_AUTO},
						  {"Sommar 2017", 0xA6BDD7}};
	static const int64_t gv[] = {22, 88, 41, 35, 2, 0};
	static const int64_t kr[] = {123456700, 2345600, 84500000, 0, 1200000, 50000};
	static const char *const weeks[] = {"v. 23", "v. 24", "v. 25", "v. 26"};
	static const int64_t lv[] = {10, 12, 20, 8, 15, 1, 9, 6};
	static int64_t hv[7 * 24];
	for (int i = 0; i < 7 * 24; i++)
		hv[i] = (i * 7) % 23;
	struct chart_grouped_input g = {.title = "Per kategori", .n_groups = 3,
					.group_labels = cats, .n_series = 2, .series = two,
					.values = gv, .threshold = 3, .unit = "Antal"};
	struct lay_page *p = lay_add_page(doc);
	struct chart_scene *s = scene();
	chart_grouped_bars(&g, fonts, 480, 250, s);
	place(p, 60, s);
	g.title = "Kostnad per f\xC3\xB6rvaltning";
	g.values = kr;
	g.format = CHART_FMT_KR;
	s = scene();
	chart_stacked_bars(&g, fonts, 480, 250, s);
	place(p, 360, s);
	p = lay_add_page(doc);
	struct chart_grouped_input l = {.title = "Per vecka", .n_groups = 4, .group_labels = weeks,
					.n_series = 2, .series = two, .values = lv, .threshold = 3};
	s = scene();
	chart_line(&l, fonts, 480, 220, s);
	place(p, 60, s);
	g.title = "Platser";
	g.values = gv;
	g.format = CHART_FMT_COUNT;
	s = scene();
	chart_top_bars(&g, fonts, 480, 200, s);
	place(p, 330, s);
	p = lay_add_page(doc);
	struct chart_heatmap_input h = {.title = "Veckodag och timme", .n_rows = 7, .n_cols = 24,
					.values = hv, .threshold = 3, .rgb = CHART_AUTO};
	s = scene();
	chart_heatmap(&h, fonts, 480, 200, s);
	place(p, 60, s);
	return doc;
}

/* Reads a binary PPM (P6, maxval 255) written by pdftoppm. */
static unsigned char *read_ppm(const char *path, int *w, int *h)
{
	char *data;
	size_t len;
	assert_int_equal(util_read_file(path, &data, &len), 0);
	int off = 0, maxval = 0;
	assert_int_equal(sscanf(data, "P6 %d %d %d%n", w, h, &maxval, &off), 3);
	assert_int_equal(maxval, 255);
	off++; /* the single whitespace after maxval */
	assert_true(len >= (size_t)off + (size_t)*w * (size_t)*h * 3);
	unsigned char *px = xmalloc((size_t)*w * (size_t)*h * 3);
	memcpy(px, data + off, (size_t)*w * (size_t)*h * 3);
	free(data);
	return px;
}

static void test_every_chart_vector_and_raster(void **state)
{
	(void)state;
	struct lay_doc *doc = charts_doc();
	struct pdf_options vec = {.vector_charts = 1}, ras = {.chart_dpi = 100};
	char *vp = render_to_file(doc, &vec, "charts-vector.pdf");
	char *rp = render_to_file(doc, &ras, "charts-raster.pdf");
	int st;
	char *out = run("pdftotext -enc UTF-8 %s - 2>/dev/null", vp, &st);
	assert_int_equal(st, 0);
	/* Every chart's text is real text in vector mode: titles, weekdays, kr, "<3". */
	static const char *const want[] = {"Per kategori", "Kostnad per f\xC3\xB6rvaltning",
					   "Per vecka", "v. 25", "Platser", "Veckodag och timme",
					   "m\xC3\xA5n", "s\xC3\xB6n", "<3", "kr", "Sommar 2017"};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		if (!strstr(out, want[i]))
			fail_msg("'%s' not in the vector PDF's text", want[i]);
	free(out);
	out = run("pdfimages -list %s 2>/dev/null", vp, &st);
	assert_null(strstr(out, " rgb "));
	free(out);
	/* Raster mode: five opaque RGB images, no soft masks. */
	out = run("pdfimages -list %s 2>/dev/null | grep -c ' rgb '", rp, &st);
	assert_int_equal(atoi(out), 5);
	free(out);
	out = run("pdfimages -list %s 2>/dev/null | grep -c smask", rp, &st);
	assert_int_equal(atoi(out), 0);
	free(out);
	for (int k = 0; k < 2; k++) {
		out = run("qpdf --check %s >/dev/null 2>&1", k ? rp : vp, &st);
		assert_int_equal(st, 0);
		free(out);
	}
	/* The two modes look the same: rendered by poppler at 40 dpi, every page differs by
	 * little on average (text antialiasing and image resampling only). */
	for (int page = 1; page <= 3; page++) {
		char *cmd = xasprintf("pdftoppm -r 40 -f %d -l %d -singlefile %%s %s/pg-%%s 2>/dev/null", page,
				      page, tmpdir);
		char *c2 = xasprintf(cmd, vp, "v");
		free(out = run(c2, "", &st));
		assert_int_equal(st, 0);
		free(c2);
		c2 = xasprintf(cmd, rp, "r");
		free(out = run(c2, "", &st));
		assert_int_equal(st, 0);
		free(c2);
		free(cmd);
		char *a = xasprintf("%s/pg-v.ppm", tmpdir), *b = xasprintf("%s/pg-r.ppm", tmpdir);
		int wa, ha, wb, hb;
		unsigned char *pa = read_ppm(a, &wa, &ha), *pb = read_ppm(b, &wb, &hb);
		assert_true(wa == wb && ha == hb);
		double diff = 0;
		size_t n = (size_t)wa * (size_t)ha * 3, ink = 0;
		for (size_t i = 0; i < n; i++) {
			diff += abs((int)pa[i] - (int)pb[i]);
			ink += pa[i] < 128;
		}
		diff /= (double)n;
		if (getenv("TRYGG_VERBOSE"))
			print_message("page %d: mean difference %.3f\n", page, diff);
		if (diff > 3.0)
			fail_msg("page %d: vector and raster differ by %.2f on average", page, diff);
		assert_true(ink > 1000); /* something was drawn at all */
		unlink(a);
		unlink(b);
		free(a);
		free(b);
		free(pa);
		free(pb);
	}
	if (!getenv("TRYGG_KEEP")) {
		unlink(vp);
		unlink(rp);
	}
	free(vp);
	free(rp);
	lay_doc_free(doc);
}

static void test_reproducible(void **state)
{
	(void)state;
	struct lay_doc *doc = sample_doc();
	struct pdf_options opt = {.chart_dpi = 150};
	unsigned char *a, *b;
	size_t na, nb;
	struct diag d = {0};
	assert_int_equal(pdf_render(doc, fonts, &opt, &a, &na, &d), 0);
	assert_int_equal(pdf_render(doc, fonts, &opt, &b, &nb, &d), 0);
	assert_int_equal(na, nb);
	assert_memory_equal(a, b, na);
	free(b);

	/* SOURCE_DATE_EPOCH gives the dates, in UTC, and still the same bytes twice. */
	setenv("SOURCE_DATE_EPOCH", "1534680000", 1); /* 2018-08-19 12:00:00 UTC */
	assert_int_equal(pdf_render(doc, fonts, &opt, &b, &nb, &d), 0);
	unsigned char *c;
	size_t nc;
	assert_int_equal(pdf_render(doc, fonts, &opt, &c, &nc, &d), 0);
	assert_int_equal(nb, nc);
	assert_memory_equal(b, c, nb);
	assert_true(nb != na || memcmp(a, b, na) != 0);
	char *path = util_path_join(tmpdir, "dated.pdf");
	assert_int_equal(util_write_atomic(path, b, nb), 0);
	int st;
	char *out = run("pdfinfo -isodates %s 2>/dev/null", path, &st);
	assert_int_equal(st, 0);
	assert_field(out, "CreationDate", "2018-08-19T12:00:00Z");
	assert_field(out, "ModDate", "2018-08-19T12:00:00Z");
	free(out);
	/* Written +00'00' (libharu's Z is "Z00'00'"), and the same instant in the XMP. */
	out = run("grep -c -a \"D:20180819120000+00'00'\" %s", path, &st);
	assert_int_equal(atoi(out), 2);
	free(out);
	out = run("pdfinfo -meta %s", path, &st);
	assert_non_null(strstr(out, "<xmp:CreateDate>2018-08-19T12:00:00+00:00</xmp:CreateDate>"));
	assert_non_null(strstr(out, "<xmp:ModifyDate>2018-08-19T12:00:00+00:00</xmp:ModifyDate>"));
	free(out);

	setenv("SOURCE_DATE_EPOCH", "yesterday", 1);
	free(c);
	assert_int_equal(pdf_render(doc, fonts, &opt, &c, &nc, &d), -1);
	assert_int_equal(d.code, DIAG_EX_CONFIG);
	assert_non_null(strstr(d.msg, "SOURCE_DATE_EPOCH"));
	unsetenv("SOURCE_DATE_EPOCH");

	if (!getenv("TRYGG_KEEP"))
		unlink(path);
	free(path);
	free(a);
	free(b);
	lay_doc_free(doc);
}

static char *qdf(const char *path);
static size_t count(const char *hay, const char *needle);

/* pdf.c replaces three of libharu's loops (the glyph lookup, its byte copy and fill) with
 * faster code: the bytes must be libharu's own, for text of both styles in many scripts.
 * pdf_zip.c compresses with libdeflate instead of libharu's zlib loop: other bytes, but the
 * same document once qpdf has inflated every stream. */
static void test_libharu_loops(void **state)
{
	(void)state;
	struct lay_doc *doc = sample_doc();
	struct lay_page *p = lay_add_page(doc);
	/* Latin, Greek, Cyrillic, dashes and signs, a ligature, CJK (no glyph), a private use
	 * code point and the last BMP code points Carlito maps */
	text(p, 56, 80, FONT_REGULAR, 11, "A\xC3\xBF\xC4\x80\xC5\xBF \xCE\xA9\xCE\xB1 \xD0\x96\xD1\x8F "
	     "\xE2\x80\x94\xE2\x80\xA6\xE2\x80\xA2 \xEF\xAC\x81 \xE4\xB8\xAD \xEE\x80\x80 \xEF\xBF\xBD");
	text(p, 56, 100, FONT_BOLD, 11, "\xCE\xA9\xD0\x96 \xE2\x82\xAC \xEF\xAC\x82 \xC7\xBF");
	for (int vector = 0; vector < 2; vector++) {
		struct pdf_options opt = {.chart_dpi = 72, .vector_charts = vector};
		unsigned char *a, *b, *z;
		size_t na, nb, nz;
		struct diag d = {0};
		assert_int_equal(pdf_render(doc, fonts, &opt, &a, &na, &d), 0);
		pdf_libharu_loops = PDF_OWN_LOOPS;
		int rc = pdf_render(doc, fonts, &opt, &b, &nb, &d);
		pdf_libharu_loops = PDF_OWN_LOOPS | PDF_OWN_DEFLATE;
		int rz = pdf_render(doc, fonts, &opt, &z, &nz, &d);
		pdf_libharu_loops = 0;
		assert_int_equal(rc, 0);
		assert_int_equal(rz, 0);
		assert_int_equal(na, nb);
		assert_memory_equal(a, b, na);
		/* zlib's and libdeflate's streams inflate to the same document */
		assert_true(na != nz || memcmp(a, z, na) != 0);
		char *pa = util_path_join(tmpdir, "ours.pdf"), *pz = util_path_join(tmpdir, "zlib.pdf");
		assert_int_equal(util_write_atomic(pa, a, na), 0);
		assert_int_equal(util_write_atomic(pz, z, nz), 0);
		char *qa = qdf(pa), *qz = qdf(pz);
		assert_true(strlen(qa) > na);
		/* qpdf writes a second /ID of its own (from the clock): our first must be equal */
		char *ia = strstr(qa, "/ID [<"), *iz = strstr(qz, "/ID [<");
		assert_non_null(ia);
		assert_non_null(iz);
		assert_memory_equal(ia, iz, strlen("/ID [<") + 32);
		memset(ia, ' ', strcspn(ia, "\n"));
		memset(iz, ' ', strcspn(iz, "\n"));
		assert_string_equal(qa, qz);
		free(qa);
		free(qz);
		unlink(pa);
		unlink(pz);
		free(pa);
		free(pz);
		free(a);
		free(b);
		free(z);
	}
	lay_doc_free(doc);
}

/* pdf_zip.c's, in place of libharu's (which declares it in no installed header) */
HPDF_STATUS HPDF_Stream_WriteToStreamWithDeflate(HPDF_Stream src, HPDF_Stream dst,
						   HPDF_Encrypt e);

/* The bytes libharu's deflate writes for src (the replacement, or libharu's own), with and
 * without z's compression ahead of the save. */
static unsigned char *deflated(HPDF_Doc pdf, HPDF_Stream src, struct pdf_zip *z, size_t *len)
{
	HPDF_Stream dst = HPDF_MemStream_New(pdf->mmgr, 4096);
	assert_non_null(dst);
	pdf_zip_use(z);
	HPDF_STATUS st = HPDF_Stream_WriteToStreamWithDeflate(src, dst, NULL);
	pdf_zip_use(NULL);
	assert_int_equal(st, HPDF_OK);
	*len = HPDF_Stream_Size(dst);
	unsigned char *out = xmalloc(*len + 1);
	HPDF_UINT n = (HPDF_UINT)*len;
	assert_int_equal(HPDF_Stream_Seek(dst, 0, HPDF_SEEK_SET), HPDF_OK);
	st = HPDF_Stream_Read(dst, out, &n);
	assert_true(st == HPDF_OK || st == HPDF_STREAM_EOF);
	assert_int_equal(n, *len);
	HPDF_Stream_Free(dst);
	return out;
}

/* zlib's inflate of out is data. */
static void assert_inflates_to(const unsigned char *out, size_t len, const unsigned char *data,
			       size_t n)
{
	unsigned char *back = xmalloc(n + 16);
	uLongf got = n + 16;
	assert_int_equal(uncompress(back, &got, out, len), Z_OK);
	assert_int_equal(got, n);
	assert_memory_equal(back, data, n);
	free(back);
}

/* HPDF_Stream_WriteToStreamWithDeflate (pdf_zip.c) on streams of every shape: empty, one
 * byte, around libharu's 4 KiB buffers, text, incompressible bytes; compressed ahead from
 * the same bytes (the same output) and from bytes the stream no longer has (ignored). */
static void test_deflate(void **state)
{
	(void)state;
	HPDF_Doc pdf = HPDF_New(NULL, NULL);
	assert_non_null(pdf);
	static const size_t sizes[] = {0, 1, 4095, 4096, 4097, 12288, 70001, 300000};
	uint32_t seed = 12345;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		for (int kind = 0; kind < 2; kind++) {
			size_t n = sizes[i];
			unsigned char *data = xmalloc(n + 1);
			for (size_t k = 0; k < n; k++) {
				seed = seed * 1103515245u + 12345u;
				/* page-content-like text, or noise */
				data[k] = kind ? (unsigned char)(seed >> 24)
					       : (unsigned char)"0.5 0.5 0.5 rg\n56 780 Td (x) Tj\n"[k % 32];
			}
			HPDF_Stream src = HPDF_MemStream_New(pdf->mmgr, 4096);
			assert_int_equal(HPDF_Stream_Write(src, data, (HPDF_UINT)n), HPDF_OK);

			size_t la, lz, lh, ls;
			unsigned char *a = deflated(pdf, src, NULL, &la);
			assert_inflates_to(a, la, data, n);
			pdf_libharu_loops = PDF_OWN_DEFLATE;
			unsigned char *h = deflated(pdf, src, NULL, &lh);
			pdf_libharu_loops = 0;
			assert_inflates_to(h, lh, data, n);
			if (n > 10000)
				assert_true(kind ? la <= lh + 16 : la <= lh); /* no worse than zlib */

			struct pdf_zip *z = pdf_zip_new();
			unsigned char *copy = xmalloc(n + 1);
			memcpy(copy, data, n);
			pdf_zip_add(z, src, copy, n);
			unsigned char *b = deflated(pdf, src, z, &lz);
			assert_int_equal(lz, la);
			assert_memory_equal(b, a, la);
			pdf_zip_free(z);

			/* compressed ahead from other bytes: the stream's own are written */
			z = pdf_zip_new();
			copy = xmalloc(n + 2);
			memcpy(copy, data, n);
			copy[n] = 'x';
			pdf_zip_add(z, src, copy, n + 1);
			unsigned char *s = deflated(pdf, src, z, &ls);
			assert_inflates_to(s, ls, data, n);
			pdf_zip_free(z);
			if (n > 0) {
				z = pdf_zip_new();
				copy = xmalloc(n);
				memcpy(copy, data, n);
				copy[n / 2] ^= 1;
				pdf_zip_add(z, src, copy, n);
				free(s);
				s = deflated(pdf, src, z, &ls);
				assert_inflates_to(s, ls, data, n);
				pdf_zip_free(z);
			}
			HPDF_Stream_Free(src);
			free(a);
			free(b);
			free(h);
			free(s);
			free(data);
		}
	HPDF_Free(pdf);
}

/* The document made ahead (pdf_prep_start) gives the same bytes as the one pdf_render makes,
 * on a thread or not (TRYGG_THREADS=1), and is not used when the document draws with other
 * fonts than it loaded (only regular text: the bold face must not be embedded). */
static void test_prepared(void **state)
{
	(void)state;
	for (int only_regular = 0; only_regular < 2; only_regular++) {
		struct lay_doc *doc = sample_doc();
		if (only_regular)
			for (size_t i = 0; i < doc->n_pages; i++)
				for (size_t k = 0; k < doc->pages[i].n_items; k++)
					doc->pages[i].items[k].style = FONT_REGULAR;
		/* vector charts draw bold text too */
		struct pdf_options opt = {.chart_dpi = 72, .vector_charts = !only_regular};
		unsigned char *a, *b;
		size_t na, nb;
		struct diag d = {0};
		assert_int_equal(pdf_render(doc, fonts, &opt, &a, &na, &d), 0);
		for (int threads = 1; threads <= 2; threads++) {
			setenv("TRYGG_THREADS", threads == 1 ? "1" : "2", 1);
			opt.prep = pdf_prep_start(fonts);
			assert_int_equal(pdf_render(doc, fonts, &opt, &b, &nb, &d), 0);
			assert_int_equal(na, nb);
			assert_memory_equal(a, b, na);
			free(b);
		}
		unsetenv("TRYGG_THREADS");
		/* one that is never used is freed with its thread */
		pdf_prep_free(pdf_prep_start(fonts));
		char *path = util_path_join(tmpdir, "prepared.pdf");
		assert_int_equal(util_write_atomic(path, a, na), 0);
		int st;
		char *out = run("pdffonts %s", path, &st);
		assert_int_equal(st, 0);
		assert_int_equal(count(out, "CID TrueType"), only_regular ? 1 : 2);
		free(out);
		unlink(path);
		free(path);
		free(a);
		lay_doc_free(doc);
	}
}

/* ---- ToUnicode and PDF/A-1b (issue 12) ---- */

/* Adds the code points of UTF-8 s to set (one byte per BMP code point), U+00A0 as a space:
 * Carlito has no glyph for it (see WANT_SWEDISH). */
static void add_code_points(unsigned char *set, const char *s)
{
	for (size_t i = 0, n = strlen(s); i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		assert_true(k > 0);
		set[cp == 0xA0 ? 0x20 : cp] = 1;
		i += k;
	}
}

/* The qpdf --qdf text of path (uncompressed streams, NULs made blanks); caller frees. */
static char *qdf(const char *path)
{
	int st;
	char *out = run("qpdf --qdf --object-streams=disable %s - 2>/dev/null | tr '\\000' ' '",
			path, &st);
	assert_int_equal(st, 0);
	return out;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void test_to_unicode(void **state)
{
	(void)state;
	struct lay_doc *doc = sample_doc();
	/* Raster charts: the only text is the four strings of sample_doc. */
	struct pdf_options opt = {.chart_dpi = 50};
	char *path = render_to_file(doc, &opt, "tounicode.pdf");
	static unsigned char want[65536];
	memset(want, 0, sizeof(want));
	add_code_points(want, TEXT_TITLE);
	add_code_points(want, TEXT_SWEDISH);
	add_code_points(want, TEXT_PAGE2);
	add_code_points(want, "Till \xC3\xA5tg\xC3\xA4rderna");

	char *out = qdf(path);
	assert_null(strstr(out, "begincidrange"));
	assert_null(strstr(out, "Identity-H) def")); /* the encoding CMap's Ordering */
	assert_int_equal(count(out, "/Ordering (UCS)"), 2);
	assert_int_equal(count(out, "/CMapType 2 def"), 2);
	/* Every bfchar line maps a drawn code to itself; together they cover every drawn
	 * code point (each font lists only its own). */
	static unsigned char seen[65536];
	memset(seen, 0, sizeof(seen));
	for (const char *p = out; (p = strstr(p, "beginbfchar\n"));) {
		p += strlen("beginbfchar\n");
		unsigned a, b;
		int used;
		while (sscanf(p, "<%4X> <%4X>\n%n", &a, &b, &used) == 2) {
			assert_int_equal(a, b);
			assert_true(a < 65536 && want[a]);
			seen[a] = 1;
			p += used;
		}
		assert_int_equal(strncmp(p, "endbfchar\n", 10), 0);
	}
	for (unsigned cp = 0; cp < 65536; cp++)
		if (want[cp] && !seen[cp])
			fail_msg("U+%04X is drawn but not in a ToUnicode map", cp);
	free(out);

	/* poppler reads it without a warning, and gets the text. */
	int st;
	out = run("pdftotext -enc UTF-8 %s - 2>&1 >/dev/null", path, &st);
	assert_int_equal(st, 0);
	assert_string_equal(out, "");
	free(out);
	if (!getenv("TRYGG_KEEP"))
		unlink(path);
	free(path);
	lay_doc_free(doc);
}

static void test_pdfa_parts(void **state)
{
	(void)state;
	struct lay_doc *doc = sample_doc();
	free(doc->title);
	doc->title = xstrdup("Trygghet & s\xC3\xA4kerhet <2018> \"Bjuv\"\x01");
	struct pdf_options opt = {.vector_charts = 1};
	char *path = render_to_file(doc, &opt, "pdfa.pdf");
	int st;
	char *out = run("head -c 9 %s", path, &st);
	assert_string_equal(out, "%PDF-1.4\n");
	free(out);

	/* XMP: well-formed, escaped, the same title as the information, PDF/A-1b only. */
	out = run("pdfinfo -meta %s | python3 -c 'import sys, xml.dom.minidom as m; "
		  "d = m.parseString(sys.stdin.buffer.read()); "
		  "print(d.getElementsByTagName(\"dc:title\")[0].getElementsByTagName(\"rdf:li\")"
		  "[0].firstChild.data)'",
		  path, &st);
	assert_int_equal(st, 0);
	assert_string_equal(out, "Trygghet & s\xC3\xA4kerhet <2018> \"Bjuv\"\n");
	free(out);
	out = run("pdfinfo -meta %s", path, &st);
	assert_non_null(strstr(out, "<pdfaid:part>1</pdfaid:part>"));
	assert_non_null(strstr(out, "<pdfaid:conformance>B</pdfaid:conformance>"));
	assert_null(strstr(out, "pdfuaid"));
	assert_non_null(strstr(out, "<dc:creator><rdf:Seq><rdf:li>Bjuvs kommun</rdf:li>"));
	assert_non_null(strstr(out, "<pdf:Keywords>trygghet, skadeg\xC3\xB6relse</pdf:Keywords>"));
	assert_null(strstr(out, "xmp:CreateDate")); /* no date without SOURCE_DATE_EPOCH */
	free(out);

	char *q = qdf(path);
	/* The metadata stream is not filtered (PDF/A-1 6.7.2). */
	const char *m = strstr(q, "/Subtype /XML");
	assert_non_null(m);
	const char *end = strstr(m, ">>");
	assert_non_null(end);
	char *dict = xstrndup(m, (size_t)(end - m));
	assert_null(strstr(dict, "/Filter"));
	free(dict);
	assert_non_null(strstr(q, "/S /GTS_PDFA1"));
	assert_non_null(strstr(q, "/OutputConditionIdentifier (sRGB IEC61966-2.1)"));
	assert_non_null(strstr(q, "/DestOutputProfile"));
	assert_non_null(strstr(q, "/N 3"));
	/* Both fonts: CapHeight and CIDSet; the link is printable. */
	assert_int_equal(count(q, "/CIDSet "), 2);
	assert_int_equal(count(q, "/CapHeight "), 2);
	assert_non_null(strstr(q, "/Subtype /Link"));
	assert_non_null(strstr(q, "/F 4\n"));
	/* Outline items: direct destination arrays. */
	assert_non_null(strstr(q, "/Dest [\n    "));
	free(q);
	/* The trailer's ID: two equal 16-byte strings (a new document, not a changed one). */
	char id1[40] = "", id2[40] = "";
	out = run("qpdf --show-object=trailer %s", path, &st);
	assert_int_equal(sscanf(strstr(out, "/ID [") ? strstr(out, "/ID [") : "",
				"/ID [ <%32[0-9a-f]> <%32[0-9a-f]> ]", id1, id2), 2);
	assert_string_equal(id1, id2);
	free(out);
	if (!getenv("TRYGG_KEEP"))
		unlink(path);
	free(path);

	/* Another document, another ID; the same, the same (test_reproducible: same bytes). */
	free(doc->pages[1].items[0].text);
	doc->pages[1].items[0].text = xstrdup("Annan text");
	path = render_to_file(doc, &opt, "pdfa2.pdf");
	out = run("qpdf --show-object=trailer %s", path, &st);
	assert_non_null(strstr(out, "/ID [ <"));
	assert_null(strstr(out, id1));
	free(out);
	unlink(path);
	free(path);

	/* Without PDF/A: no output intent, XMP, ID or CIDSet, and still a real ToUnicode map. */
	opt.standard = PDF_PLAIN;
	path = render_to_file(doc, &opt, "plain.pdf");
	q = qdf(path);
	assert_null(strstr(q, "/OutputIntents"));
	assert_null(strstr(q, "/Metadata"));
	assert_null(strstr(q, "/CIDSet"));
	assert_null(strstr(q, "begincidrange"));
	assert_int_equal(count(q, "/CMapType 2 def"), 2);
	free(q);
	q = run("qpdf --show-object=trailer %s", path, &st); /* qpdf --qdf would add an ID */
	assert_null(strstr(q, "/ID"));
	free(q);
	unlink(path);
	free(path);

	/* TRYGG_PDF_STANDARD overrides the option; an unknown value is refused. */
	setenv("TRYGG_PDF_STANDARD", "none", 1);
	opt.standard = PDF_A1B;
	path = render_to_file(doc, &opt, "env.pdf");
	q = qdf(path);
	assert_null(strstr(q, "/OutputIntents"));
	free(q);
	unlink(path);
	free(path);
	setenv("TRYGG_PDF_STANDARD", "pdfa-2b", 1);
	unsigned char *buf;
	size_t len;
	struct diag d = {0};
	assert_int_equal(pdf_render(doc, fonts, &opt, &buf, &len, &d), -1);
	assert_int_equal(d.code, DIAG_EX_CONFIG);
	assert_non_null(strstr(d.msg, "TRYGG_PDF_STANDARD"));
	unsetenv("TRYGG_PDF_STANDARD");
	lay_doc_free(doc);
}

static void test_errors(void **state)
{
	(void)state;
	struct lay_doc *doc = sample_doc();
	/* A link to a page that does not exist. */
	doc->pages[0].items[doc->pages[0].n_items - 1].target_page = 7;
	unsigned char *buf = (unsigned char *)1;
	size_t len = 1;
	struct diag d = {0};
	assert_int_equal(pdf_render(doc, fonts, NULL, &buf, &len, &d), -1);
	assert_null(buf);
	assert_int_equal(len, 0);
	assert_non_null(strstr(d.msg, "page 8"));
	lay_doc_free(doc);

	/* No pages at all. */
	struct lay_doc empty;
	memset(&empty, 0, sizeof(empty));
	assert_int_equal(pdf_render(&empty, fonts, NULL, &buf, &len, &d), -1);

	/* Text that is not UTF-8 is refused, not passed on to libharu. */
	doc = sample_doc();
	free(doc->pages[1].items[0].text);
	doc->pages[1].items[0].text = xstrdup("Skadeg\xF6relse");
	assert_int_equal(pdf_render(doc, fonts, NULL, &buf, &len, &d), -1);
	assert_non_null(strstr(d.msg, "UTF-8"));
	lay_doc_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_fonts_check),
		cmocka_unit_test(test_vector_chart),
		cmocka_unit_test(test_every_chart_vector_and_raster),
		cmocka_unit_test(test_reproducible),
		cmocka_unit_test(test_libharu_loops),
		cmocka_unit_test(test_deflate),
		cmocka_unit_test(test_prepared),
		cmocka_unit_test(test_to_unicode),
		cmocka_unit_test(test_pdfa_parts),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests_name("pdf", tests, setup, teardown);
}
