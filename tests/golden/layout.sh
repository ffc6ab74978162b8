# tests/golden/layout.sh - the report's layout end to end: the document tree and the page
# model of the sample report against their reviewed golden dumps (make golden-update rewrites
# them), the table of contents'
# page numbers, links and the bookmarks checked in the PDF itself (qpdf --json, pdftotext),
# English with --lang en, the monthly template for 2018-07, and template errors with
# file:line and exit 78.
. tests/lib.sh
trap 'rm -rf "$TMP"' EXIT
S=samples/bjuv/trygg.xml
G=tests/golden/sample
PDF="$TMP/sv/bjuv-sommar-2018.pdf"

expect_exit "sample report with page-model dump" 0 "$TRYGG" report -q -c "$S" --period sommar-2018 -o "$TMP/sv" --dump "$TMP/dump.txt" --dump-tree "$TMP/tree.txt"
if [ "${GOLDEN_UPDATE:-0}" = 1 ]; then
	mkdir -p "$G" && cp "$TMP/dump.txt" "$G/dump.txt" && echo "# updated $G/dump.txt"
	cp "$TMP/tree.txt" "$G/tree.txt" && echo "# updated $G/tree.txt"
fi
if diff -u "$G/tree.txt" "$TMP/tree.txt" >"$TMP/tree.diff"; then ok "document tree equals $G/tree.txt"; else
	not_ok "document tree equals $G/tree.txt (review, then make golden-update)" "$(head -40 "$TMP/tree.diff")"
fi
if diff -u "$G/dump.txt" "$TMP/dump.txt" >"$TMP/dump.diff"; then ok "page model equals $G/dump.txt"; else
	not_ok "page model equals $G/dump.txt (review, then make golden-update)" "$(head -40 "$TMP/dump.diff")"
fi

# --- table of contents, links and bookmarks, read back from the PDF ---
qpdf --json "$PDF" >"$TMP/q.json" 2>/dev/null
pdftotext -layout "$PDF" "$TMP/all.txt" 2>/dev/null
python3 - "$TMP/q.json" "$PDF" >"$TMP/toc.out" 2>&1 <<'PY'
import json, re, subprocess, sys
j = json.load(open(sys.argv[1]))
pdf = sys.argv[2]
pages = [p["object"] for p in j["pages"]]            # page object ids in order
pageno = {o: i + 1 for i, o in enumerate(pages)}
objs = j["qpdf"][1]
def obj(ref):
    v = objs.get("obj:" + ref, {})
    return v.get("value", v)
def resolve(v):
    return obj(v) if isinstance(v, str) and v.endswith(" R") else v
def text(n):
    return subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), pdf, "-"],
                          capture_output=True, text=True).stdout.replace("\u00a0", " ")
fails = 0
def check(cond, name, why=""):
    global fails
    print(("ok - " if cond else "not ok - ") + name)
    if not cond:
        fails += 1
        print("#   " + why)
# bookmarks: title -> page their /Dest names
marks = [(o["title"], pageno.get(o["dest"][0])) for o in j["outlines"]]
check(len(marks) >= 10, "at least ten bookmarks", str(marks))
for title, n in marks:
    check(n is not None and re.search(r"(?m)^\s*" + re.escape(title) + r"\s*$", text(n)) is not None,
          "bookmark '%s' goes to page %s where the heading is" % (title, n))
# the TOC page: the page whose text starts with "Innehåll"
toc = next(i + 1 for i in range(len(pages)) if "Innehåll" in text(i + 1))
lines = [l for l in text(toc).splitlines() if re.search(r"\S\s+\d+\s*$", l)]
entries = []
for l in lines:
    m = re.match(r"\s*(.*?)\s+(\d+)\s*$", l)
    if m and "Sida " not in l:
        entries.append((m.group(1).strip(), int(m.group(2))))
check(entries == marks,
      "the TOC lists every bookmarked section, in order, with its page", "%s vs %s" % (entries, marks))
for title, n in entries:
    body = text(n)
    check(re.search(r"(?m)^\s*" + re.escape(title) + r"\s*$", body) is not None,
          "TOC: '%s' on page %d is where that heading is" % (title, n))
# links on the TOC page, top to bottom, go to the pages the TOC prints
annots = resolve(obj(pages[toc - 1]).get("/Annots", []))
dests = []
for a in annots:
    d = resolve(a)
    dest = resolve(d.get("/Dest") or resolve(d.get("/A", {})).get("/D"))
    rect = resolve(d.get("/Rect"))
    dests.append((-float(rect[1]), pageno.get(dest[0])))
dests.sort()
check([p for _, p in dests] == [n for _, n in entries],
      "TOC links go to the printed pages", "%s vs %s" % (dests, entries))
sys.exit(1 if fails else 0)
PY
cat "$TMP/toc.out"

# --- deterministic ---
"$TRYGG" report -q -c "$S" --period sommar-2018 -o "$TMP/again" >/dev/null 2>&1
cmp -s "$PDF" "$TMP/again/bjuv-sommar-2018.pdf" && ok "two runs give identical PDFs" || not_ok "two runs give identical PDFs"

# --- everything SPEC.md §5 asks of the seasonal report ---
sed 's/\xc2\xa0/ /g' "$TMP/all.txt" >"$TMP/all1.txt"
for want in "Innehåll" "Sammanfattning" "Utveckling över tid" "Händelser per vecka" "Vad har hänt?" \
	"Var har det hänt?" "Per 1 000 inv." "Platser med flest händelser" "När har det hänt?" \
	"Händelser per veckodag och tid på dygnet" "Vad kostar problemen?" "Kostnad per kategori" \
	"Kostnad per förvaltning" "Vad har kommunen gjort?" "Timmar" "Fastighetsavdelningen" \
	"Socialförvaltningen" "Datakvalitet" "Rader per källa" "Sida 1 av"; do
	expect_grep "the report has \"$want\"" "$TMP/all1.txt" "$want"
done
expect_grep "a sentence with a real minus and a no-break space" "$TMP/all.txt" "minskade från 88 till 22 (−75 %)"

# --- English ---
expect_exit "--lang en" 0 "$TRYGG" report -q -c "$S" --period sommar-2018 --lang en -o "$TMP/en"
pdftotext -layout "$TMP/en/bjuv-sommar-2018.pdf" - 2>/dev/null | sed 's/\xc2\xa0/ /g' >"$TMP/en.txt"
for want in "Contents" "Summary" "Page 1 of" "Vandalism decreased from 88 to 22 (−75 %) compared with summer 2017." \
	"Incidents by category" "Data quality" "Rows per source" "Follow-up: Safe Summer 2018"; do
	expect_grep "English report has \"$want\"" "$TMP/en.txt" "$want"
done
expect_no_grep "English report has no Swedish section titles" "$TMP/en.txt" "Sammanfattning"
expect_exit "--lang xx is a usage error" 64 "$TRYGG" report -q -c "$S" --period sommar-2018 --lang xx -o "$TMP/xx"

# --- the monthly situation report ---
expect_exit "lagesbild for 2018-07" 0 "$TRYGG" report -q -c "$S" --template lagesbild --period 2018-07 -o "$TMP/lb" --dump "$TMP/lb.txt"
pdftotext -layout "$TMP/lb/bjuv-2018-07.pdf" - 2>/dev/null | sed 's/\xc2\xa0/ /g' >"$TMP/lb1.txt"
for want in "Lägesbild Juli 2018" "juli 2018 jämfört med juli 2017" "De senaste 13 månaderna" "Nya brännpunkter" "Platser med flest händelser"; do
	expect_grep "lagesbild has \"$want\"" "$TMP/lb1.txt" "$want"
done
months=$(sed -n '/^Händelser per månad$/,/Totalt/p' "$TMP/lb1.txt" | grep -cE "^ *(januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december) 20[0-9][0-9] ")
expect_eq "the trend table has 13 months" "$months" 13

# --- template errors: file:line, what is allowed, exit 78 ---
check_bad() { # file pattern
	f=tests/data/templates/$1.xml
	expect_exit "template $1: exit 78" 78 "$TRYGG" report -q -c "$S" --period sommar-2018 -o "$TMP/bad" --template "$f"
	if grep -qF "$f:6: error:" "$TMP/err" && grep -qF -- "$2" "$TMP/err"; then ok "template $1: $f:6 and \"$2\""; else
		not_ok "template $1: $f:6 and \"$2\"" "$(cat "$TMP/err")"
	fi
}
check_bad unknown-block "the blocks are <cover>, <toc>, <section>"
check_bad unknown-placeholder "the known ones are {kommun}"
check_bad bad-attribute "{'category', 'locality'"
check_bad bad-measures "{'count', 'change', 'rate', 'cost', 'share'}"
check_bad bad-chart-type "{'grouped-bars', 'stacked-bars', 'line', 'top-bars', 'heatmap'}"
check_bad unknown-category "the configuration's categories are skadegorelse, klotter"
check_bad bad-tile "allowed: incidents_total"
check_bad rate-by-category "needs by=\"locality\""
check_bad unclosed-brace "without a closing '}'"
check_bad unknown-attribute "attribute 'colour' is not allowed"
check_bad bad-top "'-3' is not a valid value"
check_bad cross-chart "is a table of categories by locality"
[ ! -e "$TMP/bad" ] || [ -z "$(ls "$TMP/bad")" ] && ok "no PDF from a bad template" || not_ok "no PDF from a bad template" "$(ls "$TMP/bad")"
