/* fuzz_period.c - libFuzzer target for PERIOD and BASE (SPEC.md §6): seasons (fixed, across
 * the new year, with per-year dates), months, quarters, ISO weeks, years and ranges. An
 * accepted period runs forwards and its canonical id parses back to the same days. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct cfg_season_dates lov[] = {{2018, 2018, 6, 12, 2018, 8, 19}};
static struct cfg_season seasons[] = {
	{.id = "sommar", .alias = "summer", .label_sv = "sommar", .start_month = 6,
	 .start_day = 1, .end_month = 8, .end_day = 31},
	{.id = "vinter", .alias = "winter", .label_sv = "vinter", .start_month = 12,
	 .start_day = 1, .end_month = 2, .end_day = 28},
	{.id = "sommarlov", .label_sv = "sommarlov", .start_month = 6, .start_day = 15,
	 .end_month = 8, .end_day = 15, .dates = lov, .n_dates = 1},
};

static void check(const struct period *p, const struct config *cfg)
{
	if (p->last < p->first || !p->id[0])
		abort();
	struct period again;
	struct diag d = {0};
	if (period_parse(p->id, cfg, &again, &d) != 0 || again.first != p->first ||
	    again.last != p->last)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg = {0};
	cfg.seasons = seasons;
	cfg.n_seasons = sizeof(seasons) / sizeof(seasons[0]);
	cfg.small_count_threshold = 3;
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	struct period p, b;
	struct diag d = {0};
	if (period_parse(s, &cfg, &p, &d) == 0) {
		check(&p, &cfg);
		period_previous_year(&p, &cfg, &b);
		if (b.last < b.first)
			abort();
		period_previous_period(&p, &b);
		if (b.last != p.first - 1 || b.last - b.first != p.last - p.first)
			abort();
		/* the input also as a baseline against a fixed period */
		if (period_parse_baseline(s, &p, &cfg, &b, &d) < 0)
			abort();
	} else if (d.code != DIAG_EX_USAGE || !d.msg[0]) {
		abort();
	}
	free(s);
	return 0;
}
