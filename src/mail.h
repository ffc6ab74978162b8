/* mail.h - ready-to-send e-mail (RFC 5322 + MIME) with a report attached, for the
 * municipality's own mail system (`sendmail -t`); trygg never sends anything itself.
 *
 * Ownership: functions borrow their arguments and append to a caller's sbuf. */
#ifndef TRYGG_MAIL_H
#define TRYGG_MAIL_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Base64 (RFC 4648 §4). line_len > 0 breaks the output into lines of that many characters
 * with CRLF (MIME uses 76); 0 writes one line without a line end. */
void mail_base64(struct sbuf *out, const void *data, size_t len, int line_len);

/* A header value as RFC 2047 encoded-words (UTF-8, "B" encoding) when it holds anything
 * but printable ASCII, else as is. Words are at most 75 characters, split at whole
 * characters and folded with CRLF SP; `used` is how much of the header line is already
 * taken (e.g. strlen("Subject: ")). */
void mail_header_text(struct sbuf *out, const char *value, size_t used);

/* 1 when addr is an RFC 5322 addr-spec in dot-atom form (local@domain, ASCII, no quoted
 * strings, comments or domain literals) of at most 254 characters: nothing in it can end a
 * header, add a recipient or start a new address. Every address a header is built from
 * passes this first (--mail-from: exit 64; the configuration: 78 at its line). */
int mail_addr_valid(const char *addr);

/* "Name <addr>" with the name quoted or encoded as needed; name may be NULL or "". */
void mail_address(struct sbuf *out, const char *name, const char *addr, size_t used);

/* RFC 5322 date-time in UTC for seconds since 1970, e.g. "Wed, 01 Aug 2018 00:00:00 +0000". */
void mail_date(struct sbuf *out, int64_t epoch);

struct mail_msg {
	const char *from_name, *from_addr;
	const char *to_name, *to_addr;
	const char *subject;
	int64_t date;            /* seconds since 1970, UTC */
	const char *body;        /* UTF-8 text, '\n' line ends */
	const char *attachment_name; /* a safe ASCII file name */
	const void *attachment;  /* the PDF */
	size_t attachment_len;
};

/* The whole message, CRLF line ends: headers (From, To, Subject, Date, Message-ID,
 * MIME-Version), multipart/mixed with the body as quoted-printable text/plain and the
 * attachment as base64 application/pdf. Deterministic: the boundary and Message-ID are
 * derived from the content, never from the clock or a random number. Returns -1 (and
 * writes nothing) when from_addr or to_addr is not mail_addr_valid(). */
int mail_build(struct sbuf *out, const struct mail_msg *m);

#endif
