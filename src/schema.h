/* schema.h - the XML Schemas built into the program from src/schema/ by embed.sh. */
#ifndef TRYGG_SCHEMA_H
#define TRYGG_SCHEMA_H

#include <stddef.h>

extern const unsigned char schema_config[];
extern const size_t schema_config_len;
extern const unsigned char schema_profile[];
extern const size_t schema_profile_len;
extern const unsigned char schema_template[];
extern const size_t schema_template_len;

#endif
