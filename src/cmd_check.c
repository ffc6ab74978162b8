/* cmd_check.c - `trygg check`: validate the configuration and read every export, printing
 * per source what was accepted, rejected or counted as a duplicate. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "diag.h"
#include "record.h"
#include "report.h"
#include "template.h"
#include "util.h"

/* Why a duplicate row is listed, in the words of the configuration's setting. */
static const char *dup_what(int merge)
{
	return merge ? "counted once (duplicates=\"merge\")" : "kept and flagged (duplicates=\"flag\")";
}

/* Text from exports and file names, with control characters escaped (util_escape_ctl): a
 * header cell "Datum\ntrygg: wrote out/FAKE.pdf" must not forge a line of this listing. */
static void put(FILE *fp, const char *s)
{
	if (!util_has_ctl(s)) {
		fputs(s, fp);
		return;
	}
	char *e = util_escape_ctl(s);
	fputs(e, fp);
	free(e);
}

static void print_check(const struct rec_store *s, int merge, FILE *fp)
{
	for (size_t i = 0; i < s->n_sources; i++) {
		const struct rec_source_stats *st = &s->sources[i];
		put(fp, st->file);
		fprintf(fp, " (%s%s%s): %ld read, %ld accepted, %ld rejected, %ld duplicates",
			st->format, st->encoding[0] ? ", " : "", st->encoding, st->read,
			st->accepted, st->rejected, st->duplicates);
		if (st->redacted)
			fprintf(fp, ", %ld personal identity numbers redacted", st->redacted);
		fputc('\n', fp);
		if (st->failed) {
			fputs("  ", fp);
			report_print_failure(fp, st, "error");
		}
		for (size_t k = 0; k < st->n_skipped; k++) {
			fputs("  ", fp);
			put(fp, st->file);
			fprintf(fp, ": warning: %ld <", st->skipped[k].count);
			put(fp, st->skipped[k].name);
			fprintf(fp, "> element%s at the record level not read: the profile's "
				    "record=\"…\" does not name %s — add it (record=\"a|b\") if %s "
				    "records\n",
				st->skipped[k].count == 1 ? "" : "s",
				st->skipped[k].count == 1 ? "it" : "them",
				st->skipped[k].count == 1 ? "it holds" : "they are");
		}
		if (st->skipped_other) {
			fputs("  ", fp);
			put(fp, st->file);
			fprintf(fp, ": warning: %ld more elements of other names at the record "
				    "level not read\n", st->skipped_other);
		}
		int shown = 0;
		for (size_t k = 0; k < s->n_rejects; k++) {
			const struct rec_reject *r = &s->rejects[k];
			if (r->source != i)
				continue;
			if (++shown > 10) {
				fprintf(fp, "  … %ld more\n", st->rejected - 10);
				break;
			}
			fputs("  ", fp);
			put(fp, st->file);
			if (r->line > 0)
				fprintf(fp, ":%ld", r->line);
			fputs(": ", fp);
			if (r->field) {
				put(fp, r->field);
				fputs(": ", fp);
			}
			put(fp, r->reason);
			fputc('\n', fp);
		}
		shown = 0;
		for (size_t k = 0; k < s->n_dups; k++) {
			const struct rec_duplicate *u = &s->dups[k];
			if (u->source != i)
				continue;
			if (++shown > 10) {
				fprintf(fp, "  … %ld more duplicates\n", st->duplicates - 10);
				break;
			}
			fputs("  ", fp);
			put(fp, st->file);
			fprintf(fp, ":%lu: duplicate: %s ", (unsigned long)u->line,
				st->official ? "the same figure as" : "same date, site and category as");
			put(fp, s->sources[u->of_source].file);
			fprintf(fp, ":%lu; %s\n", (unsigned long)u->of_line,
				st->official ? "counted once" : dup_what(merge));
		}
	}
}

/* A JSON string: quotes, backslashes and control characters escaped; the rest is UTF-8 as
 * read (the readers deliver valid UTF-8; a file name may not be, so invalid bytes become
 * U+FFFD rather than breaking the document). */
static void json_str(FILE *fp, const char *v)
{
	const unsigned char *p = (const unsigned char *)(v ? v : "");
	fputc('"', fp);
	while (*p) {
		unsigned char ch = *p;
		if (ch == '"' || ch == '\\') {
			fputc('\\', fp);
			fputc(ch, fp);
			p++;
		} else if (ch < 0x20 || ch == 0x7F) {
			fprintf(fp, "\\u%04x", ch);
			p++;
		} else if (ch < 0x80) {
			fputc(ch, fp);
			p++;
		} else {
			uint32_t cp;
			size_t got = utf8_decode((const char *)p, strnlen((const char *)p, 4), &cp);
			if (got) {
				fwrite(p, 1, got, fp);
				p += got;
			} else {
				fputs("\\ufffd", fp);
				p++;
			}
		}
	}
	fputc('"', fp);
}

static void print_json(const struct rec_store *s, const char *config_path, int merge, FILE *fp)
{
	fputs("{\"config\": ", fp);
	json_str(fp, config_path);
	fprintf(fp, ", \"duplicates_mode\": \"%s\", \"sources\": [", merge ? "merge" : "flag");
	for (size_t i = 0; i < s->n_sources; i++) {
		const struct rec_source_stats *st = &s->sources[i];
		fputs(i ? ",\n  {\"file\": " : "\n  {\"file\": ", fp);
		json_str(fp, st->file);
		fputs(", \"format\": ", fp);
		json_str(fp, st->format);
		fputs(", \"encoding\": ", fp);
		json_str(fp, st->encoding);
		fprintf(fp,
			", \"read\": %ld, \"accepted\": %ld, \"rejected\": %ld, \"duplicates\": %ld, "
			"\"redacted\": %ld, \"used\": %s",
			st->read, st->accepted, st->rejected, st->duplicates, st->redacted,
			st->failed ? "false" : "true");
		fputs(", \"failure\": ", fp);
		if (st->failed)
			json_str(fp, st->failure);
		else
			fputs("null", fp);
		fputs(",\n   \"rejects\": [", fp);
		int first = 1;
		for (size_t k = 0; k < s->n_rejects; k++) {
			const struct rec_reject *r = &s->rejects[k];
			if (r->source != i)
				continue;
			fprintf(fp, "%s{\"line\": %ld, \"field\": ", first ? "" : ", ", r->line);
			if (r->field)
				json_str(fp, r->field);
			else
				fputs("null", fp);
			fputs(", \"reason\": ", fp);
			json_str(fp, r->reason);
			fputc('}', fp);
			first = 0;
		}
		fputs("],\n   \"duplicate_rows\": [", fp);
		first = 1;
		for (size_t k = 0; k < s->n_dups; k++) {
			const struct rec_duplicate *u = &s->dups[k];
			if (u->source != i)
				continue;
			fprintf(fp, "%s{\"line\": %lu, \"of_file\": ", first ? "" : ", ",
				(unsigned long)u->line);
			json_str(fp, s->sources[u->of_source].file);
			fprintf(fp, ", \"of_line\": %lu}", (unsigned long)u->of_line);
			first = 0;
		}
		fputs("],\n   \"skipped_elements\": [", fp);
		for (size_t k = 0; k < st->n_skipped; k++) {
			fputs(k ? ", {\"name\": " : "{\"name\": ", fp);
			json_str(fp, st->skipped[k].name);
			fprintf(fp, ", \"count\": %ld}", st->skipped[k].count);
		}
		fprintf(fp, "], \"skipped_other\": %ld}", st->skipped_other);
	}
	fprintf(fp, "\n], \"incidents\": %zu, \"measures\": %zu, \"official\": %zu}\n", s->n_incidents,
		s->n_measures, s->n_officials);
}

/* Loads a template and checks it against the configuration (category ids in tiles and
 * placeholders). A default template that does not exist in this installation is skipped.
 * Prints a problem to stderr and returns its exit code (66 or 78), 0 when the template
 * fits. */
static int check_template(const char *name, int named, const struct config *cfg)
{
	char *path = tpl_path(name);
	struct template *t = NULL;
	struct diag d = {0};
	int rc = 0;
	if (!named && access(path, F_OK) != 0)
		goto out;
	if (tpl_load(path, &t, &d) < 0 || tpl_check_config(t, cfg, &d) < 0) {
		if (named) {
			diag_print(&d, stderr);
		} else {
			/* a warning even with -q: it silences progress, not problems */
			diag_warn(stderr, d.file[0] ? d.file : path, d.line, "template '%s': %s",
				  name, d.msg);
		}
		rc = d.code ? d.code : DIAG_EX_CONFIG;
	}
out:
	tpl_free(t);
	free(path);
	return rc;
}

static int run(const struct cli_cmd *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{"config", required_argument, NULL, 'c'},
		{"strict", no_argument, NULL, CLI_OPT_STRICT},
		{"format", required_argument, NULL, CLI_OPT_FORMAT},
		{"template", required_argument, NULL, 't'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *config_path = "trygg.xml", *template_name = NULL;
	int strict = 0, json = 0, c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:t:qh", opts, NULL)) != -1) {
		if (optarg && !optarg[0])
			return cli_empty_value(cmd, argc, argv);
		switch (c) {
		case 'c': config_path = optarg; break;
		case 'q': break; /* check prints no progress to silence */
		case 't': template_name = optarg; break;
		case CLI_OPT_STRICT: strict = 1; break;
		case CLI_OPT_FORMAT:
			if (strcmp(optarg, "text") == 0)
				json = 0;
			else if (strcmp(optarg, "json") == 0)
				json = 1;
			else
				return cli_usage_error(cmd, "unknown --format '%s' — use text or json", optarg);
			break;
		case 'h': fputs(cmd->usage, stdout); return 0;
		case ':': return cli_usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
		default: return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	struct diag d = {0};
	struct config *cfg = NULL;
	struct rec_store *store = NULL;
	if (report_load(config_path, &cfg, &store, NULL, &d) < 0) {
		diag_print(&d, stderr);
		return d.code;
	}
	long problems = 0, failed = 0;
	for (size_t i = 0; i < store->n_sources; i++) {
		problems += store->sources[i].rejected + store->sources[i].failed;
		failed += store->sources[i].failed;
	}
	/* the templates a report would use must fit this configuration */
	int tpl_named = template_name ? check_template(template_name, 1, cfg) : 0;
	int tpl_problems = tpl_named || (!template_name && (check_template("uppfoljning", 0, cfg) |
							    check_template("lagesbild", 0, cfg)));
	if (json) {
		print_json(store, config_path, cfg->merge_duplicates, stdout);
	} else {
		print_check(store, cfg->merge_duplicates, stdout);
		put(stdout, config_path);
		printf(": configuration OK; %zu sources, %zu incidents, %zu measures, %ld problems\n",
		       store->n_sources, store->n_incidents, store->n_measures, problems);
	}
	rec_store_free(store);
	config_free(cfg);
	/* a template that does not fit stops every report that uses it: the one named with
	 * --template is an error, the default ones are under --strict */
	if (tpl_named)
		return tpl_named;
	if (strict && tpl_problems)
		return DIAG_EX_CONFIG;
	/* an export that could not be used is missing input (66), rejected rows bad data (65) */
	if (strict && failed)
		return DIAG_EX_NOINPUT;
	return strict && problems ? DIAG_EX_DATAERR : 0;
}

const struct cli_cmd cli_cmd_check = {
	"check",
	"validate the configuration and read every export",
	 "usage: trygg check [-c CONFIG] [--format text|json] [--template NAME] [--strict]\n"
	 "                   [--quiet]\n"
	 "\n"
	 "  -c, --config CONFIG   municipality configuration (default ./trygg.xml)\n"
	 "      --format FORMAT   text (default) or json (every reject and duplicate)\n"
	 "  -t, --template NAME   check this template against the configuration (default:\n"
	 "                        the installed uppfoljning and lagesbild)\n"
	 "      --strict          exit 65 if any row or file is rejected, 78 if a\n"
	 "                        template does not fit the configuration\n"
	 "  -q, --quiet           silences progress, not problems; check prints no progress,\n"
	 "                        so its output is the same (a template that does not fit\n"
	 "                        is still a warning on stderr)\n"
	 "\n"
	 "Prints, per source file, the rows read, accepted, rejected and counted as\n"
	 "duplicates, and the first rejected and duplicate rows as file:line: reason;\n"
	 "a template that does not fit the configuration is a warning on stderr.\n",
	run,
};
