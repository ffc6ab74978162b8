# tests/golden/batch.sh - `trygg batch` over a year with department versions and mail files:
# every report, manifest and mail is there and checks out against sha256sum, stat and
# Python's email package; a second run writes nothing; a changed row redoes exactly the months
# whose data window holds it; the lock (75); usage errors (64).
. tests/lib.sh
trap 'rm -rf "$TMP"' EXIT
cp -R samples/bjuv "$TMP/bjuv"
C=$TMP/bjuv/trygg.xml
O=$TMP/reports M=$TMP/mail # not $TMP/out: lib.sh keeps stdout there
export SOURCE_DATE_EPOCH=1546300800 # 2019-01-01: same bytes on every run

months() { python3 -c 'import json,sys; print(" ".join(j["period"] for j in json.load(open(sys.argv[1]))[sys.argv[2]]))' "$@"; }

expect_exit "batch over 2018 exits 0" 0 "$TRYGG" batch -c "$C" --monthly 2018-01..2018-12 -j 2 \
	--per-department -o "$O" --mail-dir "$M" --summary "$TMP/s1.json"
expect_eq "summary lists 12 written" "$(months "$TMP/s1.json" written | wc -w)" "12"
n_dep=$(grep -c '<department ' "$C")
missing=""
for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
	[ -s "$O/bjuv-2018-$m.pdf" ] || missing="$missing bjuv-2018-$m.pdf"
	[ -s "$O/manifest-2018-$m.csv" ] || missing="$missing manifest-2018-$m.csv"
	n=$(ls "$O" | grep -c "^bjuv-2018-$m-.*\.pdf$")
	[ "$n" -eq "$n_dep" ] || missing="$missing ($m: $n department versions, want $n_dep)"
done
expect_eq "every month has its report, department versions and manifest" "$missing" ""
expect_eq "manifest.csv has one line per department and month" \
	"$(($(wc -l <"$O/manifest.csv") - 1))" "$((12 * n_dep))"
expect_eq "manifest starts with a UTF-8 BOM" "$(head -c 3 "$O/manifest.csv" | od -An -tx1 | tr -d ' ')" "efbbbf"

# Every manifest line against the file itself, with tools independent of trygg.
bad="" checked=0
tail -n +2 "$O/manifest.csv" | tr -d '\r' >"$TMP/man.txt"
while IFS=';' read -r file dep head email period pages bytes sha; do
	checked=$((checked + 1))
	f="$O/$file"
	[ -f "$f" ] || { bad="$bad $file:missing"; continue; }
	[ "$(stat -c %s "$f")" = "$bytes" ] || bad="$bad $file:bytes"
	[ "$(sha256sum "$f" | cut -d' ' -f1)" = "$sha" ] || bad="$bad $file:sha256"
	grep -q "email=\"$email\"" "$C" || bad="$bad $file:email"
	case "$file" in */* | .* | *..*) bad="$bad $file:unsafe" ;; esac
	[ "$pages" -ge 1 ] || bad="$bad $file:pages"
	case "$file" in "bjuv-$period-"*) ;; *) bad="$bad $file:period" ;; esac
done <"$TMP/man.txt"
expect_eq "every manifest line's size and SHA-256 match its file" "$checked$bad" "$((12 * n_dep))"
if command -v qpdf >/dev/null 2>&1; then
	pages_bad=""
	while IFS=';' read -r file dep head email period pages bytes sha; do
		[ "$(qpdf --show-npages "$O/$file")" = "$pages" ] || pages_bad="$pages_bad $file"
	done <"$TMP/man.txt"
	expect_eq "every manifest page count matches qpdf" "$pages_bad" ""
fi

# Every mail parses with Python's email package; its attachment is the PDF, byte for byte.
python3 - "$M" "$O" >"$TMP/mail.out" 2>&1 <<'PY'
import email, email.policy, os, sys
mdir, odir = sys.argv[1], sys.argv[2]
bad, n = [], 0
for name in sorted(os.listdir(mdir)):
    if not name.endswith(".eml"):
        continue
    n += 1
    raw = open(os.path.join(mdir, name), "rb").read()
    if b"\n" in raw.replace(b"\r\n", b""):
        bad.append(name + ": bare LF")
    if any(len(l) > 78 for l in raw.split(b"\r\n")):
        bad.append(name + ": line over 78")
    m = email.message_from_bytes(raw, policy=email.policy.default)
    for h in ("From", "To", "Subject", "Date", "MIME-Version"):
        if m[h] is None:
            bad.append(name + ": no " + h)
    if m.get_content_type() != "multipart/mixed" or m.defects:
        bad.append(name + ": not a clean multipart/mixed %r" % m.defects)
    atts = list(m.iter_attachments())
    if len(atts) != 1 or atts[0].get_content_type() != "application/pdf":
        bad.append(name + ": attachments"); continue
    pdf = open(os.path.join(odir, atts[0].get_filename()), "rb").read()
    if atts[0].get_content() != pdf:
        bad.append(name + ": attachment differs from the PDF")
    if "Ekstr" in str(m["To"]) and "Ekström" not in str(m["To"]):
        bad.append(name + ": RFC 2047 name not decoded")
    if not m.get_body(("plain",)).get_content().startswith("Hej "):
        bad.append(name + ": body")
print("mails", n)
print("\n".join(bad) or "clean")
PY
expect_grep "mail files parse with Python's email package" "$TMP/mail.out" "clean"
expect_grep "one mail per department head and month" "$TMP/mail.out" "mails $((12 * n_dep))"

# A second run: nothing to do.
touch "$TMP/stamp"
expect_exit "second run exits 0" 0 "$TRYGG" batch -c "$C" --monthly 2018-01..2018-12 -j 2 \
	--per-department -o "$O" --mail-dir "$M" --summary "$TMP/s2.json"
expect_grep "second run says all were up to date" "$TMP/err" "all 12 reports were up to date"
expect_eq "second run wrote no file (nothing newer, folders unchanged)" \
	"$(find "$O" "$M" -newer "$TMP/stamp" | head -3)" ""
expect_eq "summary lists 12 skipped" "$(months "$TMP/s2.json" skipped | wc -w)" "12"

# One changed row redoes exactly the months whose data window holds it: 2018-12 (its own
# month), 2018-01 (2017-01 is its baseline), none for 2019-01 (outside every window).
rerun() {
	"$TRYGG" batch -q -c "$C" --monthly 2018-01..2018-12 -j 2 --per-department -o "$O" \
		--mail-dir "$M" --summary "$TMP/s.json"
	months "$TMP/s.json" written
}
sed -i 's/^\(FA182455;.*;\)6 340,00/\16 341,00/' "$TMP/bjuv/exports/fastighet-felanmalan-2018.csv"
expect_eq "a changed 2018-12 row redoes 2018-12 only" "$(rerun)" "2018-12"
sed -i 's/^\(FA170481;.*;\)18 560,00/\118 561,00/' "$TMP/bjuv/exports/fastighet-felanmalan-2017.csv"
expect_eq "a changed 2017-01 row redoes 2018-01 (its baseline) only" "$(rerun)" "2018-01"
sed -i 's/^\(FA190338;.*;\)22 300,00/\122 301,00/' "$TMP/bjuv/exports/fastighet-felanmalan-2019.csv"
expect_eq "a changed 2019 row redoes nothing" "$(rerun)" ""
touch "$TMP/bjuv/exports/"*
expect_eq "touching files without changing them redoes nothing" "$(rerun)" ""
printf '<!-- edited -->\n' >>"$C"
expect_eq "a changed configuration redoes every month" "$(rerun | wc -w)" "12"
rm "$O/bjuv-2018-05-socialforvaltningen.pdf"
expect_eq "a deleted department version redoes its month" "$(rerun)" "2018-05"
expect_exit "--force redoes everything" 0 "$TRYGG" batch -q -c "$C" --monthly 2018-01..2018-03 \
	--force --per-department -o "$O" --mail-dir "$M" --summary "$TMP/s.json"
expect_eq "--force lists every month as written" "$(months "$TMP/s.json" written)" "2018-01 2018-02 2018-03"

# The lock: a second run on the same folder stops at once with 75.
if command -v flock >/dev/null 2>&1; then
	expect_exit "a held lock exits 75" 75 flock "$O/.trygg.lock" "$TRYGG" batch -q -c "$C" \
		--monthly 2018-01..2018-02 -o "$O"
	expect_grep "the lock error says what to do" "$TMP/err" "try again"
	expect_exit "trygg report honours the lock too (75)" 75 flock "$O/.trygg.lock" "$TRYGG" \
		report -q -c "$C" --period 2018-01 -o "$O"
else
	echo "ok - lock test # SKIP flock(1) not installed"
fi

# One broken month does not stop the others: a department version's name is taken by a
# folder, so 2018-02 fails and 2018-03 is still written; exit 1 and the summary names it.
rm -f "$O"/bjuv-2018-02-socialforvaltningen.pdf
mkdir -p "$O/bjuv-2018-02-socialforvaltningen.pdf/x"
expect_exit "one failing month exits 1" 1 "$TRYGG" batch -c "$C" --monthly 2018-01..2018-03 \
	--force --per-department -o "$O" --summary "$TMP/s3.json"
expect_grep "the failing month is named" "$TMP/err" "2018-02"
expect_eq "summary: 2018-02 failed" "$(months "$TMP/s3.json" failed)" "2018-02"
expect_eq "summary: the others written" "$(months "$TMP/s3.json" written)" "2018-01 2018-03"
python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))["failed"][0]; assert f["code"]==73 and "socialforvaltningen" in f["reason"]' "$TMP/s3.json" \
	&& ok "summary gives the failure's code and reason" || not_ok "summary gives the failure's code and reason" "$(cat "$TMP/s3.json")"

# Usage errors.
expect_exit "batch without --monthly exits 64" 64 "$TRYGG" batch -c "$C"
expect_exit "a reversed range exits 64" 64 "$TRYGG" batch -c "$C" --monthly 2018-12..2018-01 -o "$O"
expect_exit "-j 0 exits 64" 64 "$TRYGG" batch -c "$C" --monthly 2018-01 -j 0
expect_exit "--mail-dir without --per-department exits 64" 64 "$TRYGG" batch -c "$C" --monthly 2018-01 --mail-dir "$M"
expect_exit "a missing configuration exits 66" 66 "$TRYGG" batch -c "$TMP/nope.xml" --monthly 2018-01 -o "$O"

# trygg report --per-department: the same files for one period.
expect_exit "report --per-department exits 0" 0 "$TRYGG" report -q -c "$C" --period sommar-2018 \
	--per-department -o "$TMP/r" --mail-dir "$TMP/rm"
expect_eq "report --per-department writes manifest.csv" "$(($(wc -l <"$TMP/r/manifest.csv") - 1))" "$n_dep"
expect_eq "report --per-department writes one mail per head" "$(ls "$TMP/rm" | grep -c '\.eml$')" "$n_dep"
