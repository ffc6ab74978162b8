# tests/golden/stats_oracle.sh - every aggregate the report uses, from `trygg stats --format
# csv`, against an independent oracle: tests/golden/oracle_rows.py reads the Bjuv sample
# exports with Python's csv/xml modules and sqlite3 sums them. Summer 2018 against summer
# 2017, and July 2018 against July 2017; by category, locality and department; counts, costs
# in öre and incidents per 1 000 inhabitants. A suppressed cell must hide a value that the
# rule allows ("<3": 1 or 2).
. tests/lib.sh
trap 'rm -rf "$TMP"' EXIT
S=samples/bjuv/trygg.xml

if ! python3 tests/golden/oracle_rows.py samples/bjuv/exports >"$TMP/rows.tsv" 2>"$TMP/rows.err"; then
	not_ok "oracle rows" "$(cat "$TMP/rows.err")"
	exit 0
fi
ok "oracle rows ($(wc -l <"$TMP/rows.tsv") incidents)"
sqlite3 "$TMP/o.db" "create table i(day text, cat text, loc text, dep text, n integer, ore integer, hour text, site text);" \
	".mode tabs" ".import $TMP/rows.tsv i"

check() { # PERIOD FIRST LAST BASE_FIRST BASE_LAST DIM COLUMN
	period=$1 a=$2 b=$3 ba=$4 bb=$5 dim=$6 col=$7
	sqlite3 -separator ';' "$TMP/o.db" "
		select $col,
		       sum(case when day between '$a' and '$b' then n else 0 end),
		       sum(case when day between '$ba' and '$bb' then n else 0 end),
		       sum(case when day between '$a' and '$b' then ore else 0 end),
		       sum(case when day between '$ba' and '$bb' then ore else 0 end)
		from i group by $col;" >"$TMP/want-$period-$dim"
	if ! "$TRYGG" stats -q -c "$S" --period "$period" --by "$dim" --format csv >"$TMP/got-$period-$dim.csv" 2>"$TMP/err"; then
		not_ok "stats $period by $dim runs" "$(cat "$TMP/err")"
		return
	fi
	python3 - "$S" "$dim" "$TMP/want-$period-$dim" "$TMP/got-$period-$dim.csv" "$period" <<'PY'
import csv, sys, xml.etree.ElementTree as ET
cfg, dim, want_f, got_f, period = sys.argv[1:]
root = ET.parse(cfg).getroot()
th = int(root.find("report").get("small-count-threshold", "3"))
tag = {"category": ("categories/category", "label"), "locality": ("localities/locality", "name"),
       "department": ("departments/department", "name")}[dim]
label_to_id = {e.get(tag[1]): e.get("id") for e in root.findall(tag[0])}
pop = {e.get("id"): {int(p.get("year")): int(p.text) for p in e.findall("population")}
       for e in root.findall("localities/locality")}
want = {}
for line in open(want_f, encoding="utf-8"):
    k, *v = line.rstrip("\n").split(";")
    want[k] = [int(x) for x in v]
want["total"] = [sum(w[i] for w in want.values()) for i in range(4)]
rows = list(csv.reader(open(got_f, encoding="utf-8-sig", newline=""), delimiter=";"))
head, body = rows[0], rows[1:]
bad = []
def cnt(cell, true, what):
    if cell == f"<{th}":
        ok = 1 <= true < th
    elif cell == "..":
        ok = True  # secondary suppression may hide any count
    else:
        ok = int(cell) == true and not (1 <= true < th)
    if not ok:
        bad.append(f"{what}: published {cell!r}, oracle {true}")
def ore(cell):
    kr, _, o = cell.partition(",")
    return int(kr) * 100 + (int(o) if o else 0)
seen = set()
for r in body:
    key = "total" if r[0] == "Totalt" else label_to_id.get(r[0])
    if key is None:
        bad.append(f"unknown row {r[0]!r}")
        continue
    seen.add(key)
    w = want.get(key, [0, 0, 0, 0])
    cnt(r[1], w[0], f"{r[0]} count"); cnt(r[2], w[1], f"{r[0]} baseline count")
    if ore(r[5]) != w[2]: bad.append(f"{r[0]} cost {r[5]} != {w[2]} öre")
    if ore(r[6]) != w[3]: bad.append(f"{r[0]} baseline cost {r[6]} != {w[3]} öre")
    if dim == "locality":
        year = int(period[-4:] if period[-3] != "-" else period[:4])
        p = sum(v[year] for v in pop.values()) if key == "total" else pop[key][year]
        want_rate = f"{w[0] * 1000 / p:.1f}".replace(".", ",")
        if r[1].startswith("<") or r[1] == "..":
            if r[7] != "": bad.append(f"{r[0]} rate {r[7]!r} published beside a hidden count")
        elif abs(float(r[7].replace(",", ".")) - w[0] * 1000 / p) > 0.051:
            bad.append(f"{r[0]} rate {r[7]} != {want_rate}")
missing = [k for k, v in want.items() if k not in seen and any(v)]
if missing: bad.append(f"rows missing: {missing}")
print(("not ok - " if bad else "ok - ") + f"stats {period} by {dim} equals the oracle ({len(body)} rows)")
for b in bad: print("#   " + b)
PY
}

for dim in category locality department; do
	check sommar-2018 2018-06-01 2018-08-31 2017-06-01 2017-08-31 $dim \
		"$(case $dim in category) echo cat ;; locality) echo loc ;; department) echo dep ;; esac)"
	check 2018-07 2018-07-01 2018-07-31 2017-07-01 2017-07-31 $dim \
		"$(case $dim in category) echo cat ;; locality) echo loc ;; department) echo dep ;; esac)"
done

# when and where: weekday, hour of day and site, counted by sqlite3 (strftime('%w') is 0 on
# Sunday) and compared cell by cell with the published counts
check_key() { # PERIOD FIRST LAST BASE_FIRST BASE_LAST DIM SQL-KEY
	period=$1 a=$2 b=$3 ba=$4 bb=$5 dim=$6 key=$7
	sqlite3 -separator ';' "$TMP/o.db" "
		select $key,
		       sum(case when day between '$a' and '$b' then n else 0 end),
		       sum(case when day between '$ba' and '$bb' then n else 0 end)
		from i group by 1;" >"$TMP/want-$period-$dim"
	if ! "$TRYGG" stats -q -c "$S" --period "$period" --by "$dim" --format csv >"$TMP/got-$period-$dim.csv" 2>"$TMP/err"; then
		not_ok "stats $period by $dim runs" "$(cat "$TMP/err")"
		return
	fi
	python3 - "$S" "$dim" "$TMP/want-$period-$dim" "$TMP/got-$period-$dim.csv" "$period" <<'PY'
import csv, sys, xml.etree.ElementTree as ET
cfg, dim, want_f, got_f, period = sys.argv[1:]
th = int(ET.parse(cfg).getroot().find("report").get("small-count-threshold", "3"))
days = ["söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"]
def label(k):  # the oracle's key as trygg labels it
    if dim == "weekday":
        return days[int(k)]
    if dim == "hour":
        return "Tid saknas" if k == "" else f"{int(k):02d}–{int(k) + 1:02d}"
    return k
want = {}
for line in open(want_f, encoding="utf-8"):
    k, a, b = line.rstrip("\n").rsplit(";", 2)
    want[label(k)] = (int(a), int(b))
want["Totalt"] = tuple(sum(w[i] for w in want.values()) for i in range(2))
rows = list(csv.reader(open(got_f, encoding="utf-8-sig", newline=""), delimiter=";"))[1:]
bad, seen = [], set()
for r in rows:
    w = want.get(r[0], (0, 0))
    seen.add(r[0])
    for cell, true in ((r[1], w[0]), (r[2], w[1])):
        if cell == f"<{th}":
            good = 1 <= true < th
        elif cell == "..":
            good = True
        else:
            good = cell.isdigit() and int(cell) == true and not (1 <= true < th)
        if not good:
            bad.append(f"{r[0]}: published {cell!r}, oracle {true}")
missing = [k for k, v in want.items() if k not in seen and any(v)]
if missing: bad.append(f"rows missing: {missing}")
print(("not ok - " if bad else "ok - ") + f"stats {period} by {dim} equals the oracle ({len(rows)} rows)")
for b in bad: print("#   " + b)
PY
}
for p in "sommar-2018 2018-06-01 2018-08-31 2017-06-01 2017-08-31" "2018-07 2018-07-01 2018-07-31 2017-07-01 2017-07-31"; do
	# shellcheck disable=SC2086 # the period's words are the arguments
	set -- $p
	check_key "$@" weekday "strftime('%w', day)"
	check_key "$@" hour "hour"
	check_key "$@" site "site"
done

# the oracle and trygg agree on what was accepted at all
total=$(sqlite3 "$TMP/o.db" "select count(*) from i;")
"$TRYGG" check -c "$S" >"$TMP/check" 2>&1
expect_grep "trygg check accepts as many incidents as the oracle" "$TMP/check" "$total incidents"

# development over time: ISO weeks of summer 2018, each beside the week in the same position
# of summer 2017 (Python's isocalendar, not trygg's calendar)
"$TRYGG" stats -q -c "$S" --period sommar-2018 --by week --format csv >"$TMP/got-week.csv" 2>"$TMP/err" ||
	not_ok "stats by week runs" "$(cat "$TMP/err")"
python3 - "$TMP/rows.tsv" "$TMP/got-week.csv" <<'PY'
import csv, datetime, sys
rows_f, got_f = sys.argv[1:]
def weeks(first, last):
    out, d = {}, first
    while d <= last:
        out.setdefault(d.isocalendar()[:2], 0)
        d += datetime.timedelta(days=1)
    return out
cur = weeks(datetime.date(2018, 6, 1), datetime.date(2018, 8, 31))
base = weeks(datetime.date(2017, 6, 1), datetime.date(2017, 8, 31))
for line in open(rows_f, encoding="utf-8"):
    f = line.rstrip("\n").split("\t")
    d = datetime.date.fromisoformat(f[0])
    for tab in (cur, base):
        if d.isocalendar()[:2] in tab and (d.year == 2018) == (tab is cur) and 6 <= d.month <= 8:
            tab[d.isocalendar()[:2]] += int(f[4])
ck, bk = sorted(cur), sorted(base)
want = {f"v. {w} {y}": (cur[(y, w)], base[bk[i]] if i < len(bk) else 0) for i, (y, w) in enumerate(ck)}
got = list(csv.reader(open(got_f, encoding="utf-8-sig", newline=""), delimiter=";"))[1:]
bad = []
for r in got:
    if r[0] == "Totalt":
        continue
    w = want.pop(r[0], None)
    if w is None:
        bad.append(f"unexpected row {r[0]}"); continue
    for cell, true in zip(r[1:3], w):
        good = (1 <= true < 3) if cell == "<3" else (cell == ".." or (cell.isdigit() and int(cell) == true and not 1 <= true < 3))
        if not good: bad.append(f"{r[0]}: published {cell!r}, oracle {true}")
if want: bad.append(f"weeks missing: {sorted(want)}")
print(("not ok - " if bad else "ok - ") + f"stats sommar-2018 by week equals the oracle ({len(got) - 1} weeks)")
for b in bad: print("#   " + b)
PY
