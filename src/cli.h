/* cli.h - the command table: each subcommand's name, summary, usage and handler (tmux's
 * cmd_entry). A command lives in its own cmd_NAME.c and is listed once in cli.c.
 *
 * Ownership: borrows argv. */
#ifndef TRYGG_CLI_H
#define TRYGG_CLI_H

struct cli_cmd {
	const char *name;
	const char *summary;
	const char *usage;
	int (*run)(const struct cli_cmd *cmd, int argc, char **argv);
};

/* The commands, one per cmd_*.c. */
extern const struct cli_cmd cli_cmd_report;
extern const struct cli_cmd cli_cmd_check;
extern const struct cli_cmd cli_cmd_batch;
extern const struct cli_cmd cli_cmd_stats;

/* Long options shared by several commands (values above any short option's char). */
enum { CLI_OPT_STRICT = 256, CLI_OPT_VECTOR, CLI_OPT_DUMP, CLI_OPT_FORMAT, CLI_OPT__FIRST_FREE };

/* Prints "trygg: <fmt with arg>" and the command's usage to stderr; returns 64. */
int cli_usage_error(const struct cli_cmd *cmd, const char *fmt, const char *arg);

/* An option given an empty value (`-o ''`, `--summary=`): "trygg: option '-o' needs a
 * value, not an empty string" and the usage; returns 64. Call right after getopt_long. */
int cli_empty_value(const struct cli_cmd *cmd, int argc, char **argv);

/* Runs `trygg ARGS…` and returns the process exit code (sysexits.h values). */
int cli_main(int argc, char **argv);

#endif
