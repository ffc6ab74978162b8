/* test_mail.c - base64 (RFC 4648 §10 vectors), RFC 2047 encoded-words, dates, and the shape
 * of a whole message: CRLF only, no line over 78 characters, the attachment round-trips. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "mail.h"
#include "util.h"

static char *b64(const char *s, int line_len)
{
	struct sbuf b = {0};
	mail_base64(&b, s, strlen(s), line_len);
	return sbuf_take(&b);
}

static void test_base64_rfc4648(void **state)
{
	(void)state;
	static const char *const v[][2] = {
		{"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},     {"foo", "Zm9v"},
		{"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char *got = b64(v[i][0], 0);
		assert_string_equal(got, v[i][1]);
		free(got);
	}
}

static void test_base64_lines(void **state)
{
	(void)state;
	char in[115]; /* 115 bytes → 156 characters: 76 + 76 + 4 */
	memset(in, 'x', sizeof(in));
	struct sbuf b = {0};
	mail_base64(&b, in, sizeof(in), 76);
	const char *s = sbuf_str(&b);
	assert_int_equal(strlen(s), 156 + 3 * 2);
	assert_memory_equal(s + 76, "\r\n", 2);
	assert_memory_equal(s + 154, "\r\n", 2);
	assert_string_equal(s + 156, "eA==\r\n"); /* 115 = 38 × 3 + 1 */
	sbuf_free(&b);
	/* exactly one line's worth: no empty line after it */
	mail_base64(&b, in, 57, 76);
	assert_int_equal(strlen(sbuf_str(&b)), 78);
	sbuf_free(&b);
}

static void test_header_ascii_passes(void **state)
{
	(void)state;
	struct sbuf b = {0};
	mail_header_text(&b, "Monthly report", 9);
	assert_string_equal(sbuf_str(&b), "Monthly report");
	sbuf_free(&b);
}

static void test_header_encoded_words(void **state)
{
	(void)state;
	struct sbuf b = {0};
	mail_header_text(&b, "Mats Ekström", 4);
	/* "Mats Ekström" in UTF-8, base64 */
	assert_string_equal(sbuf_str(&b), "=?UTF-8?B?TWF0cyBFa3N0csO2bQ==?=");
	sbuf_free(&b);

	/* a long value splits into words of at most 75 characters, never inside a character */
	const char *s = "Trygghetsrapport juli 2018 – Barn- och utbildningsförvaltningen (Åsa, Örkelljunga)";
	mail_header_text(&b, s, 9);
	const char *p = sbuf_str(&b);
	size_t col = 9, words = 0;
	for (const char *q = p; *q; q++) {
		if (q[0] == '\r') {
			assert_true(q[1] == '\n' && q[2] == ' ');
			assert_true(col <= 76);
			col = 0;
			q++;
			continue;
		}
		col++;
		if (q[0] == '=' && q[1] == '?')
			words++;
	}
	assert_true(col <= 76);
	assert_true(words >= 2);
	sbuf_free(&b);
}

static void test_date(void **state)
{
	(void)state;
	struct sbuf b = {0};
	mail_date(&b, 0);
	assert_string_equal(sbuf_str(&b), "Thu, 01 Jan 1970 00:00:00 +0000");
	sbuf_reset(&b);
	mail_date(&b, 1533081600); /* 2018-08-01 */
	assert_string_equal(sbuf_str(&b), "Wed, 01 Aug 2018 00:00:00 +0000");
	sbuf_reset(&b);
	mail_date(&b, 951782400 + 3661); /* 2000-02-29 01:01:01, a leap day */
	assert_string_equal(sbuf_str(&b), "Tue, 29 Feb 2000 01:01:01 +0000");
	sbuf_free(&b);
}

static void test_message_shape(void **state)
{
	(void)state;
	unsigned char pdf[1000];
	for (size_t i = 0; i < sizeof(pdf); i++)
		pdf[i] = (unsigned char)(i * 7);
	struct mail_msg m = {
		.from_name = "Trygghetssamordnaren, Bjuvs kommun",
		.from_addr = "trygg@bjuv.invalid",
		.to_name = "Mats Ekström",
		.to_addr = "mats@example.org",
		.subject = "Trygghetsrapport juli 2018 – Socialförvaltningen (Bjuv)",
		.date = 1533081600,
		.body = "Hej,\n\nhär kommer rapporten. En rad som är mycket längre än sjuttiosex tecken "
			"för att pröva mjuka radbrytningar i quoted-printable.\n",
		/* long enough to need RFC 2231 continuations to stay within 78 columns */
		.attachment_name = "bjuv-2018-07-barn-och-utbildningsforvaltningen-och-en-mycket-lang-avdelning.pdf",
		.attachment = pdf,
		.attachment_len = sizeof(pdf),
	};
	struct sbuf b = {0}, again = {0};
	mail_build(&b, &m);
	const char *s = sbuf_str(&b);
	/* CRLF only, lines within RFC 5322's 78 */
	size_t col = 0;
	for (size_t i = 0; i < b.len; i++) {
		if (s[i] == '\n') {
			assert_true(i > 0 && s[i - 1] == '\r');
			col = 0;
		} else if (s[i] != '\r') {
			assert_true((unsigned char)s[i] < 0x80); /* 7-bit clean */
			assert_true(++col <= 78);
		}
	}
	assert_non_null(strstr(s, "\r\nMIME-Version: 1.0\r\n"));
	assert_non_null(strstr(s, "Content-Type: multipart/mixed; boundary="));
	assert_non_null(strstr(s, "Date: Wed, 01 Aug 2018 00:00:00 +0000\r\n"));
	assert_non_null(strstr(s, "From: \"Trygghetssamordnaren, Bjuvs kommun\" <trygg@bjuv.invalid>"));
	/* the attachment's base64 is the one mail_base64 makes */
	struct sbuf enc = {0};
	mail_base64(&enc, pdf, sizeof(pdf), 76);
	assert_non_null(strstr(s, sbuf_str(&enc)));
	/* deterministic */
	mail_build(&again, &m);
	assert_string_equal(sbuf_str(&again), s);
	sbuf_free(&enc);
	sbuf_free(&again);
	sbuf_free(&b);
}

/* RFC 5322 addr-spec, dot-atom form: what could end a header or add a recipient is refused */
static void test_addr_spec(void **state)
{
	(void)state;
	const char *good[] = {"a@b", "karin.lindqvist@bjuv.se", "o'neil+rapport@kommun.example",
			      "x@sub.domain.se"};
	const char *bad[] = {"", "a", "@b", "a@", "a@b>,<c", "a@b>\r\nBcc: evil@example",
			     "a b@c", "a@b c", ".a@b", "a.@b", "a..b@c", "a@b..c", "a@b.",
			     "\"q\"@b", "a@[1.2.3.4]", "å@b.se", "a@b@c", "a@b\n", "(c)a@b"};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_true(mail_addr_valid(good[i]));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(mail_addr_valid(bad[i]));
	char longest[300];
	memset(longest, 'a', sizeof(longest));
	longest[64] = '@';
	longest[255] = '\0'; /* 64 + 1 + 190 = 255 characters: one too many */
	assert_false(mail_addr_valid(longest));
	longest[254] = '\0';
	assert_true(mail_addr_valid(longest));
	/* mail_build never writes a header from a bad address */
	struct mail_msg m = {.from_addr = "a@b>\r\nBcc: evil@example", .to_addr = "c@d",
			     .subject = "s", .body = "b", .attachment_name = "r.pdf",
			     .attachment = "x", .attachment_len = 1};
	struct sbuf b = {0};
	assert_int_equal(mail_build(&b, &m), -1);
	assert_int_equal(b.len, 0);
	m.from_addr = "a@b";
	m.to_addr = "c@d>, e@f";
	assert_int_equal(mail_build(&b, &m), -1);
	m.to_addr = "c@d";
	assert_int_equal(mail_build(&b, &m), 0);
	sbuf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base64_rfc4648),  cmocka_unit_test(test_base64_lines),
		cmocka_unit_test(test_header_ascii_passes), cmocka_unit_test(test_header_encoded_words),
		cmocka_unit_test(test_date),            cmocka_unit_test(test_message_shape),
		cmocka_unit_test(test_addr_spec),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
