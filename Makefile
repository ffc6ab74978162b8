# trygg - build, demo and tests. `make demo` and `make check` are the README's two commands.

CC      ?= cc
# libdeflate compresses libharu's streams (src/pdf.c, doc/pdf.md)
PKGS    := cairo cairo-ft cairo-svg cairo-png libxml-2.0 freetype2 fontconfig libdeflate
CSTD    := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -pthread
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# libharu and libcsv ship no .pc file on Debian.
LIBS     = $(PKG_LIBS) -lhpdf -lcsv -lglpk -lm -pthread
TEST_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null)

BUILD  ?= release
ifeq ($(BUILD),asan)
  OPT := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
  LDOPT := -fsanitize=address,undefined
else ifeq ($(BUILD),debug)
  OPT := -O0 -g
  LDOPT :=
else
  OPT := -O2 -g
  LDOPT :=
endif
B ?= build/$(BUILD)

CFLAGS_ALL = $(CSTD) $(WARN) $(OPT) $(PKG_CFLAGS) -Isrc -I$(B) -MMD -MP $(CFLAGS)

SRCS     := $(wildcard src/*.c)
LIB_SRCS := $(filter-out src/main.c,$(SRCS))
LIB_OBJS := $(LIB_SRCS:src/%.c=$(B)/%.o) $(B)/schema_data.o $(B)/icc_data.o
SCHEMAS  := $(wildcard src/schema/*.xsd)
TESTS    := $(patsubst tests/unit/%.c,$(B)/tests/%,$(wildcard tests/unit/test_*.c))
GEN      := $(B)/gen-samples

.PHONY: all demo check unit golden asan asan-check valgrind clean deps samples fuzz fuzz-build bench
all: trygg

trygg: $(B)/trygg
	cp $< $@

$(B)/trygg: $(LIB_OBJS) $(B)/main.o
	$(CC) $(LDOPT) -o $@ $^ $(LIBS) $(LDFLAGS)

$(B)/%.o: src/%.c | $(B)/schema_data.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

# The schemas are built into the program so that an installed trygg needs no data files.
$(B)/schema_data.c: $(SCHEMAS) src/schema/embed.sh
	@mkdir -p $(B)
	sh src/schema/embed.sh $(SCHEMAS) > $@.tmp && mv $@.tmp $@

$(B)/schema_data.o: $(B)/schema_data.c
	$(CC) $(CFLAGS_ALL) -Wno-missing-prototypes -c -o $@ $<

# So is the sRGB profile of the PDF/A output intent (src/icc/README).
ICC_EMBED = { echo '\#include <stddef.h>'; echo 'const unsigned char pdf_srgb_icc[] = {'; \
	od -An -v -tx1 $< | sed -e 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'; echo '};'; \
	echo 'const size_t pdf_srgb_icc_len = sizeof(pdf_srgb_icc);'; } > $@.tmp && mv $@.tmp $@
$(B)/icc_data.c: src/icc/sRGB.icc
	@mkdir -p $(B)
	$(ICC_EMBED)

$(B)/icc_data.o: $(B)/icc_data.c
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(B)/tests/%: tests/unit/%.c $(LIB_OBJS) tests/unit/testutil.h tests/unit/sample_fixture.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itests/unit -o $@ $< $(LIB_OBJS) $(LDOPT) $(LIBS) $(TEST_LIBS)

# test_pdf inflates the PDF's streams with zlib to check libdeflate's (pdf_zip.c)
$(B)/tests/test_pdf: TEST_LIBS += -lz

# Prints change_test()'s results for tests/golden/change.sh (compared there with scipy).
$(B)/change-table: tests/change/change_table.c $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -o $@ $< $(LIB_OBJS) $(LDOPT) $(LIBS)

$(GEN): samples/gen.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) -O2 -o $@ $<

# Installs the Debian packages that are missing (apt-get as root, sudo otherwise).
deps:
	@sh .ci/install-deps

# Regenerates the committed sample exports (deterministic; the test suite checks that the
# committed files equal the generator's output).
samples: $(GEN)
	$(GEN) samples/bjuv/exports

demo: deps
	$(MAKE) trygg
	./trygg report -c samples/bjuv/trygg.xml --period sommar-2018 -o out/
	@echo "Wrote out/bjuv-sommar-2018.pdf"

unit: $(TESTS)
	@for t in $(TESTS); do $$t || exit 1; done

check: deps
	$(MAKE) $(B)/trygg $(TESTS) $(GEN) $(B)/change-table $(B)/bench/gen_exports
	TRYGG=$(CURDIR)/$(B)/trygg sh tests/run.sh $(B)

asan:
	$(MAKE) BUILD=asan trygg-asan

trygg-asan: $(B)/trygg $(TESTS) $(GEN) $(B)/change-table $(B)/bench/gen_exports

asan-check: deps
	$(MAKE) BUILD=asan trygg-asan
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
		TRYGG=$(CURDIR)/build/asan/trygg sh tests/run.sh build/asan

# libFuzzer targets, one per parser (tests/fuzz/fuzz_*.c), built with clang and sanitizers.
# Each runs FUZZ_SECONDS from its seed corpus tests/fuzz/corpus/NAME (new inputs go to
# build/fuzz/corpus-NAME, never into the repository).
FUZZ_SECONDS ?= 20
FUZZ_B := build/fuzz
FUZZ_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 \
	-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all $(PKG_CFLAGS) \
	-Isrc -I$(FUZZ_B)
FUZZ_LDFLAGS = -fsanitize=fuzzer,address,undefined
FUZZERS := $(patsubst tests/fuzz/%.c,$(FUZZ_B)/%,$(wildcard tests/fuzz/fuzz_*.c))
# the library is compiled once for all fuzz targets
FUZZ_OBJS := $(LIB_SRCS:src/%.c=$(FUZZ_B)/obj/%.o) $(FUZZ_B)/obj/schema_data.o \
	$(FUZZ_B)/obj/icc_data.o
# made by a pattern rule, so make would delete them as intermediates after linking and
# compile the whole library again on the next fuzz-build
.SECONDARY: $(FUZZ_OBJS)

$(FUZZ_B)/schema_data.c: $(SCHEMAS) src/schema/embed.sh
	@mkdir -p $(FUZZ_B)
	sh src/schema/embed.sh $(SCHEMAS) > $@.tmp && mv $@.tmp $@

$(FUZZ_B)/obj/schema_data.o: $(FUZZ_B)/schema_data.c
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_B)/icc_data.c: src/icc/sRGB.icc
	@mkdir -p $(FUZZ_B)
	$(ICC_EMBED)

$(FUZZ_B)/obj/icc_data.o: $(FUZZ_B)/icc_data.c
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_B)/obj/%.o: src/%.c $(wildcard src/*.h) | $(FUZZ_B)/schema_data.c
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_B)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_util.h tests/fuzz/sanitizer_options.c $(FUZZ_OBJS)
	clang $(FUZZ_CFLAGS) $(FUZZ_LDFLAGS) -o $@ $< tests/fuzz/sanitizer_options.c $(FUZZ_OBJS) $(LIBS)

# fuzz_logo computes PNG chunk CRCs with zlib's crc32 (see its header comment)
$(FUZZ_B)/fuzz_logo: LIBS += -lz

fuzz-build: $(FUZZ_B)/schema_data.c $(FUZZERS)

fuzz: fuzz-build
	@set -e; for f in $(FUZZERS); do n=$${f##*/fuzz_}; mkdir -p $(FUZZ_B)/corpus-$$n; \
		dict=""; [ -f tests/fuzz/$$n.dict ] && dict="-dict=tests/fuzz/$$n.dict"; \
		echo "fuzz $$n for $(FUZZ_SECONDS) s"; \
		$$f -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=10 $$dict \
			$(FUZZ_B)/corpus-$$n tests/fuzz/corpus/$$n 2>$(FUZZ_B)/$$n.log || \
			{ tail -n 40 $(FUZZ_B)/$$n.log; exit 1; }; \
		tail -n 1 $(FUZZ_B)/$$n.log; done

# Rewrites the golden dumps of the page model and the document tree (tests/golden/sample/
# dump.txt, tree.txt) from this build; review the change with git diff before committing it.
.PHONY: golden-update
golden-update: $(B)/trygg
	GOLDEN_UPDATE=1 TMP=$$(mktemp -d) TRYGG=$(CURDIR)/$(B)/trygg B=$(B) sh tests/golden/layout.sh

valgrind: $(B)/trygg $(TESTS)
	VALGRIND=1 TRYGG=$(CURDIR)/$(B)/trygg sh tests/run.sh $(B)
	TRYGG=$(CURDIR)/$(B)/trygg TMP=$$(mktemp -d) sh tests/valgrind/cli.sh | tee $(B)/valgrind-cli.log
	@! grep -q '^not ok' $(B)/valgrind-cli.log

# Benchmarks: every tests/bench/bench_*.c is built against the library and every
# tests/bench/bench_*.c and bench_*.sh is run by tests/bench/run.sh, which prints the
# figures (README "Performance" keeps the latest). Never part of make check.
BENCHES := $(patsubst tests/bench/%.c,$(B)/bench/%,$(wildcard tests/bench/bench_*.c))
$(B)/bench/%: tests/bench/%.c tests/bench/bench_libs.h $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itests/bench -o $@ $< $(LIB_OBJS) $(LDOPT) $(LIBS)

# The side-by-side bench (tests/bench/bench_compare.sh) runs a reference pipeline in Python
# (tests/bench/reference.py); its packages are for `make bench` only, not for CI. Its data
# comes from $(B)/bench/gen_exports (built by the rule above; make check uses it too).
BENCH_PY_PKGS := python3-pandas python3-matplotlib python3-reportlab
.PHONY: bench-deps bench-dups fuzz-seeds
bench-deps:
	@/usr/bin/python3 -c 'import pandas, matplotlib, reportlab' 2>/dev/null || \
		{ if [ "$$(id -u)" -eq 0 ]; then S=; else S=sudo; fi; \
		  $$S apt-get install -y --no-install-recommends $(BENCH_PY_PKGS); }

bench: deps bench-deps
	$(MAKE) $(B)/trygg $(GEN) $(BENCHES) $(B)/bench/gen_exports
	@for s in $${BENCH_SIZES:-10k 1m 5m}; do case $$s in *k) n=$${s%k}000;; *m) n=$${s%m}000000;; esac; \
		[ -s build/bench/$$s/trygg.xml ] || { mkdir -p build/bench/$$s && $(B)/bench/gen_exports $$n build/bench/$$s $(CURDIR); } || exit 1; done
	TRYGG=$(CURDIR)/$(B)/trygg sh tests/bench/run.sh $(B)

# Precision and recall of the duplicate rule at 10 k and 1 M rows (doc/ingest.md); a minute
# or two, so apart from make bench.
bench-dups: $(B)/trygg
	TRYGG=$(CURDIR)/$(B)/trygg sh tests/bench/dup_precision.sh

# Rewrites the font fuzzer's smallest seed (tests/fuzz/corpus/font/tiny.ttf).
fuzz-seeds:
	/usr/bin/python3 tests/fuzz/make_font_seed.py tests/fuzz/corpus/font/tiny.ttf

clean:
	rm -rf build trygg out

-include $(wildcard $(B)/*.d $(B)/tests/*.d)
