# tests/golden/change.sh - the significance module (src/change.c) against an independent
# implementation: scipy.stats.binomtest (Debian python3-scipy) over tests/change/cases.txt,
# through the driver $B/change-table. p-value: two-sided as twice the smaller one-sided exact
# binomial p (the test that is dual to the Clopper–Pearson interval); interval: scipy's
# proportion_ci(method="exact") turned into a rate ratio; verdict by doc/aggregates.md's rule.
. tests/lib.sh
trap 'rm -rf "$TMP"' EXIT
DRIVER=$B/change-table
PY=""
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import scipy.stats' 2>/dev/null; then PY=$p; break; fi
done
if [ -z "$PY" ]; then
	not_ok "scipy is available (Debian python3-scipy; .ci/install-deps installs it)"
	exit 0
fi
if ! "$DRIVER" <tests/change/cases.txt >"$TMP/c.txt"; then
	not_ok "change-table runs" "$DRIVER"
	exit 0
fi
cat >"$TMP/check.py" <<'PYEOF'
import math, sys, warnings
warnings.simplefilter("ignore")  # scipy warns on pmf underflow in its own two-sided test
from scipy.stats import binomtest

ALPHA, MIN_TOTAL = 0.05, 5

def close(a, b, rel=1e-6, abs_=1e-12):
    if math.isinf(a) or math.isinf(b) or math.isnan(a) or math.isnan(b):
        return (math.isinf(a) and math.isinf(b)) or (math.isnan(a) and math.isnan(b))
    return abs(a - b) <= max(abs_, rel * max(abs(a), abs(b)))

def ratio(q, ec, eb):
    return math.inf if q >= 1 else q / (1 - q) * eb / ec

bad = 0
for line in open(sys.argv[1]):
    f = line.split()
    cur, base, ec, eb = int(f[0]), int(f[1]), float(f[2]), float(f[3])
    verdict, p, r, lo, hi = f[4], float(f[5]), float(f[6]), float(f[7]), float(f[8])
    n = cur + base
    name = "%d -> %d (exposure %g : %g)" % (base, cur, eb, ec)
    problems = []
    if n == 0:
        want_p, want_lo, want_hi, want_r = 1.0, 0.0, math.inf, math.nan
    else:
        q0 = ec / (ec + eb)
        less = binomtest(cur, n, q0, alternative="less").pvalue
        greater = binomtest(cur, n, q0, alternative="greater").pvalue
        want_p = min(1.0, 2 * min(less, greater))
        ci = binomtest(cur, n, q0).proportion_ci(confidence_level=1 - ALPHA, method="exact")
        want_lo, want_hi = ratio(ci.low, ec, eb), ratio(ci.high, ec, eb)
        want_r = math.inf if base == 0 else (cur / ec) / (base / eb)
    if n < MIN_TOTAL:
        want_v = "no-claim"
    elif want_p < ALPHA:
        want_v = "decrease" if cur / ec < base / eb else "increase"
    else:
        want_v = "chance"
    if not close(p, want_p):
        problems.append("p %r, scipy %r" % (p, want_p))
    if not close(r, want_r):
        problems.append("ratio %r, want %r" % (r, want_r))
    if not close(lo, want_lo):
        problems.append("ratio low %r, scipy %r" % (lo, want_lo))
    if not close(hi, want_hi):
        problems.append("ratio high %r, scipy %r" % (hi, want_hi))
    if verdict != want_v:
        problems.append("verdict %s, want %s" % (verdict, want_v))
    # the verdict and the interval never disagree
    if verdict in ("decrease", "increase") and lo <= 1 <= hi:
        problems.append("clear change but the interval holds 1")
    if verdict == "chance" and not (lo <= 1 <= hi):
        problems.append("'could be chance' but the interval leaves out 1")
    if problems:
        bad += 1
        print("not ok - change %s: %s" % (name, "; ".join(problems)))
    else:
        print("ok - change %s: %s, p %.3g, ratio %.3g [%.3g, %.3g] as scipy" % (name, verdict, p, r, lo, hi))
print("CASES", sum(1 for _ in open(sys.argv[1])))
PYEOF
"$PY" "$TMP/check.py" "$TMP/c.txt" >"$TMP/py.txt" 2>&1 || not_ok "the scipy comparison runs" "$(tail -n 5 "$TMP/py.txt")"
grep -v '^CASES' "$TMP/py.txt"
want=$(grep -cv '^#' tests/change/cases.txt)
expect_eq "every case of cases.txt compared" "$(sed -n 's/^CASES //p' "$TMP/py.txt")" "$want"
# the story's numbers, stated outright
expect_grep "40 -> 7 is a clear decrease" "$TMP/c.txt" "7 40 92 92 decrease"
expect_grep "88 -> 22 is a clear decrease" "$TMP/c.txt" "22 88 92 92 decrease"
expect_grep "10 -> 4 could be chance" "$TMP/c.txt" "4 10 92 92 chance"
expect_grep "3 -> 0: no claim" "$TMP/c.txt" "0 3 1 1 no-claim"
expect_grep "0 -> 0: no claim" "$TMP/c.txt" "0 0 1 1 no-claim"
