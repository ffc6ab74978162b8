#!/usr/bin/python3
"""reference.py - the pipeline a municipal analyst would otherwise write, for `make bench`:
pandas reads the same three exports trygg reads (tests/bench/gen_exports.c), names are mapped
through the same configuration's synonyms and the profiles' value maps, duplicates across
departments are flagged (same date, site and category), the report's tables are grouped
(category, locality, department, month, week, weekday x hour, top sites, category x locality,
for the period and its baseline), charts are drawn with matplotlib and the PDF is written with
ReportLab. Idiomatic pandas, no tuning: the point is what the usual tools cost.

usage: reference.py DIR OUT.pdf      (DIR holds trygg.xml, fastighet.csv, skola.csv, kultur.xml)
"""
import io
import sys
import unicodedata
import xml.etree.ElementTree as ET

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from reportlab.lib import colors  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import getSampleStyleSheet  # noqa: E402
from reportlab.lib.units import cm  # noqa: E402
from reportlab.platypus import (Image, PageBreak, Paragraph, SimpleDocTemplate,  # noqa: E402
                                Spacer, Table, TableStyle)

PERIOD = ("2018-06-01", "2018-08-31")
BASELINE = ("2017-06-01", "2017-08-31")


def fold(s):
    s = unicodedata.normalize("NFC", str(s)).strip().lower()
    return " ".join(s.split())


def names(cfg, tag):
    """folded name, synonym or alias -> id, and id -> label"""
    m, labels = {}, {}
    for e in cfg.iter(tag):
        i = e.get("id")
        labels[i] = e.get("label") or e.get("name")
        m[fold(i)] = i
        for k in ("label", "name"):
            if e.get(k):
                m[fold(e.get(k))] = i
        for s in list(e.iter("synonym")) + list(e.iter("alias")):
            m[fold(s.text)] = i
    return m, labels


def profile_map(path, field):
    p = ET.parse(path).getroot()
    for f in p.iter("field"):
        if f.get("name") == field:
            return {fold(m.get("from")): m.get("to") for m in f.iter("map")}
    return {}


def money(s):
    s = s.astype("string").str.replace("\u00a0", "", regex=False).str.replace(" ", "", regex=False)
    return pd.to_numeric(s.str.replace(",", ".", regex=False), errors="coerce").fillna(0.0)


def load(d, repo_profiles):
    fast = pd.read_csv(f"{d}/fastighet.csv", sep=";", encoding="cp1252", dtype=str,
                       keep_default_na=False)
    fmap = profile_map(f"{repo_profiles}/fastighet.xml", "category")
    a = pd.DataFrame({
        "date": pd.to_datetime(fast["Anmäld datum"], format="%Y-%m-%d"),
        "time": fast["Klockslag"],
        "locality": fast["Ort"],
        "site": fast["Objekt"],
        "category": fast["Orsak"].map(lambda v: fmap.get(fold(v), v)),
        "count": 1,
        "cost": money(fast["Kostnad (kr)"]),
        "department": "fastighet",
    })
    skola = pd.read_csv(f"{d}/skola.csv", sep=",", encoding="utf-8-sig", dtype=str,
                        keep_default_na=False)
    b = pd.DataFrame({
        "date": pd.to_datetime(skola["Datum"], format="%d/%m/%Y"),
        "time": skola["Tid"],
        "locality": skola["Ort"],
        "site": skola["Skola"],
        "category": skola["Typ av händelse"],
        "count": pd.to_numeric(skola["Antal"]).astype(int),
        "cost": money(skola["Kostnad"]),
        "department": "skola",
    })
    kultur = pd.read_xml(f"{d}/kultur.xml", xpath="//k:handelse",
                         namespaces={"k": "urn:bjuv:kultur-fritid:handelser:1"},
                         dtype={"tid": str, "kostnad": str, "ort": str, "plats": str, "typ": str})
    c = pd.DataFrame({
        "date": pd.to_datetime(kultur["datum"], format="%Y-%m-%d"),
        "time": kultur["tid"].fillna(""),
        "locality": kultur["ort"],
        "site": kultur["plats"],
        "category": kultur["typ"],
        "count": 1,
        "cost": money(kultur["kostnad"].fillna("")),
        "department": "kultur-fritid",
    })
    return pd.concat([a, b, c], ignore_index=True)


def chart(fn):
    fig, ax = plt.subplots(figsize=(6.5, 3.2))
    fn(ax)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=200)
    plt.close(fig)
    buf.seek(0)
    return Image(buf, width=16 * cm, height=7.9 * cm)


def table(df):
    data = [[df.index.name or ""] + [str(c) for c in df.columns]]
    for i, row in df.iterrows():
        data.append([str(i)] + [f"{v:,.0f}".replace(",", " ") if isinstance(v, float) else str(v)
                                for v in row])
    t = Table(data, repeatRows=1)
    t.setStyle(TableStyle([("FONTSIZE", (0, 0), (-1, -1), 7),
                           ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1f4e79")),
                           ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                           ("GRID", (0, 0), (-1, -1), 0.25, colors.grey)]))
    return t


def main():
    d, out = sys.argv[1], sys.argv[2]
    cfg = ET.parse(f"{d}/trygg.xml").getroot()
    profiles = None
    for s in cfg.iter("source"):
        profiles = s.get("profile").rsplit("/", 1)[0]
    cats, cat_label = names(cfg, "category")
    locs, loc_label = names(cfg, "locality")
    threshold = int(cfg.find("report").get("small-count-threshold", "3"))

    df = load(d, profiles)
    df["category"] = df["category"].map(lambda v: cats.get(fold(v)))
    df["locality"] = df["locality"].map(lambda v: locs.get(fold(v)))
    rejected = df["category"].isna() | df["locality"].isna()
    df = df[~rejected].copy()
    # duplicates: an earlier row with the same date, site and category from another department
    first_dep = df.groupby(["date", "site", "category"])["department"].transform("first")
    df["duplicate"] = df.duplicated(["date", "site", "category"]) & (df["department"] != first_dep)

    cur = df[(df["date"] >= PERIOD[0]) & (df["date"] <= PERIOD[1])].copy()
    base = df[(df["date"] >= BASELINE[0]) & (df["date"] <= BASELINE[1])].copy()
    for p in (cur, base):
        p["month"] = p["date"].dt.strftime("%Y-%m")
        p["week"] = p["date"].dt.isocalendar().week
        p["weekday"] = p["date"].dt.weekday
        p["hour"] = pd.to_numeric(p["time"].str.slice(0, 2), errors="coerce")

    by_cat = pd.DataFrame({"2018": cur.groupby("category")["count"].sum(),
                           "2017": base.groupby("category")["count"].sum()}).fillna(0)
    by_cat.index = [cat_label[i] for i in by_cat.index]
    by_cat.index.name = "Kategori"
    by_loc = pd.DataFrame({"2018": cur.groupby("locality")["count"].sum(),
                           "2017": base.groupby("locality")["count"].sum()}).fillna(0)
    by_loc.index = [loc_label[i] for i in by_loc.index]
    by_loc.index.name = "Ort"
    by_dep = cur.groupby("department").agg(antal=("count", "sum"), kostnad=("cost", "sum"))
    by_month = cur.groupby("month")["count"].sum()
    by_week = pd.DataFrame({"2018": cur.groupby("week")["count"].sum(),
                            "2017": base.groupby("week")["count"].sum()}).fillna(0)
    wd_hour = cur.pivot_table(index="weekday", columns="hour", values="count", aggfunc="sum",
                              fill_value=0)
    cat_loc = cur.pivot_table(index="category", columns="locality", values="count",
                              aggfunc="sum", fill_value=0)
    sites = cur.groupby("site")["count"].sum().sort_values(ascending=False).head(15)
    costs = pd.DataFrame({"2018": cur.groupby("category")["cost"].sum(),
                          "2017": base.groupby("category")["cost"].sum()}).fillna(0)
    # small counts suppressed, as the report does
    by_cat_shown = by_cat.mask((by_cat > 0) & (by_cat < threshold))

    st = getSampleStyleSheet()
    story = [Paragraph("Trygghetsrapport sommaren 2018 (referens)", st["Title"]),
             Paragraph(f"{int(cur['count'].sum())} händelser mot {int(base['count'].sum())} "
                       f"sommaren 2017; {int(rejected.sum())} rader avvisade, "
                       f"{int(df['duplicate'].sum())} dubbletter.", st["Normal"]),
             Spacer(1, 12), table(by_cat_shown.fillna("–")),
             chart(lambda ax: by_cat.plot.bar(ax=ax)), PageBreak(),
             table(by_loc), chart(lambda ax: by_loc.plot.barh(ax=ax)),
             table(by_dep), PageBreak(),
             chart(lambda ax: by_month.plot.bar(ax=ax)),
             chart(lambda ax: by_week.plot(ax=ax)), PageBreak(),
             chart(lambda ax: ax.imshow(wd_hour.values, aspect="auto", cmap="Blues")),
             table(cat_loc), PageBreak(),
             table(sites.to_frame("antal")), chart(lambda ax: sites.plot.barh(ax=ax)),
             table(costs)]
    SimpleDocTemplate(out, pagesize=A4).build(story)


if __name__ == "__main__":
    main()
