# tests/redact.sh - personal identity numbers in file names, XML element names and fields,
# written with every separator trygg knows (space, no-break space, en dash from a
# Windows-1252 file, U+2212 minus, '_', none), appear in no output of check (text and JSON),
# stats (by source, by site), the report (PDF text, page dump, department versions, manifest,
# mail files) or stderr. The numbers are the Skatteverket examples 811218-9876 and
# 19121212-1212, 460713-7454 and the samordningsnummer 811278-9873 (Luhn-valid, checked in
# tests/unit/test_normalize.c). Expected counts are worked out by hand below.
. tests/lib.sh
trap 'rm -rf "$TMP"' EXIT
S=samples/bjuv/trygg.xml
E=samples/bjuv/exports
C=$TMP/redact
mkdir -p "$C/exports"
json_get() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }

EN=$(printf '\342\200\223')   # U+2013 en dash, UTF-8
NBSP=$(printf '\302\240')     # U+00A0
MINUS=$(printf '\342\210\222') # U+2212

# fastighet 2018 (Windows-1252; ';'): the file name holds a number (space and en dash); line 30's
# description one with a space, line 31's one with an en dash (byte 0x96 in Windows-1252).
# 3 numbers: the name, line 30, line 31.
F="$C/exports/fastighet 19811218${EN}9876.csv"
awk 'BEGIN { FS = OFS = ";" }
	NR == 30 { $7 = "Anmalt av 811218 9876" }
	NR == 31 { $7 = "Ring 19811218\2269876" }
	{ print }' "$E/fastighet-felanmalan-2018.csv" >"$F"

# skola (UTF-8 with BOM, ','): the name holds 8112189876 (no separator); seven rows get a
# number each: no-break space, U+2212 minus, a samordningsnummer; three the same one in the
# site (a site of its own, in stats --by site and the top sites); one in the category (an unknown
# category: the reject reason quotes the value). 8 numbers: the name, three descriptions,
# three sites, one category.
K="$C/exports/skola_8112189876.csv"
python3 - "$E/skola-incidenter.csv" "$K" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
head = rows[0]
d, site, cat = head.index("Beskrivning"), head.index("Skola"), head.index("Typ av händelse")
summer = [i for i, r in enumerate(rows) if i > 0 and r[0].endswith("/2018") and r[0].split("/")[1] in ("6", "7", "8")]
a, b, c, e, f = summer[:5]
rows[a][d] = "Elev 460713\u00a07454 slog sönder ruta"
rows[b][d] = "Vårdnadshavare 19121212\u22121212 kontaktad"
rows[c][d] = "Samordningsnummer 811278 9873"
for i in summer[5:8]:
    rows[i][site] = "Brogårdaskolan 811218 9876"
rows[f][cat] = "Klotter 811218-9876"
with open(sys.argv[2], "w", encoding="utf-8-sig", newline="") as o:
    csv.writer(o, lineterminator="\r\n").writerows(rows)
PY

# kultur-fritid (XML): the name holds 811218+9876; an element beside the records whose name holds
# 811218-9876 (listed by check as skipped), and a note with 811218–9876. 3 numbers.
X="$C/exports/kultur_811218+9876.xml"
sed -e 's|^<rapport xmlns="urn:bjuv:kultur-fritid:handelser:1">|&<anm_811218-9876>x</anm_811218-9876>|' \
	-e "0,/<notering>[^<]*</s|<notering>[^<]*</|<notering>Ring 811218${EN}9876</|" \
	"$E/kultur-fritid.xml" >"$X"

# a file that cannot be read (a stray quote at line 3): its name holds 811218 9876 and reaches
# the "file not used" warning. 1 number (the name).
T="$C/exports/trasig 811218 9876.csv"
awk 'BEGIN { FS = OFS = ";" } NR == 3 { $1 = "\"" $1 "\"x" } { print }' "$E/fastighet-felanmalan-2018.csv" >"$T"

# header cells reach the message of a file that cannot be used ("the header has no column …;
# the file's columns are: …"): the date column is renamed "Datum 19811218 9876" (redacted: 1
# number), and the next cell is long enough that the message, cut at 1023 bytes, would end in
# "811218-98" (91 + 19 + 4 bytes before the cell, 899 X's and a space: bytes 1014-1022), a part
# that redaction cannot recognise; it is dropped.
H="$C/exports/kolumner.csv"
python3 - "$E/fastighet-felanmalan-2018.csv" "$H" <<'PY'
import sys
lines = open(sys.argv[1], encoding="cp1252", newline="").read().split("\n")
head = lines[0].split(";")
head[0] = "Datum 19811218 9876"
head[1] = "X" * 899 + " 811218-9876"
lines[0] = ";".join(head)
open(sys.argv[2], "w", encoding="cp1252", newline="").write("\n".join(lines))
PY

# a path longer than the 511 bytes an error keeps of it, cut inside a number: the failure names
# the whole path (redacted) instead. The number starts at byte 507, 4 bytes before the cut
# (folders of 200 bytes: a name may have 255). 1 number.
L=$(python3 -c 'import sys; n = 511 - len(sys.argv[1]) - 1 - 4; print("d" * 200 + "/" + "e" * 200 + "/" + "f" * (n - 402))' "$C/exports/lang")
mkdir -p "$C/exports/lang/${L%/*}"
awk 'BEGIN { FS = OFS = ";" } NR == 3 { $1 = "\"" $1 "\"x" } { print }' "$E/fastighet-felanmalan-2018.csv" \
	>"$C/exports/lang/${L}811218-9876.csv"
[ "$(printf '%s' "$C/exports/lang/${L}811218" | wc -c)" -eq 513 ] && ok "long path: the cut falls in the number" ||
	not_ok "long path: the cut falls in the number" "$(printf '%s' "$C/exports/lang/${L}811218" | wc -c)"

cp "$E/insatser.csv" "$C/exports/"
sed -n '/<sources>/q;p' "$S" >"$C/trygg.xml"
P=$PWD/samples/bjuv/profiles
cat >>"$C/trygg.xml" <<XML
  <sources>
    <source file="exports/fastighet *.csv" profile="$P/fastighet.xml" department="fastighet"/>
    <source file="exports/skola_*.csv" profile="$P/skola.xml" department="skola"/>
    <source file="exports/kultur_*.xml" profile="$P/kultur-fritid.xml" department="kultur-fritid"/>
    <source file="exports/trasig *.csv" profile="$P/fastighet.xml" department="fastighet"/>
    <source file="exports/kolumner.csv" profile="$P/fastighet.xml" department="fastighet"/>
    <source file="exports/lang/*/*/*.csv" profile="$P/fastighet.xml" department="fastighet"/>
    <source file="exports/insatser.csv" profile="$P/insatser.xml"/>
  </sources>
</trygg>
XML

O=$C/out
mkdir -p "$O"
run() { # run NAME CMD… : exit 0 expected; stdout and stderr kept as $O/NAME.out, $O/NAME.err
	n=$1
	shift
	expect_exit "$n exits 0" 0 "$@"
	cp "$TMP/out" "$O/$n.out"
	cp "$TMP/err" "$O/$n.err"
}
run check "$TRYGG" check -c "$C/trygg.xml"
run check-json "$TRYGG" check -c "$C/trygg.xml" --format json
for f in table csv json; do
	run "stats-source-$f" "$TRYGG" stats -c "$C/trygg.xml" --period sommar-2018 --by source --format "$f"
done
run stats-site "$TRYGG" stats -c "$C/trygg.xml" --period sommar-2018 --by site
run stats-site-source "$TRYGG" stats -c "$C/trygg.xml" --period 2018 --by source,site --format csv
run report "$TRYGG" report -c "$C/trygg.xml" --period sommar-2018 -o "$C/pdf" --per-department \
	--mail-dir "$C/mail" --dump "$O/report.dump" --dump-tree "$O/report.tree"
for p in "$C"/pdf/*.pdf; do
	pdftotext -layout "$p" "$O/$(basename "$p").txt" 2>/dev/null
done
cp "$C"/pdf/*.csv "$C"/mail/* "$O/" 2>/dev/null

expect_eq "the main report and four department versions were written" "$(ls "$C"/pdf/*.pdf | wc -l)" "5"
expect_eq "redacted per source (name + fields, by hand)" \
	"$(json_get "$O/check-json.out" '[s["redacted"] for s in d["sources"]]')" "[3, 8, 3, 1, 1, 1, 0]"
expect_eq "the unreadable file is not used" \
	"$(json_get "$O/check-json.out" '[s["used"] for s in d["sources"]]')" "[True, True, True, False, False, False, True]"
expect_grep "check names the file with the number redacted" "$O/check.out" "fastighet XXXXXXXX${EN}XXXX.csv"
expect_grep "check lists the skipped element, redacted" "$O/check.out" "anm_XXXXXX-XXXX"
expect_grep "the reject reason quotes the category, redacted" "$O/check.out" "unknown category 'Klotter XXXXXX-XXXX'"
expect_grep "the warning names the unreadable file, redacted" "$O/report.err" "trasig XXXXXX XXXX.csv"
expect_grep "the header cell is quoted, redacted" "$O/check.out" '"Datum XXXXXXXX XXXX"'
expect_grep "the long path is named whole, redacted" "$O/check.out" "${L}XXXXXX-XXXX.csv:3: error: file not used"
expect_grep "stats --by source names the file, redacted" "$O/stats-source-table.out" "skola_XXXXXXXXXX.csv"
expect_grep "stats --by site shows the site, redacted" "$O/stats-site.out" "Brogårdaskolan XXXXXX XXXX"
expect_grep "the appendix names the file, redacted" "$O/bjuv-sommar-2018.pdf.txt" "kultur_XXXXXX+XXXX.xml"
n=$(ls "$O" | wc -l)
[ "$n" -ge 20 ] && ok "outputs collected ($n files)" || not_ok "outputs collected" "$(ls "$O")"
for f in "$O"/*; do
	# the date part of every number, alone (not inside a longer run of digits)
	if grep -aqE '(^|[^0-9])(19)?(811218|460713|811278|121212)([^0-9]|$)' "$f"; then
		not_ok "no personal number in $(basename "$f")" \
			"$(grep -anE '(^|[^0-9])(19)?(811218|460713|811278|121212)([^0-9]|$)' "$f" | head -3)"
	else
		ok "no personal number in $(basename "$f")"
	fi
done
