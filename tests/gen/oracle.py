#!/usr/bin/env python3
"""oracle.py - an independent oracle for `trygg stats --format json` on the exports that
tests/gen/realistic.py writes. It reads the exports itself (csv, ElementTree), matches names
to the configuration's ids its own way (case, accents and surrounding spaces ignored, as
doc/ingest.md says), loads the rows into sqlite and compares every count and cost, by
category, locality and department, for 2018 and its baseline 2017. Nothing here is taken
from trygg's C code or its output.

usage: oracle.py TRYGG DIR     prints "ok - …" / "not ok - …" lines (tests/lib.sh style)
"""
import csv
import datetime
import json
import os
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET

ACCENTS = str.maketrans("åäàáâãöôòóõéèêëüúùûíìîïç", "aaaaaaoooooeeeeuuuuiiiic")


def fold(s):
    s = s.lower().translate(ACCENTS)
    out, space = [], False
    for ch in s:
        if ch.isspace() or ch in "-_.":
            space = True
            continue
        if space and out:
            out.append(" ")
        space = False
        out.append(ch)
    return "".join(out)


def names(cfg, path, sub, extra):
    m = {}
    for el in cfg.findall(path):
        for n in [el.get("id")] + [el.get(a) for a in extra] + [s.text for s in el.findall(sub)]:
            if n:
                m[fold(n)] = el.get("id")
    return m


def ore(v):
    v = (v or "").strip()
    if not v:
        return None
    whole, _, frac = v.replace(" ", "").partition(",")
    return int(whole) * 100 + int((frac + "00")[:2])


def valid_day(s):
    try:
        return datetime.date.fromisoformat(s.strip())
    except ValueError:
        return None


def main():
    trygg, d = sys.argv[1], sys.argv[2]
    cfg = ET.parse(os.path.join(d, "trygg.xml")).getroot()
    cats = names(cfg, "categories/category", "synonym", ["label", "label-en"])
    locs = names(cfg, "localities/locality", "alias", ["name"])
    deps = names(cfg, "departments/department", "synonym", ["name"])
    pop = {(l.get("id"), int(p.get("year"))): int(p.text)
           for l in cfg.findall("localities/locality") for p in l.findall("population")}
    db = sqlite3.connect(":memory:")
    db.execute("create table inc (year int, cat text, loc text, dep text, cost int)")
    rows = []

    def add(day, cat, loc, dep, cost):
        day = valid_day(day)
        if day is None:
            return
        rows.append((day.year, cats[fold(cat)], locs[fold(loc)], dep, cost))

    ex = os.path.join(d, "exports")
    with open(os.path.join(ex, "fastighet.csv"), encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f, delimiter=";"):
            add(r["Datum"], r["Orsak"], r["Ort"], "fastighet", ore(r["Kostnad"]))
    notering = 0
    for el in ET.parse(os.path.join(ex, "skola.xml")).getroot():
        if el.tag not in ("händelse", "incident"):
            notering += el.tag == "notering"
            continue
        get = lambda n: (el.findtext(n) or "").strip()
        add(get("datum"), get("kategori") or "ovrigt", get("ort"), "skola", ore(get("kostnad")))
    with open(os.path.join(ex, "kultur.csv"), encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            add(r["Datum"], r["Typ"], r["Ort"], "kultur", None)
    with open(os.path.join(ex, "ovriga.csv"), encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f, delimiter=";"):
            add(r["Datum"], r["Kategori"], r["Ort"], deps[fold(r["Förvaltning"])], ore(r["Kostnad"]))
    db.executemany("insert into inc values (?,?,?,?,?)", rows)
    fails = 0

    def check(what, got, want):
        nonlocal fails
        if got == want:
            print("ok - %s" % what)
        else:
            fails += 1
            print("not ok - %s\n#   got  %r\n#   want %r" % (what, got, want))

    def stats(*args):
        out = subprocess.run([trygg, "stats", "-q", "-c", os.path.join(d, "trygg.xml"),
                              "--period", "2018", "--format", "json"] + list(args),
                             capture_output=True, text=True, check=True).stdout
        return json.loads(out)

    col = {"category": "cat", "locality": "loc", "department": "dep"}
    ids = {"category": [c.get("id") for c in cfg.findall("categories/category")],
           "locality": [l.get("id") for l in cfg.findall("localities/locality")],
           "department": [x.get("id") for x in cfg.findall("departments/department")]}

    def expect(where, params, year):
        n, costed, total = db.execute(
            "select count(*), count(cost), coalesce(sum(cost), 0) from inc where year = ?"
            + where, (year,) + params).fetchone()
        return n, (None if n and not costed else total)

    for dim in ("category", "locality", "department"):
        got = stats("--by", dim)
        have = {r["key"]: r for r in got["rows"]}
        want_rows, got_rows = [], []
        for key in ids[dim] + ["total"]:
            where, params = ("", ()) if key == "total" else (" and %s = ?" % col[dim], (key,))
            n18, c18 = expect(where, params, 2018)
            n17, c17 = expect(where, params, 2017)
            r = have.get(key, {})
            want_rows.append((key, n18, n17, c18, c17))
            got_rows.append((key, r.get("count"), r.get("count_baseline"), r.get("cost_ore"),
                             r.get("cost_baseline_ore")))
            if dim == "locality" and key != "total":
                check("per 1 000 of %s" % key, "%.1f" % r.get("per_1000", -1),
                      "%.1f" % (n18 * 1000 / pop[(key, 2018)]))
        check("stats --by %s: every count and cost (2018, 2017) matches the oracle" % dim,
              got_rows, want_rows)
        if dim == "department":
            check("departments reporting no cost", got["cost_not_reported_by"], ["kultur"])
    # the total's rate with --locality is per 1 000 of that locality
    got = stats("--by", "locality", "--locality", "Billesholm")
    tot = [r for r in got["rows"] if r["key"] == "total"][0]
    n = db.execute("select count(*) from inc where year = 2018 and loc = 'billesholm'").fetchone()[0]
    check("--locality Billesholm: total count", tot["count"], n)
    check("--locality Billesholm: total per 1 000 of Billesholm", "%.1f" % tot["per_1000"],
          "%.1f" % (n * 1000 / pop[("billesholm", 2018)]))
    # check: the <notering> elements are counted, not skipped silently
    chk = json.loads(subprocess.run([trygg, "check", "-q", "-c", os.path.join(d, "trygg.xml"),
                                     "--format", "json"], capture_output=True, text=True,
                                    check=True).stdout)
    skola = [s for s in chk["sources"] if s["file"].endswith("skola.xml")][0]
    check("check: <notering> elements counted", skola["skipped_elements"],
          [{"name": "notering", "count": notering}] if notering else [])
    truth = json.load(open(os.path.join(d, "truth.json"), encoding="utf-8"))
    check("check: measures (Hela kommunen mapped to the whole municipality)",
          chk["measures"], truth["measures"])
    n_all = sum(1 for _ in rows)
    check("check: accepted + duplicates = valid rows",
          sum(s["accepted"] + s["duplicates"] for s in chk["sources"]
              if not s["file"].endswith("insatser.csv")), n_all)
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
