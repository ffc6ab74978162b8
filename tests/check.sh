# tests/check.sh - `trygg check` as the data-quality report: --format json (parsed by python3),
# duplicates across departments (flag and merge, with a file that fails part-way), real SCB and
# Brå files through profiles, and a corrupted sample copy whose personal number appears nowhere.
# Expected numbers come from the fixtures worked out by hand, or from awk/python over the files.
. tests/lib.sh
trap 'rm -rf "$TMP"' EXIT
S=samples/bjuv/trygg.xml
D=tests/data/ingest/dups

# json_get FILE EXPR : evaluates a python expression over the parsed document `d`
json_get() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }

expect_exit "check --format json exits 0" 0 "$TRYGG" check -c "$S" --format json
cp "$TMP/out" "$TMP/sample.json"
# three yearly property files (one glob), schools, culture & leisure, measures, Brå
expect_eq "check --format json is valid JSON with every source" \
	"$(json_get "$TMP/sample.json" 'len(d["sources"])')" "7"
expect_eq "json: read = accepted + rejected + duplicates for every source" \
	"$(json_get "$TMP/sample.json" 'all(s["read"]==s["accepted"]+s["rejected"]+s["duplicates"] for s in d["sources"])')" "True"
expect_eq "json: the Vattenskada reject with line and field" \
	"$(json_get "$TMP/sample.json" '[(r["line"],r["field"]) for s in d["sources"] for r in s["rejects"] if "Vattenskada" in r["reason"]]')" "[(87, 'category')]"
expect_eq "json: the skola file's encoding" \
	"$(json_get "$TMP/sample.json" '[s["encoding"] for s in d["sources"] if s["file"].endswith("skola-incidenter.csv")][0]')" "utf-8-bom"
expect_exit "check --format text exits 0" 0 "$TRYGG" check -c "$S" --format text
expect_exit "check --format json --strict exits 65 on rejects" 65 "$TRYGG" check -c "$S" --format json --strict
expect_exit "check --format xml is a usage error" 64 "$TRYGG" check -c "$S" --format xml
expect_grep "unknown format is named" "$TMP/err" "unknown --format 'xml'"
expect_exit "check --format without value exits 64" 64 "$TRYGG" check -c "$S" --format

# ---- duplicates across departments (see the comments in tests/data/ingest/dups/trygg.xml) ----
expect_exit "check on the duplicate fixture exits 0" 0 "$TRYGG" check -c "$D/trygg.xml" --format json
cp "$TMP/out" "$TMP/dups.json"
expect_eq "dups: per source read/accepted/rejected/duplicates" \
	"$(json_get "$TMP/dups.json" '[(s["file"].split("/")[-1],s["read"],s["accepted"],s["rejected"],s["duplicates"]) for s in d["sources"]]')" \
	"[('a.csv', 4, 4, 0, 0), ('b.csv', 4, 2, 0, 2), ('d-broken.csv', 1, 0, 1, 0), ('c.csv', 3, 2, 0, 1)]"
expect_eq "dups: duplicate rows name the first report" \
	"$(json_get "$TMP/dups.json" '[(s["file"].split("/")[-1],u["line"],u["of_file"].split("/")[-1],u["of_line"]) for s in d["sources"] for u in s["duplicate_rows"]]')" \
	"[('b.csv', 2, 'a.csv', 2), ('b.csv', 5, 'a.csv', 4), ('c.csv', 3, 'b.csv', 3)]"
expect_eq "dups flag: duplicates kept (11 incidents)" "$(json_get "$TMP/dups.json" 'd["incidents"]')" "11"
expect_eq "dups: the broken file is not used" "$(json_get "$TMP/dups.json" '[s["used"] for s in d["sources"]]')" "[True, True, False, True]"
expect_exit "check on the merge fixture exits 0" 0 "$TRYGG" check -c "$D/trygg-merge.xml" --format json
expect_eq "dups merge: duplicates counted once (8 incidents)" "$(json_get "$TMP/out" 'd["incidents"]')" "8"
expect_eq "dups merge: same accounting as flag" \
	"$(json_get "$TMP/out" '[(s["accepted"],s["duplicates"]) for s in d["sources"]]')" "[(4, 0), (2, 2), (0, 0), (2, 1)]"
expect_exit "check text on the duplicate fixture" 0 "$TRYGG" check -c "$D/trygg.xml"
expect_grep "text lists a duplicate with file:line" "$TMP/out" "b.csv:5: duplicate: same date, site and category as $D/a.csv:4; kept and flagged"

# ---- real Swedish statistics through profiles ----
W=tests/data/swedish-data
expect_exit "check on the SCB/Brå configuration exits 0" 0 "$TRYGG" check -c "$W/trygg.xml" --format json
cp "$TMP/out" "$TMP/sv.json"
# independent counts: physical lines (no quoted newlines in these files), header excluded
bef_rows=$(awk 'END { print NR - 1 }' "$W/scb-dagens-samhalle/bef_k_tot.csv")
bef_bjuv=$(grep -c '^1260 Bjuv;' "$W/scb-dagens-samhalle/bef_k_tot.csv")
rams_rows=$(awk 'END { print NR - 1 }' "$W/scb-dagens-samhalle/kommuner.csv")
rams_bjuv=$(grep -a '^"1260 Bjuv"' "$W/scb-dagens-samhalle/kommuner.csv" | tr -d '\r' | awk -F, '$NF > 0' | wc -l)
bra_rows=$(awk 'END { print NR - 1 }' "$W/bra-sol/sol_dbfil_ar.txt")
bra_dots=$(awk -F';' 'NR > 1 && $5 == ".."' "$W/bra-sol/sol_dbfil_ar.txt" | wc -l)
expect_eq "SCB bef_k_tot.csv: rows read" "$(json_get "$TMP/sv.json" 'd["sources"][0]["read"]')" "$bef_rows"
expect_eq "SCB bef_k_tot.csv: Bjuv's rows accepted" "$(json_get "$TMP/sv.json" 'd["sources"][0]["accepted"]')" "$bef_bjuv"
expect_eq "SCB kommuner.csv (Windows-1252): rows read" "$(json_get "$TMP/sv.json" 'd["sources"][1]["read"]')" "$rams_rows"
expect_eq "SCB kommuner.csv: encoding detected" "$(json_get "$TMP/sv.json" 'd["sources"][1]["encoding"]')" "windows-1252"
expect_eq "SCB kommuner.csv: Bjuv's non-zero rows accepted" "$(json_get "$TMP/sv.json" 'd["sources"][1]["accepted"]')" "$rams_bjuv"
expect_eq "Brå SOL (trailing ;): rows read" "$(json_get "$TMP/sv.json" 'd["sources"][2]["read"]')" "$bra_rows"
expect_eq "Brå SOL: '..' rows rejected" "$(json_get "$TMP/sv.json" 'd["sources"][2]["rejected"]')" "$bra_dots"
expect_eq "Brå SOL: '..' has its own reason" \
	"$(json_get "$TMP/sv.json" 'sum("missing or suppressed" in r["reason"] for r in d["sources"][2]["rejects"])')" "$bra_dots"
# the län files (the same profile; no län is a locality here) and Brå's monthly file
for k in 3 4; do
	f=$(json_get "$TMP/sv.json" "d['sources'][$k]['file']")
	expect_eq "SCB $(basename "$f"): every row read" "$(json_get "$TMP/sv.json" "d['sources'][$k]['read']")" \
		"$(awk 'END { print NR - 1 }' "$f")"
	expect_eq "SCB $(basename "$f"): every row rejected as an unknown locality" \
		"$(json_get "$TMP/sv.json" "sum('unknown locality' in r['reason'] for r in d['sources'][$k]['rejects'])")" \
		"$(awk 'END { print NR - 1 }' "$f")"
done
M=$W/bra-sol/sol_dbfil_manad.txt
expect_eq "Brå monthly: rows read" "$(json_get "$TMP/sv.json" 'd["sources"][5]["read"]')" "$(awk 'END { print NR - 1 }' "$M")"
expect_eq "Brå monthly: the regions that are localities accepted" "$(json_get "$TMP/sv.json" 'd["sources"][5]["accepted"]')" \
	"$(awk -F';' 'NR > 1 && ($1 == "Hela landet" || $1 == "Region Nord")' "$M" | wc -l)"
# year ("2026 prel.") and month ("Aug") in two columns give August 2026
aug=$(awk -F';' 'NR > 1 && $1 == "Hela landet" && $3 ~ /^2026/ && $4 == "Aug" { n += $5 } END { print n }' "$M")
expect_exit "stats over the Brå monthly row" 0 "$TRYGG" stats -q -c "$W/trygg.xml" --period 2026-08 --baseline none --by category --format csv
expect_grep "Brå monthly: August 2026 counted in its month" "$TMP/out" "Bedrägeri;$aug"
expect_eq "SCB: Bjuv's population 2017 read as a count" \
	"$(json_get "$TMP/sv.json" 'd["sources"][0]["rejected"] + d["sources"][0]["accepted"]')" "$bef_rows"

# ---- a corrupted copy of a sample export ----
# fastighet-felanmalan-2017.csv (Windows-1252, CRLF, one row per line): a bad date at line 10,
# an unknown category at line 20, a personal number in Beskrivning at line 30.
C=$TMP/corrupt
mkdir -p "$C/exports"
PNR=19121212-1212
awk -v pnr="$PNR" 'BEGIN { FS = OFS = ";" }
	NR == 10 { $2 = "2017-13-45" }
	NR == 20 { $6 = "Fuktskada" }
	NR == 30 { $7 = "Anmalt av " pnr }
	{ print }' samples/bjuv/exports/fastighet-felanmalan-2017.csv >"$C/exports/fastighet-felanmalan-2017.csv"
sed -n '/<sources>/q;p' "$S" >"$C/trygg.xml"
cat >>"$C/trygg.xml" <<XML
  <sources>
    <source file="exports/fastighet-felanmalan-2017.csv" profile="$PWD/samples/bjuv/profiles/fastighet.xml" department="fastighet"/>
  </sources>
</trygg>
XML
rows=$(python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], encoding="cp1252", newline=""), delimiter=";")) - 1)' "$C/exports/fastighet-felanmalan-2017.csv")
expect_exit "check on the corrupted copy exits 0" 0 "$TRYGG" check -c "$C/trygg.xml" --format json
cp "$TMP/out" "$C/check.json"; cp "$TMP/err" "$C/check.err"
expect_eq "corrupted: exactly the two bad rows, with line, field and reason" \
	"$(json_get "$C/check.json" '[(r["line"],r["field"],r["reason"].split(":")[0]) for r in d["sources"][0]["rejects"]]')" \
	"[(10, 'date', \"date '2017-13-45'\"), (20, 'category', \"unknown category 'Fuktskada'\")]"
expect_eq "corrupted: no other row lost" "$(json_get "$C/check.json" 'd["sources"][0]["accepted"]')" "$((rows - 2))"
expect_eq "corrupted: the personal number is counted" "$(json_get "$C/check.json" 'd["sources"][0]["redacted"]')" "1"
expect_exit "check text on the corrupted copy" 0 "$TRYGG" check -c "$C/trygg.xml"
cp "$TMP/out" "$C/check.txt"; cat "$TMP/err" >>"$C/check.err"
expect_exit "report on the corrupted copy" 0 "$TRYGG" report -c "$C/trygg.xml" --period 2017 -o "$C/out"
cat "$TMP/out" "$TMP/err" >>"$C/check.err"
pdftotext "$C"/out/*.pdf "$C/report.txt" 2>/dev/null
expect_eq "corrupted: the report has text" "$(test -s "$C/report.txt" && echo yes)" "yes"
for f in check.json check.txt check.err report.txt; do
	expect_no_grep "corrupted: personal number in no output ($f)" "$C/$f" "1212-1212"
	expect_no_grep "corrupted: personal number digits in no output ($f)" "$C/$f" "1212121212"
done

# a stray quote makes the whole file unusable: stated at its line, no row used
awk 'BEGIN { FS = OFS = ";" } NR == 40 { $1 = "\"" $1 "\"x" } { print }' \
	samples/bjuv/exports/fastighet-felanmalan-2017.csv >"$C/exports/fastighet-felanmalan-2017.csv"
expect_eq "stray quote fixture differs at line 40 only" \
	"$(cmp samples/bjuv/exports/fastighet-felanmalan-2017.csv "$C/exports/fastighet-felanmalan-2017.csv" | sed 's/.*line //')" "40"
expect_exit "check on the stray-quote copy exits 0" 0 "$TRYGG" check -c "$C/trygg.xml" --format json
expect_eq "stray quote: file not used, nothing accepted" \
	"$(json_get "$TMP/out" '(d["sources"][0]["used"], d["sources"][0]["accepted"], d["incidents"])')" "(False, 0, 0)"
expect_eq "stray quote: failure names line 40" \
	"$(json_get "$TMP/out" '":40: unexpected quote" in d["sources"][0]["failure"]')" "True"
# a file that cannot be used is missing input (66), not rejected rows (65): issue 14
expect_exit "check --strict on the stray-quote copy exits 66" 66 "$TRYGG" check -c "$C/trygg.xml" --strict

# a UTF-8 export under a profile that says Windows-1252: the header error says so
U=$TMP/utf8
mkdir -p "$U/exports"
iconv -f WINDOWS-1252 -t UTF-8 samples/bjuv/exports/fastighet-felanmalan-2018.csv >"$U/exports/f.csv"
sed -n '/<sources>/q;p' "$S" >"$U/trygg.xml"
cat >>"$U/trygg.xml" <<XML
  <sources>
    <source file="exports/f.csv" profile="$PWD/samples/bjuv/profiles/fastighet.xml" department="fastighet"/>
  </sources>
</trygg>
XML
expect_exit "check on a UTF-8 file with a Windows-1252 profile exits 0" 0 "$TRYGG" check -c "$U/trygg.xml"
expect_grep "the wrong encoding is named at the header line" "$TMP/out" "f.csv:1: error: file not used: the header has no column"
expect_grep "the hint says what to set" "$TMP/out" 'set encoding="utf-8" or "auto" in the profile'

# check also checks the templates a report would use against the configuration
expect_exit "check on the sample with its templates exits 0" 0 "$TRYGG" check -c "$S"
expect_no_grep "the default templates fit the sample" "$TMP/err" "template"
expect_exit "check on a configuration the default templates do not fit still exits 0" 0 "$TRYGG" check -c "$W/trygg.xml"
expect_grep "the misfit is a warning at the template's line" "$TMP/err" "templates/uppfoljning.xml:14: warning: template 'uppfoljning': unknown category \"skadegorelse\""
expect_exit "the same under --strict exits 78" 78 "$TRYGG" check -c "$W/trygg.xml" --strict
expect_exit "a named template that does not fit exits 78" 78 "$TRYGG" check -c "$W/trygg.xml" --template uppfoljning
expect_grep "and says where" "$TMP/err" "uppfoljning.xml:14: error:"
expect_exit "a named template that does not exist exits 66" 66 "$TRYGG" check -c "$S" --template nope
