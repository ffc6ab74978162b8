# tests/charts.sh - `trygg report --charts-dir DIR` and `--chart-mode`: every chart of the
# sample report as a valid PNG and SVG (checked by python3, independently of trygg and cairo),
# vector charts by default, raster on request.
. tests/lib.sh
trap 'rm -rf "$TMP"' EXIT
S=samples/bjuv/trygg.xml

expect_exit "report --charts-dir exits 0" 0 "$TRYGG" report -c "$S" --period sommar-2018 \
	-o "$TMP/out1" --charts-dir "$TMP/charts" --quiet
n_png=$(ls "$TMP/charts"/*.png 2>/dev/null | wc -l)
n_svg=$(ls "$TMP/charts"/*.svg 2>/dev/null | wc -l)
# the default template's charts, counted in the template itself (none is per department);
# <police-reported/> draws one chart of rates (the sample has official statistics)
n_tpl=$(($(grep -c '<chart ' templates/uppfoljning.xml) + $(grep -c '<police-reported' templates/uppfoljning.xml)))
if [ "$n_png" -eq "$n_tpl" ] && [ "$n_svg" -eq "$n_tpl" ]; then
	ok "charts-dir has one PNG and one SVG per chart ($n_png)"
else not_ok "charts-dir has one PNG and one SVG per chart" "png $n_png, svg $n_svg, template $n_tpl"; fi
# NN-slug names in reading order, starting at 01
first=$(ls "$TMP/charts" | head -n 1)
case "$first" in 01-*.png) ok "chart files are numbered from 01" ;;
*) not_ok "chart files are numbered from 01" "first file: $first" ;; esac

# PNG: signature, IHDR first, 8-bit colour, a plausible size; SVG: well-formed XML whose root
# is <svg> with a width in points.
cat >"$TMP/check.py" <<'PY'
import struct, sys, xml.etree.ElementTree as ET
bad = []
for path in sys.argv[1:]:
    if path.endswith(".png"):
        b = open(path, "rb").read()
        if b[:8] != b"\x89PNG\r\n\x1a\n" or b[12:16] != b"IHDR":
            bad.append(path + ": not a PNG"); continue
        w, h, depth = struct.unpack(">IIB", b[16:25])
        if not (300 <= w <= 4000 and 100 <= h <= 4000 and depth == 8) or b[-8:-4] != b"IEND":
            bad.append("%s: %dx%d depth %d" % (path, w, h, depth))
    else:
        r = ET.parse(path).getroot()
        if not r.tag.endswith("svg") or not r.get("width", "").endswith("pt"):
            bad.append(path + ": not an SVG")
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
if python3 "$TMP/check.py" "$TMP/charts"/* >"$TMP/py" 2>&1; then ok "chart PNGs and SVGs are valid"
else not_ok "chart PNGs and SVGs are valid" "$(head -c 600 "$TMP/py")"; fi

# The default draws charts as vectors: no images in the PDF, chart titles extractable.
pdf=$(ls "$TMP/out1"/*.pdf | head -n 1)
if pdfimages -list "$pdf" 2>/dev/null | grep -q ' rgb '; then
	not_ok "charts are vectors by default" "pdfimages lists an image"
else ok "charts are vectors by default"; fi

expect_exit "--chart-mode raster exits 0" 0 "$TRYGG" report -c "$S" --period sommar-2018 \
	-o "$TMP/out2" --chart-mode raster --quiet
pdf2=$(ls "$TMP/out2"/*.pdf | head -n 1)
# The weekday table under the chart says "mån" in both modes; only vector charts add their
# own axis labels as text, so the vector PDF must say it more often than the raster one.
pdftotext -enc UTF-8 "$pdf" "$TMP/v.txt" 2>/dev/null
pdftotext -enc UTF-8 "$pdf2" "$TMP/r.txt" 2>/dev/null
n_v=$(grep -o 'mån' "$TMP/v.txt" | wc -l)
n_r=$(grep -o 'mån' "$TMP/r.txt" | wc -l)
if [ "$n_v" -gt "$n_r" ] && [ "$n_r" -ge 1 ]; then ok "vector chart labels are text (weekday)"
else not_ok "vector chart labels are text (weekday)" "'mån' vector $n_v, raster $n_r"; fi
n_img=$(pdfimages -list "$pdf2" 2>/dev/null | grep -c ' rgb ')
expect_eq "raster mode: one RGB image per chart" "$n_img" "$n_png"
n_smask=$(pdfimages -list "$pdf2" 2>/dev/null | grep -c smask)
expect_eq "raster mode: no soft masks" "$n_smask" "0"

expect_exit "--vector-charts still works" 0 "$TRYGG" report -c "$S" --period sommar-2018 \
	-o "$TMP/out3" --vector-charts --quiet
expect_exit "--chart-mode with a bad value is a usage error" 64 "$TRYGG" report -c "$S" \
	--period sommar-2018 -o "$TMP/out4" --chart-mode bitmap
expect_grep "--chart-mode error names the choices" "$TMP/err" "raster or vector"
expect_exit "--charts-dir that cannot be created fails with 73" 73 "$TRYGG" report -c "$S" \
	--period sommar-2018 -o "$TMP/out5" --charts-dir /dev/null/charts --quiet
