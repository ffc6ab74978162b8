# tests/golden/html.sh - `--html` (issue 12, doc/html.md): beside every PDF one
# self-contained HTML file written from the same document tree. Checked here:
#  - names and places: NAME.html beside NAME.pdf for the report, the department versions and
#    a batch's reports (and a batch redoes a month whose HTML is gone);
#  - two runs give the same bytes;
#  - tests/golden/html_check.py (Python's own HTML parser): lang, one h1 and no skipped
#    heading level, a caption and th scope in every table, every chart an svg role=img with
#    title and desc and its table after it, no script, no http(s) reference, only data: URIs;
#    and against the PDF of the same run: the table cells equal the tree's, every row's
#    numbers are on the PDF's text line, every chart's texts ("<3", "..") are the PDF chart's;
#  - as a visitor would: headless Chromium (Debian's) with axe-core at WCAG 2.1 AA, no request
#    leaving the file, no script; the Nu HTML Checker (vnu.jar) finds no error. The
#    screenshot of the sample is left in $B/html-sample.png (and -narrow.png) to look at.
. tests/lib.sh
trap 'rm -rf "$TMP"' EXIT
S=samples/bjuv/trygg.xml
export SOURCE_DATE_EPOCH=1534680000
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
BR=tests/browser

# report NAME ARGS…: a report with --html and the dumps of its whole version in $TMP/NAME
report() {
	n=$1
	shift
	expect_exit "report --html: $n" 0 "$TRYGG" report -q -c "$S" -o "$TMP/$n" --html \
		--dump-tree "$TMP/$n.tree" --dump "$TMP/$n.pages" "$@"
}
report sample --period sommar-2018
report lage --period 2018-07 --template lagesbild
report en --period sommar-2018 --lang en
expect_exit "report --html --per-department" 0 "$TRYGG" report -q -c "$S" -o "$TMP/dept" \
	--period sommar-2018 --html --per-department

# beside every PDF its HTML, with the same name
missing=""
nhtml=0
for f in "$TMP"/sample/*.pdf "$TMP"/lage/*.pdf "$TMP"/en/*.pdf "$TMP"/dept/*.pdf; do
	h=${f%.pdf}.html
	if [ -s "$h" ]; then nhtml=$((nhtml + 1)); else missing="$missing ${h##*/}"; fi
done
expect_eq "an HTML file beside every PDF" "${missing:-none}" none
expect_eq "8 HTML files (3 reports, the whole and 4 department versions)" "$nhtml" 8
expect_no_grep "the manifest lists PDFs only" "$TMP/dept/manifest.csv" ".html"
if cmp -s "$TMP/sample/bjuv-sommar-2018.html" "$TMP/dept/bjuv-sommar-2018.html"; then
	ok "the whole report's HTML is the same with --per-department"
else not_ok "the whole report's HTML is the same with --per-department"; fi

# deterministic
"$TRYGG" report -q -c "$S" -o "$TMP/again" --period sommar-2018 --html --per-department
same=yes
for f in "$TMP"/dept/*.html; do cmp -s "$f" "$TMP/again/${f##*/}" || same="no: ${f##*/}"; done
expect_eq "two runs give the same HTML bytes" "$same" yes
unset SOURCE_DATE_EPOCH
"$TRYGG" report -q -c "$S" -o "$TMP/noepoch" --period sommar-2018 --html
if cmp -s "$TMP/sample/bjuv-sommar-2018.html" "$TMP/noepoch/bjuv-sommar-2018.html"; then
	ok "the HTML holds no date of the run"
else not_ok "the HTML holds no date of the run"; fi
export SOURCE_DATE_EPOCH=1534680000

# markup, and against the PDF of the same run
for n in sample lage en; do
	lang=sv
	[ "$n" = en ] && lang=en
	f=$(ls "$TMP/$n"/*.html | head -n 1)
	pdftotext -layout "${f%.html}.pdf" "$TMP/$n.pdftext"
	"$PY" tests/golden/html_check.py "$n" "$f" "$lang" "$TMP/$n.tree" "$TMP/$n.pages" \
		"$TMP/$n.pdftext"
done
for f in "$TMP"/dept/bjuv-sommar-2018-*.html; do
	"$PY" tests/golden/html_check.py "dept ${f##*/bjuv-sommar-2018-}" "$f" sv
done

# batch: the HTML beside each month's PDF; a month whose HTML is gone is not up to date
expect_exit "batch --html" 0 "$TRYGG" batch -q -c "$S" --monthly 2018-06..2018-07 --html \
	-o "$TMP/batch"
if [ -s "$TMP/batch/bjuv-2018-06.html" ] && [ -s "$TMP/batch/bjuv-2018-07.html" ]; then
	ok "batch writes NAME.html beside each month's PDF"
else not_ok "batch writes NAME.html beside each month's PDF" "$(ls "$TMP/batch")"; fi
rm -f "$TMP/batch/bjuv-2018-07.html"
"$TRYGG" batch -v -c "$S" --monthly 2018-06..2018-07 --html -o "$TMP/batch" 2>"$TMP/batch.err"
expect_grep "batch: the month with its HTML is up to date" "$TMP/batch.err" "2018-06: up to date"
if [ -s "$TMP/batch/bjuv-2018-07.html" ]; then ok "batch redoes the month whose HTML is gone"
else not_ok "batch redoes the month whose HTML is gone" "$(cat "$TMP/batch.err")"; fi

# The logo (the sample has none; one of trygg's own chart PNGs stands in): a data: URI in
# the HTML with the pixels of the file (its size checked here) and the tree's alt text.
L=$TMP/logo
mkdir -p "$L"
cp -r samples/bjuv "$L/"
"$TRYGG" report -q -c "$S" --period sommar-2018 -o "$L/plain" --charts-dir "$L/charts"
for p in "$L"/charts/03-*.png; do cp "$p" "$L/bjuv/logo.png"; done
sed 's|<report |<report logo="logo.png" |' "$L/bjuv/trygg.xml" >"$L/bjuv/logo.xml"
report logo -c "$L/bjuv/logo.xml" --period sommar-2018
pdftotext -layout "$TMP/logo/bjuv-sommar-2018.pdf" "$TMP/logo.pdftext"
"$PY" tests/golden/html_check.py logo "$TMP/logo/bjuv-sommar-2018.html" sv "$TMP/logo.tree" \
	"$TMP/logo.pages" "$TMP/logo.pdftext" | tee "$TMP/logo.out"
want=$("$PY" -c 'import struct,sys; d=open(sys.argv[1],"rb").read(); print("%d x %d" % struct.unpack(">II", d[16:24]))' "$L/bjuv/logo.png")
expect_grep "the inlined logo has the logo file's size ($want)" "$TMP/logo.out" \
	"ok - logo: the logo is a PNG of $want pixels"

# Hostile text from the configuration (it reaches the title, the meta tags, the cover and
# the print CSS's running header) stays text: no element, no end of the style sheet.
sed -e 's|name="Bjuv"/>|name="Bj\&quot;uv\&lt;/style\&gt;\\"/>|' \
	-e 's|author="Trygghetssamordnaren, Bjuvs kommun"|author="\&lt;script\&gt;alert(1)\&lt;/script\&gt; \&amp; \&quot;x\&quot;"|' \
	"$L/bjuv/trygg.xml" >"$L/bjuv/hostile.xml"
report hostile -c "$L/bjuv/hostile.xml" --period sommar-2018
h=$(ls "$TMP"/hostile/*.html | head -n 1)
expect_no_grep "hostile: no <script" "$h" "<script"
expect_eq "hostile: one </style>" "$(grep -c '</style>' "$h")" 1
expect_grep "hostile: the author as text" "$h" '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;'
expect_grep "hostile: the running header escaped in CSS" "$h" '@top-left{content:"Bj\22 uv\3C /style>\5C s kommun"'
"$PY" tests/golden/html_check.py hostile "$h" sv

# As a visitor would: Debian's chromium, puppeteer-core and axe-core from tests/browser.
files="$TMP/sample/bjuv-sommar-2018.html $TMP/lage/bjuv-2018-07.html $TMP/en/bjuv-sommar-2018.html"
files="$files $TMP/dept/bjuv-sommar-2018-socialforvaltningen.html $TMP/logo/bjuv-sommar-2018.html"
if [ ! -d "$BR/node_modules/puppeteer-core" ] || [ ! -d "$BR/node_modules/axe-core" ]; then
	not_ok "tests/browser has its npm packages" "run: sh .ci/install-deps (npm ci in $BR)"
elif ! command -v chromium >/dev/null 2>&1; then
	# only where Debian's chromium cannot be installed; .ci/install-deps installs it
	echo "ok - browser checks # SKIP: no chromium on this machine (sh .ci/install-deps installs it)"
else
	shot=${B:-build/release}/html-sample.png
	mkdir -p "$(dirname "$shot")"
	# shellcheck disable=SC2086 # the file list is split on purpose
	node "$BR/check.js" --screenshot "$shot" $files >"$TMP/browser.out" 2>&1
	rc=$?
	if [ "$rc" -ne 0 ]; then
		not_ok "headless chromium opens the HTML" "$(head -n 8 "$TMP/browser.out")"
	else
		for f in $files; do
			n=${f#"$TMP"/}
			for what in axe requests scripts console; do
				got=$(awk -v w="$what" -v f="$f" '$1 == w && $2 == f { print $3 }' "$TMP/browser.out")
				if [ "$got" = 0 ]; then ok "$n: $what 0"; else
					not_ok "$n: $what ${got:-missing}, want 0" \
						"$(grep -A6 "^$what $f" "$TMP/browser.out" | head -n 8)"
				fi
			done
		done
		[ -s "$shot" ] && ok "screenshot in $shot"
	fi
fi

# The Nu HTML Checker, with Debian's Java.
VNU=$BR/node_modules/vnu-jar/build/dist/vnu.jar
if [ ! -f "$VNU" ]; then
	not_ok "vnu.jar is installed" "run: sh .ci/install-deps (npm ci in $BR)"
elif ! command -v java >/dev/null 2>&1; then
	not_ok "java is installed" "run: sh .ci/install-deps (default-jre-headless)"
else
	all=$(ls "$TMP"/sample/*.html "$TMP"/lage/*.html "$TMP"/en/*.html "$TMP"/dept/*.html \
		"$TMP"/logo/*.html "$TMP"/hostile/*.html)
	# shellcheck disable=SC2086
	java -jar "$VNU" --errors-only $all >"$TMP/vnu.out" 2>&1
	rc=$?
	if [ "$rc" -eq 0 ] && [ ! -s "$TMP/vnu.out" ]; then
		ok "Nu HTML Checker: 0 errors in $(echo "$all" | wc -l) files"
	else not_ok "Nu HTML Checker: 0 errors" "$(head -n 6 "$TMP/vnu.out")"; fi
fi
