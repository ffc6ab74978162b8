#!/usr/bin/env python3
"""oracle_rows.py - the Bjuv sample exports as normalized incident rows, for sqlite3.

    python3 tests/golden/oracle_rows.py samples/bjuv/exports > rows.tsv

Prints one tab-separated line per accepted incident:
    date (YYYY-MM-DD), category id, locality id, department id, count, cost in öre,
    hour of day (0-23, empty without a time), site
Rejected rows go to stderr as "excluded FILE:LINE: reason".

Independent of trygg: Python's csv and xml modules, with the category and locality names
written out by hand from samples/bjuv/trygg.xml and the value map of
samples/bjuv/profiles/fastighet.xml (the same tables tests/golden/oracle.sh keeps in awk).
Keep them in step with those files by hand; never generate them from trygg.
"""
import csv
import datetime
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

CATEGORIES = {
    "skadegorelse": "skadegorelse", "vandalism": "skadegorelse",
    "skadegorelse/vandalism": "skadegorelse", "krossad ruta": "skadegorelse",
    "klotter": "klotter", "graffiti": "klotter", "klotter/tags": "klotter",
    "brand": "brand", "anlagd brand": "brand", "brandskada": "brand",
    "inbrott": "inbrott", "inbrott/stold": "inbrott",
    "hot vald": "hot-vald", "hot och vald": "hot-vald", "hot": "hot-vald", "vald": "hot-vald",
    "hot/vald": "hot-vald",
    "droger": "droger", "narkotika": "droger", "drogpaverkan": "droger",
    "ordning": "ordning", "ordningsstorning": "ordning", "storning": "ordning", "oro": "ordning",
}
FASTIGHET_MAP = {"skadegorelse": "skadegorelse", "glaskross": "skadegorelse",
                 "klotter/sanering": "klotter", "brand/sot": "brand", "inbrott": "inbrott"}
LOCALITIES = {"bjuv": "bjuv", "bjuvs tatort": "bjuv", "billesholm": "billesholm",
              "billesholms tatort": "billesholm", "ekeby": "ekeby"}


def fold(s):
    s = s.lower()
    for a, b in (("å", "a"), ("ä", "a"), ("ö", "o"), ("é", "e"), ("\u00a0", " ")):
        s = s.replace(a, b)
    return re.sub(r"[\s._-]+", " ", s).strip()


def ore(s):
    s = (s or "").replace("\u00a0", "").replace(" ", "").strip()
    if s.endswith("kr"):
        s = s[:-2]
    if s == "":
        return 0
    m = re.fullmatch(r"(\d+)(?:,(\d{1,2}))?", s)
    if not m:
        return None
    return int(m.group(1)) * 100 + int((m.group(2) or "0").ljust(2, "0"))


def day(s, dmy):
    s = s.strip()
    try:
        if dmy:
            m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", s)
            return datetime.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{1,2}:\d{2})?", s)
        return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except (AttributeError, ValueError):
        return None


def hour(date, clock):
    """Hour from the time column, else from a time written after the date; '' if none."""
    m = re.fullmatch(r"\s*(\d{1,2})[:.](\d{2})(?::\d{2})?\s*", clock or "")
    if not m:
        m = re.search(r"[ T](\d{1,2}):(\d{2})", date or "")
    return str(int(m.group(1))) if m else ""


def emit(where, date, dmy, ort, value, count, cost, dept, vmap=None, clock="", site=""):
    d = day(date, dmy)
    if d is None:
        return print(f"excluded {where}: date {date!r}", file=sys.stderr)
    loc = LOCALITIES.get(fold(ort))
    if loc is None:
        return print(f"excluded {where}: locality {ort!r}", file=sys.stderr)
    v = fold(value)
    if vmap and v in vmap:
        v = vmap[v]
    cat = CATEGORIES.get(v)
    if cat is None:
        return print(f"excluded {where}: category {value!r}", file=sys.stderr)
    count = (count or "").strip() or "1"
    if not count.isdigit() or int(count) < 1:
        return print(f"excluded {where}: count {count!r}", file=sys.stderr)
    o = ore(cost)
    if o is None:
        return print(f"excluded {where}: cost {cost!r}", file=sys.stderr)
    print(f"{d.isoformat()}\t{cat}\t{loc}\t{dept}\t{count}\t{o}\t{hour(date, clock)}\t{site.strip()}")


def read_csv(path, encoding, delim, cols, dmy, dept, vmap=None):
    with open(path, encoding=encoding, newline="") as f:
        r = csv.reader(f, delimiter=delim)
        head = next(r)
        idx = {name: head.index(name) if name in head else None for name in cols.values()}
        for row in r:
            line = r.line_num
            if not any(c.strip() for c in row):
                continue
            get = lambda k: row[idx[cols[k]]] if cols.get(k) and idx[cols[k]] is not None and idx[cols[k]] < len(row) else ""
            emit(f"{os.path.basename(path)}:{line}", get("date"), dmy, get("ort"), get("value"),
                 get("count"), get("cost"), dept, vmap, get("clock"), get("site"))


def main():
    d = sys.argv[1]
    for p in sorted(glob.glob(os.path.join(d, "fastighet-felanmalan-*.csv"))):
        read_csv(p, "cp1252", ";", {"date": "Anmäld datum", "ort": "Ort", "value": "Orsak",
                                    "cost": "Kostnad (kr)", "clock": "Klockslag",
                                    "site": "Objekt"}, False, "fastighet", FASTIGHET_MAP)
    read_csv(os.path.join(d, "skola-incidenter.csv"), "utf-8-sig", ",",
             {"date": "Datum", "ort": "Ort", "value": "Typ av händelse", "count": "Antal",
              "cost": "Kostnad", "clock": "Tid", "site": "Skola"}, True, "skola")
    ns = "{urn:bjuv:kultur-fritid:handelser:1}"
    path = os.path.join(d, "kultur-fritid.xml")
    for i, el in enumerate(ET.parse(path).getroot().iter(ns + "handelse")):
        t = lambda n: (el.findtext(ns + n) or "")
        emit(f"kultur-fritid.xml:record {i + 1}", el.get("datum", ""), False, t("ort"), t("typ"),
             "1", t("kostnad"), "kultur-fritid", clock=el.get("tid", ""), site=t("plats"))


main()
