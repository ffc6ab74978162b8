/* fuzz_logo.c - libFuzzer target for the logo's PNG loader (paint_png_rgb): cairo and libpng
 * on hostile bytes must give an image or a clean error, never a crash or a huge allocation. */
#include <stdint.h>
#include <stdlib.h>

#include "paint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
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
	return 0;
}
