/* test_xmlsafe.c - the safe libxml2 set-up: DOCTYPE, entities and gzip refused with the file
 * and line, malformed XML located, the 65 535-line limit of libxml2's element lines, schema
 * validation, the SAX2 push parser, and the DOM helpers (trimmed attributes and text). Inputs
 * are written by the test; expected lines are counted by hand in them. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xmlsafe.h"

static const char *put(const char *name, const void *bytes, size_t n)
{
	return tu_put(name, bytes, n);
}

static const char *puts_file(const char *name, const char *text)
{
	return tu_put(name, text, strlen(text));
}

static const xmlNode *first_element(const xmlNode *n)
{
	while (n && n->type != XML_ELEMENT_NODE)
		n = n->next;
	return n;
}

static void test_dom_helpers(void **state)
{
	(void)state;
	const char *p = puts_file("ok.xml", "<?xml version=\"1.0\"?>\n"
					    "<root id=\"  r1 \" empty=\"\">\n"
					    "  <item>  Hörby &amp; Höör\n  </item>\n"
					    "  <blank/>\n"
					    "</root>\n");
	struct diag d = {0};
	xmlDocPtr doc = NULL;
	assert_int_equal(xmlsafe_read_doc(p, DIAG_EX_CONFIG, &doc, &d), 0);
	const xmlNode *root = xmlDocGetRootElement(doc);
	assert_true(xmlsafe_is_element(root, "root"));
	assert_false(xmlsafe_is_element(root, "roo"));
	assert_int_equal(xmlsafe_line(root), 2);
	char *v = xmlsafe_attr(root, "id");
	assert_string_equal(v, "r1");
	free(v);
	v = xmlsafe_attr(root, "empty");
	assert_string_equal(v, "");
	free(v);
	assert_null(xmlsafe_attr(root, "missing"));
	/* the first child is white space: a text node, never an element */
	assert_false(xmlsafe_is_element(root->children, "item"));
	const xmlNode *item = first_element(root->children);
	assert_true(xmlsafe_is_element(item, "item"));
	assert_int_equal(xmlsafe_line(item), 3);
	v = xmlsafe_text(item);
	assert_string_equal(v, "Hörby & Höör"); /* &amp; is XML itself, not an entity */
	free(v);
	const xmlNode *blank = first_element(item->next);
	assert_true(xmlsafe_is_element(blank, "blank"));
	assert_int_equal(xmlsafe_line(blank), 5);
	v = xmlsafe_text(blank);
	assert_string_equal(v, "");
	free(v);
	xmlFreeDoc(doc);
}

static void test_refusals(void **state)
{
	(void)state;
	struct diag d = {0};
	xmlDocPtr doc = NULL;

	/* DOCTYPE with an internal entity: refused, pointing at the DOCTYPE's line */
	const char *p = puts_file("dtd.xml", "<?xml version=\"1.0\"?>\n"
					     "<!-- a comment -->\n"
					     "<!DOCTYPE root [<!ENTITY e \"boom\">]>\n"
					     "<root>&e;</root>\n");
	assert_int_equal(xmlsafe_read_doc(p, DIAG_EX_CONFIG, &doc, &d), -1);
	assert_null(doc);
	assert_int_equal(d.code, DIAG_EX_CONFIG);
	assert_string_equal(d.file, p);
	assert_int_equal(d.line, 3);
	assert_non_null(strstr(d.msg, "DOCTYPE"));
	assert_non_null(strstr(d.msg, " — remove the <!DOCTYPE ...> part"));

	/* the same bytes from memory (the loaders' *_load_mem): the same refusal and line */
	static const char dtd[] = "<?xml version=\"1.0\"?>\n<!-- a comment -->\n"
				  "<!DOCTYPE root [<!ENTITY e \"boom\">]>\n<root>&e;</root>\n";
	memset(&d, 0, sizeof(d));
	assert_int_equal(xmlsafe_read_doc_mem("mem.xml", dtd, sizeof(dtd) - 1, DIAG_EX_CONFIG,
					      &doc, &d),
			 -1);
	assert_null(doc);
	assert_int_equal(d.code, DIAG_EX_CONFIG);
	assert_string_equal(d.file, "mem.xml");
	assert_int_equal(d.line, 3);
	assert_non_null(strstr(d.msg, "DOCTYPE"));

	/* an external DTD, never loaded */
	memset(&d, 0, sizeof(d));
	p = puts_file("ext.xml", "<?xml version=\"1.0\"?>\n"
				 "<!DOCTYPE root SYSTEM \"file:///etc/passwd\">\n<root/>\n");
	assert_int_equal(xmlsafe_read_doc(p, DIAG_EX_DATAERR, &doc, &d), -1);
	assert_int_equal(d.code, DIAG_EX_DATAERR);
	assert_int_equal(d.line, 2);
	assert_non_null(strstr(d.msg, "DOCTYPE"));

	/* an entity reference without a declaration is not well-formed */
	memset(&d, 0, sizeof(d));
	p = puts_file("ent.xml", "<root>\n<a>&xxe;</a>\n</root>\n");
	assert_int_equal(xmlsafe_read_doc(p, DIAG_EX_CONFIG, &doc, &d), -1);
	assert_int_equal(d.code, DIAG_EX_CONFIG);
	assert_int_equal(d.line, 2);
	assert_non_null(strstr(d.msg, "xxe"));

	/* gzip, recognised by its magic bytes */
	static const unsigned char gz[] = {0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 3, 1, 2, 3};
	memset(&d, 0, sizeof(d));
	p = put("cfg.xml", gz, sizeof(gz));
	assert_int_equal(xmlsafe_read_doc(p, DIAG_EX_CONFIG, &doc, &d), -1);
	assert_int_equal(d.code, DIAG_EX_CONFIG);
	assert_non_null(strstr(d.msg, "gzip"));
	assert_non_null(strstr(d.msg, " — decompress it (gunzip) first"));

	/* malformed: the mismatched end tag on line 3 */
	memset(&d, 0, sizeof(d));
	p = puts_file("bad.xml", "<root>\n<a>\n</b>\n</root>\n");
	assert_int_equal(xmlsafe_read_doc(p, DIAG_EX_CONFIG, &doc, &d), -1);
	assert_int_equal(d.code, DIAG_EX_CONFIG);
	assert_int_equal(d.line, 3);
	assert_null(strchr(d.msg, '\n'));

	/* missing file */
	memset(&d, 0, sizeof(d));
	char missing[128];
	snprintf(missing, sizeof(missing), "%s/nope.xml", tu_dir());
	assert_int_equal(xmlsafe_read_doc(missing, DIAG_EX_CONFIG, &doc, &d), -1);
	assert_int_equal(d.code, DIAG_EX_NOINPUT);
	assert_non_null(strstr(d.msg, "nope.xml"));
}

/* libxml2 saturates element lines at 65535; xmlsafe_line finds the real one through text. */
static void test_big_lines(void **state)
{
	(void)state;
	enum { NL = 70000 };
	size_t n = NL + 64;
	char *buf = malloc(n);
	assert_non_null(buf);
	size_t k = (size_t)snprintf(buf, n, "<root>");
	memset(buf + k, '\n', NL);
	k += NL;
	k += (size_t)snprintf(buf + k, n - k, "<a>x</a></root>");
	const char *p = put("big.xml", buf, k);
	free(buf);
	struct diag d = {0};
	xmlDocPtr doc = NULL;
	assert_int_equal(xmlsafe_read_doc(p, DIAG_EX_CONFIG, &doc, &d), 0);
	const xmlNode *a = first_element(xmlDocGetRootElement(doc)->children);
	assert_true(xmlsafe_is_element(a, "a"));
	/* line 1 holds <root>, then NL newlines: <a> is on line NL + 1 */
	assert_int_equal(xmlsafe_line(a), NL + 1);
	xmlFreeDoc(doc);
}

static const char xsd[] =
	"<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n"
	" <xs:element name=\"root\"><xs:complexType><xs:sequence>\n"
	"  <xs:element name=\"a\" maxOccurs=\"unbounded\"><xs:complexType>\n"
	"   <xs:attribute name=\"n\" type=\"xs:integer\" use=\"required\"/>\n"
	"  </xs:complexType></xs:element>\n"
	" </xs:sequence></xs:complexType></xs:element>\n"
	"</xs:schema>\n";

static void test_validate(void **state)
{
	(void)state;
	struct diag d = {0};
	xmlDocPtr doc = NULL;
	const char *p = puts_file("v1.xml", "<root>\n<a n=\"1\"/>\n<a n=\"2\"/>\n</root>\n");
	assert_int_equal(xmlsafe_read_doc(p, DIAG_EX_CONFIG, &doc, &d), 0);
	assert_int_equal(xmlsafe_validate(doc, (const unsigned char *)xsd, strlen(xsd), p, &d), 0);
	xmlFreeDoc(doc);

	p = puts_file("v2.xml", "<root>\n<a n=\"1\"/>\n<a n=\"två\"/>\n</root>\n");
	assert_int_equal(xmlsafe_read_doc(p, DIAG_EX_CONFIG, &doc, &d), 0);
	assert_int_equal(xmlsafe_validate(doc, (const unsigned char *)xsd, strlen(xsd), p, &d), -1);
	assert_int_equal(d.code, DIAG_EX_CONFIG);
	assert_string_equal(d.file, p);
	assert_int_equal(d.line, 3);
	xmlFreeDoc(doc);

	memset(&d, 0, sizeof(d));
	p = puts_file("v3.xml", "<root>\n<a/>\n</root>\n");
	assert_int_equal(xmlsafe_read_doc(p, DIAG_EX_CONFIG, &doc, &d), 0);
	assert_int_equal(xmlsafe_validate(doc, (const unsigned char *)xsd, strlen(xsd), p, &d), -1);
	assert_int_equal(d.line, 2);
	/* a hint is appended when its needle occurs in the message */
	static const struct xmlsafe_hint hints[] = {
		{"no such words", "never"},
		{"'n'", "every <a> needs n=\"…\""},
	};
	xmlsafe_add_hint(&d, hints, 2, "fallback");
	size_t len = strlen(d.msg);
	const char *tail = " — every <a> needs n=\"…\"";
	assert_true(len > strlen(tail));
	assert_string_equal(d.msg + len - strlen(tail), tail);
	/* none matches: unchanged */
	char before[sizeof(d.msg)];
	memcpy(before, d.msg, sizeof(before));
	xmlsafe_add_hint(&d, hints, 1, NULL);
	assert_string_equal(d.msg, before);
	xmlFreeDoc(doc);

	/* a broken schema is the program's fault, not the user's */
	memset(&d, 0, sizeof(d));
	p = puts_file("v4.xml", "<root/>\n");
	assert_int_equal(xmlsafe_read_doc(p, DIAG_EX_CONFIG, &doc, &d), 0);
	static const char bad_xsd[] = "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">"
				      "<xs:element name=\"root\" type=\"xs:nosuchtype\"/></xs:schema>";
	assert_int_equal(xmlsafe_validate(doc, (const unsigned char *)bad_xsd, strlen(bad_xsd),
					  p, &d),
			 -1);
	assert_int_equal(d.code, DIAG_EX_SOFTWARE);
	xmlFreeDoc(doc);
}

struct sax_count {
	int rows, texts, stop_at;
	long lines[4];
};

static void count_start(void *ctx, const xmlChar *local, const xmlChar *prefix,
			const xmlChar *uri, int n_ns, const xmlChar **ns, int n_attrs,
			int n_defaulted, const xmlChar **attrs)
{
	(void)prefix, (void)uri, (void)n_ns, (void)ns, (void)n_attrs, (void)n_defaulted;
	(void)attrs;
	struct xmlsafe_sax *s = ctx;
	struct sax_count *c = s->user;
	if (strcmp((const char *)local, "row") != 0)
		return;
	if (c->rows < 4)
		c->lines[c->rows] = xmlsafe_sax_line(s);
	if (++c->rows == c->stop_at)
		xmlsafe_sax_stop(s, 0);
}

static void count_text(void *ctx, const xmlChar *ch, int len)
{
	struct sax_count *c = ((struct xmlsafe_sax *)ctx)->user;
	for (int i = 0; i < len; i++)
		if (ch[i] != '\n') {
			c->texts++; /* text other than the line breaks between the tags */
			break;
		}
}

static int sax_run(const char *p, struct sax_count *c, struct xmlsafe_sax *s, struct diag *d)
{
	xmlSAXHandler h;
	memset(&h, 0, sizeof(h));
	h.startElementNs = count_start;
	h.characters = count_text;
	return xmlsafe_sax_parse(s, p, &h, c, d);
}

static void test_sax(void **state)
{
	(void)state;
	struct diag d = {0};
	struct xmlsafe_sax s;
	struct sax_count c = {0};
	const char *p = puts_file("r.xml", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
					   "<rows>\n<row a=\"1\"/>\n\n<row\n a=\"2\"/>\n</rows>\n");
	assert_int_equal(sax_run(p, &c, &s, &d), 0);
	assert_int_equal(c.rows, 2);
	assert_int_equal(c.lines[0], 3);
	assert_int_equal(c.lines[1], 6); /* where the start tag ends, as libxml2 has it */
	assert_int_equal(s.failed, 0);
	assert_string_equal(s.encoding, "iso-8859-1");

	/* a callback stops the parse: -1, no error */
	memset(&c, 0, sizeof(c));
	c.stop_at = 1;
	assert_int_equal(sax_run(p, &c, &s, &d), -1);
	assert_int_equal(s.failed, 0);
	assert_int_equal(c.rows, 1);

	/* an error while reading lands in d, as a data error with the line */
	memset(&d, 0, sizeof(d));
	memset(&c, 0, sizeof(c));
	p = puts_file("r2.xml", "<rows>\n<row a=\"1\"/>\n<row a=\"2\">\n</rows>\n");
	assert_int_equal(sax_run(p, &c, &s, &d), -1);
	assert_int_equal(s.failed, 1);
	assert_int_equal(d.code, DIAG_EX_DATAERR);
	assert_int_equal(d.line, 4);
	assert_string_equal(s.encoding, "utf-8");

	/* a DOCTYPE stops the parse where it starts, before its declarations are read */
	memset(&d, 0, sizeof(d));
	memset(&c, 0, sizeof(c));
	p = puts_file("r3.xml", "<?xml version=\"1.0\"?>\n\n<!DOCTYPE rows [<!ENTITY x \"y\">]>\n"
				"<rows><row>&x;</row></rows>\n");
	assert_int_equal(sax_run(p, &c, &s, &d), -1);
	assert_int_equal(s.failed, 1);
	assert_int_equal(d.line, 3);
	assert_non_null(strstr(d.msg, "DOCTYPE"));
	assert_int_equal(c.rows, 0);

	/* an undeclared entity is an error, not text */
	memset(&d, 0, sizeof(d));
	memset(&c, 0, sizeof(c));
	p = puts_file("r4.xml", "<rows>\n<row>&x;</row></rows>\n");
	assert_int_equal(sax_run(p, &c, &s, &d), -1);
	assert_int_equal(d.line, 2);
	assert_int_equal(c.texts, 0);

	static const unsigned char gz[] = {0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0};
	memset(&d, 0, sizeof(d));
	p = put("r.xml.gz", gz, sizeof(gz));
	assert_int_equal(sax_run(p, &c, &s, &d), -1);
	assert_int_equal(d.code, DIAG_EX_DATAERR);
	assert_non_null(strstr(d.msg, "gzip"));

	memset(&d, 0, sizeof(d));
	p = put("empty.xml", "", 0);
	assert_int_equal(sax_run(p, &c, &s, &d), -1);
	assert_int_equal(d.code, DIAG_EX_DATAERR);
	assert_non_null(strstr(d.msg, "empty"));

	memset(&d, 0, sizeof(d));
	assert_int_equal(sax_run("/nonexistent/r.xml", &c, &s, &d), -1);
	assert_int_equal(d.code, DIAG_EX_NOINPUT);
}

/* The parser context is kept for the next document. A document that stops at an error
 * inside an element leaves that element's namespace bindings on libxml2's stack (upstream
 * 2.9.14's xmlCtxtReset does not clear it; 2.10.0 and Debian 12's 2.9.14 do): the next
 * document must not see them, nor anything else of the documents before. */
static void test_next_document(void **state)
{
	(void)state;
	static const char open_ns[] = "<a xmlns:p=\"urn:p\"><b>&amp</b></a>\n";
	static const char use_ns[] = "<p:c/>\n";
	struct diag d = {0};
	xmlDocPtr doc = NULL;
	assert_int_equal(xmlsafe_read_doc_mem("first.xml", open_ns, strlen(open_ns),
					      DIAG_EX_CONFIG, &doc, &d), -1);
	assert_null(doc);
	memset(&d, 0, sizeof(d));
	assert_int_equal(xmlsafe_read_doc_mem("second.xml", use_ns, strlen(use_ns),
					      DIAG_EX_CONFIG, &doc, &d), -1);
	assert_null(doc);
	assert_string_equal(d.file, "second.xml");
	if (!strstr(d.msg, "Namespace prefix p on c is not defined"))
		fail_msg("message \"%s\"", d.msg);
	/* and a good document after both parses as ever, with its own names */
	static const char good[] = "<p:c xmlns:p=\"urn:q\" v=\" 1 \"/>\n";
	memset(&d, 0, sizeof(d));
	assert_int_equal(xmlsafe_read_doc_mem("third.xml", good, strlen(good), DIAG_EX_CONFIG,
					      &doc, &d), 0);
	const xmlNode *root = xmlDocGetRootElement(doc);
	assert_string_equal((const char *)root->ns->href, "urn:q");
	char *v = xmlsafe_attr(root, "v");
	assert_string_equal(v, "1");
	free(v);
	xmlFreeDoc(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dom_helpers), cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_big_lines),   cmocka_unit_test(test_validate),
		cmocka_unit_test(test_sax),         cmocka_unit_test(test_next_document),
	};
	return cmocka_run_group_tests(tests, tu_tmpdir_setup, tu_tmpdir_teardown);
}
