/* fuzz_xml.c - libFuzzer target for ingest_xml (streaming, from the file) and
 * xmlsafe_read_doc_mem (DOM: what xmlsafe_read_doc parses once it has read the file, given
 * the input itself): the first byte picks the namespace rule, the rest is the file. Built
 * like fuzz_csv.c. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_util.h"
#include "ingest.h"
#include "xmlsafe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *names_a[] = {"a", "datum"};
	static char *names_b[] = {"@b", "@datum"};
	static char *names_c[] = {"c"};
	if (size < 1)
		return 0;
	const char *path = fuzz_tmp("xml");
	fuzz_write(path, data + 1, size - 1);

	struct profile p;
	memset(&p, 0, sizeof(p));
	p.format = PROF_XML;
	p.record_element = (data[0] & 4) ? "r|s|" : "r"; /* several names; an empty one ignored */
	p.ns_uri = (data[0] & 1) ? "urn:t" : NULL;
	p.col[PF_DATE] = (struct prof_column){.used = 1, .names = names_a, .n_names = 2};
	p.col[PF_TIME] = (struct prof_column){.used = 1, .names = names_b, .n_names = 2};
	p.col[PF_TEXT] = (struct prof_column){.used = 1, .names = names_c, .n_names = 1};
	struct diag d;
	struct ingest_info info;
	size_t sum = 0;
	if (ingest_file(path, &p, fuzz_touch_row, &sum, &info, &d) < 0 && !d.msg[0])
		abort();
	if (info.n_skipped > INGEST_SKIPPED_MAX)
		abort();
	if (data[0] & 2) {
		xmlDocPtr doc = NULL;
		if (xmlsafe_read_doc_mem(path, (const char *)data + 1, size - 1, DIAG_EX_CONFIG,
					 &doc, &d) == 0)
			xmlFreeDoc(doc);
		else if (!d.msg[0])
			abort();
	}
	return 0;
}
