/* timing.c - opt-in stage timings (TRYGG_TIMING=1), see timing.h. Called from the main
 * thread only, between stages. */
#include "timing.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int enabled = -1;
static double last;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int on(void)
{
	if (enabled < 0) {
		const char *v = getenv("TRYGG_TIMING");
		enabled = v && *v && *v != '0';
		last = now();
	}
	return enabled;
}

void timing_start(void)
{
	if (on())
		last = now();
}

void timing_mark(const char *stage)
{
	if (!on())
		return;
	double t = now();
	fprintf(stderr, "trygg-timing: %s %.6f\n", stage, t - last);
	last = t;
}
