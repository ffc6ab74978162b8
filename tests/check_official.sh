# tests/check_official.sh - official statistics (Brå) as the third kind of record: both real
# Brå "Databasfil" exports read through records="official" profiles with every row accounted
# for (counts worked out here with awk and Python, not by trygg), the incidents untouched by
# them, Latin-1 as the live server sends it, conflicting figures, the configuration's areas
# and crime types, and `trygg stats --official`.
. tests/lib.sh
trap 'rm -rf "$TMP"' EXIT
json_get() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }
W=tests/data/swedish-data
A=$W/bra-sol/sol_dbfil_ar.txt
M=$W/bra-sol/sol_dbfil_manad.txt

expect_exit "check with official sources exits 0" 0 "$TRYGG" check -c "$W/official.xml" --format json
cp "$TMP/out" "$TMP/o.json"
# sources 6 and 7 are the official ones (official.xml = trygg.xml + two sources)
for pair in "6 $A" "7 $M"; do
	k=${pair%% *} f=${pair#* }
	n=$(basename "$f")
	read_=$(awk 'END { print NR - 1 }' "$f")
	dots=$(awk -F';' 'NR > 1 && $5 == ".."' "$f" | wc -l)
	# exact repeats of an earlier data row (the '..' rows are rejected before they could be)
	reps=$(awk -F';' 'NR > 1 && $5 != ".." && seen[$0]++' "$f" | wc -l)
	expect_eq "official $n: the right file" "$(json_get "$TMP/o.json" "d['sources'][$k]['file']")" "$f"
	expect_eq "official $n: rows read" "$(json_get "$TMP/o.json" "d['sources'][$k]['read']")" "$read_"
	expect_eq "official $n: '..' rows rejected" "$(json_get "$TMP/o.json" "d['sources'][$k]['rejected']")" "$dots"
	expect_eq "official $n: '..' rows rejected with their reason" \
		"$(json_get "$TMP/o.json" "sum('missing or suppressed figure' in r['reason'] for r in d['sources'][$k]['rejects'])")" "$dots"
	expect_eq "official $n: exact repeats counted as duplicates" "$(json_get "$TMP/o.json" "d['sources'][$k]['duplicates']")" "$reps"
	expect_eq "official $n: accepted = read - rejected - duplicates" \
		"$(json_get "$TMP/o.json" "d['sources'][$k]['accepted']")" "$((read_ - dots - reps))"
done
expect_eq "the yearly file has '..' rows and repeats (the test means something)" \
	"$(awk -F';' 'NR > 1 && $5 == ".."' "$A" | wc -l) $(awk -F';' 'NR > 1 && $5 != ".." && seen[$0]++' "$A" | wc -l)" "11 2"
expect_eq "official figures stored = accepted rows" "$(json_get "$TMP/o.json" 'd["official"]')" \
	"$(json_get "$TMP/o.json" 'd["sources"][6]["accepted"] + d["sources"][7]["accepted"]')"

# never mixed into the municipality's own counts: the same incidents with and without them
"$TRYGG" check -c "$W/trygg.xml" --format json >"$TMP/t.json" 2>/dev/null
expect_eq "incidents unchanged by official sources" "$(json_get "$TMP/o.json" 'd["incidents"]')" "$(json_get "$TMP/t.json" 'd["incidents"]')"
expect_eq "the incident-reading sources account the same" \
	"$(json_get "$TMP/o.json" '[(s["read"], s["accepted"], s["rejected"]) for s in d["sources"][:6]]')" \
	"$(json_get "$TMP/t.json" '[(s["read"], s["accepted"], s["rejected"]) for s in d["sources"][:6]]')"
for p in 2024 2025 2026-08; do
	"$TRYGG" stats -q -c "$W/trygg.xml" --period $p --by category --format json >"$TMP/a.json"
	"$TRYGG" stats -q -c "$W/official.xml" --period $p --by category --format json >"$TMP/b.json"
	if cmp -s "$TMP/a.json" "$TMP/b.json"; then ok "stats $p by category: incident totals unchanged"
	else not_ok "stats $p by category: incident totals unchanged" "$(diff "$TMP/a.json" "$TMP/b.json" | head -5)"; fi
done

# ---- trygg stats --official, against the files read by Python ----
cat >"$TMP/expect.py" <<'PY'
import json, sys
yearly, monthly, got_f, period = sys.argv[1:5]
months = "Jan Feb Mar Apr Maj Jun Jul Aug Sep Okt Nov Dec".split()
fig = {}  # (area, crime) -> {(year, month): (count, rate, prel)}
for path, is_month in ((yearly, False), (monthly, True)):
    rows = [l.rstrip("\n").split(";") for l in open(path, encoding="utf-8")][1:]
    for r in rows:
        if r[4] == "..":
            continue
        y = r[2] if is_month else r[3]
        prel = "prel" in y
        key = (int(y[:4]), months.index(r[3]) + 1 if is_month else 0)
        fig.setdefault((r[0], r[1]), {})[key] = (int(r[4]), int(r[5]) if r[5] != ".." else None, prel)
def value(figs, period):
    if "-" in period:
        y, m = map(int, period.split("-"))
        f = figs.get((y, m))
    else:
        f = figs.get((int(period), 0))
        if f is None and all((int(period), m) in figs for m in range(1, 13)):
            fs = [figs[(int(period), m)] for m in range(1, 13)]
            f = (sum(x[0] for x in fs), None, any(x[2] for x in fs))
    return f
doc = json.load(open(got_f, encoding="utf-8"))
got = {(r["area"], r["crime_type"]): r for r in doc["rows"]}
bad = []
want_rows = 0
for key, figs in fig.items():
    f = value(figs, period)
    if "-" in period:
        in_period = tuple(map(int, period.split("-"))) in figs
    else:
        in_period = any(y == int(period) for (y, m) in figs)
    if not in_period:
        continue
    want_rows += 1
    r = got.get(key)
    if r is None:
        bad.append("no row for %r" % (key,))
        continue
    if f is None:
        if r["count"] is not None or r["complete"]:
            bad.append("%r: period not covered, got %r" % (key, r["count"]))
        continue
    if r["count"] != f[0] or not r["complete"]:
        bad.append("%r: count %r, want %r" % (key, r["count"], f[0]))
    if f[1] is not None and abs(r["per_100000"] - f[1]) > 1e-9:
        bad.append("%r: rate %r, want %r" % (key, r["per_100000"], f[1]))
    if r["preliminary"] != f[2]:
        bad.append("%r: preliminary %r, want %r" % (key, r["preliminary"], f[2]))
print("ROWS", len(doc["rows"]), want_rows)
print("\n".join(bad) if bad else "clean")
PY
for p in 2025 2024 2026-08 2025-01; do
	if ! "$TRYGG" stats -q -c "$W/official.xml" --official --period $p --baseline none --format json >"$TMP/s.json" 2>"$TMP/err"; then
		not_ok "stats --official $p runs" "$(cat "$TMP/err")"
		continue
	fi
	python3 "$TMP/expect.py" "$A" "$M" "$TMP/s.json" $p >"$TMP/e.txt" 2>&1
	expect_eq "stats --official $p: counts, rates and preliminary marks as the files say" "$(tail -n 1 "$TMP/e.txt")" "clean"
	rows=$(sed -n 's/^ROWS //p' "$TMP/e.txt")
	expect_eq "stats --official $p: a row per area and crime type with figures" "${rows% *}" "${rows#* }"
done
expect_grep "2026 prel. is marked preliminary" "$TMP/s.json" '"preliminary": false' # 2025-01: not
"$TRYGG" stats -q -c "$W/official.xml" --official --period 2026-08 --baseline none --format json >"$TMP/s.json"
expect_grep "August 2026 (2026 prel.) is marked preliminary" "$TMP/s.json" '"count": 498, "per_100000": 5.00, "preliminary": true'
expect_exit "stats --official as a table" 0 "$TRYGG" stats -q -c "$W/official.xml" --official --period 2025
expect_grep "the table names its source" "$TMP/out" "Källa: Brå"
expect_grep "the table shows the rate per 100 000" "$TMP/out" "Per 100 000 inv. År 2025"
expect_grep "the table gives the verdict" "$TMP/out" "tydlig ökning"
expect_exit "stats --official as CSV" 0 "$TRYGG" stats -q -c "$W/official.xml" --official --period 2025 --format csv
expect_grep "CSV: a figure and its rate" "$TMP/out" "Befogenhetsbedrägeri;Hela landet;14278;135;;13816;131;;increase"
# a year against a leap year: exposure in days
"$TRYGG" stats -q -c "$W/official.xml" --official --period 2025 --format json >"$TMP/s.json"
expect_eq "2025 against 2024 (366 days): the exposure ratio" \
	"$(json_get "$TMP/s.json" '[r["significance"]["exposure_ratio"] for r in d["rows"] if r["crime_type"] == "Befogenhetsbedrägeri"][0]')" \
	"$(python3 -c 'print("%.10g" % (365 / 366))')"
expect_eq "--category keeps the crime types mapped to it" \
	"$("$TRYGG" stats -q -c "$W/official.xml" --official --period 2025 --category penningtvatt --format json | python3 -c 'import json,sys; print(sorted(r["crime_type"] for r in json.load(sys.stdin)["rows"]))')" \
	"['Penningtvättsbrott (3-4 §)']"
expect_exit "--official --by site is a usage error" 64 "$TRYGG" stats -q -c "$W/official.xml" --official --period 2025 --by site
expect_exit "--official --locality is a usage error" 64 "$TRYGG" stats -q -c "$W/official.xml" --official --period 2025 --locality Bjuv
expect_exit "--official --by area,crime-type" 0 "$TRYGG" stats -q -c "$W/official.xml" --official --period 2026-08 --baseline none --by area,crime-type --format csv
expect_eq "area first: the county before the country" "$(sed -n '2,3s/^[^;]*;\([^;]*\);.*/\1/p' "$TMP/out" | tr '\n' '|')" "Region Stockholm|Hela landet|"

# ---- Latin-1, as Brå's server sends it: read as Windows-1252, the same text ----
L=$TMP/latin1
mkdir -p "$L/bra-sol" "$L/profiles"
python3 -c 'import sys; open(sys.argv[2], "wb").write(open(sys.argv[1], encoding="utf-8").read().encode("latin-1"))' "$A" "$L/bra-sol/sol_dbfil_ar.txt"
python3 -c 'import sys; b = bytes(range(0xA0, 0x100)); sys.exit(b.decode("latin-1") != b.decode("cp1252"))' &&
	ok "every printable Latin-1 byte is the same character in Windows-1252" ||
	not_ok "every printable Latin-1 byte is the same character in Windows-1252"
cp "$W/profiles/bra-sol-ar-official.xml" "$L/profiles/"
sed -n '/<sources>/q;p' "$W/official.xml" >"$L/trygg.xml"
cat >>"$L/trygg.xml" <<XML
  <sources>
    <source file="bra-sol/sol_dbfil_ar.txt" profile="profiles/bra-sol-ar-official.xml"/>
  </sources>
XML
sed -n '/<official-statistics/,$p' "$W/official.xml" >>"$L/trygg.xml"
expect_exit "check on the Latin-1 copy" 0 "$TRYGG" check -c "$L/trygg.xml" --format json
expect_eq "Latin-1 copy: detected as windows-1252" "$(json_get "$TMP/out" 'd["sources"][0]["encoding"]')" "windows-1252"
expect_eq "Latin-1 copy: the same accounting" "$(json_get "$TMP/out" '[d["sources"][0][k] for k in ("read", "accepted", "rejected", "duplicates")]')" \
	"$(json_get "$TMP/o.json" '[d["sources"][6][k] for k in ("read", "accepted", "rejected", "duplicates")]')"
"$TRYGG" stats -q -c "$L/trygg.xml" --official --period 2025 --format json >"$TMP/l.json"
"$TRYGG" stats -q -c "$W/official.xml" --official --period 2025 --format json | python3 -c '
import json, sys
d = json.load(sys.stdin); d["rows"] = [r for r in d["rows"] if not r["crime_type"].startswith("0950")]
json.dump(d, open(sys.argv[1], "w"))' "$TMP/u.json"
expect_eq "Latin-1 copy: the same crime types, counts and rates" \
	"$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["rows"] == json.load(open(sys.argv[2]))["rows"])' "$TMP/l.json" "$TMP/u.json")" "True"

# ---- a conflicting figure: the later row is rejected, naming the first ----
awk 'BEGIN { FS = OFS = ";" } NR == 14 { $5 = 19018 } { print }' "$A" >"$L/bra-sol/sol_dbfil_ar.txt"
expect_exit "check with a conflicting figure" 0 "$TRYGG" check -c "$L/trygg.xml" --format json
expect_eq "the conflict names both lines" \
	"$(json_get "$TMP/out" '[(r["line"], r["reason"]) for r in d["sources"][0]["rejects"] if "another figure" in r["reason"]]')" \
	"[(14, 'another figure for the same area, crime type and period than $L/bra-sol/sol_dbfil_ar.txt:12 (19017 there, 19018 here) — keep one of the two exports')]"
expect_eq "the conflict: accounted (11 '..' + 1 conflict rejected, 1 repeat, 6 accepted)" \
	"$(json_get "$TMP/out" '[d["sources"][0][k] for k in ("read", "accepted", "rejected", "duplicates")]')" "[19, 6, 12, 1]"
expect_exit "check text with a conflicting figure" 0 "$TRYGG" check -c "$L/trygg.xml"
expect_grep "an official duplicate is described as one" "$TMP/out" "sol_dbfil_ar.txt:15: duplicate: the same figure as $L/bra-sol/sol_dbfil_ar.txt:13; counted once"

# ---- the configuration's official-statistics element ----
sed 's|<crime-type category="bedrageri">|<crime-type category="bedrageri-x">|' "$W/official.xml" >"$TMP/bad-cat.xml"
cp -r "$W/profiles" "$W/bra-sol" "$TMP/"
expect_exit "a crime type of an unknown category exits 78" 78 "$TRYGG" check -c "$TMP/bad-cat.xml"
expect_grep "... at its line, saying what to use" "$TMP/err" "bad-cat.xml:$(grep -n 'category="bedrageri-x"' "$TMP/bad-cat.xml" | cut -d: -f1): error: <crime-type category=\"bedrageri-x\">: no such category"
sed 's|<area role="county" code="01"|<area role="municipality" code="01"|' "$W/official.xml" >"$TMP/two-roles.xml"
expect_exit "two areas with one role exit 78" 78 "$TRYGG" check -c "$TMP/two-roles.xml"
expect_grep "... saying which" "$TMP/err" "a second <area role=\"municipality\">"
