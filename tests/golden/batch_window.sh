# tests/golden/batch_window.sh - what a monthly report depends on (compose_depends): with a
# lägesbild whose trend shows the last 25 months, `trygg batch` redoes 2019-07 when a row
# moves between two months inside those 25 (2017-09 → 2017-10), when the logo changes and when
# a font file changes; it stays up to date when a row outside the window changes. The old
# digest assumed a trend reaches one year back and kept a stale PDF in the first case.
. tests/lib.sh
trap 'rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1546300800
B=$TMP/bjuv D=$TMP/data O=$TMP/reports
cp -R samples/bjuv "$B"
# a data folder of our own, so that a font file can change: the sample's fonts as files
mkdir -p "$D/templates" "$D/fonts"
cp templates/*.xml "$D/templates/"
cp "$(fc-match -f '%{file}' 'Carlito:style=Regular')" "$D/fonts/regular.ttf"
cp "$(fc-match -f '%{file}' 'Carlito:style=Bold')" "$D/fonts/bold.ttf"
printf 'regular = regular.ttf\nbold = bold.ttf\n' >"$D/fonts/fonts.conf"
export TRYGG_DATADIR=$D
sed 's/by="month" top="13"/by="month" top="25"/g' templates/lagesbild.xml >"$D/templates/lb25.xml"
expect_eq "the test template has two 25-month trends" "$(grep -c 'top="25"' "$D/templates/lb25.xml")" "2"
# a logo: one of trygg's own chart PNGs
"$TRYGG" report -q -c "$B/trygg.xml" --period 2018-07 --template "$D/templates/lb25.xml" \
	-o "$TMP/charts-run" --charts-dir "$TMP/charts" >/dev/null 2>&1
set -- "$TMP"/charts/*.png
cp "$1" "$B/logo.png"
sed -i 's|<report |<report logo="logo.png" |' "$B/trygg.xml"

written() { python3 -c 'import json,sys; print(" ".join(j["period"] for j in json.load(open(sys.argv[1]))["written"]))' "$1"; }
run() { # NAME WANT : a batch of 2019-07, WANT "2019-07" (redone) or "" (up to date)
	"$TRYGG" batch -q -c "$B/trygg.xml" --monthly 2019-07 --template "$D/templates/lb25.xml" \
		-o "$O" --summary "$TMP/s.json" >"$TMP/out" 2>"$TMP/err"
	expect_eq "$1" "$(written "$TMP/s.json")" "$2"
}
F=$B/exports/fastighet-felanmalan-2017.csv
run "first batch of 2019-07 writes it" "2019-07"
run "a second batch is up to date" ""

# A row of 2017-03 (outside 2017-07..2019-07 and the baseline 2018-07) moves to 2017-04.
n=$(grep -ac ';2017-03-16;' "$F")
expect_eq "the export has one row of 2017-03-16" "$n" "1"
sed -i 's/;2017-03-16;/;2017-04-16;/' "$F"
run "a row changed outside the 25-month window: up to date" ""

# A row of 2017-09 moves to 2017-10: both inside the 25 months the trend shows.
cp "$O/bjuv-2019-07.pdf" "$TMP/before.pdf"
expect_eq "the export has one row of 2017-09-18" "$(grep -ac ';2017-09-18;' "$F")" "1"
sed -i 's/;2017-09-18;/;2017-10-18;/' "$F"
run "a row moved from 2017-09 to 2017-10 (inside the 25 months): redone" "2019-07"
if cmp -s "$TMP/before.pdf" "$O/bjuv-2019-07.pdf"; then
	not_ok "the redone PDF differs from the old one (the trend's September and October changed)"
else ok "the redone PDF differs from the old one (the trend's September and October changed)"; fi
pdftotext -layout "$O/bjuv-2019-07.pdf" - 2>/dev/null | grep -cE '^ *(januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december) 20[0-9][0-9] ' >"$TMP/months"
expect_eq "the report's trend table shows 25 months" "$(cat "$TMP/months")" "25"
run "and then up to date again" ""

cp "$(ls "$TMP"/charts/*.png | tail -n 1)" "$B/logo.png"
expect_eq "the new logo is another picture" "$(cmp -s "$1" "$B/logo.png"; echo $?)" "1"
run "a changed logo: redone" "2019-07"
run "and then up to date again" ""

cp "$D/fonts/bold.ttf" "$D/fonts/regular.ttf"
run "a changed font file: redone" "2019-07"
run "and then up to date again" ""
