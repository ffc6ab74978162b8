#!/usr/bin/python3
"""Small-municipality datasets for the disclosure audit (tests/audit.sh).

gen.py case NAME DIR        one of the issue's constructions (issue 11):
    linked   Skadegörelse 10 (Bjuv), Klotter 2 (Bjuv), Brand 6 (Ekeby): the one-dimensional
             tables print the cross table's margins
    depts    the municipality's Skadegörelse 12, Fastighet 10, the school 2
gen.py random SEED DIR      a random small municipality: 2-5 departments, 7-10 categories,
                            2-4 localities, a handful of incidents per cell (many 0, 1 and 2),
                            in summer 2018 and 2017, some without time, some measures with
                            small numbers of people reached
gen.py grid CxLxD SEED - DIR the same with C categories, L localities, D departments (at most
                            10 x 10 x 8; for the benchmark)

Every department writes a CSV in the format of the sample's school log (profile skola.xml);
the measures a CSV in the sample's insatser format. DIR/trygg.xml is the configuration.
"""
import os
import random
import sys

SAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "samples",
                      "bjuv")
CATS = ["Skadegörelse", "Klotter", "Brand", "Inbrott", "Hot och våld", "Droger",
        "Ordningsstörning", "Stöld", "Nedskräpning", "Buskörning"]
CAT_IDS = ["skadegorelse", "klotter", "brand", "inbrott", "hot-vald", "droger", "ordning",
           "stold", "skrap", "buskorning"]  # the default template names the first ones
LOCS = [("Bjuv", 10521), ("Billesholm", 3733), ("Ekeby", 1247), ("Gunnarstorp", 400)] + \
    [("Ort%d" % i, 300 + 10 * i) for i in range(5, 11)]
DEPTS = [("fastighet", "Fastighetsavdelningen"), ("skola", "Barn- och utbildningsförvaltningen"),
         ("kultur-fritid", "Kultur- och fritidsförvaltningen"), ("social", "Socialförvaltningen"),
         ("teknik", "Tekniska förvaltningen")] + \
    [("forv%d" % i, "Förvaltning %d" % i) for i in range(6, 9)]


def config(n_cat, n_loc, n_dep, measures):
    prof = os.path.abspath(os.path.join(SAMPLE, "profiles"))
    x = ['<?xml version="1.0" encoding="UTF-8"?>', '<trygg version="1">',
         '  <municipality code="1260" name="Bjuv"/>',
         '  <report author="Test" language="sv" small-count-threshold="3" '
         'output="bjuv-{period}.pdf"/>', '  <localities>']
    for name, pop in LOCS[:n_loc]:
        x.append('    <locality id="l%s" name="%s"><population year="2017">%d</population>'
                 '<population year="2018">%d</population></locality>'
                 % (name.lower(), name, pop, pop))
    x.append('  </localities>\n  <departments>')
    for did, name in DEPTS[:n_dep]:
        x.append('    <department id="%s" name="%s" head="Chef %s" email="%s@bjuv.example"/>'
                 % (did, name, did, did))
    x.append('  </departments>\n  <categories>')
    for i, c in enumerate(CATS[:n_cat]):
        x.append('    <category id="%s" label="%s" label-en="C%d" colour="#%06X"/>'
                 % (CAT_IDS[i], c, i, 0x102030 * (i + 1)))
    x.append('  </categories>')
    x.append('  <seasons><season id="sommar" alias="summer" label="sommar" label-en="summer" '
             'start="06-01" end="08-31"/></seasons>')
    x.append('  <sources>')
    for did, _ in DEPTS[:n_dep]:
        x.append('    <source file="%s.csv" profile="%s/skola.xml" department="%s"/>'
                 % (did, prof, did))
    if measures:
        x.append('    <source file="insatser.csv" profile="%s/insatser.xml"/>' % prof)
    x.append('  </sources>\n</trygg>\n')
    return "\n".join(x)


def write(dirname, n_cat, n_loc, n_dep, rows, measures=()):
    """rows: (department index, year, month, day, time or '', site, locality, category)."""
    os.makedirs(dirname, exist_ok=True)
    with open(os.path.join(dirname, "trygg.xml"), "w", encoding="utf-8") as fp:
        fp.write(config(n_cat, n_loc, n_dep, bool(measures)))
    for k, (did, _) in enumerate(DEPTS[:n_dep]):
        with open(os.path.join(dirname, did + ".csv"), "w", encoding="utf-8") as fp:
            fp.write("Datum,Tid,Skola,Ort,Typ av händelse,Beskrivning,Antal,Kostnad\r\n")
            for (d, y, m, day, tm, site, loc, cat) in rows:
                if d == k:
                    fp.write("%d/%d/%d,%s,%s,%s,%s,x,1,\r\n" % (day, m, y, tm, site, loc, cat))
    if measures:
        with open(os.path.join(dirname, "insatser.csv"), "w", encoding="utf-8") as fp:
            fp.write("Förvaltning;Insats;Startdatum;Slutdatum;Ort;Plats;Timmar;Kostnad;"
                     "Antal nådda\n")
            for (d, name, loc, hours, people) in measures:
                fp.write("%s;%s;2018-06-10;2018-08-10;%s;Centrum;%d;1 000,00;%s\n"
                         % (DEPTS[d][0], name, loc, hours, people))


def case(name, dirname):
    rows = []

    def add(dep, n, loc, cat, site="Torget"):
        for i in range(n):
            rows.append((dep, 2018, 7, 1 + i, "12:00", site, loc, cat))
    if name == "linked":
        add(0, 10, "Bjuv", "Skadegörelse")
        add(0, 2, "Bjuv", "Klotter")
        add(0, 6, "Ekeby", "Brand")
        write(dirname, 7, 3, 2, rows)
    elif name == "depts":
        add(0, 10, "Bjuv", "Skadegörelse")
        add(1, 2, "Bjuv", "Skadegörelse", "Skolan")
        write(dirname, 7, 3, 2, rows)
    else:
        sys.exit("gen.py: no case " + name)


def rand(seed, dirname, size=None):
    r = random.Random(seed)
    n_cat, n_loc, n_dep = size or (r.randint(7, 10), r.randint(2, 4), r.randint(2, 5))
    sites = {loc: ["%s %s" % (s, loc) for s in ("skola", "fritidsgård", "park")]
             for loc, _ in LOCS[:n_loc]}
    rows = []
    density = r.choice([0.3, 0.6, 1.0])
    for d in range(n_dep):
        for ci in range(n_cat):
            for loc, _ in LOCS[:n_loc]:
                for year in (2017, 2018):
                    n = 0
                    while r.random() < density / (1 + density) and n < 6:
                        n += 1
                    for _ in range(n):
                        m = r.randint(6, 8)
                        tm = "" if r.random() < 0.1 else "%02d:%02d" % (r.choice(
                            [8, 12, 16, 20, 23]), r.randint(0, 59))
                        rows.append((d, year, m, r.randint(1, 30), tm, r.choice(sites[loc]),
                                     loc, CATS[ci]))
    measures = []
    for i in range(r.randint(0, 5)):
        people = r.choice(["", "1", "2", "5", str(r.randint(1, 40))])
        measures.append((r.randrange(n_dep), "Insats %d" % i, r.choice(LOCS[:n_loc])[0],
                         r.randint(1, 50), people))
    write(dirname, n_cat, n_loc, n_dep, rows, measures)


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "grid":
        c, l, d = (int(x) for x in sys.argv[2].split("x"))
        rand(int(sys.argv[3]), sys.argv[5], (c, l, d)) if sys.argv[4] == "-" else sys.exit(__doc__)
    elif len(sys.argv) != 4 or sys.argv[1] not in ("case", "random"):
        sys.exit(__doc__)
    elif sys.argv[1] == "case":
        case(sys.argv[2], sys.argv[3])
    else:
        rand(int(sys.argv[2]), sys.argv[3])
