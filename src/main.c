/* main.c - trygg's entry point: argv → command table → exit code. */
#include "cli.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
