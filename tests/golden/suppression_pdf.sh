# tests/golden/suppression_pdf.sh - the small-count rule in the PDF itself: over generated
# datasets full of small counts and several thresholds, no count from 1 to threshold - 1 is
# published in the seasonal report - not in a table cell, sentence, tile or chart value label
# (read from the page-model dump, which holds every text of the PDF). Axis tick labels, page
# numbers in the table of contents and row counts of the data-quality appendix are not counts
# of events and are left out; the datasets have no measures (a number of measures is the
# municipality's own work and not suppressed). The stats property test in test_aggregate
# covers recovering a hidden cell from totals; the report uses the same tables.
. tests/lib.sh
trap 'rm -rf "$TMP"' EXIT

for seed in 1 2 3 4; do
	for th in 2 3 5; do
		D=$TMP/s$seed-t$th
		python3 - "$D" "$seed" "$th" <<'PY'
import os, random, sys
d, seed, th = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(seed * 100 + th)
os.makedirs(d + "/exports")
cats = [("skadegorelse", "Skadegörelse"), ("klotter", "Klotter"), ("brand", "Brand"), ("inbrott", "Inbrott")]
locs = ["Norrby", "Söderby", "Västby"]
sites = ["Skolan", "Biblioteket", "Fritidsgården", "Parken", "Hallen"]
cfg = f"""<?xml version="1.0" encoding="UTF-8"?>
<trygg version="1">
  <municipality code="9999" name="Provby"/>
  <report author="test" language="sv" small-count-threshold="{th}" output="r-{{period}}.pdf"/>
  <localities>""" + "".join(f"""
    <locality id="l{i}" name="{n}"><population year="2017">{1000 + 500 * i}</population><population year="2018">{1000 + 500 * i}</population></locality>""" for i, n in enumerate(locs)) + """
  </localities>
  <departments>
    <department id="dep" name="Förvaltningen" head="Anna" email="anna@provby.example"/>
    <department id="dep2" name="Skolan" head="Bo" email="bo@provby.example"/>
  </departments>
  <categories>""" + "".join(f"""
    <category id="{i}" label="{n}" label-en="{n}" colour="#336699"/>""" for i, n in cats) + """
  </categories>
  <seasons><season id="sommar" label="sommar" label-en="summer" start="06-01" end="08-31"/></seasons>
  <sources>
    <source file="exports/a.csv" profile="p.xml" department="dep"/>
    <source file="exports/b.csv" profile="p.xml" department="dep2"/>
  </sources>
</trygg>
"""
open(d + "/trygg.xml", "w", encoding="utf-8").write(cfg)
open(d + "/p.xml", "w", encoding="utf-8").write("""<?xml version="1.0" encoding="UTF-8"?>
<profile name="t" format="csv" records="incidents">
  <csv delimiter=";" encoding="utf-8"/>
  <values date="iso" decimal=","/>
  <field name="date"><column>Datum</column></field>
  <field name="time"><column>Tid</column></field>
  <field name="locality"><column>Ort</column></field>
  <field name="site"><column>Plats</column></field>
  <field name="category"><column>Typ</column></field>
  <field name="count"><column>Antal</column></field>
  <field name="cost"><column>Kostnad</column></field>
</profile>
""")
for f in ("a", "b"):
    with open(f"{d}/exports/{f}.csv", "w", encoding="utf-8") as out:
        out.write("Datum;Tid;Ort;Plats;Typ;Antal;Kostnad\n")
        for _ in range(rnd.randint(15, 60)):
            y = rnd.choice([2017, 2018])
            m = rnd.choice([6, 7, 8])
            out.write(f"{y}-{m:02d}-{rnd.randint(1, 28):02d};{rnd.randint(0, 23):02d}:{rnd.choice(['00', '30'])};"
                      f"{rnd.choice(locs)};{rnd.choice(sites)};{rnd.choice(cats)[1]};"
                      f"{rnd.choice([1, 1, 1, 2, 3])};{rnd.randint(0, 20000)},00\n")
PY
		if ! "$TRYGG" report -q -c "$D/trygg.xml" --period sommar-2018 -o "$D/out" --dump "$D/dump.txt" 2>"$D/err"; then
			not_ok "seed $seed, threshold $th: report written" "$(cat "$D/err")"
			continue
		fi
		python3 - "$D/dump.txt" "$th" "$seed" <<'PY'
import re, sys
dump, th, seed = sys.argv[1], int(sys.argv[2]), sys.argv[3]
bad, page, toc, quality, seen = [], 0, set(), False, 0
for line in open(dump, encoding="utf-8"):
    line = line.rstrip("\n")
    if line.startswith("page "):
        page = int(line.split()[1]); quality = False
        continue
    m = re.match(r"  text \S+ \S+ \S+ \S+ #[0-9a-f]{6} (.*)$", line)
    v = re.match(r"    label\[value\] (.*)$", line)
    text = m.group(1) if m else v.group(1) if v else None
    if text is None:
        continue
    if text == "Innehåll":
        toc.add(page)
    if text == "Rader per källa":
        quality = True  # rows of the appendix count rows, not events
    if page in toc or quality:
        continue
    # not counts: percentages, rates "per 1 000", the rule's own wording "från 1 till 2"
    text = re.sub(r"[+−-]?\d+(?:\xa0\d{3})*[\xa0 ]?%", "", text)
    text = re.sub(r"1[\xa0 ]000 inv", "", text)
    text = re.sub(r"från \d+ till \d+ visas", "", text)
    text = re.sub(r"<\d+", "", text)  # the suppressed form itself
    for n in re.findall(r"(?<![\d,.:/–+−-])\d+(?:\xa0\d{3})*(?![\d,.:/–])", text):
        seen += 1
        k = int(n.replace("\xa0", ""))
        if 1 <= k < th and not re.search(r"\b(v\.|Sida|kvartal|vecka)\s*$", text[:text.find(n)]):
            bad.append(f"page {page}: {text!r}")
print(("not ok - " if bad else "ok - ") +
      f"seed {seed}, threshold {th}: no count from 1 to {th - 1} in the PDF ({seen} numbers read)")
for b in bad[:5]:
    print("#   " + b)
PY
	done
done
