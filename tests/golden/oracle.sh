#!/bin/sh
# oracle.sh - an independent count over the Bjuv sample exports, for golden tests.
#
#   sh tests/golden/oracle.sh samples/bjuv/exports
#
# Prints, for every category in trygg.xml order,
#   <category id>;<incidents summer 2018>;<incidents summer 2017>
# (summer = 1 June-31 August inclusive; the schools' rows count their Antal), then
#   cost-skadegorelse;<kronor summer 2018>;<kronor summer 2017>
# (the summed cost of the vandalism incidents, rounded to whole kronor, half up).
# Every row left out is listed on stderr as "excluded FILE:LINE: reason".
#
# Uses no trygg code: POSIX sh, awk and iconv only. The mapping from source values to
# category ids and the list of localities are written out by hand below; they mirror
# samples/bjuv/trygg.xml (labels, synonyms, localities and aliases) and the value map in
# samples/bjuv/profiles/fastighet.xml, matched the way the configuration promises: case
# does not matter, nor do å/ä/ö/é accents or runs of blanks, '-', '_' and '.'.
# Keep the tables in step with those files by hand; never generate them from trygg.
set -eu

dir=${1:?usage: sh tests/golden/oracle.sh EXPORTS_DIR}
LC_ALL=C
export LC_ALL

# --- CSV: one awk program for both CSV exports --------------------------------------------
# Reads physical lines and joins them while a quoted field is open (an odd number of '"'
# so far), so fields with the delimiter, doubled quotes or line breaks come out whole.
# Emits one tab-separated line per record: kind, file, line, date, ort, value, count, cost.
# Values never contain tabs in these exports.
csv_awk='
function split_csv(rec, out,    n, i, c, f, inq, len) {
	n = 0; f = ""; inq = 0; len = length(rec)
	for (i = 1; i <= len; i++) {
		c = substr(rec, i, 1)
		if (inq) {
			if (c == "\"") {
				if (substr(rec, i + 1, 1) == "\"") { f = f "\""; i++ }
				else inq = 0
			} else f = f c
		} else if (c == "\"") inq = 1
		else if (c == delim) { out[++n] = f; f = "" }
		else f = f c
	}
	out[++n] = f
	return n
}
function col(name,    k) {
	for (k = 1; k <= ncols; k++) if (hdr[k] == name) return k
	print "oracle: " file ": no column \"" name "\"" > "/dev/stderr"
	exit 2
}
{
	if (buf == "") { buf = $0; start = FNR } else buf = buf "\n" $0
	tmp = buf
	if (gsub(/"/, "", tmp) % 2) next          # a quoted field goes on
	rec = buf; buf = ""
	sub(/\r$/, "", rec)                        # CRLF files
	if (start == 1) {
		sub(/^\357\273\277/, "", rec)       # UTF-8 byte order mark
		ncols = split_csv(rec, hdr)
		cd = col(c_date); co = col(c_ort); cv = col(c_value); cc = col(c_cost)
		cn = c_count == "" ? 0 : col(c_count)
		next
	}
	if (rec ~ /^[ \t]*$/) next
	split_csv(rec, v)
	printf "%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\n", kind, file, start, v[cd], v[co], v[cv], \
		(cn ? v[cn] : "1"), v[cc]
}'

# --- XML: one <handelse> per line (as the culture department writes it) -----------------
xml_awk='
function unent(s) {
	gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&quot;/, "\"", s)
	gsub(/&apos;/, "\047", s); gsub(/&amp;/, "\\&", s)
	return s
}
function elem(name,    s) {
	if (!match($0, "<" name ">[^<]*</" name ">")) return ""
	s = substr($0, RSTART + length(name) + 2, RLENGTH - 2 * length(name) - 5)
	return unent(s)
}
function attr(name) {
	if (!match($0, " " name "=\"[^\"]*\"")) return ""
	return unent(substr($0, RSTART + length(name) + 3, RLENGTH - length(name) - 4))
}
/<handelse[ >]/ {
	printf "xml\t%s\t%d\t%s\t%s\t%s\t1\t%s\n", file, FNR, attr("datum"), elem("ort"), \
		elem("typ"), elem("kostnad")
}'

# --- the count -----------------------------------------------------------------------------
count_awk='
function fold(s) {
	s = tolower(s)
	gsub(u_aa, "a", s); gsub(u_AA, "a", s); gsub(u_ae, "a", s); gsub(u_AE, "a", s)
	gsub(u_oe, "o", s); gsub(u_OE, "o", s); gsub(u_e, "e", s); gsub(u_E, "e", s)
	gsub(u_nbsp, " ", s)
	gsub(/[ \t\r\n._-]+/, " ", s); sub(/^ /, "", s); sub(/ $/, "", s)
	return s
}
function leap(y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }
function valid_ymd(y, m, d,    dim) {
	if (m < 1 || m > 12 || d < 1) return 0
	dim = substr("312831303130313130313031", 2 * m - 1, 2) + 0
	if (m == 2 && leap(y)) dim = 29
	return d <= dim
}
# öre from "12 450,00", "1 250,5", "800", "" (no cost = 0); -1 when unreadable
function ore(s,    kr, o) {
	gsub(u_nbsp, "", s); gsub(/[ \t]/, "", s); sub(/kr$/, "", s)
	if (s == "") return 0
	if (s !~ /^[0-9]+(,[0-9][0-9]?)?$/) return -1
	kr = s; o = 0
	if (index(s, ",")) {
		kr = substr(s, 1, index(s, ",") - 1); o = substr(s, index(s, ",") + 1)
		if (length(o) == 1) o = o "0"
	}
	return kr * 100 + o
}
function out(file, line, why) { printf "excluded %s:%s: %s\n", file, line, why > "/dev/stderr" }
BEGIN {
	FS = "\t"
	u_aa = sprintf("%c%c", 195, 165); u_AA = sprintf("%c%c", 195, 133)
	u_ae = sprintf("%c%c", 195, 164); u_AE = sprintf("%c%c", 195, 132)
	u_oe = sprintf("%c%c", 195, 182); u_OE = sprintf("%c%c", 195, 150)
	u_e = sprintf("%c%c", 195, 169); u_E = sprintf("%c%c", 195, 137)
	u_nbsp = sprintf("%c%c", 194, 160)

	# trygg.xml <categories>, in order: id, then label and synonyms (already folded)
	ncat = split("skadegorelse klotter brand inbrott hot-vald droger ordning", order, " ")
	cat["skadegorelse"] = "skadegorelse"; cat["vandalism"] = "skadegorelse"
	cat["skadegorelse/vandalism"] = "skadegorelse"; cat["krossad ruta"] = "skadegorelse"
	cat["klotter"] = "klotter"; cat["graffiti"] = "klotter"; cat["klotter/tags"] = "klotter"
	cat["brand"] = "brand"; cat["anlagd brand"] = "brand"; cat["brandskada"] = "brand"
	cat["inbrott"] = "inbrott"; cat["inbrott/stold"] = "inbrott"
	cat["hot vald"] = "hot-vald"; cat["hot och vald"] = "hot-vald"; cat["hot"] = "hot-vald"
	cat["vald"] = "hot-vald"; cat["hot/vald"] = "hot-vald"
	cat["droger"] = "droger"; cat["narkotika"] = "droger"; cat["drogpaverkan"] = "droger"
	cat["ordning"] = "ordning"; cat["ordningsstorning"] = "ordning"
	cat["storning"] = "ordning"; cat["oro"] = "ordning"

	# profiles/fastighet.xml value map for Orsak, applied before the lookup above
	fmap["skadegorelse"] = "skadegorelse"; fmap["glaskross"] = "skadegorelse"
	fmap["klotter/sanering"] = "klotter"; fmap["brand/sot"] = "brand"
	fmap["inbrott"] = "inbrott"

	# trygg.xml <localities>: id, name, aliases (folded)
	loc["bjuv"] = 1; loc["bjuvs tatort"] = 1; loc["billesholm"] = 1
	loc["billesholms tatort"] = 1; loc["ekeby"] = 1
}
{
	kind = $1; file = $2; line = $3; date = $4; ort = $5; val = $6; cnt = $7; cost = $8
	gsub(/^[ \t]+|[ \t]+$/, "", date)
	if (kind == "skola") {
		if (date !~ /^[0-9][0-9]?\/[0-9][0-9]?\/[0-9][0-9][0-9][0-9]$/) {
			out(file, line, "unreadable date " date); next
		}
		split(date, p, "/"); y = p[3] + 0; m = p[2] + 0; d = p[1] + 0
	} else {
		if (date !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$/) {
			out(file, line, "unreadable date " date); next
		}
		split(date, p, "-"); y = p[1] + 0; m = p[2] + 0; d = p[3] + 0
	}
	if (!valid_ymd(y, m, d)) { out(file, line, "no such date " date); next }
	if (!(fold(ort) in loc)) { out(file, line, "unknown locality " ort); next }
	v = fold(val)
	if (kind == "fastighet" && (v in fmap)) v = fmap[v]
	if (!(v in cat)) { out(file, line, "unknown category " val); next }
	c = cat[v]
	gsub(/[ \t]/, "", cnt)
	if (cnt == "") cnt = 1
	if (cnt !~ /^[0-9]+$/ || cnt + 0 < 1) { out(file, line, "unreadable count " cnt); next }
	o = ore(cost)
	if (o < 0) { out(file, line, "unreadable cost " cost); next }
	if (m < 6 || m > 8 || (y != 2017 && y != 2018)) next
	n[c, y] += cnt
	if (c == "skadegorelse") kr[y] += o
}
END {
	for (i = 1; i <= ncat; i++)
		printf "%s;%d;%d\n", order[i], n[order[i], 2018], n[order[i], 2017]
	printf "cost-skadegorelse;%d;%d\n", int((kr[2018] + 50) / 100), int((kr[2017] + 50) / 100)
}'

for f in "$dir"/fastighet-felanmalan-*.csv "$dir"/skola-incidenter.csv "$dir"/kultur-fritid.xml; do
	[ -r "$f" ] || { echo "oracle: cannot read $f" >&2; exit 66; }
done

# Each step writes a file, so that a failing iconv or awk stops the script (set -e).
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: > "$tmp/rows"
for f in "$dir"/fastighet-felanmalan-*.csv; do
	iconv -f WINDOWS-1252 -t UTF-8 "$f" > "$tmp/utf8.csv"
	awk -v kind=fastighet -v file="${f##*/}" -v delim=';' -v c_date='Anmäld datum' \
		-v c_ort=Ort -v c_value=Orsak -v c_count= -v c_cost='Kostnad (kr)' \
		"$csv_awk" "$tmp/utf8.csv" >> "$tmp/rows"
done
f=$dir/skola-incidenter.csv
awk -v kind=skola -v file="${f##*/}" -v delim=, -v c_date=Datum -v c_ort=Ort \
	-v c_value='Typ av händelse' -v c_count=Antal -v c_cost=Kostnad "$csv_awk" "$f" >> "$tmp/rows"
f=$dir/kultur-fritid.xml
awk -v file="${f##*/}" "$xml_awk" "$f" >> "$tmp/rows"
awk "$count_awk" "$tmp/rows"
