#!/bin/sh
# check_threads.sh - sources are read in parallel (normalize.c) and merged in configuration
# order: every output must be byte-identical to a one-thread run. On the sample (a glob of
# three files, rejects, duplicates, measures) and on a generated three-format dataset with a
# broken file, a missing source, bad rows, XML elements that are no record and a Brå
# official-statistics source added, `check --format json`, `stats` (site ids
# are interned strings: their order shows), the report PDF and its page model are compared
# between TRYGG_THREADS=1, 2 and 3, and `taskset -c 0` (one CPU, no threads).
. "$(dirname "$0")/lib.sh"
B=${B:-build/release}
GEN=$B/bench/gen_exports

# outputs DIR: everything a run writes, in DIR
outputs() {
	o=$1 cfg=$2
	mkdir -p "$o"
	"$TRYGG" check -c "$cfg" --format json >"$o/check.json" 2>"$o/check.err"
	echo "exit $?" >>"$o/check.err"
	"$TRYGG" stats -c "$cfg" --period sommar-2018 --by site --format csv >"$o/stats.csv" 2>&1
	"$TRYGG" stats -c "$cfg" --period 2018 --by source,category >"$o/stats2.txt" 2>&1
	"$TRYGG" stats -c "$cfg" --official --period 2018 --baseline 2017 >"$o/official.txt" 2>&1
	"$TRYGG" report -c "$cfg" --period sommar-2018 -o "$o/pdf" --dump "$o/dump.txt" \
		>"$o/report.out" 2>"$o/report.err"
	echo "exit $?" >>"$o/report.err"
	# the output folder is named in the message: make it the same
	sed -i "s|$o/|OUT/|g" "$o/report.out" "$o/report.err"
}

# (this script again on one CPU: taskset runs programs, not shell functions)
if [ "${1:-}" = --outputs ]; then
	outputs "$2" "$3"
	exit 0
fi

compare() { # compare NAME CFG
	name=$1 cfg=$2
	TRYGG_THREADS=1 outputs "$TMP/$name-1" "$cfg"
	for n in 2 3; do
		TRYGG_THREADS=$n outputs "$TMP/$name-$n" "$cfg"
		if diff -r "$TMP/$name-1" "$TMP/$name-$n" >"$TMP/diff" 2>&1; then
			ok "$name: $n threads give byte-identical output to one"
		else
			not_ok "$name: $n threads give byte-identical output to one" "$(head -c 800 "$TMP/diff")"
		fi
	done
	if command -v taskset >/dev/null 2>&1 && taskset -c 0 true 2>/dev/null; then
		(unset TRYGG_THREADS; taskset -c 0 sh "$0" --outputs "$TMP/$name-cpu0" "$cfg")
		if diff -r "$TMP/$name-1" "$TMP/$name-cpu0" >"$TMP/diff" 2>&1; then
			ok "$name: one CPU (taskset -c 0) gives the same output"
		else
			not_ok "$name: one CPU (taskset -c 0) gives the same output" "$(head -c 800 "$TMP/diff")"
		fi
	fi
	# the comparison means something only if the run did produce all of it
	expect_grep "$name: the report was written" "$TMP/$name-1/report.err" "trygg: wrote"
}

compare sample "$PWD/samples/bjuv/trygg.xml"
expect_grep "sample: rejects are listed" "$TMP/sample-1/check.json" '"reason"'

if [ ! -x "$GEN" ]; then
	not_ok "generated dataset" "$GEN missing (make check builds it)"
	exit 0
fi
D=$TMP/gen
"$GEN" 20000 "$D" "$PWD" || not_ok "generate the dataset"
# bad rows in two files, a file that breaks part-way, and a source with no file
printf '1/7/2018,12:00,Storgatan 1,Bjuv,Okänd typ,text,1,\n2/7/2018,25:00,Storgatan 1,Bjuv,Brand,text,1,\n' >>"$D/skola.csv"
printf 'FA9;2018-07-03;;Ekeby;Storgatan 2;Brand/sot;"oavslutad\r\n' >"$D/trasig.csv"
sed -i 's|  </sources>|    <source file="trasig.csv" profile="'"$PWD"'/samples/bjuv/profiles/fastighet.xml" department="fastighet"/>\n    <source file="saknas-*.csv" profile="'"$PWD"'/samples/bjuv/profiles/fastighet.xml" department="fastighet"/>\n  </sources>|' "$D/trygg.xml"
# XML elements that are no record (counted per name, skipped), and official statistics
# (the Brå sample: a '..' row rejected, an exact repeat dropped as a duplicate)
sed -i 's|^  <handelse datum="2018-07-0[1-4]"|  <summering antal="3"/><kommentar>x</kommentar>\n&|' "$D/kultur.xml"
cp samples/bjuv/exports/bra-polisanmalda-brott-syntetisk.txt "$D/bra.txt"
sed -i 's|  </sources>|    <source file="bra.txt" profile="'"$PWD"'/samples/bjuv/profiles/bra.xml"/>\n  </sources>\n  <official-statistics source="Brå">\n    <area role="municipality" code="1260" name="Bjuv"/>\n    <area role="country" name="Hela landet"/>\n    <crime-type category="skadegorelse">Skadegörelse</crime-type>\n  </official-statistics>|' "$D/trygg.xml"
compare generated "$D/trygg.xml"
expect_grep "generated: the broken file is reported" "$TMP/generated-1/check.json" "trasig.csv"
expect_grep "generated: the bad rows are rejected" "$TMP/generated-1/check.json" "Okänd typ"
expect_grep "generated: elements that are no record are counted" "$TMP/generated-1/check.json" '"summering"'
expect_grep "generated: official statistics are read" "$TMP/generated-1/official.txt" "Skadegörelse"
if grep -qE '"duplicates": [1-9]' "$TMP/generated-1/check.json"; then
	ok "generated: duplicates across departments are found"
else
	not_ok "generated: duplicates across departments are found" "no source counts any"
fi
