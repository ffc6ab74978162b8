# tests/check_harden.sh - hostile input (issue 14): damaged fonts, header injection, output
# collisions, FIFOs and devices as sources, failed writes, control characters, money
# overflow, message shape. Each check was seen failing before its fix.
. tests/lib.sh
trap 'rm -rf "$TMP"' EXIT
S=samples/bjuv/trygg.xml
H=tests/data/harden

# ---- 1. damaged fonts: exit 78 naming the font, never a crash ----
CARLITO=$(fc-match -f '%{file}' Carlito:style=Regular)
mkdir -p "$TMP/data/fonts"
ln -s "$PWD/templates" "$TMP/data/templates"
font_case() { # NAME KIND [SEED]
	python3 "$H/mutate_font.py" "$CARLITO" "$TMP/data/fonts/bad.ttf" "$2" "${3:-0}"
	printf 'regular = bad.ttf\nbold = Carlito:style=Bold\n' >"$TMP/data/fonts/fonts.conf"
	TRYGG_DATADIR="$TMP/data" "$TRYGG" report -c "$S" --period 2018-07 -o "$TMP/fo" -q \
		>"$TMP/out" 2>"$TMP/err"
	rc=$?
}
for kind in hmetrics namecount tabledir loca; do
	font_case "$kind" "$kind"
	expect_eq "font $kind: exit 78" "$rc" 78
	expect_grep "font $kind: the message names the font file" "$TMP/err" "$TMP/data/fonts/bad.ttf: error: "
done
crashed=""
for seed in 1 2 3 4 5 6 7 8 9 10 11 12; do
	font_case random random "$seed"
	case $rc in
	0) ;;
	78) grep -qF "$TMP/data/fonts/bad.ttf: error: " "$TMP/err" || crashed="$crashed $seed(no file named)" ;;
	*) crashed="$crashed $seed(exit $rc)" ;;
	esac
done
expect_eq "font: random hhea/maxp mutations give 0 or 78, never a crash" "$crashed" ""

# ---- 2. header injection: addresses are addr-specs wherever they come from ----
C="$TMP/cfg"
mkdir -p "$C"
cp -r samples/bjuv "$C/"
B="$C/bjuv"
expect_exit "--mail-from with CR LF and a Bcc exits 64" 64 "$TRYGG" report -q -c "$S" \
	--period 2018-07 -o "$TMP/m" --per-department --mail-dir "$TMP/m/mail" \
	--mail-from "$(printf 'a@b>\r\nBcc: evil@example')"
expect_eq "no mail file was written" "$(ls "$TMP/m/mail" 2>/dev/null | wc -l)" "0"
expect_exit "batch --mail-from 'a@b>,<c' exits 64" 64 "$TRYGG" batch -q -c "$S" \
	--monthly 2018-07..2018-07 -o "$TMP/mb" --per-department --mail-dir "$TMP/mb/mail" \
	--mail-from 'a@b>,<c@d'
sed 's|email="karin.lindqvist@bjuv.example"|email="a@b\&gt;,\&lt;c"|' "$B/trygg.xml" >"$B/inject.xml"
expect_exit "a department email 'a@b>,<c' exits 78" 78 "$TRYGG" check -c "$B/inject.xml"
line=$(grep -n 'a@b&gt;,&lt;c' "$B/inject.xml" | cut -d: -f1)
expect_grep "the bad email is named at its file:line" "$TMP/err" "$B/inject.xml:$line: error: "
expect_exit "a plain --mail-from is accepted" 0 "$TRYGG" report -q -c "$S" --period 2018-07 \
	-o "$TMP/m2" --per-department --mail-dir "$TMP/m2/mail" --mail-from "rapport.trygg@bjuv.se"
expect_grep "the sender is in the From header" "$TMP/m2/mail/bjuv-2018-07-fastighetsavdelningen.eml" \
	"<rapport.trygg@bjuv.se>"

# ---- 3. output names that collide within one run: 78, nothing overwritten ----
sed 's|output="[^"]*"|output="manifest.csv"|' "$B/trygg.xml" >"$B/collide.xml"
expect_exit "report output=manifest.csv with --per-department exits 78" 78 "$TRYGG" report -q \
	-c "$B/collide.xml" --period 2018-07 -o "$TMP/col" --per-department
expect_grep "the collision names both files" "$TMP/err" "the report and the manifest would both be written to"
expect_eq "nothing was written" "$(ls "$TMP/col" 2>/dev/null | wc -l)" "0"
sed 's|output="[^"]*"|output="fast.pdf"|' "$B/trygg.xml" >"$B/noperiod.xml"
expect_exit "batch of two months into one file name exits 78" 78 "$TRYGG" batch -q \
	-c "$B/noperiod.xml" --monthly 2018-06..2018-07 -o "$TMP/col2"

# ---- 4. a FIFO, socket or device as a source: not used, with the reason, no hang ----
F="$TMP/fifo"
mkdir -p "$F"
cp -r samples/bjuv "$F/"
rm "$F/bjuv/exports/skola-incidenter.csv"
mkfifo "$F/bjuv/exports/skola-incidenter.csv"
expect_exit "check with a FIFO as an export finishes (exit 0)" 0 timeout 20 "$TRYGG" check -c "$F/bjuv/trygg.xml"
expect_grep "check: the FIFO is not used, with the reason" "$TMP/out" \
	"$F/bjuv/exports/skola-incidenter.csv: error: file not used: cannot open '$F/bjuv/exports/skola-incidenter.csv': a FIFO (named pipe), not a regular file"
expect_exit "report with a FIFO as an export finishes (exit 0)" 0 timeout 60 "$TRYGG" report -q \
	-c "$F/bjuv/trygg.xml" --period 2018-07 -o "$F/o"
expect_exit "batch with a FIFO as an export finishes (exit 0)" 0 timeout 60 "$TRYGG" batch -q \
	-c "$F/bjuv/trygg.xml" --monthly 2018-07..2018-07 -o "$F/b"
sed 's|file="exports/insatser.csv"|file="/dev/zero"|' "$F/bjuv/trygg.xml" >"$F/bjuv/dev.xml"
expect_exit "check with /dev/zero as an export finishes" 0 timeout 20 "$TRYGG" check -c "$F/bjuv/dev.xml"
expect_grep "a device is not used, with the reason" "$TMP/out" "/dev/zero: error: file not used: cannot open '/dev/zero': a character device, not a regular file"
mkfifo "$F/bjuv/trygg-fifo.xml"
expect_exit "a FIFO as the configuration exits 66 without hanging" 66 timeout 20 "$TRYGG" check -c "$F/bjuv/trygg-fifo.xml"

# ---- 5. every write error is 73 ----
if [ -w /dev/full ]; then
	for args in "check -c $S" "check -c $S --format json" "stats -c $S --period 2018-07 --by category" \
		"help report" "--help" "--version"; do
		# shellcheck disable=SC2086
		"$TRYGG" $args >/dev/full 2>"$TMP/err"
		expect_eq "trygg $args > /dev/full exits 73" "$?" 73
	done
	expect_grep "the failed write is named" "$TMP/err" "error: cannot write to standard output"
fi

# ---- 6. --summary and other named outputs that are not regular files ----
# A private link to /proc/self/fd/1 stands in for /dev/stdout: a build with the bug replaces
# only this link, never the system's node.
ln -s /proc/self/fd/1 "$TMP/stdout"
"$TRYGG" batch -q -c "$S" --monthly 2018-07..2018-07 -o "$TMP/sum" --summary "$TMP/stdout" \
	2>"$TMP/err" | cat >"$TMP/piped"
expect_eq "batch --summary to a link to standard output (a pipe) writes into the pipe" \
	"$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["output"])' "$TMP/piped" 2>&1)" "$TMP/sum"
expect_eq "the link to standard output is still a link" "$(test -L "$TMP/stdout" && echo link)" "link"
mkfifo "$TMP/sum.fifo"
(timeout 60 cat "$TMP/sum.fifo" >"$TMP/sum.read") &
reader=$!
expect_exit "batch --summary FIFO writes into the FIFO" 0 timeout 30 "$TRYGG" batch -q -c "$S" \
	--monthly 2018-07..2018-07 -o "$TMP/sum" --summary "$TMP/sum.fifo" --force
wait $reader
expect_eq "the FIFO is still a FIFO" "$(test -p "$TMP/sum.fifo" && echo fifo)" "fifo"
expect_grep "the reader got the summary" "$TMP/sum.read" '"output"'
ln -s "$TMP/sum-target.json" "$TMP/sum-link.json"
expect_exit "batch --summary through a symbolic link" 0 "$TRYGG" batch -q -c "$S" \
	--monthly 2018-07..2018-07 -o "$TMP/sum" --summary "$TMP/sum-link.json"
expect_eq "the link stays a link to the written file" \
	"$(test -L "$TMP/sum-link.json" && test -s "$TMP/sum-target.json" && echo ok)" "ok"
mkdir "$TMP/sum-dir"
expect_exit "batch --summary on a folder exits 73" 73 "$TRYGG" batch -q -c "$S" \
	--monthly 2018-07..2018-07 -o "$TMP/sum" --summary "$TMP/sum-dir"

# ---- 7. a missing export is reported even with -q; 66 under --strict ----
M="$TMP/miss"
mkdir -p "$M"
cp -r samples/bjuv "$M/"
rm "$M/bjuv/exports/skola-incidenter.csv"
expect_exit "report -q with a missing export still writes the report" 0 "$TRYGG" report -q \
	-c "$M/bjuv/trygg.xml" --period 2018-07 -o "$M/o"
expect_grep "report -q names the missing export on stderr" "$TMP/err" \
	"$M/bjuv/exports/skola-incidenter.csv: warning: file not used: cannot open"
expect_exit "report --strict with a missing export exits 66" 66 "$TRYGG" report -q --strict \
	-c "$M/bjuv/trygg.xml" --period 2018-07 -o "$M/o2"
expect_exit "batch -q with a missing export" 0 "$TRYGG" batch -q -c "$M/bjuv/trygg.xml" \
	--monthly 2018-07..2018-07 -o "$M/b"
expect_grep "batch -q names the missing export on stderr" "$TMP/err" "skola-incidenter.csv: warning: file not used"
expect_exit "stats -q --strict with a missing export exits 66" 66 "$TRYGG" stats -q --strict \
	-c "$M/bjuv/trygg.xml" --period 2018-07 --by category
expect_exit "check --strict with a missing export exits 66" 66 "$TRYGG" check --strict -c "$M/bjuv/trygg.xml"

# ---- 8. control characters from exports are shown escaped, never obeyed ----
X="$TMP/ctl"
mkdir -p "$X"
cp -r samples/bjuv "$X/"
E="$X/bjuv/exports/skola-incidenter.csv"
python3 - "$E" <<'PY'
import sys
p = sys.argv[1]
lines = open(p, encoding='utf-8-sig', newline='').read().split('\n')
# a header cell with a line end that reads like trygg's own output, and ESC/CR in values
lines[0] = lines[0].replace('Datum', '"Datum\ntrygg: wrote out/FAKE.pdf"', 1)
cells = lines[1].split(',')
cells[4] = '"Skadeg\x1b[31mörelse\rtrygg: wrote out/FAKE2.pdf"'
lines[1] = ','.join(cells)
open(p, 'w', encoding='utf-8', newline='').write('\n'.join(lines))
PY
expect_exit "check with control characters in a header exits 0" 0 "$TRYGG" check -c "$X/bjuv/trygg.xml"
cat "$TMP/out" "$TMP/err" >"$TMP/all"
expect_eq "check: no forged 'trygg: wrote' line" "$(grep -c '^trygg: wrote' "$TMP/all")" "0"
expect_eq "check: no ESC or CR byte in the output" "$(tr -d '\n' <"$TMP/all" | tr -cd '\033\r' | wc -c)" "0"
expect_grep "check: the header's line end is shown as \\n" "$TMP/all" 'Datum\ntrygg: wrote out/FAKE.pdf'
expect_exit "report -q with control characters in a header" 0 "$TRYGG" report -q -c "$X/bjuv/trygg.xml" --period 2018-07 -o "$X/o"
expect_eq "report: no forged 'trygg: wrote' line on stderr" "$(grep -c '^trygg: wrote' "$TMP/err")" "0"
expect_grep "report: the unusable export is named, escaped" "$TMP/err" 'Datum\ntrygg: wrote out/FAKE.pdf'
# the value with ESC and CR: the header fixed, the row reaches the reject list
python3 - "$E" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding='utf-8', newline='').read().replace('"Datum\ntrygg: wrote out/FAKE.pdf"', 'Datum', 1)
open(p, 'w', encoding='utf-8', newline='').write(s)
PY
expect_exit "check with ESC and CR in a value exits 0" 0 "$TRYGG" check -c "$X/bjuv/trygg.xml"
expect_eq "check: no ESC or CR byte from a value" "$(cat "$TMP/out" "$TMP/err" | tr -cd '\033\r' | wc -c)" "0"
expect_grep "check: the value's ESC is shown as \\e" "$TMP/out" 'Skadeg\e[31mörelse\rtrygg: wrote out/FAKE2.pdf'
expect_exit "stats --by site with the file in" 0 "$TRYGG" stats -c "$X/bjuv/trygg.xml" --period 2017 --by category --format csv
expect_eq "stats: no ESC or CR from a value (CR only as CSV line ends)" \
	"$(tr -d '\r' <"$TMP/out" | cat - "$TMP/err" | tr -cd '\033' | wc -c)" "0"
expect_exit "an argument with ESC is shown escaped" 64 "$TRYGG" report --period "$(printf '2018\033[2J')" -c "$S" --lang "$(printf 'x\033[2J\nfake')"
expect_eq "usage error: no ESC or line end from the argument" "$(head -n 1 "$TMP/err" | tr -cd '\033' | wc -c)" "0"
expect_grep "usage error: the argument is shown escaped" "$TMP/err" "unknown --lang 'x\\e[2J\\nfake'"

# ---- 9. money: a maximum per row, and no sum can overflow ----
Y="$TMP/money"
mkdir -p "$Y"
cp -r samples/bjuv "$Y/"
for i in $(seq 1 20); do
	printf 'fastighet;Dyr insats %d;2018-07-01;2018-07-31;Bjuv;Kommunala byggnader;1;9 000 000 000 000 000,00;\n' "$i"
done >>"$Y/bjuv/exports/insatser.csv"
expect_exit "check with 20 rows of 9e15 kr exits 0" 0 "$TRYGG" check -c "$Y/bjuv/trygg.xml" --format json
expect_eq "the 20 rows are rejected with the maximum as reason" \
	"$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sum(1 for s in d["sources"] for r in s["rejects"] if "1 000 000 000 kr" in r["reason"]))' "$TMP/out")" "20"
expect_exit "report with them exits 0 (the sums stay in range)" 0 "$TRYGG" report -q -c "$Y/bjuv/trygg.xml" --period 2018-07 -o "$Y/o"
expect_exit "report --strict with them exits 65" 65 "$TRYGG" report -q --strict -c "$Y/bjuv/trygg.xml" --period 2018-07 -o "$Y/o2"
# 100 001 rows of exactly the maximum: the total passes 100 000 000 000 000 kr at the last
python3 - "$Y/bjuv/exports/insatser.csv" <<'PY'
import sys
head = open(sys.argv[1], encoding='utf-8').read().split('\n')[0]
with open(sys.argv[1], 'w', encoding='utf-8') as f:
    f.write(head + '\n')
    for i in range(100001):
        f.write('fastighet;Insats %d;2018-07-01;2018-07-31;Bjuv;Kommunala byggnader;1;1 000 000 000,00;\n' % i)
PY
# alone in a configuration, the file's own total reaches exactly 100 000 000 000 000 kr at row
# 100 000 (line 100 001), so row 100 001 (line 100 002) is the one past it
sed -e '/<source /{/insatser.csv/!d}' "$Y/bjuv/trygg.xml" >"$Y/bjuv/only-measures.xml"
expect_eq "the measures-only configuration has one source" "$(grep -c '<source ' "$Y/bjuv/only-measures.xml")" "1"
expect_exit "check with 100 001 rows of the maximum exits 0" 0 "$TRYGG" check -c "$Y/bjuv/only-measures.xml" --format json
expect_eq "the row past the total is rejected, the ones before accepted" \
	"$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print([(r["line"], "100 000 000 000 000 kr" in r["reason"]) for s in d["sources"] for r in s["rejects"]])' "$TMP/out")" \
	"[(100002, True)]"
# with the sample's other files first (they cost more than 0 kr), the measures file would
# take the run's total past the limit: it is not used at all, on one thread and two alike
for th in 1 2; do
	TRYGG_THREADS=$th "$TRYGG" check -c "$Y/bjuv/trygg.xml" --format json >"$TMP/m$th.json" 2>/dev/null
	expect_eq "TRYGG_THREADS=$th: the file that takes the run past the total is not used" \
		"$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print([(s["used"], "100 000 000 000 000 kr" in (s["failure"] or "")) for s in d["sources"] if s["file"].endswith("insatser.csv")])' "$TMP/m$th.json")" \
		"[(False, True)]"
done

# ---- 10. one message shape: file:line: error: …, never :0:, no empty option values ----
expect_exit "-o '' is refused" 64 "$TRYGG" report -c "$S" --period 2018-07 -o ''
expect_grep "-o '' names the option" "$TMP/err" "trygg: error: option '-o' needs a value, not an empty string"
expect_exit "--output= is refused" 64 "$TRYGG" report -c "$S" --period 2018-07 --output=
expect_exit "batch --summary '' is refused" 64 "$TRYGG" batch -c "$S" --monthly 2018-07..2018-07 --summary ''
expect_exit "check -c '' is refused" 64 "$TRYGG" check -c ''
expect_exit "check on the missing-export copy" 0 "$TRYGG" check -c "$M/bjuv/trygg.xml"
expect_no_grep "check: no ':0:' position" "$TMP/out" ":0:"
expect_eq "check: no tag after the message (': error: file not used' at a line's end)" \
	"$(grep -c ': error: file not used$' "$TMP/out")" "0"
expect_eq "check: a failed file reads 'file: error: file not used: why'" \
	"$(grep -c "^  $M/bjuv/exports/skola-incidenter.csv: error: file not used: cannot open" "$TMP/out")" "1"

# ---- 10b. every error says what to do: `file[:line]: error: what — what to do` ----
# err_shape NAME : the first error line of $TMP/err has a position without :0: and a
# "— what to do" part
err_shape() {
	l=$(grep -m1 ': error: ' "$TMP/err")
	case "$l" in
	*': error: '*' — '?*) case "$l" in *:0:*) not_ok "$1" "':0:' in: $l" ;; *) ok "$1" ;; esac ;;
	*) not_ok "$1" "no '— what to do' in: ${l:-$(head -c 300 "$TMP/err")}" ;;
	esac
}
E="$TMP/errs"
mkdir -p "$E/empty" "$E/cfg"
expect_exit "report without a configuration in the folder exits 66" 66 \
	sh -c "cd '$E/empty' && exec '$TRYGG' report --period 2018-07"
err_shape "missing ./trygg.xml says what to do"
expect_grep "and names it" "$TMP/err" "trygg.xml: error: cannot open configuration"
for cmd in check stats batch; do
	case $cmd in stats) a="--period 2018-07 --by category" ;; batch) a="--monthly 2018-07..2018-07" ;; *) a= ;; esac
	expect_exit "$cmd -c on a missing file exits 66" 66 "$TRYGG" $cmd -c "$E/nope.xml" $a
	err_shape "$cmd: a missing configuration says what to do"
done
expect_exit "check -c on a folder exits 66" 66 "$TRYGG" check -c "$E/empty"
err_shape "a folder as configuration says what to do"
head -c 400 "$S" >"$E/cfg/trygg.xml"
expect_exit "a truncated configuration exits 78" 78 "$TRYGG" check -c "$E/cfg/trygg.xml"
err_shape "malformed XML says what to do"
printf '<?xml version="1.0"?>\n<trygg-config version="1"/>\n' >"$E/cfg/root.xml"
expect_exit "a configuration with the wrong root exits 78" 78 "$TRYGG" check -c "$E/cfg/root.xml"
err_shape "a schema error without a specific hint says what to do"
expect_exit "report --template nope exits 66" 66 "$TRYGG" report -c "$S" --period 2018-07 \
	-o "$E/o" --template nope
err_shape "a missing template says what to do"
head -c 300 templates/uppfoljning.xml >"$E/tpl.xml"
expect_exit "a truncated template exits 78" 78 "$TRYGG" check -c "$S" --template "$E/tpl.xml"
err_shape "a malformed template says what to do"
cp -r samples/bjuv "$E/bj"
head -c 200 samples/bjuv/profiles/skola.xml >"$E/bj/profiles/skola.xml"
expect_exit "a truncated profile exits 78" 78 "$TRYGG" check -c "$E/bj/trygg.xml"
err_shape "a malformed profile says what to do"
printf '<?xml version="1.0"?>\n<profile/>\n' >"$E/bj/profiles/skola.xml"
expect_exit "a profile the schema refuses exits 78" 78 "$TRYGG" check -c "$E/bj/trygg.xml"
err_shape "a profile's schema error says what to do"
rm "$E/bj/profiles/skola.xml"
expect_exit "a missing profile exits 78" 78 "$TRYGG" check -c "$E/bj/trygg.xml"
err_shape "a missing profile says what to do"
printf '<?xml version="1.0"?>\n<template/>\n' >"$E/tpl2.xml"
expect_exit "a template the schema refuses exits 78" 78 "$TRYGG" check -c "$S" --template "$E/tpl2.xml"
err_shape "a template's schema error says what to do"
: >"$E/file"
expect_exit "report -o under a file exits 73" 73 "$TRYGG" report -c "$S" --period 2018-07 -o "$E/file/out"
err_shape "report: an output folder that cannot be made says what to do"
expect_exit "batch -o under a file exits 73" 73 "$TRYGG" batch -c "$S" --monthly 2018-07..2018-07 -o "$E/file/out"
err_shape "batch: an output folder that cannot be made says what to do"
expect_exit "report --mail-dir under a file exits 73" 73 "$TRYGG" report -c "$S" --period 2018-07 \
	-o "$E/o2" --per-department --mail-dir "$E/file/mail"
err_shape "report: a mail folder that cannot be made says what to do"
expect_exit "report --charts-dir under a file exits 73" 73 "$TRYGG" report -c "$S" --period 2018-07 \
	-o "$E/o3" --charts-dir "$E/file/charts"
err_shape "report: a charts folder that cannot be made says what to do"
