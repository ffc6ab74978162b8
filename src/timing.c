/* timing.c - opt-in stage timings (TRYGG_TIMING=1), see timing.h. Called from the main
 * thread only, between stages. */
#include "timing.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int enabled = -1;
static double last, last_cpu;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of every thread of the process: on a shared machine wall time also measures
 * the neighbours. */
static double cpu(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int on(void)
{
	if (enabled < 0) {
		const char *v = getenv("TRYGG_TIMING");
		enabled = v && *v && *v != '0';
		last = now();
		last_cpu = cpu();
	}
	return enabled;
}

void timing_start(void)
{
	if (on()) {
		last = now();
		last_cpu = cpu();
	}
}

void timing_mark(const char *stage)
{
	if (!on())
		return;
	double t = now(), c = cpu();
	fprintf(stderr, "trygg-timing: %s %.6f %.6f\n", stage, t - last, c - last_cpu);
	last = t;
	last_cpu = c;
}
