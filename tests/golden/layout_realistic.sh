# tests/golden/layout_realistic.sh - the report's layout on exports as they really come
# (issue 13): ten categories, five departments, eight- to ten-digit costs, a department
# without costs, measures without people reached (tests/gen/realistic.py). Each layout fault
# the issue saw is measured in the PDF itself, with poppler (pdftotext -bbox, pdftoppm), not
# with trygg's own font metrics:
#   - a tile's value ends inside its tile;
#   - category labels under bars are whole or hyphenated, never cut with "…";
#   - a stacked bar is as high as the total the table publishes (pixels against the axis),
#     never higher, and carries that total;
#   - every table has a caption, on every page its header band is on; no bare "no data";
#   - a cost or people reached that no record reports is "uppgift saknas" / "–", not 0.
. tests/lib.sh
trap 'rm -rf "$TMP"' EXIT

# 10 000 rows with a small-count threshold of 3 (hidden segments in the stacked bars) and
# 100 000 rows (21 measures in the summer of 2018, in every department's section)
python3 tests/gen/realistic.py --rows 10000 --out "$TMP/g10" --seed 13
sed -i 's/small-count-threshold="1"/small-count-threshold="3"/' "$TMP/g10/trygg.xml"
python3 tests/gen/realistic.py --rows 100000 --out "$TMP/g100" --seed 13
for g in g10 g100; do
	expect_exit "$g: report" 0 "$TRYGG" report -q -c "$TMP/$g/trygg.xml" --period sommar-2018 \
		-o "$TMP/$g/out" --dump "$TMP/$g/dump.txt" --dump-tree "$TMP/$g/tree.txt"
	pdftotext -layout "$TMP/$g/out/bjuv-sommar-2018.pdf" - 2>/dev/null | sed 's/\xc2\xa0/ /g' >"$TMP/$g/text.txt"
done

python3 - "$TMP" <<'PY'
import html, re, subprocess, sys
tmp = sys.argv[1]
fails = 0


def check(cond, name, why=""):
    global fails
    print(("ok - " if cond else "not ok - ") + name)
    if not cond:
        fails += 1
        print("#   " + str(why)[:600])


def dump_pages(path):
    """page number -> list of (node, decoration, kind, fields) from trygg's page dump"""
    pages, cur = {}, None
    for line in open(path, encoding="utf-8"):
        m = re.match(r"page (\d+)$", line)
        if m:
            cur = int(m.group(1))
            pages[cur] = []
            continue
        m = re.match(r"  (?:\[n(\d+)( decoration)?\]|\[artifact\])  (\w+) (.*)$", line)
        if m and cur:
            pages[cur].append((m.group(1), bool(m.group(2)), m.group(3), m.group(4)))
    return pages


def words(pdf, page):
    """poppler's words on a page: (xMin, yMin, xMax, yMax, text), in points from the top"""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), pdf, "-"],
                         capture_output=True, text=True).stdout
    return [(float(a), float(b), float(c), float(d), html.unescape(t).replace("\u00a0", " "))
            for a, b, c, d, t in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)]


ROW_H = 18.0  # layout.h's LAY_ROW_H


def num(t):
    t = t.replace(" ", "")
    return int(t) if re.fullmatch(r"\d+", t) else None


pdf10 = tmp + "/g10/out/bjuv-sommar-2018.pdf"
pdf100 = tmp + "/g100/out/bjuv-sommar-2018.pdf"

# ---- tiles: every value ends inside its tile (10 000 rows: "40 184 537 kr"; 100 000 rows:
# ten digits) ----
for pdf, dump in ((pdf10, "/g10/dump.txt"), (pdf100, "/g100/dump.txt")):
    for p, items in dump_pages(tmp + dump).items():
        tiles = []
        for node, deco, kind, f in items:
            v = f.split()
            if kind == "rect" and deco and float(v[3]) == 84.0 and v[4] == "#eef3f8":
                tiles.append((float(v[0]), float(v[1]), float(v[2])))
        if not tiles:
            continue
        tiles.sort()
        ws = words(pdf, p)
        for i, (x, y, w) in enumerate(tiles):
            nxt = tiles[i + 1][0] if i + 1 < len(tiles) else 1e9
            # the value's line: 30 pt below the tile's top (layout.c), the biggest text
            line = [wd for wd in ws if wd[1] < y + 30 < wd[3] + 2 and x <= wd[0] < nxt]
            right = max((wd[2] for wd in line), default=0)
            text = " ".join(wd[4] for wd in line)
            check(line and right <= x + w - 1,
                  "%s page %d: tile %d's value '%s' ends inside its tile" % (dump.split("/")[1], p, i + 1, text),
                  "value ends at %.1f, the tile at %.1f" % (right, x + w))

# ---- category labels under bars: whole or hyphenated, never "…" ----
pages10 = dump_pages(tmp + "/g10/dump.txt")
cats = ["Skadegörelse", "Klotter", "Brand", "Inbrott", "Stöld", "Hot och våld",
        "Ordningsstörning", "Narkotika", "Nedskräpning", "Övrigt"]


def chart_box(pages, title):
    for p, items in pages.items():
        for node, deco, kind, f in items:
            if kind == "chart" and f.split('"')[1].startswith(title):
                x, y, w, h = map(float, f.split()[:4])
                return p, (x, y, w, h)
    return None, None


p, box = chart_box(pages10, "Händelser per kategori,")
check(box is not None, "the category chart is in the page dump")
if box:
    x, y, w, h = box
    ws = [wd for wd in words(pdf10, p) if x <= wd[0] and wd[2] <= x + w and y <= wd[1] and wd[3] <= y + h]
    under = [wd for wd in ws if wd[1] > y + h - 40]  # the two label lines under the plot
    joined = re.sub(r"- ", "", " ".join(wd[4] for wd in under))
    check(not any("…" in wd[4] for wd in ws), "no chart text is cut with '…'",
          [wd[4] for wd in ws if "…" in wd[4]])
    for c in cats:
        check(all(part in joined for part in c.split()), "category label '%s' is under its bars" % c, joined)

# ---- stacked bars: as high as the published total, never higher, and labelled with it ----
text10 = open(tmp + "/g10/text.txt", encoding="utf-8").read()
locs = ["Bjuv", "Billesholm", "Ekeby", "Gunnarstorp", "Mörarp"]
m = re.search(r"Händelser per kategori och ort, sommaren 2018.*?\n\s*Totalt((?:\s+[\d ]+?)+)\n", text10, re.S)
totals = [int(t) for t in re.findall(r"\d+", m.group(1))] if m else []
check(len(totals) == 6, "the category-by-locality table has its totals row", m and m.group(0)[-200:])
p, box = chart_box(pages10, "Händelser per ort och kategori")
check(box is not None, "the stacked chart is in the page dump")
if box and len(totals) == 6:
    x, y, w, h = box
    ws = [wd for wd in words(pdf10, p) if x - 1 <= wd[0] and wd[2] <= x + w + 1 and y - 1 <= wd[1] and wd[3] <= y + h + 1]
    dpi = 144.0
    s = dpi / 72.0
    subprocess.run(["pdftoppm", "-r", str(int(dpi)), "-f", str(p), "-l", str(p), "-singlefile",
                    pdf10, tmp + "/stack"], check=True)
    raw = open(tmp + "/stack.ppm", "rb").read()
    hdr = re.match(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s", raw)
    W, H = int(hdr.group(1)), int(hdr.group(2))
    px = raw[hdr.end():]

    def rgb(cx, cy):
        i = (int(cy) * W + int(cx)) * 3
        return px[i], px[i + 1], px[i + 2]

    def background(c):  # white, or the light grey of grid lines
        return min(c) >= 205 and max(c) - min(c) <= 12
    ticks = sorted((num(wd[4]), (wd[1] + wd[3]) / 2, wd[2]) for wd in ws
                   if num(wd[4]) is not None and wd[2] < x + 40)
    zero, top = ticks[0], ticks[-1]
    # the axis (dark grey) near tick "0" and the top grid line near the top tick, one point
    # right of where the plot starts
    col = (zero[2] + 5) * s

    def darkest(yc):
        ys = range(int((yc - 8) * s), int((yc + 8) * s))
        return min(ys, key=lambda yy: sum(rgb(col, yy)))
    axis_y, top_y = darkest(zero[1]), darkest(top[1])
    per_unit = (axis_y - top_y) / float(top[0])  # pixels per incident
    for i, loc in enumerate(locs):
        lab = [wd for wd in ws if wd[4] == loc and wd[1] > y + h - 30]
        if not lab:
            check(False, "stacked chart: group label %s" % loc)
            continue
        gx = (lab[0][0] + lab[0][2]) / 2
        col_words = [wd for wd in ws if num(wd[4]) is not None and abs((wd[0] + wd[2]) / 2 - gx) < 12
                     and wd[3] < y + h - 30 and wd[0] > x + 40]
        label = min(col_words, key=lambda wd: wd[1]) if col_words else None
        check(label is not None and num(label[4]) == totals[i],
              "stacked bar %s carries its total %d" % (loc, totals[i]),
              "topmost label %s" % (label and label[4]))
        # up the bar's middle from the axis to the first gap of four background pixels
        # (the white hairlines between segments are thinner; the total label is higher)
        yy, gap = axis_y - 2, 0
        while yy > 0 and gap < 4:
            gap = gap + 1 if background(rgb(gx * s, yy)) else 0
            yy -= 1
        height = (axis_y - (yy + gap + 1)) / per_unit
        tol = 2.5 / per_unit + 1  # two and a half pixels
        check(height <= totals[i] + tol,
              "stacked bar %s is no higher than its total %d" % (loc, totals[i]), "%.1f" % height)
        check(height >= totals[i] - tol,
              "stacked bar %s reaches its total %d" % (loc, totals[i]), "%.1f" % height)

# ---- tables keep their heading ----
for g in ("g10", "g100"):
    tree = open("%s/%s/tree.txt" % (tmp, g), encoding="utf-8").read()
    bare = re.findall(r"(?m)^\s*table cols=[^\"\n]*$", tree)
    check(not bare, "%s: every table has a caption" % g, bare)
    # a table's header band: a full-width rect of the table's node, one row high, in the
    # accent colour; its caption (or "(forts.)") is a text of the same node on that page
    lonely, n_bands = [], 0
    for p, items in dump_pages("%s/%s/dump.txt" % (tmp, g)).items():
        bands = {node for node, deco, kind, f in items if kind == "rect" and deco and
                 f.endswith("#1f4e79") and float(f.split()[3]) == ROW_H and float(f.split()[2]) > 400}
        texts = {node for node, deco, kind, f in items if kind == "text" and not deco}
        n_bands += len(bands)
        lonely += ["page %d: n%s" % (p, n) for n in sorted(bands - texts)]
    check(n_bands >= 10 and not lonely,
          "%s: each of %d table headers has its caption on its page" % (g, n_bands), lonely)
    txt = open("%s/%s/text.txt" % (tmp, g), encoding="utf-8").read()
    check(not re.search(r"(?m)^\s*Inga uppgifter för perioden\.\s*$", txt),
          "%s: 'no data' always says for what" % g)

# ---- missing is not zero ----
m = re.search(r"(?m)^\s*Kultur- och fritidsförvaltningen\s+(.*)$", text10.split("Kostnad per förvaltning")[1])
check(m and "uppgift saknas" in m.group(1) and "kr" not in m.group(1),
      "cost by department: culture & leisure's cost is 'uppgift saknas'", m and m.group(0))
check("Kultur- och fritidsförvaltningen redovisar inga kostnader" in text10,
      "a note names the department without costs")
sec = re.search(r"(?ms)^Kultur- och fritidsförvaltningen\n(.*?)^Socialförvaltningen\n", text10)
check(sec and not re.search(r"(?<!\S)0 kr", sec.group(1)) and "uppgift saknas" in sec.group(1),
      "culture & leisure's section has no '0 kr', and says 'uppgift saknas'",
      sec and re.findall(r".*(?<!\S)0 kr.*", sec.group(1))[:3])
tree100 = open(tmp + "/g100/tree.txt", encoding="utf-8").read()
check(not re.search(r'cell "0" \{reached', tree100) and re.search(r'cell "–" \{reached .*missing', tree100),
      "people reached that no export reports is '–', never 0")
text100 = open(tmp + "/g100/text.txt", encoding="utf-8").read()
check("ingen förvaltning redovisar hur många insatserna nått" in re.sub(r"\s+", " ", text100),
      "the measures note says no department reports people reached")
sys.exit(1 if fails else 0)
PY
