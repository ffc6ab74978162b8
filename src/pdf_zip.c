/* pdf_zip.c - the PDF's streams compressed with libdeflate instead of libharu's zlib loop,
 * and the finished ones ahead of the save on a second thread (doc/pdf.md, "Compression").
 *
 * libharu 2.3.0 compresses every stream (page contents, font programs, CIDToGIDMaps,
 * ToUnicode maps) in HPDF_Stream_WriteToStreamWithDeflate, with zlib's default level fed
 * 4 KiB at a time, while it saves. It calls that function through the PLT, so the definition
 * below takes its place (the ELF rule pdf.c's three loops use). libdeflate compresses a whole
 * buffer at once, about twice as fast here at level 6 and a little smaller, in the same zlib
 * format (FlateDecode); test_pdf.c inflates both and compares. The bytes depend only on the
 * stream's bytes, never on which thread compressed them or when. */
#include "pdf_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hpdf.h>
#include <hpdf_conf.h>
#include <libdeflate.h>

#include "pdf.h"
#include "util.h"

#define DEFLATE_LEVEL 6


enum job_state { QUEUED, TAKEN, DONE };

struct zip_job {
	const void *stream;
	unsigned char *in, *out; /* out NULL when compressing failed */
	size_t len, out_len;
	enum job_state state;
	struct zip_job *next;
};

struct pdf_zip {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t tid;
	int worker, stop;
	struct zip_job *head, *tail, *todo; /* todo: where the worker looks for its next job */
	struct libdeflate_compressor *mine; /* the calling thread's */
	unsigned char *buf;                 /* the save's reading buffer, kept for the next */
	size_t cap;
};

/* out, out_len: data compressed (out NULL when that failed). */
static void compress(struct libdeflate_compressor **z, const unsigned char *in, size_t len,
		     unsigned char **out, size_t *out_len)
{
	*out = NULL;
	*out_len = 0;
	if (!*z && !(*z = libdeflate_alloc_compressor(DEFLATE_LEVEL)))
		return;
	size_t bound = libdeflate_zlib_compress_bound(*z, len);
	unsigned char *o = xmalloc(bound);
	/* 0 only when o is too small, which the bound rules out */
	size_t n = libdeflate_zlib_compress(*z, in, len, o, bound);
	if (n == 0) {
		free(o);
		return;
	}
	*out = o;
	*out_len = n;
}

static void *worker_main(void *arg)
{
	struct pdf_zip *z = arg;
	util_thread_hugepages(); /* its arena in huge pages (util.h) */
	struct libdeflate_compressor *mine = NULL;
	pthread_mutex_lock(&z->mu);
	for (;;) {
		while (z->todo && z->todo->state != QUEUED)
			z->todo = z->todo->next;
		if (!z->todo) {
			if (z->stop)
				break;
			pthread_cond_wait(&z->cv, &z->mu);
			continue;
		}
		struct zip_job *j = z->todo;
		j->state = TAKEN;
		pthread_mutex_unlock(&z->mu);
		compress(&mine, j->in, j->len, &j->out, &j->out_len);
		pthread_mutex_lock(&z->mu);
		j->state = DONE;
		pthread_cond_broadcast(&z->cv);
	}
	pthread_mutex_unlock(&z->mu);
	libdeflate_free_compressor(mine);
	return NULL;
}

struct pdf_zip *pdf_zip_new(void)
{
	struct pdf_zip *z = xcalloc(1, sizeof(*z));
	pthread_mutex_init(&z->mu, NULL);
	pthread_cond_init(&z->cv, NULL);
	/* no thread: each job is compressed when the save asks for it */
	z->worker = util_threads() > 1 && pthread_create(&z->tid, NULL, worker_main, z) == 0;
	return z;
}

void pdf_zip_add(struct pdf_zip *z, const void *stream, unsigned char *data, size_t len)
{
	struct zip_job *j = xcalloc(1, sizeof(*j));
	j->stream = stream;
	j->in = data;
	j->len = len;
	pthread_mutex_lock(&z->mu);
	if (z->tail)
		z->tail->next = j;
	else
		z->head = j;
	z->tail = j;
	if (!z->todo)
		z->todo = j;
	pthread_cond_broadcast(&z->cv);
	pthread_mutex_unlock(&z->mu);
}

void pdf_zip_free(struct pdf_zip *z)
{
	if (!z)
		return;
	if (z->worker) {
		pthread_mutex_lock(&z->mu);
		z->stop = 1;
		for (struct zip_job *j = z->head; j; j = j->next)
			if (j->state == QUEUED)
				j->state = DONE; /* not wanted any more */
		pthread_cond_broadcast(&z->cv);
		pthread_mutex_unlock(&z->mu);
		pthread_join(z->tid, NULL);
	}
	for (struct zip_job *j = z->head, *next; j; j = next) {
		next = j->next;
		free(j->in);
		free(j->out);
		free(j);
	}
	libdeflate_free_compressor(z->mine);
	free(z->buf);
	pthread_cond_destroy(&z->cv);
	pthread_mutex_destroy(&z->mu);
	free(z);
}

/* The zip of the save running on this thread. */
static _Thread_local struct pdf_zip *current;

void pdf_zip_use(struct pdf_zip *z)
{
	current = z;
}

/* The job of stream, done (by the worker, or here when it has not started it); NULL when
 * there is none. */
static struct zip_job *finished(struct pdf_zip *z, const void *stream)
{
	pthread_mutex_lock(&z->mu);
	struct zip_job *j = z->head;
	while (j && j->stream != stream)
		j = j->next;
	if (j && j->state == QUEUED) {
		j->state = TAKEN;
		pthread_mutex_unlock(&z->mu);
		compress(&z->mine, j->in, j->len, &j->out, &j->out_len);
		pthread_mutex_lock(&z->mu);
		j->state = DONE;
	}
	while (j && j->state != DONE)
		pthread_cond_wait(&z->cv, &z->mu);
	pthread_mutex_unlock(&z->mu);
	return j;
}

/* exported by libharu 2.3.0 (hpdf_streams.c), declared in no installed header */
HPDF_STATUS HPDF_Stream_WriteToStreamWithDeflate(HPDF_Stream src, HPDF_Stream dst,
						   HPDF_Encrypt e);

HPDF_STATUS HPDF_Stream_WriteToStreamWithDeflate(HPDF_Stream src, HPDF_Stream dst,
						   HPDF_Encrypt e)
{
	/* encrypted output (never trygg's) keeps libharu's own */
	if ((pdf_libharu_loops & PDF_OWN_DEFLATE) || e) {
		static void *fn;
		return ((HPDF_STATUS(*)(HPDF_Stream, HPDF_Stream, HPDF_Encrypt))pdf_own(
			&fn, "HPDF_Stream_WriteToStreamWithDeflate"))(src, dst, e);
	}
	HPDF_STATUS ret = HPDF_Stream_Seek(src, 0, HPDF_SEEK_SET);
	if (ret != HPDF_OK)
		return ret;
	/* all of src, read as libharu reads it (a memory stream hands over all it has at once),
	 * into a buffer kept for the next stream of the save */
	struct pdf_zip *z = current;
	unsigned char *in = z ? z->buf : NULL;
	size_t cap = z ? z->cap : 0, len = 0;
	for (;;) {
		if (cap - len < HPDF_STREAM_BUF_SIZ) {
			size_t want = (size_t)HPDF_Stream_Size(src) + 1;
			cap = want > 2 * cap + HPDF_STREAM_BUF_SIZ ? want : 2 * cap + HPDF_STREAM_BUF_SIZ;
			in = xrealloc(in, cap);
		}
		HPDF_UINT n = (HPDF_UINT)(cap - len);
		ret = HPDF_Stream_Read(src, in + len, &n);
		len += n;
		if (ret == HPDF_STREAM_EOF)
			break;
		if (ret != HPDF_OK)
			break;
	}
	if (z) {
		z->buf = in;
		z->cap = cap;
	}
	if (ret != HPDF_STREAM_EOF) {
		if (!z)
			free(in);
		return ret;
	}

	/* compressed ahead, from these very bytes; else here */
	struct zip_job *j = z ? finished(z, src) : NULL;
	unsigned char *out = NULL;
	size_t out_len = 0;
	int own = 0;
	if (j && j->out && j->len == len && memcmp(j->in, in, len) == 0) {
		out = j->out;
		out_len = j->out_len;
	} else {
		struct libdeflate_compressor *once = NULL;
		compress(z ? &z->mine : &once, in, len, &out, &out_len);
		libdeflate_free_compressor(once);
		own = 1;
	}
	if (!z)
		free(in);
	ret = out ? HPDF_Stream_Write(dst, out, (HPDF_UINT)out_len) : HPDF_ZLIB_ERROR;
	if (own)
		free(out);
	return ret == HPDF_OK ? HPDF_OK : HPDF_SetError(src->error, HPDF_ZLIB_ERROR, ret);
}
