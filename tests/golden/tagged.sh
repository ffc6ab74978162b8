# tests/golden/tagged.sh - every kind of report is a tagged PDF whose structure tree is its
# document tree (doc/pdf.md): tests/golden/tagged_check.py compares `pdfinfo -struct-text` and
# a `qpdf --json` walk of the structure and parent tree with the report's own tree dump
# (--dump-tree) and bookmarks: the tree's nodes in its order with their text, headings H1-H3
# matching the bookmarks, a Figure with the tree's /Alt per chart, TH with a scope for every
# header cell, running header and footer as artifacts. Tagging changes neither the text
# (pdftotext) nor the pages (pdftoppm) against TRYGG_PDF_TAGGED=no, and two runs give the
# same bytes.
. tests/lib.sh
trap 'rm -rf "$TMP"' EXIT
S=samples/bjuv/trygg.xml
export SOURCE_DATE_EPOCH=1534680000
unset TRYGG_PDF_STANDARD TRYGG_PDF_TAGGED

# name, language, arguments; the logo case uses a copy of the sample with a logo
L="$TMP/logo"
mkdir -p "$L"
cp -r samples/bjuv "$L/"
"$TRYGG" report -q -c "$S" --period sommar-2018 -o "$L/plain" --charts-dir "$L/charts" >/dev/null 2>&1
for p in "$L"/charts/01-*.png; do cp "$p" "$L/bjuv/logo.png"; done
sed "s|<report |<report logo=\"logo.png\" |" "$L/bjuv/trygg.xml" >"$L/bjuv/logo.xml"

run() { # NAME LANG ARGS…: the report, its tree dump, its structure and objects
	n=$1 lang=$2
	shift 2
	mkdir -p "$TMP/$n"
	expect_exit "$n: report" 0 "$TRYGG" report -q "$@" -o "$TMP/$n" --dump-tree "$TMP/$n/tree.txt"
	pdf=$(ls "$TMP/$n"/*.pdf | head -n 1)
	pdfinfo "$pdf" >"$TMP/$n/info" 2>&1
	expect_grep "$n: pdfinfo says Tagged: yes" "$TMP/$n/info" "Tagged:          yes"
	pdfinfo -struct-text "$pdf" >"$TMP/$n/struct" 2>"$TMP/$n/struct.err"
	qpdf --json=2 "$pdf" >"$TMP/$n/q.json" 2>/dev/null
	python3 tests/golden/tagged_check.py "$n" "$TMP/$n/tree.txt" "$TMP/$n/struct" \
		"$TMP/$n/q.json" "$lang"
	[ -s "$TMP/$n/struct.err" ] && not_ok "$n: pdfinfo -struct-text without a warning" \
		"$(head -n 3 "$TMP/$n/struct.err")" || ok "$n: pdfinfo -struct-text without a warning"
	# the same text and the same pages as without tags
	TRYGG_PDF_TAGGED=no "$TRYGG" report -q "$@" -o "$TMP/$n/untagged"
	pdftotext -layout "$pdf" "$TMP/$n/t.txt"
	pdftotext -layout "$TMP/$n/untagged/${pdf##*/}" "$TMP/$n/u.txt"
	if cmp -s "$TMP/$n/t.txt" "$TMP/$n/u.txt"; then ok "$n: pdftotext text unchanged by tagging"
	else not_ok "$n: pdftotext text unchanged by tagging" "$(diff "$TMP/$n/u.txt" "$TMP/$n/t.txt" | head -n 6)"; fi
}
run sample sv-SE -c "$S" --period sommar-2018
run lagesbild sv-SE -c "$S" --period 2018-07 --template lagesbild
run en en -c "$S" --period sommar-2018 --lang en
run logo sv-SE -c "$L/bjuv/logo.xml" --period sommar-2018
# a whole year of generated exports: a table (52 weeks) goes on over a page, and its caption
# "… (forts.)" and header row drawn again there are artifacts, not a second reading
python3 tests/gen/realistic.py --rows 1000 --out "$TMP/gen" --seed 13 >/dev/null
run long sv-SE -c "$TMP/gen/trygg.xml" --period 2018
grep -q "(forts.)" "$TMP/long/t.txt" && ok "long: a table goes on over a page" ||
	not_ok "long: a table goes on over a page"
expect_no_grep "long: its repeated caption is no structure" "$TMP/long/struct" "(forts.)"
grep -q "figure\[logo\]" "$TMP/logo/tree.txt" && ok "logo: the tree has a logo figure" ||
	not_ok "logo: the tree has a logo figure"
# a department's version: its section first (the first PDF of --per-department is the whole report)
mkdir -p "$TMP/dept"
expect_exit "department versions" 0 "$TRYGG" report -q -c "$S" --period sommar-2018 \
	--per-department -o "$TMP/dept"
d=$(ls "$TMP"/dept/bjuv-sommar-2018-*.pdf | head -n 1)
pdfinfo "$d" | grep -q "Tagged: *yes" && ok "department version is tagged" ||
	not_ok "department version is tagged"
pdfinfo -struct-text "$d" | grep -q "^ *H1" && ok "department version has its headings" ||
	not_ok "department version has its headings"

# pages look the same: every page of the sample, rendered, with and without tags
p="$TMP/sample"
pdftoppm -r 40 -png "$p"/bjuv-sommar-2018.pdf "$p/t" && pdftoppm -r 40 -png "$p"/untagged/bjuv-sommar-2018.pdf "$p/u"
diffs=""
for f in "$p"/t-*.png; do cmp -s "$f" "$p/u-${f##*/t-}" || diffs="$diffs ${f##*/}"; done
[ -z "$diffs" ] && [ -f "$p/t-01.png" ] && ok "sample pages render the same with and without tags" ||
	not_ok "sample pages render the same with and without tags" "$diffs"

# same input, same bytes
"$TRYGG" report -q -c "$S" --period sommar-2018 -o "$TMP/again"
cmp -s "$TMP/sample/bjuv-sommar-2018.pdf" "$TMP/again/bjuv-sommar-2018.pdf" &&
	ok "two tagged runs give the same bytes" || not_ok "two tagged runs give the same bytes"
expect_exit "TRYGG_PDF_TAGGED=maybe is refused" 78 env TRYGG_PDF_TAGGED=maybe "$TRYGG" report -q \
	-c "$S" --period sommar-2018 -o "$TMP/bad"
