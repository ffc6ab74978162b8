# tests/audit/run.sh - the disclosure audit (issue 11) over what one run publishes: the sample,
# the issue's two constructions (gen.py case linked|depts) and N generated small
# municipalities (gen.py random SEED, seeds 1..N; N = $AUDIT_N, default 200). Each is reported
# with --per-department --dump-tree DIR and every tree of the run is audited together by
# audit.py (independent of the C code: scipy's linprog). Prints one TAP line per dataset.
# Sourced by tests/audit.sh once the C pass makes it green; run alone with
#   TRYGG=./trygg TMP=$(mktemp -d) sh tests/audit/run.sh
. tests/lib.sh
PY=/usr/bin/python3
A=tests/audit
audit_run() { # audit_run NAME CONFIG PERIOD : report, dump every tree, audit them together
	d=$TMP/audit/$1
	mkdir -p "$d/tree"
	if ! "$TRYGG" report -q -c "$2" --period "$3" -o "$d/out" --per-department \
		--dump-tree "$d/tree" >"$d/report.log" 2>&1; then
		not_ok "audit $1: report" "$(head -c 400 "$d/report.log")"
		return
	fi
	if $PY $A/audit.py "$d/tree" >"$d/audit.log" 2>&1; then ok "audit $1: $(tail -n 1 "$d/audit.log")"; else
		not_ok "audit $1" "$(grep -c EXPOSED "$d/audit.log") exposed:" "$(head -n 12 "$d/audit.log")"
	fi
}
audit_run sample samples/bjuv/trygg.xml sommar-2018
for c in linked depts; do
	$PY $A/gen.py case $c "$TMP/audit/$c/data"
	audit_run "$c" "$TMP/audit/$c/data/trygg.xml" sommar-2018
done
s=1
while [ "$s" -le "${AUDIT_N:-200}" ]; do
	$PY $A/gen.py random $s "$TMP/audit/r$s/data"
	audit_run "random-$s" "$TMP/audit/r$s/data/trygg.xml" sommar-2018
	s=$((s + 1))
done
