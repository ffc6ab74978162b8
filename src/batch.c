/* batch.c - `trygg batch`: plans a range of months, skips the reports whose digest is
 * unchanged, runs the others in forked worker processes that inherit the loaded data, and
 * writes the combined manifest and a JSON summary. One lock per output folder. */
#include "batch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "aggregate.h"
#include "config.h"
#include "compose.h"
#include "font.h"
#include "official.h"
#include "record.h"
#include "sha256.h"
#include "template.h"
#include "util.h"

#define LOCK_NAME ".trygg.lock"
#define TMP_PREFIX ".trygg-tmp-"

/* ---- months ---- */

static int parse_month(const char *s, size_t n, int *out)
{
	int y, m;
	char buf[16], tail;
	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (sscanf(buf, "%4d-%2d%c", &y, &m, &tail) != 2 || n != 7 || y < 1900 || y > 9999 ||
	    m < 1 || m > 12)
		return -1;
	*out = y * 12 + m - 1;
	return 0;
}

int batch_parse_monthly(const char *s, int *from, int *to, struct diag *d)
{
	const char *dots = strstr(s, "..");
	int ok = dots ? parse_month(s, (size_t)(dots - s), from) == 0 &&
				parse_month(dots + 2, strlen(dots + 2), to) == 0
		      : parse_month(s, strlen(s), from) == 0 && (*to = *from, 1);
	if (!ok)
		return diag_set(d, DIAG_EX_USAGE, NULL, 0, 0,
				"--monthly '%s': expected FROM..TO as YYYY-MM..YYYY-MM "
				"(e.g. 2018-01..2018-12) or one month", s);
	if (*to < *from)
		return diag_set(d, DIAG_EX_USAGE, NULL, 0, 0,
				"--monthly '%s': the range ends before it starts", s);
	if (*to - *from >= 1200)
		return diag_set(d, DIAG_EX_USAGE, NULL, 0, 0,
				"--monthly '%s': more than 100 years of months", s);
	return 0;
}

/* ---- the output folder's lock ---- */

static int clean_temps(const char *dir)
{
	DIR *dp = opendir(dir);
	if (!dp)
		return 0;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(dp)) != NULL) {
		if (strncmp(e->d_name, TMP_PREFIX, strlen(TMP_PREFIX)) != 0)
			continue;
		char *p = util_path_join(dir, e->d_name);
		if (unlink(p) == 0)
			n++;
		free(p);
	}
	closedir(dp);
	return n;
}

int batch_lock_dir(const char *dir, int *cleaned, struct diag *d)
{
	if (report_make_dirs(dir) < 0)
		return diag_set(d, DIAG_EX_CANTCREAT, dir, 0, 0,
				"cannot create the output folder: %s", strerror(errno));
	char *path = util_path_join(dir, LOCK_NAME);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		fd = open(path, O_RDONLY | O_CLOEXEC); /* flock needs no write access */
	if (fd < 0) {
		diag_set(d, DIAG_EX_CANTCREAT, path, 0, 0,
			 "cannot create the lock file: %s (is the output folder writable?)",
			 strerror(errno));
		free(path);
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		int e = errno;
		close(fd);
		if (e == EWOULDBLOCK)
			diag_set(d, BATCH_EX_TEMPFAIL, path, 0, 0,
				 "another trygg run is writing to this folder; try again when it "
				 "has finished");
		else
			diag_set(d, DIAG_EX_CANTCREAT, path, 0, 0, "cannot lock: %s", strerror(e));
		free(path);
		return -1;
	}
	free(path);
	int n = clean_temps(dir);
	if (cleaned)
		*cleaned = n;
	return fd;
}

/* ---- digests ---- */

static void h_bytes(struct sha256 *c, const void *p, size_t n)
{
	/* length first, so that no two sequences of fields hash alike */
	uint64_t len = n;
	sha256_update(c, &len, sizeof(len));
	sha256_update(c, p, n);
}

static void h_str(struct sha256 *c, const char *s)
{
	h_bytes(c, s ? s : "", s ? strlen(s) : 0);
}

static void h_int(struct sha256 *c, int64_t v)
{
	sha256_update(c, &v, sizeof(v));
}

static void h_file(struct sha256 *c, const char *path)
{
	char *data = NULL;
	size_t len = 0;
	if (path && util_read_file(path, &data, &len) == 0)
		h_bytes(c, data, len);
	else
		h_str(c, "(unreadable)");
	free(data);
}

/* Only identity for font files (they are large and never edited in place): path, size and
 * modification time to the nanosecond. */
static void h_stat(struct sha256 *c, const char *path)
{
	struct stat st;
	h_str(c, path);
	if (path && stat(path, &st) == 0) {
		h_int(c, (int64_t)st.st_size);
		h_int(c, (int64_t)st.st_mtim.tv_sec);
		h_int(c, (int64_t)st.st_mtim.tv_nsec);
	}
}

static int in_windows(const struct compose_deps *dep, rec_day first, rec_day last)
{
	for (size_t w = 0; w < dep->n_windows; w++)
		if (first <= dep->last[w] && last >= dep->first[w])
			return 1;
	return 0;
}

void batch_digest(const struct report_ctx *ctx, const struct report_opts *ro,
		  const struct period *cur, const struct period *base, char hex[65])
{
	const struct config *cfg = ctx->cfg;
	const struct rec_store *s = ctx->store;
	struct sha256 c;
	unsigned char bin[SHA256_LEN];
	/* what the report shows and is made of: the same function compose reads its windows from */
	struct compose_deps dep;
	compose_depends(cfg, ctx->tpl, ctx->tpl_file, ctx->fonts, cur, base, &dep);
	sha256_init(&c);
	h_str(&c, "trygg batch digest 2");
	h_str(&c, dep.version);
	h_str(&c, cur->id);
	h_str(&c, base ? base->id : "-");
	h_int(&c, base ? base->first : -1);
	h_int(&c, base ? base->last : -1);
	h_int(&c, ro->per_department);
	h_int(&c, ro->vector_charts);
	if (ro->html) /* only then: digests written before --html existed stay valid */
		h_str(&c, "html");
	h_str(&c, ro->manifest_name);
	h_str(&c, ro->mail_dir);
	h_str(&c, ro->mail_from);
	h_str(&c, getenv("SOURCE_DATE_EPOCH"));
	for (size_t i = 0; i < dep.n_files; i++) {
		h_str(&c, dep.files[i]);
		h_file(&c, dep.files[i]);
	}
	for (size_t i = 0; i < dep.n_fonts; i++)
		h_stat(&c, dep.fonts[i]);

	/* What the data-quality appendix shows is about whole files, so it is in every digest. */
	for (size_t i = 0; i < s->n_sources; i++) {
		const struct rec_source_stats *st = &s->sources[i];
		h_str(&c, st->file);
		h_str(&c, st->encoding);
		h_int(&c, st->read), h_int(&c, st->accepted), h_int(&c, st->rejected);
		h_int(&c, st->duplicates), h_int(&c, st->redacted), h_int(&c, st->failed);
		h_str(&c, st->failure);
	}
	for (size_t i = 0; i < s->n_rejects; i++) {
		const struct rec_reject *r = &s->rejects[i];
		h_int(&c, r->source), h_int(&c, r->line);
		h_str(&c, r->field), h_str(&c, r->reason);
	}

	/* The records the report can see: its windows (period and trends, baseline). */
	for (size_t w = 0; w < dep.n_windows; w++)
		h_int(&c, dep.first[w]), h_int(&c, dep.last[w]);
	for (size_t i = 0; i < s->n_incidents; i++) {
		const struct incident *in = &s->incidents[i];
		if (!in_windows(&dep, in->day, in->day))
			continue;
		h_int(&c, in->day), h_int(&c, in->minute);
		h_int(&c, in->category), h_int(&c, in->locality), h_int(&c, in->department);
		h_int(&c, in->source), h_int(&c, in->count), h_int(&c, in->cost_ore);
		h_str(&c, rec_str(s, in->site));
	}
	for (size_t i = 0; i < s->n_measures; i++) {
		const struct measure *m = &s->measures[i];
		if (!in_windows(&dep, m->start, m->end))
			continue;
		h_int(&c, m->start), h_int(&c, m->end);
		h_int(&c, m->department), h_int(&c, m->locality), h_int(&c, m->source);
		h_str(&c, rec_str(s, m->name)), h_str(&c, rec_str(s, m->site));
		h_int(&c, m->hours_x100), h_int(&c, m->cost_ore), h_int(&c, m->people);
	}
	/* official statistics (the police section): the figures that touch the windows */
	for (size_t i = 0; i < s->n_officials; i++) {
		const struct official *o = &s->officials[i];
		rec_day first, last;
		off_figure_days(o, &first, &last);
		if (!in_windows(&dep, first, last))
			continue;
		h_str(&c, rec_str(s, o->area)), h_str(&c, rec_str(s, o->crime));
		h_int(&c, o->year), h_int(&c, o->month), h_int(&c, o->flags);
		h_int(&c, o->count), h_int(&c, o->rate_x100);
	}
	sha256_final(&c, bin);
	sha256_hex(bin, hex);
}

/* ---- the digest file beside a report: ".NAME.digest" ---- */

static char *digest_path(const char *dir, const char *report_name)
{
	char *n = xasprintf(".%s.digest", report_name);
	char *p = util_path_join(dir, n);
	free(n);
	return p;
}

/* 1 when the digest file records `inputs` and every file it lists is still as written. */
static int up_to_date(const char *dpath, const char *inputs)
{
	char *data = NULL;
	size_t len = 0;
	if (util_read_file(dpath, &data, &len) < 0)
		return 0;
	int ok = 0;
	char *save = NULL;
	char *line = strtok_r(data, "\n", &save);
	if (!line || strcmp(line, "trygg-digest 1") != 0)
		goto out;
	line = strtok_r(NULL, "\n", &save);
	if (!line || strncmp(line, "inputs ", 7) != 0 || strcmp(line + 7, inputs) != 0)
		goto out;
	int files = 0;
	while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
		char sha[65], *fdata = NULL, fhex[65];
		size_t bytes, flen;
		int off = 0;
		if (sscanf(line, "file %64s %zu %n", sha, &bytes, &off) != 2 || off == 0)
			goto out;
		if (util_read_file(line + off, &fdata, &flen) < 0)
			goto out;
		sha256_hex_of(fdata, flen, fhex);
		free(fdata);
		if (flen != bytes || strcmp(fhex, sha) != 0)
			goto out;
		files++;
	}
	ok = files > 0;
out:
	free(data);
	return ok;
}

static int write_digest(const char *dpath, const char *inputs, const struct report_result *res)
{
	struct sbuf b = {0};
	sbuf_printf(&b, "trygg-digest 1\ninputs %s\n", inputs);
	for (size_t i = 0; i < res->n_files; i++)
		sbuf_printf(&b, "file %s %zu %s\n", res->files[i].sha256, res->files[i].bytes,
			    res->files[i].path);
	int rc = util_write_atomic(dpath, b.data, b.len);
	sbuf_free(&b);
	return rc;
}

/* ---- plan and workers ---- */

enum job_state { JOB_TODO, JOB_SKIPPED, JOB_WRITTEN, JOB_FAILED };

struct job {
	char period[16];  /* "2018-07" */
	char digest[65];
	char *digest_path;
	enum job_state state;
	int code;
	char reason[1200];
	int n_files;
};

/* A worker's answer; under PIPE_BUF so that each write arrives whole. */
struct job_msg {
	int32_t job, code, n_files;
	char reason[1200];
};

static void run_job(const struct report_ctx *ctx, const struct report_opts *base_ro,
		    const struct batch_opts *o, struct job *j, struct job_msg *msg)
{
	struct report_opts ro = *base_ro;
	char manifest[64];
	ro.period = j->period;
	if (o->per_department) {
		snprintf(manifest, sizeof(manifest), "manifest-%s.csv", j->period);
		ro.manifest_name = manifest;
	}
	struct report_result res = {0};
	struct diag d = {0};
	/* the old digest goes first: a run killed half-way must not look up to date */
	unlink(j->digest_path);
	if (report_write(ctx, &ro, &res, &d) < 0) {
		msg->code = d.code ? d.code : DIAG_EX_SOFTWARE;
		FILE *fp = fmemopen(msg->reason, sizeof(msg->reason) - 1, "w");
		if (fp) {
			diag_print(&d, fp);
			fclose(fp);
		}
		msg->reason[strcspn(msg->reason, "\n")] = '\0';
	} else if (write_digest(j->digest_path, j->digest, &res) < 0) {
		msg->code = DIAG_EX_CANTCREAT;
		snprintf(msg->reason, sizeof(msg->reason), "%s: cannot write: %s", j->digest_path,
			 strerror(errno));
	} else {
		msg->code = 0;
		msg->n_files = (int32_t)res.n_files;
	}
	report_result_free(&res);
}

static int write_all(int fd, const void *p, size_t n)
{
	const char *q = p;
	while (n > 0) {
		ssize_t w = write(fd, q, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		q += w, n -= (size_t)w;
	}
	return 0;
}

static void worker(const struct report_ctx *ctx, const struct report_opts *ro,
		   const struct batch_opts *o, struct job *jobs, int jobs_fd, int res_fd,
		   pid_t parent)
{
#ifdef __linux__
	/* a parent killed with SIGKILL takes its workers with it */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
	int32_t k;
	for (;;) {
		if (getppid() != parent)
			break;
		ssize_t r = read(jobs_fd, &k, sizeof(k));
		if (r < 0 && errno == EINTR)
			continue;
		if (r != (ssize_t)sizeof(k))
			break;
		struct job_msg msg;
		memset(&msg, 0, sizeof(msg));
		msg.job = k;
		run_job(ctx, ro, o, &jobs[k], &msg);
		if (write_all(res_fd, &msg, sizeof(msg)) < 0)
			break;
	}
	_exit(0);
}

static void progress(const struct batch_opts *o, size_t done, size_t total, const char *what)
{
	if (!o->progress)
		return;
	enum { W = 30 };
	char bar[W + 1];
	size_t fill = total ? done * W / total : W;
	for (size_t i = 0; i < W; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[W] = '\0';
	fprintf(stderr, "\r[%s] %zu/%zu %-10s", bar, done, total, what);
	if (done == total)
		fputc('\n', stderr);
	fflush(stderr);
}

/* Runs the jobs in state JOB_TODO with up to o->jobs workers. */
static int run_workers(const struct report_ctx *ctx, const struct report_opts *ro,
		       const struct batch_opts *o, struct job *jobs, size_t n_jobs, size_t n_todo,
		       size_t *done, struct diag *d)
{
	int jp[2], rp[2];
	if (pipe(jp) < 0 || pipe(rp) < 0)
		return diag_set(d, DIAG_EX_SOFTWARE, NULL, 0, 0, "pipe: %s", strerror(errno));
	for (size_t i = 0; i < n_jobs; i++) {
		int32_t k = (int32_t)i;
		if (jobs[i].state == JOB_TODO && write_all(jp[1], &k, sizeof(k)) < 0)
			return diag_set(d, DIAG_EX_SOFTWARE, NULL, 0, 0, "pipe: %s", strerror(errno));
	}
	close(jp[1]);
	size_t n_workers = (size_t)o->jobs < n_todo ? (size_t)o->jobs : n_todo;
	pid_t parent = getpid();
	fflush(NULL); /* nothing buffered may be written twice */
	pid_t *pids = xcalloc(n_workers, sizeof(pid_t));
	size_t started = 0;
	for (; started < n_workers; started++) {
		pid_t pid = fork();
		if (pid < 0)
			break;
		if (pid == 0) {
			free(pids); /* the parent's bookkeeping; the worker exits without returning */
			close(rp[0]);
			worker(ctx, ro, o, jobs, jp[0], rp[1], parent);
		}
		pids[started] = pid;
	}
	close(jp[0]);
	close(rp[1]);
	if (started == 0) {
		free(pids);
		close(rp[0]);
		return diag_set(d, DIAG_EX_SOFTWARE, NULL, 0, 0, "fork: %s", strerror(errno));
	}
	struct job_msg msg;
	size_t got = 0;
	for (;;) {
		ssize_t r = read(rp[0], &msg, sizeof(msg));
		if (r < 0 && errno == EINTR)
			continue;
		if (r != (ssize_t)sizeof(msg))
			break;
		if (msg.job < 0 || (size_t)msg.job >= n_jobs)
			continue;
		struct job *j = &jobs[msg.job];
		got++;
		if (msg.code == 0) {
			j->state = JOB_WRITTEN;
			j->n_files = msg.n_files;
			if (o->verbose)
				fprintf(stderr, "trygg: %s: written (%d files)\n", j->period, j->n_files);
		} else {
			j->state = JOB_FAILED;
			j->code = msg.code;
			memcpy(j->reason, msg.reason, sizeof(j->reason));
			j->reason[sizeof(j->reason) - 1] = '\0';
			if (o->progress)
				fputc('\n', stderr);
			fprintf(stderr, "trygg: %s failed: %s\n", j->period, j->reason);
		}
		progress(o, ++*done, n_jobs, j->period);
	}
	close(rp[0]);
	for (size_t i = 0; i < started; i++) {
		int status;
		while (waitpid(pids[i], &status, 0) < 0 && errno == EINTR)
			;
	}
	free(pids);
	/* a worker that died (a crash, the OOM killer) leaves its job unanswered */
	for (size_t i = 0; i < n_jobs && got < n_todo; i++) {
		if (jobs[i].state != JOB_TODO)
			continue;
		jobs[i].state = JOB_FAILED;
		jobs[i].code = DIAG_EX_SOFTWARE;
		snprintf(jobs[i].reason, sizeof(jobs[i].reason),
			 "the worker process ended before it finished this report");
		fprintf(stderr, "trygg: %s failed: %s\n", jobs[i].period, jobs[i].reason);
	}
	return 0;
}

/* ---- combined manifest and summary ---- */

/* manifest.csv for the whole run: the months' manifests in order under one header. Written
 * only when it changes, so an up-to-date run writes nothing. */
static int write_combined_manifest(const char *dir, const struct job *jobs, size_t n,
				   struct diag *d)
{
	struct sbuf b = {0};
	int rc = 0;
	sbuf_add(&b, "\xEF\xBB\xBF" "file;department;head;email;period;pages;bytes;sha256\r\n");
	for (size_t i = 0; i < n; i++) {
		if (jobs[i].state == JOB_FAILED)
			continue;
		char *name = xasprintf("manifest-%s.csv", jobs[i].period);
		char *p = util_path_join(dir, name);
		char *data = NULL;
		size_t len = 0;
		if (util_read_file(p, &data, &len) == 0) {
			const char *body = strstr(data, "\r\n"); /* past the header */
			if (body)
				sbuf_add(&b, body + 2);
		}
		free(data);
		free(p);
		free(name);
	}
	char *path = util_path_join(dir, "manifest.csv");
	char *old = NULL;
	size_t old_len = 0;
	if (util_read_file(path, &old, &old_len) < 0 || old_len != b.len ||
	    memcmp(old, b.data, b.len) != 0) {
		if (util_write_atomic(path, b.data, b.len) < 0)
			rc = diag_set(d, DIAG_EX_CANTCREAT, path, 0, 0,
				      "cannot write the manifest: %s", strerror(errno));
	}
	free(old);
	free(path);
	sbuf_free(&b);
	return rc;
}

static void json_str(struct sbuf *b, const char *s)
{
	sbuf_addc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			sbuf_printf(b, "\\%c", *p);
		else if (*p < 0x20)
			sbuf_printf(b, "\\u%04x", *p);
		else
			sbuf_addc(b, (char)*p);
	}
	sbuf_addc(b, '"');
}

static int write_summary(const struct batch_opts *o, const char *tpl, const struct job *jobs,
			 size_t n, int exit_code, struct diag *d)
{
	static const char *const names[] = {"written", "skipped", "failed"};
	static const enum job_state states[] = {JOB_WRITTEN, JOB_SKIPPED, JOB_FAILED};
	struct sbuf b = {0};
	size_t count[3] = {0};
	sbuf_add(&b, "{\n  \"version\": ");
	json_str(&b, TRYGG_VERSION);
	sbuf_add(&b, ",\n  \"output\": ");
	json_str(&b, o->out_dir);
	sbuf_add(&b, ",\n  \"template\": ");
	json_str(&b, tpl);
	sbuf_printf(&b, ",\n  \"exit\": %d", exit_code);
	for (int k = 0; k < 3; k++) {
		sbuf_printf(&b, ",\n  \"%s\": [", names[k]);
		int first = 1;
		for (size_t i = 0; i < n; i++) {
			if (jobs[i].state != states[k])
				continue;
			count[k]++;
			sbuf_add(&b, first ? "\n    {\"period\": " : ",\n    {\"period\": ");
			first = 0;
			json_str(&b, jobs[i].period);
			if (states[k] == JOB_FAILED) {
				sbuf_printf(&b, ", \"code\": %d, \"reason\": ", jobs[i].code);
				json_str(&b, jobs[i].reason);
			} else if (states[k] == JOB_SKIPPED) {
				sbuf_add(&b, ", \"reason\": \"up to date\"");
			} else {
				sbuf_printf(&b, ", \"files\": %d", jobs[i].n_files);
			}
			sbuf_addc(&b, '}');
		}
		sbuf_add(&b, first ? "]" : "\n  ]");
	}
	sbuf_printf(&b, ",\n  \"counts\": {\"written\": %zu, \"skipped\": %zu, \"failed\": %zu}\n}\n",
		    count[0], count[1], count[2]);
	int rc = 0;
	if (util_write_atomic(o->summary_path, b.data, b.len) < 0)
		rc = diag_set(d, DIAG_EX_CANTCREAT, o->summary_path, 0, 0,
			      "cannot write the summary: %s", strerror(errno));
	sbuf_free(&b);
	return rc;
}

/* ---- the run ---- */

static int same_dir(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

static const char *default_template(void)
{
	char *p = tpl_path("lagesbild");
	int have = access(p, R_OK) == 0;
	free(p);
	return have ? "lagesbild" : "uppfoljning";
}

int batch_run(const struct batch_opts *o, struct diag *d)
{
	int from, to, lock = -1, lock_mail = -1, cleaned = 0, code = 0;
	struct report_ctx ctx = {0};
	struct job *jobs = NULL;
	size_t n = 0, n_todo = 0, done = 0;
	int loaded = 0;

	if (batch_parse_monthly(o->monthly, &from, &to, d) < 0)
		goto fail;
	const char *dir = o->out_dir && o->out_dir[0] ? o->out_dir : ".";
	struct report_opts ro = {
		.config_path = o->config_path,
		.baseline = o->baseline,
		.out_dir = dir,
		.template_name = o->template_name ? o->template_name : default_template(),
		.quiet = o->quiet,
		.per_department = o->per_department,
		.html = o->html,
		.mail_dir = o->mail_dir,
		.mail_from = o->mail_from,
	};
	if (report_ctx_load(&ro, &ctx, d) < 0)
		goto fail;
	loaded = 1;

	lock = batch_lock_dir(dir, &cleaned, d);
	if (lock < 0)
		goto fail;
	if (o->mail_dir && !same_dir(o->mail_dir, dir)) {
		int c2 = 0;
		lock_mail = batch_lock_dir(o->mail_dir, &c2, d);
		if (lock_mail < 0)
			goto fail;
		cleaned += c2;
	}
	if (cleaned && o->verbose)
		fprintf(stderr, "trygg: removed %d temporary files left by an interrupted run\n",
			cleaned);

	/* plan */
	n = (size_t)(to - from + 1);
	jobs = xcalloc(n, sizeof(*jobs));
	for (size_t i = 0; i < n; i++) {
		struct job *j = &jobs[i];
		int mm = from + (int)i;
		snprintf(j->period, sizeof(j->period), "%04d-%02d", mm / 12, mm % 12 + 1);
		struct period cur, base;
		if (period_parse(j->period, ctx.cfg, &cur, d) < 0)
			goto fail;
		int has_base = period_parse_baseline(o->baseline, &cur, ctx.cfg, &base, d);
		if (has_base < 0)
			goto fail;
		batch_digest(&ctx, &ro, &cur, has_base == 0 ? &base : NULL, j->digest);
		char *name = report_file_name(ctx.cfg, cur.id);
		j->digest_path = digest_path(dir, name);
		/* two months with one file name would overwrite each other */
		for (size_t k = 0; k < i; k++)
			if (strcmp(jobs[k].digest_path, j->digest_path) == 0) {
				diag_set(d, DIAG_EX_CONFIG, ctx.cfg->path, 0, 0,
					 "the reports for %s and %s would both be written to %s — put "
					 "{period} in <report output=\"…\">", jobs[k].period, j->period,
					 name);
				free(name);
				goto fail;
			}
		free(name);
		if (!o->force && up_to_date(j->digest_path, j->digest)) {
			j->state = JOB_SKIPPED;
			if (o->verbose)
				fprintf(stderr, "trygg: %s: up to date\n", j->period);
		} else {
			j->state = JOB_TODO;
			n_todo++;
		}
	}
	done = n - n_todo;
	progress(o, done, n, "");
	if (n_todo && run_workers(&ctx, &ro, o, jobs, n, n_todo, &done, d) < 0)
		goto fail;

	size_t n_written = 0, n_failed = 0;
	int common = -1;
	for (size_t i = 0; i < n; i++) {
		if (jobs[i].state == JOB_WRITTEN)
			n_written++;
		if (jobs[i].state == JOB_FAILED) {
			n_failed++;
			common = common == -1 || common == jobs[i].code ? jobs[i].code : 0;
		}
	}
	if (o->per_department && n_written && write_combined_manifest(dir, jobs, n, d) < 0) {
		diag_print(d, stderr);
		code = DIAG_EX_CANTCREAT;
	}
	if (n_failed)
		code = n_failed == n && common > 0 ? common : DIAG_EX_FAIL;

	if (!o->quiet) {
		if (n_failed) {
			struct sbuf names = {0};
			for (size_t i = 0; i < n; i++)
				if (jobs[i].state == JOB_FAILED)
					sbuf_printf(&names, "%s%s", names.len ? ", " : "", jobs[i].period);
			fprintf(stderr, "trygg: %zu of %zu reports failed (%s); %zu written, %zu up to date\n",
				n_failed, n, sbuf_str(&names), n_written, n - n_written - n_failed);
			sbuf_free(&names);
		} else if (n_written == 0) {
			fprintf(stderr, "trygg: all %zu reports were up to date; nothing written\n", n);
		} else {
			fprintf(stderr, "trygg: %zu reports written, %zu up to date, in %s\n", n_written,
				n - n_written, dir);
		}
	} else if (n_failed) {
		fprintf(stderr, "trygg: %zu of %zu reports failed\n", n_failed, n);
	}
	if (o->summary_path && write_summary(o, ro.template_name, jobs, n, code, d) < 0) {
		diag_print(d, stderr);
		if (code == 0)
			code = DIAG_EX_CANTCREAT;
	}
	goto out;
fail:
	code = d->code ? d->code : DIAG_EX_SOFTWARE;
	diag_print(d, stderr);
	d->code = 0; /* printed here */
out:
	for (size_t i = 0; i < n && jobs; i++)
		free(jobs[i].digest_path);
	free(jobs);
	if (lock_mail >= 0)
		close(lock_mail);
	if (lock >= 0)
		close(lock);
	if (loaded)
		report_ctx_free(&ctx);
	return code;
}
