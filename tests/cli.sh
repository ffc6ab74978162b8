# tests/cli.sh - command-line manners: help, version, usage errors (64), missing input (66),
# bad configuration (78), check output and --strict (65).
. tests/lib.sh
trap 'rm -rf "$TMP"' EXIT
S=samples/bjuv/trygg.xml

expect_exit "--help exits 0" 0 "$TRYGG" --help
expect_grep "--help lists report" "$TMP/out" "report"
expect_grep "--help lists check" "$TMP/out" "check"
expect_exit "--version exits 0" 0 "$TRYGG" --version
expect_grep "--version prints the version" "$TMP/out" "trygg 0."
expect_exit "report --help exits 0" 0 "$TRYGG" report --help
expect_grep "report --help shows --period" "$TMP/out" "--period"
expect_exit "help report exits 0" 0 "$TRYGG" help report
expect_grep "help report shows usage" "$TMP/out" "usage: trygg report"

expect_exit "no arguments is a usage error" 64 "$TRYGG"
expect_exit "unknown command exits 64" 64 "$TRYGG" frobnicate
expect_grep "unknown command is named" "$TMP/err" "unknown command 'frobnicate'"
expect_grep "unknown command prints usage" "$TMP/err" "usage: trygg"
expect_exit "unknown global option exits 64" 64 "$TRYGG" --frob
expect_exit "unknown report option exits 64" 64 "$TRYGG" report --frob -c "$S" --period sommar-2018
expect_grep "unknown option is named" "$TMP/err" "unknown option '--frob'"
expect_grep "unknown option prints the command's usage" "$TMP/err" "usage: trygg report"
expect_exit "option without value exits 64" 64 "$TRYGG" report -c "$S" --period
expect_exit "missing --period exits 64" 64 "$TRYGG" report -c "$S"
expect_exit "invalid period exits 64" 64 "$TRYGG" report -c "$S" --period 2018-13 -o "$TMP/o"
expect_grep "invalid period shows the accepted forms" "$TMP/err" "2018-W27"
expect_exit "invalid baseline exits 64" 64 "$TRYGG" report -c "$S" --period sommar-2018 --baseline last-year -o "$TMP/o"
expect_grep "invalid baseline names the accepted forms" "$TMP/err" "previous-year"
expect_no_grep "invalid baseline is reported before the exports are read" "$TMP/err" "warning:"
expect_exit "unknown season exits 64" 64 "$TRYGG" report -c "$S" --period midsommar-2018 -o "$TMP/o"
expect_grep "unknown season lists the seasons" "$TMP/err" "sommar"

expect_exit "missing configuration exits 66" 66 "$TRYGG" report -c "$TMP/nope.xml" --period sommar-2018
expect_grep "missing configuration is named" "$TMP/err" "$TMP/nope.xml"
expect_eq "missing configuration is one line" "$(wc -l <"$TMP/err")" "1"
expect_exit "missing configuration in check exits 66" 66 "$TRYGG" check -c "$TMP/nope.xml"
expect_exit "malformed configuration exits 78" 78 "$TRYGG" report -c tests/data/cli/malformed.xml --period sommar-2018
expect_grep "malformed configuration names file:line" "$TMP/err" "tests/data/cli/malformed.xml:4"
expect_exit "malformed configuration in check exits 78" 78 "$TRYGG" check -c tests/data/cli/malformed.xml
expect_grep "check error names file:line" "$TMP/err" "malformed.xml:4"

expect_exit "check on the sample exits 0" 0 "$TRYGG" check -c "$S"
expect_grep "check prints rows per source" "$TMP/out" "read,"
expect_grep "check names the unknown category row" "$TMP/out" "unknown category 'Vattenskada'"
expect_grep "check gives a did-you-mean hint" "$TMP/out" "did you mean 'Bjuv'"
expect_grep "check names the impossible date" "$TMP/out" "2018-02-30"
expect_exit "check --strict exits 65 on rejects" 65 "$TRYGG" check -c "$S" --strict
expect_exit "report --strict exits 65 on rejects" 65 "$TRYGG" report -q -c "$S" --period sommar-2018 --strict -o "$TMP/o"
expect_eq "nothing written under --strict failure" "$(ls "$TMP/o" 2>/dev/null | wc -l)" "0"

# output that cannot be created: a file where the folder should be
: >"$TMP/file"
expect_exit "unwritable output exits 73" 73 "$TRYGG" report -q -c "$S" --period sommar-2018 -o "$TMP/file/sub"

# A logo on the cover (a copy of the sample in $TMP: the sample itself has none). The PNG is
# one of trygg's own chart files, made by cairo.
L="$TMP/logo"
mkdir -p "$L"
cp -r samples/bjuv "$L/"
expect_exit "report --charts-dir for a PNG to use as logo" 0 "$TRYGG" report -q -c "$S" --period sommar-2018 -o "$L/plain" --charts-dir "$L/charts"
for p in "$L"/charts/01-*.png; do cp "$p" "$L/bjuv/logo.png"; done
head -c 200 "$L/bjuv/logo.png" >"$L/bjuv/cut.png"
echo "Bjuvs kommun" >"$L/bjuv/text.png"
for f in logo cut text missing; do
	sed "s|<report |<report logo=\"$f.png\" |" "$L/bjuv/trygg.xml" >"$L/bjuv/$f.xml"
done
expect_exit "report with a logo exits 0" 0 "$TRYGG" report -q -c "$L/bjuv/logo.xml" --period sommar-2018 -o "$L/o" --dump "$L/dump.txt"
expect_grep "the logo is an image on the cover in the page model" "$L/dump.txt" "image 383"
pdfimages -list "$L/o/bjuv-sommar-2018.pdf" >"$L/images" 2>/dev/null
expect_eq "the PDF holds one image, RGB, 8 bits, no soft mask" \
	"$(awk 'NR > 2 { print $3, $6, $8 }' "$L/images")" "image rgb 8"
expect_exit "a truncated PNG logo exits 78" 78 "$TRYGG" report -q -c "$L/bjuv/cut.xml" --period sommar-2018 -o "$L/o2"
expect_grep "a truncated logo names config file:line" "$TMP/err" "cut.xml:8: error: logo"
expect_exit "a text file named .png as logo exits 78" 78 "$TRYGG" report -q -c "$L/bjuv/text.xml" --period sommar-2018 -o "$L/o2"
expect_grep "a text logo is 'not a PNG image'" "$TMP/err" "not a PNG image"
expect_exit "a missing logo exits 78" 78 "$TRYGG" check -c "$L/bjuv/missing.xml"
expect_grep "a missing logo names config file:line" "$TMP/err" "missing.xml:8: error: cannot open the logo 'missing.png'"
expect_eq "nothing written for a bad logo" "$(ls "$L/o2" 2>/dev/null | wc -l)" "0"

# the dependency step does nothing when everything is installed (make check ran it first)
expect_exit "install-deps with everything present exits 0" 0 sh .ci/install-deps
expect_eq "install-deps with everything present calls no apt-get" "$(cat "$TMP/out" "$TMP/err")" ""
