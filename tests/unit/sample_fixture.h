/* sample_fixture.h - the sample municipality loaded once for a test binary: configuration,
 * records, the follow-up template, the fonts and the periods sommar-2018 / sommar-2017.
 * sample_setup and sample_teardown are cmocka group fixtures. For tests that compose the
 * sample's document tree (test_compose.c, test_html.c). */
#ifndef TRYGG_SAMPLE_FIXTURE_H
#define TRYGG_SAMPLE_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "font.h"
#include "period.h"
#include "record.h"
#include "report.h"
#include "template.h"
#include "util.h"

static struct config *cfg;
static struct rec_store *store;
static struct template *tpl;
static struct fonts *fonts;
static struct period cur, base;

static int sample_setup(void **state)
{
	(void)state;
	struct diag d = {0};
	char *dir = util_data_dir("fonts"), *tp = tpl_path("uppfoljning");
	int rc = report_load("samples/bjuv/trygg.xml", &cfg, &store, NULL, &d);
	if (rc == 0)
		rc = font_load(dir, NULL, NULL, &fonts, &d);
	if (rc == 0)
		rc = tpl_load(tp, &tpl, &d);
	if (rc == 0)
		rc = period_parse("sommar-2018", cfg, &cur, &d);
	if (rc == 0)
		period_previous_year(&cur, cfg, &base);
	if (rc < 0)
		fprintf(stderr, "setup: %s\n", d.msg);
	free(dir);
	free(tp);
	return rc;
}

static int sample_teardown(void **state)
{
	(void)state;
	tpl_free(tpl);
	font_free(fonts);
	rec_store_free(store);
	config_free(cfg);
	return 0;
}

#endif
