/* cli.h - the command table: each subcommand's name, usage, options and handler.
 *
 * Ownership: borrows argv. */
#ifndef TRYGG_CLI_H
#define TRYGG_CLI_H

/* Runs `trygg ARGS…` and returns the process exit code (sysexits.h values). */
int cli_main(int argc, char **argv);

#endif
