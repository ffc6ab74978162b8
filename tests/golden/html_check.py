#!/usr/bin/python3
"""Checks one HTML report of trygg against what the PDF of the same run shows.

usage: html_check.py NAME FILE.html LANG [TREE.txt PAGES.txt PDFTEXT.txt]

Reads the HTML with the standard library's parser (nothing of trygg's) and prints TAP lines
("ok - ..." / "not ok - ...") for tests/golden/html.sh. With the three dumps of the same run
(trygg report --dump-tree, --dump, and pdftotext -layout of the PDF) it also compares:
  - every table cell, in order, with the document tree's cells (the text the PDF prints);
  - every row's numbers with the PDF's text (pdftotext), row by row;
  - every chart's texts with the labels of the PDF's chart (the page dump), so that withheld
    values ("<3", "..") are drawn alike;
  - every chart's <desc> with the tree's alternative text, in order.
"""
import base64
import re
import struct
import sys
from html.parser import HTMLParser

VOID = {"meta", "img", "col", "br", "hr", "input", "link", "source", "wbr"}
SVG_VOID = {"rect", "line", "polyline", "circle", "path"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children = []
        self.text = []

    def all_text(self):
        out = list(self.text)
        return "".join(out)


class Tree(HTMLParser):
    """A small DOM: elements with attributes, children and their own text (in order)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", [], None)
        self.cur = self.root
        self.order = []  # every element in document order
        self.errors = []

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.children.append(n)
        self.order.append(n)
        if tag not in VOID and tag not in SVG_VOID:
            self.cur = n

    def handle_startendtag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.children.append(n)
        self.order.append(n)

    def handle_endtag(self, tag):
        if tag in VOID or tag in SVG_VOID:
            return
        if self.cur.tag != tag:
            self.errors.append(f"</{tag}> closes <{self.cur.tag}>")
            p = self.cur
            while p is not None and p.tag != tag:
                p = p.parent
            if p is None:
                return
            self.cur = p
        self.cur = self.cur.parent

    def handle_data(self, data):
        n = self.cur
        while n is not None:  # text belongs to every open element
            n.text.append(data)
            n = n.parent


def luminance(h):
    def lin(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(h[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def contrast(a, b):
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def norm(s):
    return re.sub(r"\s+", " ", s.replace("\u00a0", " ")).strip()


def find(node, tag):
    out = []
    for c in node.children:
        if c.tag == tag:
            out.append(c)
        out.extend(find(c, tag))
    return out


class Tap:
    def __init__(self, name):
        self.name = name
        self.failed = 0

    def check(self, what, cond, *why):
        if cond:
            print(f"ok - {self.name}: {what}")
        else:
            self.failed += 1
            print(f"not ok - {self.name}: {what}")
            for w in why:
                print(f"#   {str(w)[:400]}")


def tree_dump(path):
    """Cells, alternative texts and headings of compose_dump()'s text."""
    cells, alts, headings, charts, logos = [], [], [], 0, []
    figure = None
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        m = re.match(r'^\s*cell(?: scope=\w+)? "(.*)"(?: \{[^"]*\})?$', line)
        if m:
            cells.append(m.group(1))
            continue
        m = re.match(r"^\s*alt: (.*)$", line)
        if m:
            (logos if figure == "logo" else alts).append(m.group(1))
            continue
        m = re.match(r"^\s*figure\[(\w+)\]", line)
        if m:
            figure = m.group(1)
        m = re.match(r'^\s*heading level=(\d) "(.*)"$', line)
        if m:
            headings.append((int(m.group(1)), m.group(2)))
        if re.match(r"^\s*figure\[chart\]", line):
            charts += 1
    return cells, alts, headings, charts, logos


def page_charts(path):
    """Per chart of the page dump, its texts in order (empty ones left out)."""
    charts = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if re.match(r"^\s*(\[[^\]]*\])?\s*chart ", line):
            charts.append([])
            continue
        m = re.match(r"^    label(?:\[value\])? ?(.*)$", line)
        if m and charts is not None and charts:
            if m.group(1):
                charts[-1].append(m.group(1))
    return charts


def main():
    name, path, lang = sys.argv[1], sys.argv[2], sys.argv[3]
    dumps = sys.argv[4:7] if len(sys.argv) >= 7 else None
    t = Tap(name)
    src = open(path, encoding="utf-8").read()
    p = Tree()
    p.feed(src)
    p.close()
    t.check("elements nest", not p.errors and p.cur is p.root, *p.errors[:3])
    html = find(p.root, "html")
    t.check(f'<html lang="{lang}">', html and html[0].attrs.get("lang") == lang)
    t.check("starts with <!DOCTYPE html>", src.startswith("<!DOCTYPE html>\n"))

    # nothing that runs or fetches
    t.check("no <script>", "<script" not in src.lower())
    t.check("no http:// or https:// anywhere", not re.search(r"https?://", src, re.I),
            re.findall(r".{30}https?://.{30}", src, re.I)[:2])
    srcs = [e.attrs.get("src", "") for e in p.order if "src" in e.attrs]
    hrefs = [e.attrs.get("href", "") for e in p.order if "href" in e.attrs]
    t.check("every src is a data: URI", all(s.startswith("data:") for s in srcs), srcs[:3])
    t.check("every link stays in the page (#id)", all(h.startswith("#") for h in hrefs),
            [h for h in hrefs if not h.startswith("#")][:3])
    t.check("no url() or @import in the CSS", not re.search(r"url\(|@import", src, re.I))
    ids = [e.attrs["id"] for e in p.order if "id" in e.attrs]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    t.check("ids are unique", not dup, dup[:5])
    missing = [h for h in hrefs if h[1:] not in ids]
    t.check("every #link has its target", not missing, missing[:3])
    refs = []
    for e in p.order:
        for a in ("aria-labelledby", "aria-describedby"):
            refs += e.attrs.get(a, "").split()
    t.check("every aria reference has its target", all(r in ids for r in refs),
            [r for r in refs if r not in ids][:3])

    # headings: one h1, no level skipped
    hs = [e for e in p.order if re.fullmatch(r"h[1-6]", e.tag)]
    levels = [int(e.tag[1]) for e in hs]
    t.check("exactly one h1, first", levels[:1] == [1] and levels.count(1) == 1, levels[:5])
    skips = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
    t.check("no heading level skipped", not skips, skips[:3])
    t.check("headings only h1-h3", max(levels) <= 3, levels)

    # tables: a caption, th with scope; the header row in thead
    tables = find(p.root, "table")
    t.check("every table has a <caption>",
            all(c.children and c.children[0].tag == "caption" and norm(c.children[0].all_text())
                for c in tables))
    ths = [e for e in p.order if e.tag == "th"]
    t.check("every <th> has scope col or row", ths and all(e.attrs.get("scope") in ("col", "row") for e in ths))
    t.check("header cells are th scope=col",
            all(e.attrs.get("scope") == "col" for tb in tables for th in find(tb, "thead") for e in find(th, "th")))
    t.check("the first cell of every body row is th scope=row",
            all(r.children and r.children[0].tag == "th" and r.children[0].attrs.get("scope") == "row"
                for tb in tables for body in find(tb, "tbody") for r in find(body, "tr")))

    # charts: svg with title and desc, role img, named and described by them; its table next
    svgs = find(p.root, "svg")
    ok = True
    for s in svgs:
        kids = s.children
        if not (len(kids) >= 2 and kids[0].tag == "title" and kids[1].tag == "desc"
                and norm(kids[0].all_text()) and norm(kids[1].all_text())
                and s.attrs.get("role") == "img"
                and s.attrs.get("aria-labelledby") == kids[0].attrs.get("id")
                and s.attrs.get("aria-describedby") == kids[1].attrs.get("id")):
            ok = False
    t.check(f"every chart ({len(svgs)}) is an svg role=img with <title> and <desc>", svgs and ok)
    follow = []
    for s in svgs:
        fig = s.parent
        sib = fig.parent.children
        i = sib.index(fig) + 1
        # a source note under the chart ("Källa: Brå.") may stand between it and its table
        while i < len(sib) and sib[i].tag == "p" and "note" in sib[i].attrs.get("class", ""):
            i += 1
        nxt = sib[i] if i < len(sib) else None
        follow.append(nxt is not None and nxt.tag == "div" and find(nxt, "table"))
    t.check("every chart is followed by its data table", all(follow))

    # axe leaves the contrast of SVG text "to review": measured here against the rectangle
    # drawn under it last (or the chart's white), WCAG 2.1's formula, at least 4.5:1
    low = []
    for sv in svgs:
        rects = []
        for e in sv.children:
            a = e.attrs
            if e.tag == "rect":
                rects.append((float(a.get("x", 0)), float(a.get("y", 0)), float(a["width"]),
                              float(a["height"]), a["fill"]))
            elif e.tag == "text":
                x, y = float(a["x"]), float(a["y"]) - float(a["font-size"]) * 0.3
                bg = "#ffffff"
                for rx, ry, rw, rh, f in rects:
                    if rx <= x <= rx + rw and ry <= y <= ry + rh:
                        bg = f
                c = contrast(a["fill"], bg)
                if c < 4.5:
                    low.append(f"{e.all_text()!r} {a['fill']} on {bg}: {c:.2f}")
    t.check("every chart text has a contrast of at least 4.5:1", not low, *low[:3])

    if not dumps:
        return t.failed
    tree, pages, pdftext = dumps
    cells, alts, headings, ncharts, logos = tree_dump(tree)
    imgs = [e for e in p.order if e.tag == "img"]
    t.check(f"one img per logo of the tree ({len(logos)}), its alt the tree's",
            [norm(i.attrs.get("alt", "")) for i in imgs] == [norm(x) for x in logos])
    for i in imgs:
        png = base64.b64decode(i.attrs["src"].split(",", 1)[1])
        w, h = struct.unpack(">II", png[16:24])
        t.check(f"the logo is a PNG of {w} x {h} pixels",
                png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR" and w > 0 and h > 0)
    html_cells = [c.all_text() for e in tables for tr in find(e, "tr") for c in tr.children
                  if c.tag in ("th", "td")]
    diff = next((i for i, (a, b) in enumerate(zip(html_cells, cells)) if a != b), None)
    t.check(f"table cells equal the tree's ({len(cells)})",
            html_cells == cells,
            f"{len(html_cells)} cells against {len(cells)}",
            diff is not None and f"cell {diff}: {html_cells[diff]!r} against {cells[diff]!r}")
    t.check(f"one svg per chart of the tree ({ncharts})", len(svgs) == ncharts)
    descs = [norm(s.children[1].all_text()) for s in svgs]
    t.check("every <desc> is the tree's alternative text, in order",
            descs == [norm(a) for a in alts[:len(descs)]] and len(alts) >= len(descs))
    h_tree = [(lv + 1, norm(x)) for lv, x in headings]
    h_html = [(int(e.tag[1]), norm(e.all_text())) for e in hs if e.attrs.get("id", "").startswith("n")]
    t.check("h2/h3 are the tree's headings (level 1 and 2), in order", h_html == h_tree,
            [x for x in zip(h_html, h_tree) if x[0] != x[1]][:2])

    # numbers against the PDF's text: each body row's first cell starts a line of pdftotext
    # -layout and its right-aligned cells follow on that line in order (compared without
    # spaces: pdftotext drops the narrow no-break space of "8 %" now and then)
    lines = [norm(x) for x in open(pdftext, encoding="utf-8")]
    tight = [x.replace(" ", "") for x in lines]
    bad = []
    nrows = 0
    for tb in tables:
        for body in find(tb, "tbody"):
            for r in find(body, "tr"):
                nrows += 1
                head = norm(r.children[0].all_text())[:12]
                nums = " ".join(norm(c.all_text()) for c in r.children[1:]
                                if "num" in c.attrs.get("class", "") and norm(c.all_text()))
                if not any(ln.startswith(head) and nums.replace(" ", "") in tl
                           for ln, tl in zip(lines, tight)):
                    bad.append(f"{head} … {nums}")
    t.check(f"every table row's numbers are on a line of the PDF's text ({nrows} rows)",
            nrows and not bad, *bad[:3])

    # chart texts against the PDF's chart labels (withheld "<3" and ".." included)
    pc = page_charts(pages)
    sv = [[norm(x.all_text()) for x in find(s, "text")] for s in svgs]
    pc = [[norm(x) for x in c] for c in pc]
    t.check("every chart's texts are the PDF chart's labels, in order", sv == pc,
            next((f"chart {i + 1}, text {k}: {x!r} against {y!r}"
                  for i, (a, b) in enumerate(zip(sv, pc)) if a != b
                  for k, (x, y) in enumerate(zip(a + [None], b + [None])) if x != y),
                 f"{len(sv)} charts against {len(pc)}"))
    withheld = sum(x.count("<3") + x.count("..") for c in sv for x in c)
    t.check(f"withheld values drawn in the charts as in the PDF ({withheld})",
            withheld == sum(x.count("<3") + x.count("..") for c in pc for x in c))
    tiles = [norm(e.all_text()) for e in p.order if e.tag == "p" and e.attrs.get("class") == "tile-value"]
    whole = norm(" ".join(lines))
    t.check(f"every key figure ({len(tiles)}) is in the PDF's text", all(x in whole for x in tiles))
    return t.failed


if __name__ == "__main__":
    sys.exit(1 if main() else 0)
