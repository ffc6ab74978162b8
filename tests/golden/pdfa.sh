# tests/golden/pdfa.sh - every kind of report is PDF/A-1b (doc/pdf.md): the sample follow-up,
# the lägesbild, the English version and every department version pass PDFBox Preflight
# (Debian's libpdfbox2-java, the only PDF/A validator that installs here), PDFBox and poppler
# read them without a warning, qpdf finds no syntax error, the XMP claims PDF/A-1b and nothing
# more, and a second run gives the same bytes. Preflight runs once, over a folder of all the
# files, in one JVM (about 1 s of CPU per file).
. tests/lib.sh
trap 'rm -rf "$TMP"' EXIT
S=samples/bjuv/trygg.xml
export SOURCE_DATE_EPOCH=1534680000 # 2018-08-19: dates in the information and the XMP
unset TRYGG_PDF_STANDARD

expect_exit "sample report" 0 "$TRYGG" report -c "$S" --period sommar-2018 -o "$TMP/sample" --quiet
expect_exit "lägesbild" 0 "$TRYGG" report -c "$S" --period 2018-07 --template lagesbild \
	-o "$TMP/lage" --quiet
expect_exit "English report" 0 "$TRYGG" report -c "$S" --period sommar-2018 --lang en \
	-o "$TMP/en" --quiet
expect_exit "department versions" 0 "$TRYGG" report -c "$S" --period sommar-2018 \
	--per-department -o "$TMP/dept" --quiet

# One folder for Preflight; the whole report of the --per-department run equals the sample.
mkdir -p "$TMP/all"
cp "$TMP/sample/bjuv-sommar-2018.pdf" "$TMP/all/sample.pdf"
cp "$TMP/lage/bjuv-2018-07.pdf" "$TMP/all/lagesbild.pdf"
cp "$TMP/en/bjuv-sommar-2018.pdf" "$TMP/all/en.pdf"
ndept=0
for f in "$TMP"/dept/bjuv-sommar-2018-*.pdf; do
	[ -f "$f" ] || continue
	cp "$f" "$TMP/all/dept-${f##*/bjuv-sommar-2018-}"
	ndept=$((ndept + 1))
done
# samples/bjuv/trygg.xml has four departments.
expect_eq "one PDF per department" "$ndept" 4
nfiles=$(ls "$TMP/all" | wc -l)

for f in "$TMP"/all/*.pdf; do
	n=${f##*/}
	pdftotext "$f" - >/dev/null 2>"$TMP/pt.err"
	if [ -s "$TMP/pt.err" ]; then not_ok "pdftotext reads $n without a warning" \
		"$(sort "$TMP/pt.err" | uniq -c | head -n 5)"; else ok "pdftotext reads $n without a warning"; fi
	expect_exit "qpdf --check $n" 0 qpdf --check "$f"
	pdfinfo -meta "$f" >"$TMP/xmp" 2>&1
	expect_grep "$n: XMP claims PDF/A part 1" "$TMP/xmp" "<pdfaid:part>1</pdfaid:part>"
	expect_grep "$n: conformance B" "$TMP/xmp" "<pdfaid:conformance>B</pdfaid:conformance>"
	expect_no_grep "$n: no PDF/UA claim" "$TMP/xmp" "pdfuaid"
	expect_grep "$n: XMP date is SOURCE_DATE_EPOCH" "$TMP/xmp" \
		"<xmp:CreateDate>2018-08-19T12:00:00+00:00</xmp:CreateDate>"
	head -c 9 "$f" >"$TMP/head"
	expect_grep "$n: PDF 1.4 header" "$TMP/head" "%PDF-1.4"
done

# Same input, same bytes: the ID is a hash of the content, never of the clock.
"$TRYGG" report -c "$S" --period sommar-2018 -o "$TMP/again" --quiet
if cmp -s "$TMP/sample/bjuv-sommar-2018.pdf" "$TMP/again/bjuv-sommar-2018.pdf"; then
	ok "two runs give the same bytes"
else not_ok "two runs give the same bytes"; fi
"$TRYGG" report -c "$S" --period sommar-2018 --per-department -o "$TMP/dept2" --quiet
same=yes
for f in "$TMP"/dept/*.pdf; do cmp -s "$f" "$TMP/dept2/${f##*/}" || same="no: ${f##*/}"; done
expect_eq "two department runs give the same bytes" "$same" yes

# PDFBox Preflight. Without the last two jars it dies with NoClassDefFoundError.
CP=""
for j in pdfbox2 fontbox2 commons-logging preflight xmpbox javax.activation jaxb-api; do
	CP="$CP${CP:+:}/usr/share/java/$j.jar"
done
if ! command -v java >/dev/null 2>&1 || [ ! -f /usr/share/java/preflight.jar ]; then
	not_ok "PDFBox Preflight is installed" "run: sh .ci/install-deps"
	exit 0
fi
java -cp "$CP" org.apache.pdfbox.preflight.Validator_A1b batch "$TMP/all" >"$TMP/pf.out" \
	2>"$TMP/pf.err"
nvalid=$(grep -c "is a valid PDF/A-1b file" "$TMP/pf.out")
if [ "$nvalid" -eq "$nfiles" ] && ! grep -q "not a valid" "$TMP/pf.out"; then
	ok "Preflight: all $nfiles reports are valid PDF/A-1b"
else
	not_ok "Preflight: all $nfiles reports are valid PDF/A-1b" "$nvalid valid" \
		"$(grep -v '^$' "$TMP/pf.out" | head -n 12)" "$(head -n 5 "$TMP/pf.err")"
fi
if grep -q -i "warn\|severe\|exception" "$TMP/pf.err"; then
	not_ok "PDFBox reads every report without a warning" "$(sort "$TMP/pf.err" | uniq -c | head)"
else ok "PDFBox reads every report without a warning"; fi
