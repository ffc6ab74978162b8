# tests/golden/stats.sh - `trygg stats`: usage errors and exit codes, CSV that Python's csv module
# reads (utf-8-sig, ';'), formula cells neutralized, valid JSON, per-year season dates, and
# no count from 1 to threshold−1 in any output form for any dimension.
. tests/lib.sh
trap 'rm -rf "$TMP"' EXIT
S=samples/bjuv/trygg.xml
T=tests/data/stats/trygg.xml

expect_exit "stats --help exits 0" 0 "$TRYGG" stats --help
expect_grep "stats --help lists the dimensions" "$TMP/out" "weekday, hour or source"
expect_exit "stats without --period exits 64" 64 "$TRYGG" stats -c "$S" --by category
expect_exit "stats without --by exits 64" 64 "$TRYGG" stats -c "$S" --period sommar-2018
expect_exit "stats --by unknown exits 64" 64 "$TRYGG" stats -c "$S" --period sommar-2018 --by colour
expect_grep "stats --by unknown lists the dimensions" "$TMP/err" "site, month, week"
expect_exit "stats --by the same twice exits 64" 64 "$TRYGG" stats -c "$S" --period sommar-2018 --by site,site
expect_exit "stats --format unknown exits 64" 64 "$TRYGG" stats -c "$S" --period sommar-2018 --by site --format xls
expect_exit "stats invalid period exits 64" 64 "$TRYGG" stats -c "$S" --period 2018-W53 --by site
expect_grep "stats invalid period says why" "$TMP/err" "52 ISO weeks"
expect_exit "stats malformed period lists the forms" 64 "$TRYGG" stats -c "$S" --period juli --by site
expect_grep "stats malformed period lists the forms (text)" "$TMP/err" "2018-06-15..2018-08-19"
expect_exit "stats unknown filter exits 64" 64 "$TRYGG" stats -q -c "$S" --period sommar-2018 --by site --locality Atlantis
expect_exit "stats missing configuration exits 66" 66 "$TRYGG" stats -c "$TMP/nope.xml" --period sommar-2018 --by site
expect_exit "stats malformed configuration exits 78" 78 "$TRYGG" stats -c tests/data/cli/malformed.xml --period sommar-2018 --by site
expect_exit "stats --strict exits 65 on the sample's rejects" 65 "$TRYGG" stats -q -c "$S" --period sommar-2018 --by site --strict

# per-year season dates from the configuration
expect_exit "stats for a season with per-year dates" 0 "$TRYGG" stats -c "$T" --period sommarlov-2018 --by site --format json
expect_grep "per-year dates: first day" "$TMP/out" '"first": "2018-06-12"'
expect_grep "per-year dates: last day" "$TMP/out" '"last": "2018-08-19"'
expect_grep "a year without dates uses the season's days" "$TMP/out" '"id": "sommarlov-2017", "first": "2017-06-15", "last": "2017-08-15"'
sed 's/end="2018-08-19"/end="2018-02-30"/' "$T" >"$TMP/bad-dates.xml"
mkdir -p "$TMP/profiles" && cp tests/data/stats/profiles/enkel.xml "$TMP/profiles/"
expect_exit "impossible season dates exit 78" 78 "$TRYGG" stats -c "$TMP/bad-dates.xml" --period sommar-2018 --by site
expect_grep "impossible season dates name file:line" "$TMP/err" "bad-dates.xml:21"

# CSV opens as CSV, and hostile site names come out as text
"$TRYGG" stats -c "$T" --period sommarlov-2018 --by site --format csv >"$TMP/site.csv" 2>"$TMP/err"
head -c 3 "$TMP/site.csv" | od -An -tx1 | grep -q "ef bb bf" && ok "CSV starts with a UTF-8 BOM" || not_ok "CSV starts with a UTF-8 BOM"
python3 - "$TMP/site.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline=""), delimiter=";"))
cells = [c for r in rows for c in r]
def check(name, cond, why=""):
    print(("ok - " if cond else "not ok - ") + name)
    if not cond: print("#   " + why)
check("CSV parses with the same number of cells in every row", len({len(r) for r in rows}) == 1, repr(rows))
check("CSV header names the site column", rows[0][0] == "Plats", repr(rows[0]))
site = [r[0] for r in rows[1:]]
check("=HYPERLINK(...) site is neutralized", "'=HYPERLINK(\"http://evil.example/\",\"klicka\")" in site, repr(site))
check("+, - and @ sites are neutralized", {"'+46 Torget", "'-Parken", "'@SUM(A1)"} <= set(site), repr(site))
check("no cell starts with = + - @ unless it is a number",
      all(not c or c[0] not in "=+-@\t\r" or c.lstrip("-").replace(",", "").isdigit() for c in cells), repr(cells))
check("negative numbers stay numbers", "-6" in cells, repr(cells))
check("secondary suppression shows '..'", ".." in [r[1] for r in rows[1:]], repr(rows))
PY

# no count 1 … threshold−1 published, in any form, for any dimension or pair
for cfg in "$S" "$T"; do
	for by in category locality department site month week weekday hour source category,locality \
		weekday,hour site,category department,month; do
		for f in table csv json; do
			"$TRYGG" stats -q -c "$cfg" --period sommar-2018 --by "$by" --format "$f" \
				>"$TMP/o.$f" 2>"$TMP/err" || echo "FAILED $cfg $by $f: $(cat "$TMP/err")" >>"$TMP/failures"
		done
		python3 - "$TMP" "$by" "$cfg" <<'PY' >>"$TMP/leaks"
import csv, json, re, sys
tmp, by, cfg = sys.argv[1:]
th = 3
two = "," in by
bad = []
def small(s):
    s = s.replace("\u00a0", "").replace("\u2212", "-").strip()
    return re.fullmatch(r"-?\d+", s) is not None and 1 <= int(s) < th
rows = list(csv.reader(open(f"{tmp}/o.csv", encoding="utf-8-sig", newline=""), delimiter=";"))
cols = range(1, len(rows[0])) if two else [i for i, h in enumerate(rows[0]) if h.startswith("Antal")]
bad += [f"csv {r[0]}: {r[i]}" for r in rows[1:] for i in cols if small(r[i])]
doc = json.load(open(f"{tmp}/o.json", encoding="utf-8"))
keys = None if two else ("count", "count_baseline")
for r in doc["rows"]:
    for k, v in r.items():
        if k in ("label", "key") or (keys and k not in keys):
            continue
        if isinstance(v, int) and 1 <= v < th:
            bad.append(f"json {r['label']}.{k}: {v}")
lines = open(f"{tmp}/o.table", encoding="utf-8").read().splitlines()
head = lines[0]
# the table's count columns are right-aligned under their headings: cut by heading ends
ends = [m.end() for m in re.finditer(r"Antal [^ ]+ \d{4}", head)] if not two else None
for line in lines[1:]:
    if not line.strip() or line.startswith("*"):
        continue
    if two:
        cells = re.split(r"  +", line.strip())[1:]
    else:
        cells = [line[:e].rsplit("  ", 1)[-1] for e in ends]
    bad += [f"table: {c!r} in {line!r}" for c in cells if small(c)]
print(f"{cfg} {by}: " + ("; ".join(bad) if bad else "clean"))
PY
	done
done
[ -s "$TMP/failures" ] && not_ok "stats runs for every dimension and format" "$(cat "$TMP/failures")" || ok "stats runs for every dimension and format"
n=$(grep -c ': clean$' "$TMP/leaks")
if grep -qv ': clean$' "$TMP/leaks"; then not_ok "no count below the threshold in table, CSV or JSON ($n clean)" "$(grep -v ': clean$' "$TMP/leaks")"
else ok "no count below the threshold in table, CSV or JSON ($n tables × 3 forms)"; fi
