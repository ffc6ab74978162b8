#!/bin/sh
# check_realistic.sh - exports as they really come (issue 13): a hand-made fixture for the
# one-to-one duplicate rule, department synonyms, empty-value maps and map targets checked at
# load; then ~10 000 rows from tests/gen/realistic.py compared with an independent oracle
# (tests/gen/oracle.py) on every count and cost, and the duplicate rule's precision and
# recall on the duplicates planted there (tests/gen/dup_score.py).
. "$(dirname "$0")/lib.sh"
F=tests/data/ingest/exports13
json_get() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

# ---- the fixture (expected values worked out by hand from the CSV files) ----
expect_exit "fixture: check exits 0" 0 "$TRYGG" check -c "$F/trygg.xml" --format json
cp "$TMP/out" "$TMP/f.json"
# property.csv: 4 rows of fastighet (FA, a padded lower-case name and the name: one
# department); school.csv: 4 rows of the key property has 3 of, so 3 pairs and 1 school row
# left, plus a row dated 9999-12-31; measures.csv: "Hela kommunen" and an empty locality
expect_eq "fixture: read/accepted/duplicates/rejected per source" \
	"$(json_get "$TMP/f.json" '[(s["read"],s["accepted"],s["duplicates"],s["rejected"]) for s in d["sources"]]')" \
	"[(4, 4, 0, 0), (5, 2, 3, 0), (3, 3, 0, 0)]"
expect_eq "fixture: merge keeps 4 + 2 incidents" "$(json_get "$TMP/f.json" 'd["incidents"]')" "6"
expect_eq "fixture: each school duplicate names its own property row" \
	"$(json_get "$TMP/f.json" '[(u["line"],u["of_line"]) for s in d["sources"] for u in s["duplicate_rows"]]')" \
	"[(2, 2), (3, 3), (4, 4)]"
expect_exit "fixture: stats by category" 0 "$TRYGG" stats -q -c "$F/trygg.xml" --period 2018-07 --by category --format json
expect_eq "fixture: 3 property + 1 school vandalism; the empty category is Övrigt" \
	"$(json_get "$TMP/out" '[(r["key"],r["count"]) for r in d["rows"]]')" \
	"[('skadegorelse', 4), ('ovrigt', 1), ('total', 5)]"
expect_eq "fixture: no cost column: cost not reported, null, not 0" \
	"$(json_get "$TMP/out" '([r["cost_ore"] for r in d["rows"]], d["cost_not_reported_by"])')" \
	"([None, None, None], ['fastighet', 'skola'])"
expect_exit "fixture: stats by locality for Ekeby" 0 "$TRYGG" stats -q -c "$F/trygg.xml" --period 2018-07 --by locality --locality Ekeby --format json
# 1 incident in Ekeby, 2 000 inhabitants: 0,5 per 1 000 (not 1/17 000 of the municipality)
expect_eq "fixture: --locality Ekeby rate is per 1 000 of Ekeby" \
	"$(json_get "$TMP/out" '[r["per_1000"] for r in d["rows"] if r["key"] == "total"]')" "[0.5]"
expect_exit "fixture: stats table shows a missing cost as 'uppgift saknas'" 0 "$TRYGG" stats -q -c "$F/trygg.xml" --period 2018-07 --by department
expect_grep "fixture: 'uppgift saknas' in the table" "$TMP/out" "uppgift saknas"
expect_exit "check -q is accepted" 0 "$TRYGG" check -q -c "$F/trygg.xml"

# a map to an id the configuration does not have: 78 at the map's file:line
mkdir -p "$TMP/bad"
cp "$F"/* "$TMP/bad/"
sed 's/to="ovrigt"/to="ovrigtt"/' "$F/dep-column.xml" >"$TMP/bad/dep-column.xml"
expect_exit "a map to an unknown category is an error at load" 78 "$TRYGG" check -c "$TMP/bad/trygg.xml"
expect_grep "  … at the map's file:line, with a suggestion" "$TMP/err" "dep-column.xml:8:"
expect_grep "  … naming the value and the closest id" "$TMP/err" "map to 'ovrigtt': no category with that id or name in the configuration"
sed 's|<map from="" to="ovrigt"/>|<map from="" to="ovrigt"/></field><field name="text"><column>x</column>|; s|<column>Ort</column>|<column>Ort</column><map from="Hela kommunen" to=""/>|' \
	"$F/dep-column.xml" >"$TMP/bad/dep-column.xml"
expect_exit "to=\"\" on an incident's locality is an error at load" 78 "$TRYGG" check -c "$TMP/bad/trygg.xml"
expect_grep "  … saying it is for measures" "$TMP/err" "an incident needs a locality"
sed 's|<map from="" to="ovrigt"/>|<map from="" to="ovrigt"/><map from="x" to="Vandalism"/>|' "$F/dep-column.xml" >"$TMP/bad/dep-column.xml"
sed 's|<department id="skola"|<department id="nope"|; s|department="skola"|department="nope"|' "$F/trygg.xml" >"$TMP/bad/trygg.xml"
expect_exit "a map to a label-en or a renamed id still loads when it names something" 0 "$TRYGG" check -q -c "$TMP/bad/trygg.xml"
sed 's|department="skola"/>|department="skolan"/>|' "$F/trygg.xml" >"$TMP/bad/trygg.xml"
expect_exit "a source naming an unknown department is an error at load" 78 "$TRYGG" check -c "$TMP/bad/trygg.xml"
expect_grep "  … with the configuration's file:line" "$TMP/err" "trygg.xml:"

# duplicate-evidence="time-or-cost": the fixture's rows have neither, so no pair
cp "$F"/* "$TMP/bad/"
sed 's/duplicates="merge"/duplicates="merge" duplicate-evidence="time-or-cost"/' "$F/trygg.xml" >"$TMP/bad/trygg.xml"
expect_exit "duplicate-evidence=time-or-cost: check exits 0" 0 "$TRYGG" check -c "$TMP/bad/trygg.xml" --format json
expect_eq "  … rows without time or cost are no duplicates then" \
	"$(json_get "$TMP/out" '[s["duplicates"] for s in d["sources"]]')" "[0, 0, 0]"

# an unknown department is rejected with the closest department as a hint
cp "$F"/* "$TMP/bad/"
printf '2018-07-05;Fastighetsavdelning;Bjuv;Parken;Skadegörelse\n' >>"$TMP/bad/property.csv"
expect_exit "a misspelt department: check exits 0" 0 "$TRYGG" check -c "$TMP/bad/trygg.xml"
expect_grep "  … and the row is rejected with the closest department" "$TMP/out" \
	"property.csv:6: department: unknown department 'Fastighetsavdelning' (did you mean 'Fastighetsavdelningen'?)"

# ---- generated exports: the oracle on every count and cost ----
python3 tests/gen/realistic.py --rows 10000 --out "$TMP/gen" --seed 13
python3 tests/gen/oracle.py "$TRYGG" "$TMP/gen"
"$TRYGG" check -q -c "$TMP/gen/trygg.xml" --format json >"$TMP/gen-check.json"
# Floors below what the rule reaches on this seed (precision 0.80, recall 0.98, see
# doc/ingest.md): the culture export has no time and no cost, so its chance matches on date,
# site and category alone cannot be told from its planted ones.
if score=$(python3 tests/gen/dup_score.py "$TMP/gen/truth.json" "$TMP/gen-check.json" \
	--min-precision 0.7 --min-recall 0.95); then
	ok "duplicates on 10 000 generated rows: $(echo "$score" | head -n 1)"
else
	not_ok "duplicates on 10 000 generated rows below precision 0.7 / recall 0.95" "$score"
fi
