/* fuzz_logo.c - libFuzzer target for the logo's PNG loader (paint_png_rgb): cairo and libpng
 * on hostile bytes must give an image or a clean error, never a crash or a huge allocation.
 *
 * libpng checks every chunk's CRC first, so nearly every mutation used to end there (36
 * coverage points): the harness writes correct CRCs into a copy of the input (the first
 * input byte says whether to, so broken CRCs are still tried) and the mutations reach the
 * decoder: IHDR, palettes, zlib data, filters, interlacing. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "paint.h"

/* Recomputes the CRC of every complete chunk after the 8-byte signature. */
static void fix_crcs(unsigned char *p, size_t n)
{
	size_t at = 8;
	while (at + 12 <= n) {
		uint32_t len = (uint32_t)p[at] << 24 | (uint32_t)p[at + 1] << 16 |
			       (uint32_t)p[at + 2] << 8 | p[at + 3];
		if (len > n - at - 12)
			break;
		uLong crc = crc32(0L, p + at + 4, (uInt)len + 4);
		unsigned char *c = p + at + 8 + len;
		c[0] = (unsigned char)(crc >> 24);
		c[1] = (unsigned char)(crc >> 16);
		c[2] = (unsigned char)(crc >> 8);
		c[3] = (unsigned char)crc;
		at += 12 + (size_t)len;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int keep_crcs = data[0] & 1;
	unsigned char *png = malloc(size);
	if (!png)
		abort();
	memcpy(png, data + 1, size - 1);
	if (!keep_crcs)
		fix_crcs(png, size - 1);
	data = png;
	size--;
	unsigned char *rgb = NULL;
	int w = 0, h = 0;
	struct diag d = {0};
	if (paint_png_rgb(data, size, "fuzz.png", &rgb, &w, &h, &d) == 0) {
		/* an accepted image is within the limits and every pixel is readable */
		if (!rgb || w < 1 || h < 1 || w > PAINT_PNG_MAX || h > PAINT_PNG_MAX)
			abort();
		unsigned sum = 0;
		for (size_t i = 0; i < (size_t)w * (size_t)h * 3; i++)
			sum += rgb[i];
		(void)sum;
	} else if (rgb || d.code != DIAG_EX_CONFIG) {
		abort();
	}
	free(rgb);
	free(png);
	return 0;
}
