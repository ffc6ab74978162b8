/* main.c - trygg's entry point: argv → command table → exit code. */
#include "cli.h"
#include "util.h"

int main(int argc, char **argv)
{
	/* page faults were a third of a small report's time (util.h) */
	util_heap_hugepages();
	return cli_main(argc, argv);
}
