# tests/golden/bra_sample.sh - the synthetic Brå export of the samples (samples/gen.c) read
# through samples/bjuv/profiles/bra.xml beside the Bjuv sample configuration: every row
# accounted for, SPEC §1's story (police-reported vandalism about 40 in summer 2017, 7 in
# summer 2018: a clear decrease; the county and the country level), rates per 100 000 and
# preliminary marks as the file says (awk over the Latin-1 file, not trygg), and the
# municipality's own figures untouched by it.
. tests/lib.sh
trap 'rm -rf "$TMP"' EXIT
json_get() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }
S=samples/bjuv
F=$S/exports/bra-polisanmalda-brott-syntetisk.txt
# samples/bjuv/trygg.xml reads the Brå export and maps it (<official-statistics>); the same
# configuration without them is the municipality's own records alone
C=$S/trygg.xml
expect_grep "the sample configuration reads the Brå export" "$C" "bra-polisanmalda-brott-syntetisk.txt"
mkdir -p "$TMP/bjuv"
cp -r "$S/exports" "$S/profiles" "$TMP/bjuv/"
sed -e '/bra-polisanmalda-brott-syntetisk/d' -e '/<official-statistics/,/<\/official-statistics>/d' "$C" >"$TMP/bjuv/trygg.xml"
W=$TMP/bjuv/trygg.xml

expect_exit "check with the Brå sample" 0 "$TRYGG" check -c "$C" --format json
cp "$TMP/out" "$TMP/c.json"
k=$(json_get "$TMP/c.json" '[i for i, s in enumerate(d["sources"]) if s["file"].endswith("syntetisk.txt")][0]')
expect_eq "Brå sample: Latin-1 read as windows-1252" "$(json_get "$TMP/c.json" "d['sources'][$k]['encoding']")" "windows-1252"
read_=$(awk 'END { print NR - 1 }' "$F")
dots=$(awk -F';' 'NR > 1 && $5 == ".."' "$F" | wc -l)
reps=$(awk -F';' 'NR > 1 && $5 != ".." && seen[$0]++' "$F" | wc -l)
expect_eq "Brå sample: rows read, accepted, rejected ('..'), duplicates" \
	"$(json_get "$TMP/c.json" "[d['sources'][$k][x] for x in ('read', 'accepted', 'rejected', 'duplicates')]")" \
	"[$read_, $((read_ - dots - reps)), $dots, $reps]"
expect_eq "Brå sample: it has '..' rows and a repeat" "$dots $reps" "3 1"

# the municipality's own figures are the same with and without the Brå source
for by in category locality; do
	"$TRYGG" stats -q -c "$W" --period sommar-2018 --by $by --format json >"$TMP/a.json"
	"$TRYGG" stats -q -c "$C" --period sommar-2018 --by $by --format json >"$TMP/b.json"
	cmp -s "$TMP/a.json" "$TMP/b.json" && ok "own records by $by unchanged by the Brå source" ||
		not_ok "own records by $by unchanged by the Brå source" "$(diff "$TMP/a.json" "$TMP/b.json" | head -4)"
done

# the story, from the file: sums over June-August, in Latin-1 bytes ("Skadeg\xf6relse")
sum() { # AREA CRIME YEAR COLUMN
	LC_ALL=C awk -F';' -v a="$1" -v c="$2" -v y="$3" -v col="$4" '
		NR > 1 && $1 == a && $2 == c && substr($3, 1, 4) == y && ($4 == "Jun" || $4 == "Jul" || $4 == "Aug") && !seen[$0]++ { n += $col }
		END { print n + 0 }' "$F"
}
skad=$(printf 'Skadeg\366relse')
"$TRYGG" stats -q -c "$C" --official --period sommar-2018 --format json >"$TMP/s.json"
row() { json_get "$TMP/s.json" "[r for r in d['rows'] if r['area'] == '$1' and r['crime_type'] == 'Skadegörelse'][0]$2"; }
expect_eq "Bjuv: police-reported vandalism summer 2018" "$(row '1260 Bjuv' '["count"]')" "$(sum '1260 Bjuv' "$skad" 2018 5)"
expect_eq "Bjuv: summer 2017 (the baseline)" "$(row '1260 Bjuv' '["count_baseline"]')" "$(sum '1260 Bjuv' "$skad" 2017 5)"
expect_eq "the story's numbers: 40 -> 7" "$(sum '1260 Bjuv' "$skad" 2017 5) -> $(sum '1260 Bjuv' "$skad" 2018 5)" "40 -> 7"
expect_eq "Bjuv: a clear decrease" "$(row '1260 Bjuv' '["significance"]["sv"]')" "en tydlig minskning"
expect_eq "Bjuv: the exposure counts Bjuv's inhabitants (15 501 / 15 429)" "$(row '1260 Bjuv' '["significance"]["exposure_ratio"]')" \
	"$(python3 -c 'print("%.10g" % (15501 / 15429))')"
for area in '1260 Bjuv' '12 Skåne län' 'Hela landet'; do
	a=$(printf '%s' "$area" | iconv -f utf-8 -t latin1)
	expect_eq "$area: rate per 100 000, summer 2018 (sum of the months)" "$(row "$area" '["per_100000"]')" \
		"$(sum "$a" "$skad" 2018 6).0"
done
expect_eq "the county and the country: level, not a clear change" \
	"$(json_get "$TMP/s.json" "sorted({r['significance']['verdict'] for r in d['rows'] if r['area'] != '1260 Bjuv' and r['crime_type'] == 'Skadegörelse'})")" \
	"['chance']"
expect_eq "roles: municipality, county, country" \
	"$(json_get "$TMP/s.json" "[r['area_role'] for r in d['rows'] if r['crime_type'] == 'Skadegörelse']")" \
	"['municipality', 'county', 'country']"
"$TRYGG" stats -q -c "$C" --official --period sommar-2019 --format json >"$TMP/s19.json"
expect_eq "summer 2019 is preliminary, 2018 is not" \
	"$(json_get "$TMP/s19.json" "sorted({(r['preliminary'], r['preliminary_baseline']) for r in d['rows']})")" "[(True, False)]"
expect_exit "stats --official table for the sample" 0 "$TRYGG" stats -q -c "$C" --official --period sommar-2018 --category skadegorelse
expect_grep "the table says Källa: Brå" "$TMP/out" "Källa: Brå"
expect_grep "the table gives Bjuv's decrease" "$TMP/out" "tydlig minskning"
# the Brå drug figures of late 2019 are '..': that year has no complete figure for Bjuv
"$TRYGG" stats -q -c "$C" --official --period 2019 --category droger --format json >"$TMP/d.json"
expect_eq "a year with '..' months has no figure and no claim" \
	"$(json_get "$TMP/d.json" "[(r['count'], r['complete'], r['significance']['reason']) for r in d['rows'] if r['area'] == '1260 Bjuv']")" \
	"[(None, False, 'incomplete')]"
# a report runs with official sources configured (its section: tests/golden/police_report.sh)
expect_exit "report with the Brå source configured" 0 "$TRYGG" report -q -c "$C" --period sommar-2018 -o "$TMP/o"
