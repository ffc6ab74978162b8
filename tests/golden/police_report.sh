# tests/golden/police_report.sh - the "Polisanmälda brott" section of the sample reports
# (issue 16): pdftotext shows, for every configured crime type, Bjuv, Skåne and Sweden with
# their police-reported counts and rates per 100 000 as summed here with awk straight from the
# Latin-1 Brå export (not from trygg), the verdict on each change as scipy's exact binomial
# test decides it (Debian's python3-scipy, when present), "Källa: Brå" under every table and
# chart, "prel." on preliminary figures only, no claim for withheld counts, the English words
# in --lang en, no section at all for a configuration without official statistics, and
# `trygg batch` redoing a report when a police figure it shows changes.
. tests/lib.sh
trap 'rm -rf "$TMP"' EXIT
S=samples/bjuv/trygg.xml
F=samples/bjuv/exports/bra-polisanmalda-brott-syntetisk.txt
th=$(sed -n 's/.*small-count-threshold="\([0-9]*\)".*/\1/p' "$S")

# pdftotext of a report, no-break spaces as spaces; $2 = the police section alone
report() { # NAME ARGS…
	name=$1
	shift
	"$TRYGG" report -q -c "$S" -o "$TMP/$name" "$@" >"$TMP/$name.out" 2>&1 ||
		not_ok "report $name runs" "$(head -c 400 "$TMP/$name.out")"
	pdftotext -layout "$TMP/$name"/*.pdf - 2>/dev/null | sed 's/\xc2\xa0/ /g' >"$TMP/$name.txt"
}
section() { # TEXT HEADING NEXT-HEADING → the lines from HEADING to NEXT-HEADING (own lines)
	awk -v h="$2" -v n="$3" '$0 == h { on = 1 } $0 == n { on = 0 } on' "$1"
}

# Sums over months of a year from the raw file (Latin-1 bytes), exact repeats once.
sum() { # AREA CRIME YEAR "MONTHS" COLUMN
	LC_ALL=C awk -F';' -v a="$1" -v c="$2" -v y="$3" -v ms="$4" -v col="$5" '
		BEGIN { k = split(ms, m, " "); for (i = 1; i <= k; i++) want[m[i]] = 1 }
		NR > 1 && $1 == a && $2 == c && substr($3, 1, 4) == y && ($4 in want) && !seen[$0]++ { n += $col }
		END { print n + 0 }' "$F"
}
fmt() { # a count or whole rate as published: suppression (counts), thousands with spaces
	awk -v n="$1" -v th="$2" 'BEGIN {
		if (n >= 1 && n < th) { print "<" th; exit }
		s = sprintf("%d", n); out = ""
		while (length(s) > 3) { out = " " substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) }
		print s out }'
}
latin1() { printf '%s' "$1" | iconv -f utf-8 -t latin1; }

# The verdict by scipy: exact binomial test of cur given cur + base, p = the current period's
# share of the exposure (days × inhabitants; equal periods and unknown population: 1/2).
SCIPY=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import scipy.stats' 2>/dev/null; then SCIPY=$p; break; fi
done
verdict() { # CUR BASE EXPOSURE-CUR EXPOSURE-BASE → sv short words
	[ -n "$SCIPY" ] || { echo "?"; return; }
	"$SCIPY" -c '
import sys
from scipy.stats import binomtest
c, b, ec, eb = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
th = int(sys.argv[5])
if 0 < c < th or 0 < b < th or c + b < 5:
    print("inget påstående")
elif binomtest(c, c + b, ec / (ec + eb)).pvalue >= 0.05:
    print("kan bero på slumpen")
else:
    print("tydlig minskning" if c / ec < b / eb else "tydlig ökning")' "$1" "$2" "$3" "$4" "$th"
}
[ -n "$SCIPY" ] && ok "scipy found ($SCIPY)" || ok "# SKIP scipy not installed: verdicts not checked"

SUMMER="Jun Jul Aug"
# summer 2018 against summer 2017, Swedish
report sv --period sommar-2018
section "$TMP/sv.txt" "Polisanmälda brott" "Var har det hänt?" >"$TMP/sv.sec"
[ -s "$TMP/sv.sec" ] && ok "the sample report has a section 'Polisanmälda brott'" ||
	not_ok "the sample report has a section 'Polisanmälda brott'" "$(head -c 600 "$TMP/sv.txt")"
expect_grep "the section is in the contents" "$TMP/sv.txt" "Polisanmälda brott   "
# Bjuv's inhabitants (its localities' total) for the exposure; the county and the country
# have no population in the configuration: days alone, equal for two summers
pop() { sed -n "s/.*<population year=\"$1\">\([0-9]*\)<.*/\1/p" "$S" | awk '{ n += $1 } END { print n }'; }
p18=$(pop 2018) p17=$(pop 2017)
expect_eq "Bjuv's inhabitants from the configuration" "$p17 $p18" "15429 15501"
for crime in Skadegörelse Narkotikabrott Misshandel; do
	c=$(latin1 "$crime")
	for area in "1260 Bjuv" "12 Skåne län" "Hela landet"; do
		a=$(latin1 "$area") shown=${area#1260 } shown=${shown#12 }
		n18=$(sum "$a" "$c" 2018 "$SUMMER" 5) n17=$(sum "$a" "$c" 2017 "$SUMMER" 5)
		r18=$(sum "$a" "$c" 2018 "$SUMMER" 6) r17=$(sum "$a" "$c" 2017 "$SUMMER" 6)
		if [ "$area" = "1260 Bjuv" ]; then e18=$((92 * p18)) e17=$((92 * p17)); else e18=92 e17=92; fi
		v=$(verdict "$n18" "$n17" "$e18" "$e17")
		[ "$v" = "?" ] && v="[a-zåäö ]+"
		want="^ *$crime +$shown +$(fmt "$n18" "$th") +$(fmt "$n17" "$th") +[^ ]+ *%?\\*? +$v\$"
		if grep -qE "$want" "$TMP/sv.sec"; then ok "counts $crime $shown: $n18 and $n17, $v"; else
			not_ok "counts $crime $shown: $n18 and $n17, $v" "$(grep -E "^ *$crime +$shown " "$TMP/sv.sec")"
		fi
		want="^ *$crime +$shown +$(fmt "$r18" 0) +$(fmt "$r17" 0)\$"
		if grep -qE "$want" "$TMP/sv.sec"; then ok "per 100 000 $crime $shown: $r18 and $r17"; else
			not_ok "per 100 000 $crime $shown: $r18 and $r17" "$(grep -E "^ *$crime +$shown " "$TMP/sv.sec")"
		fi
	done
done
expect_eq "the story: police-reported vandalism in Bjuv, summers 2017 and 2018" \
	"$(sum "1260 Bjuv" "$(latin1 Skadegörelse)" 2017 "$SUMMER" 5) -> $(sum "1260 Bjuv" "$(latin1 Skadegörelse)" 2018 "$SUMMER" 5)" "40 -> 7"
# the sentences: the same counts and the verdict in change.c's words
tr '\n' ' ' <"$TMP/sv.sec" | sed 's/  */ /g' >"$TMP/sv.flat"
expect_grep "sentence: Bjuv's vandalism, a clear decrease" "$TMP/sv.flat" \
	"Skadegörelse i Bjuv: 7 polisanmälda brott under sommaren 2018 mot 40 under sommaren 2017 (−83 %). Det är en tydlig minskning."
expect_grep "sentence: Bjuv's drug offences could be chance" "$TMP/sv.flat" \
	"Narkotikabrott i Bjuv: 12 polisanmälda brott under sommaren 2018 mot 15 under sommaren 2017 (−20 %). Förändringen kan bero på slumpen."
expect_grep "sentence: an unchanged count" "$TMP/sv.flat" "Misshandel i Bjuv: 7 polisanmälda brott under sommaren 2018, lika många som under sommaren 2017."
# "Källa: Brå" under every table and chart: two tables and a chart
n_src=$(grep -c "^Källa: Brå" "$TMP/sv.sec")
n_tab=$(grep -cE "^Polisanmälda brott(, antal| per 100 000 invånare)$" "$TMP/sv.sec")
n_fig=$(grep -cE "^ *Polisanmälda brott per 100 000 invånare, " "$TMP/sv.sec")
expect_eq "Källa: Brå under both tables and the chart" "$n_src" "$((n_tab + n_fig))"
expect_eq "two tables and a chart" "$n_tab $n_fig" "2 1"
expect_no_grep "no 'prel.' when no figure is preliminary" "$TMP/sv.sec" "prel."

# summer 2019 is preliminary (the file's "2019 prel."), 2018 is not
report s19 --period sommar-2019
section "$TMP/s19.txt" "Polisanmälda brott" "Var har det hänt?" >"$TMP/s19.sec"
tr '\n' ' ' <"$TMP/s19.sec" | sed 's/  */ /g' >"$TMP/s19.flat"
n19=$(LC_ALL=C grep -c '^[^;]*;[^;]*;2019 prel\.;' "$F")
[ "$n19" -gt 0 ] && ok "the export marks 2019 preliminary ($n19 rows)" || not_ok "the export marks 2019 preliminary"
expect_grep "prel.: the period's column" "$TMP/s19.sec" "Sommar 2019 prel."
expect_no_grep "prel.: not the baseline's" "$TMP/s19.sec" "Sommar 2018 prel."
expect_grep "prel.: in the sentences" "$TMP/s19.flat" "under sommaren 2019 (prel.) mot $(sum "1260 Bjuv" "$(latin1 Skadegörelse)" 2018 "$SUMMER" 5) under sommaren 2018"
expect_grep "prel.: explained under the tables" "$TMP/s19.sec" "prel. = preliminära siffror"
expect_grep "prel.: the chart's title" "$TMP/s19.sec" "invånare, sommaren 2019 prel."

# the monthly situation report: July 2018 has withheld counts; no claim for them
report lb --template lagesbild --period 2018-07
section "$TMP/lb.txt" "Polisanmälda brott" "Insatser" >"$TMP/lb.sec"
tr '\n' ' ' <"$TMP/lb.sec" | sed 's/  */ /g' >"$TMP/lb.flat"
j18=$(sum "$(latin1 "1260 Bjuv")" "$(latin1 Skadegörelse)" 2018 Jul 5)
j17=$(sum "$(latin1 "1260 Bjuv")" "$(latin1 Skadegörelse)" 2017 Jul 5)
expect_eq "July 2018: Bjuv's vandalism is below the threshold" "$([ "$j18" -ge 1 ] && [ "$j18" -lt "$th" ] && echo small)" "small"
expect_grep "lägesbild: withheld count, no claim" "$TMP/lb.flat" \
	"Skadegörelse i Bjuv: <$th polisanmälda brott under juli 2018 mot $j17 under juli 2017. För få fall för att säga något om förändringen."
if grep -E "^ *Skadegörelse +Bjuv " "$TMP/lb.sec" | grep -qE "tydlig|slumpen"; then
	not_ok "lägesbild: the table claims nothing for a withheld count" "$(grep -E "^ *Skadegörelse +Bjuv " "$TMP/lb.sec")"
else ok "lägesbild: the table claims nothing for a withheld count"; fi
expect_grep "lägesbild: Källa: Brå" "$TMP/lb.sec" "Källa: Brå"

# English: every word translated, the country named as such
report en --period sommar-2018 --lang en
section "$TMP/en.txt" "Police-reported crime" "Where did it happen?" >"$TMP/en.sec"
tr '\n' ' ' <"$TMP/en.sec" | sed 's/  */ /g' >"$TMP/en.flat"
[ -s "$TMP/en.sec" ] && ok "--lang en: a section 'Police-reported crime'" || not_ok "--lang en: a section 'Police-reported crime'"
expect_grep "--lang en: the sentence and its verdict" "$TMP/en.flat" \
	"Criminal damage in Bjuv: 7 police-reported offences in summer 2018 against 40 in summer 2017 (−83 %). This is a clear decrease."
expect_grep "--lang en: the country" "$TMP/en.sec" "Sweden"
expect_grep "--lang en: the county" "$TMP/en.sec" "Skåne County"
expect_grep "--lang en: Source: Brå" "$TMP/en.sec" "Source: Brå"
for w in "Hela landet" "Källa" "Brott " "Bedömning" "slumpen" "minskning" "polisanm"; do
	expect_no_grep "--lang en: no '$w'" "$TMP/en.sec" "$w"
done
# rates per 1 000 inhabitants elsewhere in the report: decimal point in English, comma in Swedish
expect_eq "--lang en: decimal point in rates" "$(grep -E '^ *Bjuv +[0-9]+ +[0-9]+ +.*% +[0-9]+[.,][0-9]$' "$TMP/en.txt" | grep -c '\.[0-9]$')" "1"
expect_eq "Swedish: decimal comma in rates" "$(grep -E '^ *Bjuv +[0-9]+ +[0-9]+ +.*% +[0-9]+[.,][0-9]$' "$TMP/sv.txt" | grep -c ',[0-9]$')" "1"

# A configuration without official statistics: the same templates, no section, nothing of Brå
mkdir -p "$TMP/nobra"
cp -r samples/bjuv/exports samples/bjuv/profiles "$TMP/nobra/"
sed -e '/bra-polisanmalda-brott-syntetisk/d' -e '/<official-statistics/,/<\/official-statistics>/d' "$S" >"$TMP/nobra/trygg.xml"
expect_no_grep "the test's configuration has no official statistics" "$TMP/nobra/trygg.xml" "official-statistics"
for tpl in uppfoljning lagesbild; do
	per=sommar-2018
	[ "$tpl" = lagesbild ] && per=2018-07
	expect_exit "no Brå: $tpl report runs" 0 "$TRYGG" report -q -c "$TMP/nobra/trygg.xml" --template "$tpl" \
		--period "$per" -o "$TMP/nobra/$tpl" --dump-tree "$TMP/nobra/$tpl.tree"
	pdftotext "$TMP/nobra/$tpl"/*.pdf "$TMP/nobra/$tpl.txt" 2>/dev/null
	expect_no_grep "no Brå: $tpl has no police section" "$TMP/nobra/$tpl.txt" "Polisanmälda"
	expect_no_grep "no Brå: $tpl says nothing of Brå" "$TMP/nobra/$tpl.txt" "Brå"
	expect_no_grep "no Brå: $tpl tree has no police figure" "$TMP/nobra/$tpl.tree" "{police"
done
# and the municipality's own numbers are the same with and without the police section
"$TRYGG" report -q -c "$S" --period sommar-2018 -o "$TMP/with" --dump-tree "$TMP/with.tree" >/dev/null 2>&1
own() { grep -E '\{(count|change|share|rate|cost|measures|hours|reached) ' "$1" | sed 's/^ *//'; }
own "$TMP/with.tree" >"$TMP/own.with"
own "$TMP/nobra/uppfoljning.tree" >"$TMP/own.without"
if [ -s "$TMP/own.with" ] && cmp -s "$TMP/own.with" "$TMP/own.without"; then
	ok "the municipality's own figures are untouched by the police section ($(wc -l <"$TMP/own.with") values)"
else
	not_ok "the municipality's own figures are untouched by the police section" "$(diff "$TMP/own.with" "$TMP/own.without" | head -5)"
fi

# `trygg batch` redoes a report when a police figure it shows changes, and only then
export SOURCE_DATE_EPOCH=1546300800
cp -R samples/bjuv "$TMP/bb"
BF=$TMP/bb/exports/bra-polisanmalda-brott-syntetisk.txt
written() { python3 -c 'import json,sys; print(" ".join(j["period"] for j in json.load(open(sys.argv[1]))["written"]))' "$1"; }
batch() { # NAME WANT
	"$TRYGG" batch -q -c "$TMP/bb/trygg.xml" --monthly 2018-07 --template lagesbild \
		-o "$TMP/bb/out" --summary "$TMP/bb/s.json" >"$TMP/bb/err" 2>&1
	expect_eq "$1" "$(written "$TMP/bb/s.json")" "$2"
}
batch "batch: first run writes 2018-07" "2018-07"
batch "batch: second run is up to date" ""
LC_ALL=C sed -i 's/^1260 Bjuv;Narkotikabrott;2018;Jul;6;39;$/1260 Bjuv;Narkotikabrott;2018;Jul;7;45;/' "$BF"
expect_eq "batch: the test changed a figure of July 2018" "$(LC_ALL=C grep -c '^1260 Bjuv;Narkotikabrott;2018;Jul;7;45;$' "$BF")" "1"
batch "batch: a police figure of the month changed: redone" "2018-07"
LC_ALL=C sed -i 's/^\(12 Sk.ne l.n;Misshandel;2019 prel\.;Dec;\)[0-9]*;/\1999;/' "$BF"
expect_eq "batch: the test changed a figure of December 2019" "$(LC_ALL=C grep -c ';Misshandel;2019 prel\.;Dec;999;' "$BF")" "1"
batch "batch: a police figure outside the report changed: up to date" ""
