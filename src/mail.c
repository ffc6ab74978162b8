/* mail.c - RFC 5322/MIME messages with one PDF attached: base64, RFC 2047 encoded-words,
 * quoted-printable body, deterministic boundary. See mail.h. */
#include "mail.h"

#include <stdio.h>
#include <string.h>

#include "sha256.h"

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void mail_base64(struct sbuf *out, const void *data, size_t len, int line_len)
{
	const unsigned char *p = data;
	int col = 0;
	for (size_t i = 0; i < len; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16;
		if (i + 1 < len)
			v |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < len)
			v |= p[i + 2];
		char q[4] = {B64[v >> 18 & 63], B64[v >> 12 & 63],
			     i + 1 < len ? B64[v >> 6 & 63] : '=', i + 2 < len ? B64[v & 63] : '='};
		for (int k = 0; k < 4; k++) {
			/* a line end only before more output, so the last line has none */
			if (line_len > 0 && col == line_len) {
				sbuf_add(out, "\r\n");
				col = 0;
			}
			sbuf_addc(out, q[k]);
			col++;
		}
	}
	if (line_len > 0 && len > 0)
		sbuf_add(out, "\r\n");
}

static int plain_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

void mail_header_text(struct sbuf *out, const char *value, size_t used)
{
	if (plain_ascii(value)) {
		sbuf_add(out, value);
		return;
	}
	/* "=?UTF-8?B?" + text + "?=" is at most 75 characters: 12 of overhead leave 63 for
	 * base64, i.e. 45 bytes of UTF-8 (15 groups of three). */
	size_t n = strlen(value), i = 0;
	int first = 1;
	while (i < n) {
		/* the first word shares its line with the header's name, the others follow a
		 * folding space */
		size_t room = first ? (used + 12 < 76 ? 76 - used - 12 : 4) : 63;
		size_t max_bytes = room / 4 * 3 > 3 ? room / 4 * 3 : 3;
		size_t take = 0;
		while (i + take < n) {
			uint32_t cp;
			size_t l = utf8_decode(value + i + take, n - i - take, &cp);
			if (!l)
				l = 1; /* not UTF-8: pass the byte on rather than lose it */
			if (take + l > max_bytes)
				break;
			take += l;
		}
		if (take == 0) { /* a character longer than a word's room: take it whole */
			uint32_t cp;
			take = utf8_decode(value + i, n - i, &cp);
			if (!take)
				take = 1;
		}
		if (!first)
			sbuf_add(out, "\r\n ");
		first = 0;
		sbuf_add(out, "=?UTF-8?B?");
		mail_base64(out, value + i, take, 0);
		sbuf_add(out, "?=");
		i += take;
	}
}

/* atext (RFC 5322 §3.2.3): letters, digits and these. */
static int atext(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       (ch && strchr("!#$%&'*+-/=?^_`{|}~", ch));
}

/* dot-atom-text: atext runs separated by single dots, none at either end. */
static int dot_atom(const char *s, size_t n)
{
	if (n == 0 || s[0] == '.' || s[n - 1] == '.')
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.' ? s[i + 1] == '.' : !atext((unsigned char)s[i]))
			return 0;
	}
	return 1;
}

int mail_addr_valid(const char *addr)
{
	const char *at = addr ? strchr(addr, '@') : NULL;
	if (!at || strlen(addr) > 254 || (size_t)(at - addr) > 64)
		return 0;
	return dot_atom(addr, (size_t)(at - addr)) && dot_atom(at + 1, strlen(at + 1));
}

void mail_address(struct sbuf *out, const char *name, const char *addr, size_t used)
{
	if (name && name[0]) {
		if (plain_ascii(name)) {
			/* a quoted string keeps ',' and '.' in a display name from splitting it */
			sbuf_addc(out, '"');
			for (const char *p = name; *p; p++) {
				if (*p == '"' || *p == '\\')
					sbuf_addc(out, '\\');
				sbuf_addc(out, *p);
			}
			sbuf_addc(out, '"');
		} else {
			mail_header_text(out, name, used);
		}
		sbuf_add(out, " ");
	}
	sbuf_printf(out, "<%s>", addr);
}

void mail_date(struct sbuf *out, int64_t epoch)
{
	static const char *const wd[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
	static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	int64_t days = epoch >= 0 ? epoch / 86400 : -((-epoch + 86399) / 86400);
	int64_t secs = epoch - days * 86400;
	int y, m, d;
	/* days since 1970 → civil date (Howard Hinnant's algorithm), as in record.c */
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	d = (int)(doy - (153 * mp + 2) / 5 + 1);
	m = (int)(mp < 10 ? mp + 3 : mp - 9);
	y = (int)(yoe + era * 400 + (m <= 2));
	int w = (int)(((days % 7) + 7 + 3) % 7); /* 1970-01-01 was a Thursday */
	sbuf_printf(out, "%s, %02d %s %04d %02d:%02d:%02d +0000", wd[w], d, mon[m - 1], y,
		    (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
}

/* Quoted-printable (RFC 2045 §6.7) with CRLF line ends and soft breaks before 76 columns. */
static void quoted_printable(struct sbuf *out, const char *text)
{
	int col = 0;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if (*p == '\n') {
			sbuf_add(out, "\r\n");
			col = 0;
			continue;
		}
		char enc[4];
		int trailing_ws = (*p == ' ' || *p == '\t') && (p[1] == '\n' || p[1] == '\0');
		if ((*p >= 33 && *p <= 126 && *p != '=') || ((*p == ' ' || *p == '\t') && !trailing_ws))
			enc[0] = (char)*p, enc[1] = '\0';
		else
			snprintf(enc, sizeof(enc), "=%02X", *p);
		int l = (int)strlen(enc);
		if (col + l > 75) {
			sbuf_add(out, "=\r\n");
			col = 0;
		}
		sbuf_add(out, enc);
		col += l;
	}
	if (col)
		sbuf_add(out, "\r\n");
}

/* A header parameter on its own folded line; a long value is split into RFC 2231
 * continuations (key*0="…"; key*1="…") so that no line passes 78 characters. The value is a
 * safe ASCII file name. */
static void param(struct sbuf *out, const char *key, const char *value)
{
	size_t n = strlen(value), chunk = 50;
	if (n + strlen(key) + 4 <= 76) {
		sbuf_printf(out, "\r\n %s=\"%s\"", key, value);
		return;
	}
	for (size_t i = 0, k = 0; i < n; i += chunk, k++)
		sbuf_printf(out, "%s\r\n %s*%zu=\"%.*s\"", k ? ";" : "", key, k,
			    (int)(n - i < chunk ? n - i : chunk), value + i);
}

int mail_build(struct sbuf *out, const struct mail_msg *m)
{
	/* the one place headers are made: refuse what could end a header or add an address */
	if (!mail_addr_valid(m->from_addr) || !mail_addr_valid(m->to_addr))
		return -1;
	/* Content-derived identifiers: the same report gives the same message, byte for byte. */
	struct sha256 c;
	unsigned char bin[SHA256_LEN];
	char hex[SHA256_HEX_LEN + 1];
	sha256_init(&c);
	sha256_update(&c, m->to_addr, strlen(m->to_addr) + 1);
	sha256_update(&c, m->subject, strlen(m->subject) + 1);
	sha256_update(&c, m->attachment, m->attachment_len);
	sha256_final(&c, bin);
	sha256_hex(bin, hex);
	/* "=_" never occurs in base64 or quoted-printable text, so the boundary cannot either */
	char boundary[40];
	snprintf(boundary, sizeof(boundary), "=_trygg_%.24s", hex);
	const char *at = strchr(m->from_addr, '@');

	sbuf_add(out, "From: ");
	mail_address(out, m->from_name, m->from_addr, 6);
	sbuf_add(out, "\r\nTo: ");
	mail_address(out, m->to_name, m->to_addr, 4);
	sbuf_add(out, "\r\nSubject: ");
	mail_header_text(out, m->subject, 9);
	sbuf_add(out, "\r\nDate: ");
	mail_date(out, m->date);
	sbuf_printf(out, "\r\nMessage-ID: <%.32s@%s>\r\n", hex, at + 1);
	sbuf_add(out, "MIME-Version: 1.0\r\n");
	sbuf_printf(out, "Content-Type: multipart/mixed; boundary=\"%s\"\r\n", boundary);
	sbuf_add(out, "\r\nThis is a MIME message with a PDF attached.\r\n");
	sbuf_printf(out, "\r\n--%s\r\n", boundary);
	sbuf_add(out, "Content-Type: text/plain; charset=UTF-8\r\n"
		      "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
	quoted_printable(out, m->body);
	sbuf_printf(out, "\r\n--%s\r\n", boundary);
	sbuf_add(out, "Content-Type: application/pdf;");
	param(out, "name", m->attachment_name);
	sbuf_add(out, "\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment;");
	param(out, "filename", m->attachment_name);
	sbuf_add(out, "\r\n\r\n");
	mail_base64(out, m->attachment, m->attachment_len, 76);
	sbuf_printf(out, "\r\n--%s--\r\n", boundary);
	return 0;
}
