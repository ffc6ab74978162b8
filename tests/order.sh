# tests/order.sh - withheld counts never decide an order (SPEC.md §4, issue 11): rows sorted by
# count put every withheld count ("<3" and "..") together, by name, after the published counts,
# in stats --by site (and --by site,category, --by category,site), in the report's top-sites
# chart and table.
# Four small school logs (one site each row, July 2018); the expected orders are worked out by
# hand from the counts below:
#   X:  Alfa 1, Beta 2, Ceder 6, Delta 4  →  Ceder 6, Delta 4, Alfa <3, Beta <3
#   X': Alfa 2, Beta 1 (swapped)          →  the same order and the same text
#   Z:  Alfa 1, Ceder 6, Delta 3, Ek 5    →  Alfa is hidden; one hidden cell under a total
#       would give it away, so the smallest other count, Delta 3, is hidden too (".."):
#       Ceder 6, Ek 5, Alfa <3, Delta ..
#   Z': Delta 4 instead                    →  the same order and the same text
# and a template of its own with the categories sorted by count (table and top-bars chart):
#   C:  Brand 2, Klotter 1, Skadegörelse 6 (and four categories at 0)
#       →  Skadegörelse 6, Brand <3, Klotter <3, then the zeros by name; C': 1 and 2 swapped
. tests/lib.sh
trap 'rm -rf "$TMP"' EXIT

make_case() { # make_case NAME SITE=COUNT… : a configuration and a log under $TMP/NAME
	# (SITE may be SITE/CATEGORY; the category is Skadegörelse otherwise)
	d=$TMP/$1
	shift
	mkdir -p "$d"
	sed -n '/<sources>/q;p' samples/bjuv/trygg.xml >"$d/trygg.xml"
	cat >>"$d/trygg.xml" <<XML
  <sources>
    <source file="skola.csv" profile="$PWD/samples/bjuv/profiles/skola.xml" department="skola"/>
  </sources>
</trygg>
XML
	printf 'Datum,Tid,Skola,Ort,Typ av händelse,Beskrivning,Antal,Kostnad\r\n' >"$d/skola.csv"
	day=1
	for sc in "$@"; do
		s=${sc%=*} n=${sc#*=} cat=Skadegörelse
		case $s in */*) cat=${s#*/} s=${s%/*} ;; esac
		while [ "$n" -gt 0 ]; do
			printf '%d/7/2018,12:00,%s,Bjuvs tätort,%s,x,1,\r\n' "$day" "$s" "$cat" >>"$d/skola.csv"
			day=$((day + 1)) n=$((n - 1))
		done
	done
}

# sites NAME : the site order of each output of case NAME, one line per output
sites() {
	d=$TMP/$1
	"$TRYGG" stats -q -c "$d/trygg.xml" --period sommar-2018 --by site --format csv >"$d/site.csv"
	"$TRYGG" stats -q -c "$d/trygg.xml" --period sommar-2018 --by site,category --format csv >"$d/cross.csv"
	"$TRYGG" report -q -c "$d/trygg.xml" --period sommar-2018 -o "$d/pdf" >/dev/null 2>&1
	pdftotext -layout "$d"/pdf/*.pdf "$d/report.txt" 2>/dev/null
	echo "stats: $(awk -F';' 'NR > 1 && $1 != "Totalt" { printf "%s %s ", $1, $2 }' "$d/site.csv")"
	echo "cross: $(awk -F';' 'NR > 1 && $1 != "Totalt" { printf "%s ", $1 }' "$d/cross.csv")"
	# sites as columns: the header line of --by category,site
	"$TRYGG" stats -q -c "$d/trygg.xml" --period sommar-2018 --by category,site --format csv |
		head -n 1 | tr -d '\r' | tr ';' '\n' | grep skolan | tr '\n' ' ' | sed 's/^/columns: /'
	echo
	# the chart comes first ("…, sommaren 2018"), then the table; a site line starts with its name
	echo "chart: $(awk '/^ *Platser med flest händelser,/ { on = 1; next } /^ *Platser med flest händelser$/ { on = 0 }
		on && $1 ~ /skolan$/ { printf "%s ", $1 }' "$d/report.txt")"
	echo "table: $(awk '/^ *Platser med flest händelser$/ { on = 1; next } on && $1 ~ /skolan$/ { printf "%s %s ", $1, $2 }' "$d/report.txt")"
}

make_case x Alfaskolan=1 Betaskolan=2 Cederskolan=6 Deltaskolan=4
make_case x2 Alfaskolan=2 Betaskolan=1 Cederskolan=6 Deltaskolan=4
make_case z Alfaskolan=1 Cederskolan=6 Deltaskolan=3 Ekskolan=5
make_case z2 Alfaskolan=1 Cederskolan=6 Deltaskolan=4 Ekskolan=5
for c in x x2 z z2; do sites $c >"$TMP/$c.order"; done

want_x="stats: Cederskolan 6 Deltaskolan 4 Alfaskolan <3 Betaskolan <3 
cross: Cederskolan Deltaskolan Alfaskolan Betaskolan 
columns: Cederskolan Deltaskolan Alfaskolan Betaskolan 
chart: Cederskolan Deltaskolan Alfaskolan Betaskolan 
table: Cederskolan 6 Deltaskolan 4 Alfaskolan <3 Betaskolan <3 "
want_z="stats: Cederskolan 6 Ekskolan 5 Alfaskolan <3 Deltaskolan .. 
cross: Cederskolan Ekskolan Alfaskolan Deltaskolan 
columns: Cederskolan Ekskolan Alfaskolan Deltaskolan 
chart: Cederskolan Ekskolan Alfaskolan Deltaskolan 
table: Cederskolan 6 Ekskolan 5 Alfaskolan <3 Deltaskolan .. "
expect_eq "1 and 2: withheld sites by name, after the published ones" "$(cat "$TMP/x.order")" "$want_x"
expect_eq "2 and 1: the same order and text" "$(cat "$TMP/x2.order")" "$want_x"
expect_eq "a secondary '..' sorts with the withheld, by name" "$(cat "$TMP/z.order")" "$want_z"
expect_eq "its value (3 or 4) does not move it" "$(cat "$TMP/z2.order")" "$want_z"
expect_eq "the two reports read the same (1/2 swapped)" \
	"$(cmp -s "$TMP/x/report.txt" "$TMP/x2/report.txt" && echo same)" "same"

cat >"$TMP/by-count.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<template name="by-count" lang="sv">
  <section title="Kategorier" title-en="Categories">
    <chart type="top-bars" by="category" top="10" title="Diagram" title-en="Chart"/>
    <table by="category" measures="count" sort="count" title="Tabell" title-en="Table"/>
  </section>
</template>
XML
categories() { # the category order of the chart and of the table, case NAME
	d=$TMP/$1
	"$TRYGG" report -q -c "$d/trygg.xml" --period sommar-2018 --template "$TMP/by-count.xml" \
		-o "$d/cat" >/dev/null 2>&1
	pdftotext -layout "$d"/cat/*.pdf "$d/cat.txt" 2>/dev/null
	# a label's first word and the current period's count (the table also has the baseline)
	for part in chart table; do
		echo "$part: $(awk -v part=$part '/^ *Diagram/ { on = part == "chart"; next } /^ *Tabell/ { on = part == "table"; next }
			on && $1 ~ /^(Skadegörelse|Klotter|Brand|Inbrott|Hot|Droger|Ordningsstörning)$/ { printf "%s %s ", $1, $(NF - (part == "table")) }' "$d/cat.txt")"
	done
}
make_case c Skolan/Brand=2 Skolan/Klotter=1 Skolan/Skadegörelse=6
make_case c2 Skolan/Brand=1 Skolan/Klotter=2 Skolan/Skadegörelse=6
categories c >"$TMP/c.order"
categories c2 >"$TMP/c2.order"
expect_eq "categories by count: withheld by name, then zeros by name" "$(sed -n 2p "$TMP/c.order")" \
	"table: Skadegörelse 6 Brand <3 Klotter <3 Droger 0 Hot 0 Inbrott 0 Ordningsstörning 0 "
expect_eq "categories by count: the chart in the same order" "$(sed -n 1p "$TMP/c.order" | awk '{ print $2, $4, $6 }')" \
	"Skadegörelse Brand Klotter"
expect_eq "categories by count: 1 and 2 swapped, the same" "$(cat "$TMP/c2.order")" "$(cat "$TMP/c.order")"
