# tests/measures_people.sh - people reached ("Nådda") follows the small-count rule in the
# per-measure list as in the sums per department (SPEC.md §4, issue 11): the list never prints
# 1 or 2, and a department's measures with their sum (published in the sums table or the
# department's own version) never leave exactly one of them withheld. A measure that does not
# report people is shown as not reported ("–"), never 0.
#
# The export (July 2018), people reached, and what is published, worked out by hand:
#   fastighet  Klottersanering 2, Trygghetsvandring 10, Belysning 7       sum 19
#       2 is withheld; the sum 19 is published (the department's version shows it), so one
#       more is: the smallest, Belysning 7 ("..")         →  <3, 10, ..
#   kultur-fritid  Sommarlovsaktiviteter 40, Läxhjälp 1                   sum 41
#       1 withheld, and 40 with it                         →  .., <3
#   social  Fältgrupp (not reported)                                      →  –
#   skola   Rastvakter 2                                   sum 2 (withheld itself)  →  <3
# The sums table: 19, 2, 41, 0 and total 62; the 2 is withheld and, under the total, the
# smallest other count too: Fastighetsavdelningen "..", skola "<3", Kultur 41, total 62; social
# reports no people at all: "–".
. tests/lib.sh
trap 'rm -rf "$TMP"' EXIT
C=$TMP/m
mkdir -p "$C"
sed -n '/<sources>/q;p' samples/bjuv/trygg.xml >"$C/trygg.xml"
cat >>"$C/trygg.xml" <<XML
  <sources>
    <source file="insatser.csv" profile="$PWD/samples/bjuv/profiles/insatser.xml"/>
  </sources>
</trygg>
XML
cat >"$C/insatser.csv" <<'CSV'
Förvaltning;Insats;Startdatum;Slutdatum;Ort;Plats;Timmar;Kostnad;Antal nådda
fastighet;Klottersanering;2018-07-01;2018-07-31;Bjuv;Skolan;10;1 000,00;2
fastighet;Trygghetsvandring;2018-07-02;2018-07-02;Bjuv;Centrum;4;0,00;10
fastighet;Belysning;2018-07-03;2018-07-20;Bjuv;Parken;20;5 000,00;7
kultur-fritid;Sommarlovsaktiviteter;2018-07-01;2018-07-31;Bjuv;Fritidsgården;100;9 000,00;40
kultur-fritid;Läxhjälp;2018-07-05;2018-07-06;Bjuv;Biblioteket;6;0,00;1
social;Fältgrupp;2018-07-01;2018-07-31;Bjuv;Centrum;50;2 000,00;
skola;Rastvakter;2018-07-01;2018-07-15;Bjuv;Skolan;30;0,00;2
CSV
cat >"$C/template.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<template name="insatser" lang="sv">
  <section title="Insatser" title-en="Measures">
    <measures by="department"/>
    <measures/>
  </section>
  <departments title="{department}" title-en="{department}">
    <measures/>
  </departments>
</template>
XML
expect_exit "report with the measures list" 0 "$TRYGG" report -q -c "$C/trygg.xml" --period sommar-2018 \
	--baseline none --template "$C/template.xml" --per-department -o "$C/pdf"
pdftotext -layout "$C/pdf/bjuv-sommar-2018.pdf" "$C/main.txt" 2>/dev/null
pdftotext -layout "$C/pdf/bjuv-sommar-2018-fastighetsavdelningen.pdf" "$C/fastighet.txt" 2>/dev/null

# last column of a row that starts with NAME (the people reached column is the last)
reached() { awk -v name="$2" 'index($0, name) { print $NF; exit }' "$1"; }
# the list comes after the sums table; the rows are named by measure
for m in "Klottersanering <3" "Trygghetsvandring 10" "Belysning .." "Sommarlovsaktiviteter .." \
	"Läxhjälp <3" "Fältgrupp –" "Rastvakter <3"; do
	expect_eq "list: ${m% *} reached" "$(reached "$C/main.txt" " ${m% *} ")" "${m##* }"
done
for m in "Fastighetsavdelningen .." "Barn- och utbildningsförvaltningen <3" \
	"Kultur- och fritidsförvaltningen 41" "Socialförvaltningen –" "Totalt 62"; do
	expect_eq "sums: ${m% *} reached" "$(reached "$C/main.txt" " ${m% *} ")" "${m##* }"
done
# the department's version: the same flags for its own measures, its sum shown
for m in "Klottersanering <3" "Trygghetsvandring 10" "Belysning .."; do
	expect_eq "fastighet's version: ${m% *} reached" "$(reached "$C/fastighet.txt" " ${m% *} ")" "${m##* }"
done
# no measure row of either document ends in 1 or 2
for f in main fastighet; do
	small=$(grep -E '^ *(Klottersanering|Trygghetsvandring|Belysning|Sommarlovsaktiviteter|Läxhjälp|Fältgrupp|Rastvakter) .* [12]$' "$C/$f.txt")
	expect_eq "$f: no 1 or 2 people reached printed" "$small" ""
done
