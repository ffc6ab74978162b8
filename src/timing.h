/* timing.h - opt-in stage timings for benchmarks: with TRYGG_TIMING=1 in the environment,
 * timing_mark("stage") prints "trygg-timing: stage WALL CPU" to stderr, the wall time and
 * the process's CPU time (all threads) in seconds since the previous mark (or since the
 * first call). Costs one getenv per process otherwise. */
#ifndef TRYGG_TIMING_H
#define TRYGG_TIMING_H

/* Starts the clock without printing (the first mark of a run). */
void timing_start(void);
void timing_mark(const char *stage);

#endif
