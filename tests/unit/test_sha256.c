/* test_sha256.c - SHA-256 against the example vectors of FIPS 180-2 (appendix B) and the
 * empty message, fed whole and in odd pieces. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "sha256.h"

static void hex_in_pieces(const char *msg, size_t len, size_t piece, char hex[65])
{
	struct sha256 c;
	unsigned char bin[SHA256_LEN];
	sha256_init(&c);
	for (size_t i = 0; i < len; i += piece)
		sha256_update(&c, msg + i, len - i < piece ? len - i : piece);
	sha256_final(&c, bin);
	sha256_hex(bin, hex);
}

static void test_fips_abc(void **state)
{
	(void)state;
	char hex[65];
	sha256_hex_of("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_fips_two_blocks(void **state)
{
	(void)state;
	const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	const char *want = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
	char hex[65];
	for (size_t piece = 1; piece <= 64; piece++) {
		hex_in_pieces(m, strlen(m), piece, hex);
		assert_string_equal(hex, want);
	}
}

static void test_empty(void **state)
{
	(void)state;
	char hex[65];
	sha256_hex_of("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void test_million_a(void **state)
{
	(void)state;
	/* FIPS 180-2 B.3: one million 'a' */
	size_t n = 1000000;
	char *m = malloc(n);
	assert_non_null(m);
	memset(m, 'a', n);
	char hex[65];
	hex_in_pieces(m, n, 4099, hex);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fips_abc),
		cmocka_unit_test(test_fips_two_blocks),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_million_a),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
