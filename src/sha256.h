/* sha256.h - SHA-256 (FIPS 180-4), for the manifest's checksums and the batch runner's digests
 * of what a report was made from. Small and dependency-free on purpose.
 *
 * Ownership: a struct sha256 is plain data; nothing to free. */
#ifndef TRYGG_SHA256_H
#define TRYGG_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN 32
#define SHA256_HEX_LEN 64

struct sha256 {
	uint32_t h[8];
	uint64_t total; /* bytes hashed so far */
	unsigned char buf[64];
	size_t n_buf;
};

void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *data, size_t len);
void sha256_final(struct sha256 *c, unsigned char out[SHA256_LEN]);
/* Lower-case hex of a finished hash into hex[SHA256_HEX_LEN + 1]. */
void sha256_hex(const unsigned char bin[SHA256_LEN], char hex[SHA256_HEX_LEN + 1]);
/* One-shot: hex digest of data. */
void sha256_hex_of(const void *data, size_t len, char hex[SHA256_HEX_LEN + 1]);

#endif
