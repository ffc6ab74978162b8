#!/usr/bin/python3
"""Independent disclosure auditor for what one trygg run publishes (issue 11).

Reads the document-tree dumps of one run (`trygg report --per-department --dump-tree DIR`
writes DIR/NAME.tree for the report and for every department version) and decides, by linear
programming, whether any withheld count can be worked out from the numbers printed beside it.

Written apart from the C code: it imports nothing from trygg and knows only the dump's text
format (compose_dump) and what the values mean (doc/architecture.md, doc/aggregates.md).

The model (doc/aggregates.md, "The audit"):
  * A variable is one meaning: measure (count or reached), the set of dimension=key pairs
    (category, locality, site, week, month, weekday, hour, department; in any order and whether
    the department is the table's dimension or the version's filter), and the period. The same
    meaning printed twice, in one tree or in two, is one variable.
  * Per-measure rows of the measures list (a body row whose value says "all") are items of
    their own, named by the row's text cells; they add up to their department's people reached.
  * Relations: for every meaning M that has a descendant printed along dimension d, M is the
    sum over all keys k of d (every key seen anywhere in the run, for week and month every key
    seen in that period) of M + {d: k}. Children never printed are unknowns >= 0. Sites are
    only the sites printed (top lists), so their sum gets an unknown "other sites" >= 0.
  * Bounds: a shown number is fixed; "<t" (withheld:small) is 1 .. t-1; ".." (secondary) and
    what is not printed are >= 0; "not reported" (missing) is >= 0.
  * For every sensitive cell — withheld, with a count from 1 to t-1, whether printed "<t" or
    ".." (the dump carries the number) — min and max of its value over that polytope (LP
    relaxation, rounded inwards to integers). The cell is protected when the published numbers
    leave it at least t-1 possible values: max - min >= t - 2. For a "<t" cell (bounds 1..t-1)
    that is: they exclude none of the values its own symbol allows.
    A "<t" whose meaning is printed as a number elsewhere in the run is exposed outright, and
    so is a change, share or rate shown for a withheld count.

Usage: audit.py [--threshold T] [--quiet] [--each] TREE_OR_DIR...
--each: every DIR is a run of its own (one closing line "DIR: exit N" each).
Exit 0: nothing exposed; 1: exposed cells (listed); 2: usage or an inconsistent model.
"""
import builtins
import math
import os
import re
import sys

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import lil_matrix

SUBJECT = ("count", "reached")          # measures under the small-count rule
COMPLETE = ("category", "locality", "department", "weekday", "hour", "hourband", "week", "month")
PER_PERIOD = ("week", "month")         # keys are indices within the period
VALUE_RE = re.compile(r"\{([a-z]+)((?: [a-z]+=-?\d+| all)*)"
                      r"(?: (cur|base|trend) (\d{4}-\d\d-\d\d)\.\.(\d{4}-\d\d-\d\d))?"
                      r" = (-?\d+)((?: withheld:small| withheld:secondary)?)( missing)?\}")
LINE_RE = re.compile(r'^( *)([a-z]+)(?:\[([a-z-]+)\])?(.*)$')


class Value:
    __slots__ = ("measure", "dims", "when", "period", "num", "flag", "missing", "where")

    def key(self):
        return (self.measure, self.dims, self.period)


def parse_value(s, where):
    m = VALUE_RE.search(s)
    if not m:
        return None
    v = Value()
    v.measure = m.group(1)
    dims = {}
    for tok in m.group(2).split():
        if tok == "all":
            continue
        k, n = tok.split("=")
        if k == "hour" and int(n) >= 99:  # six-hour bands 100+h, 99 no time (compose.h)
            k = "hourband"
        dims[k] = int(n)
    v.dims = frozenset(dims.items())
    v.when = m.group(3) or "-"
    v.period = (m.group(4), m.group(5)) if m.group(4) else None
    v.num = int(m.group(6))
    v.flag = m.group(7).strip().split(":")[1] if m.group(7) else ""
    v.missing = bool(m.group(8))
    v.where = where
    return v


def parse_tree(path):
    """Returns (values, item rows, department names→index, cell texts) of one dump."""
    values, rows = [], []
    threshold = None
    cur_row = None
    with open(path, encoding="utf-8") as fp:
        for lineno, line in enumerate(fp, 1):
            m = LINE_RE.match(line.rstrip("\n"))
            if not m:
                continue
            kind, role, rest = m.group(2), m.group(3), m.group(4)
            where = "%s:%d" % (os.path.basename(path), lineno)
            if kind == "row":
                cur_row = {"role": role, "cells": []}
                rows.append(cur_row)
                continue
            if kind not in ("cell", "value"):
                if kind != "alt:":
                    cur_row = None if kind in ("table", "paragraph", "figure", "section",
                                               "list", "tiles", "heading") else cur_row
                continue
            text = None
            tm = re.match(r' (?:scope=\w+ )?"((?:[^"\\]|\\.)*)"', rest)
            if tm:
                text = tm.group(1)
            v = parse_value(rest, where)
            if kind == "cell" and cur_row is not None:
                cur_row["cells"].append((text, v))
            if v is not None:
                values.append(v)
                if v.flag == "small" and text and text.startswith("<"):
                    try:
                        threshold = int(text[1:])
                    except ValueError:
                        pass
    return values, rows, threshold


def main(argv):
    args = argv[1:]
    threshold, quiet, each = None, False, False
    while args and args[0].startswith("--"):
        if args[0] == "--threshold":
            threshold = int(args[1])
            args = args[2:]
        elif args[0] == "--quiet":
            quiet = True
            args = args[1:]
        elif args[0] == "--each":
            each = True
            args = args[1:]
        else:
            print("audit.py: unknown option " + args[0], file=sys.stderr)
            return 2
    if not args:
        print("usage: audit.py [--threshold T] [--quiet] [--each] TREE_OR_DIR...",
              file=sys.stderr)
        return 2
    if not each:
        return audit(args, threshold, quiet)
    # --each: every DIR is a run of its own; one closing line per run, "DIR: exit N"
    worst = 0
    for a in args:
        try:
            rc = audit([a], threshold, quiet, prefix=a + ": ")
        except Exception as e:  # one run's failure must not hide the others' results
            print("%s: audit.py failed: %r" % (a, e))
            rc = 2
        print("%s: exit %d" % (a, rc))
        worst = max(worst, rc)
    return worst


def audit(args, threshold, quiet, prefix=""):
    def print(*a, **kw):  # every line of a run says which run
        builtins.print(prefix + " ".join(str(x) for x in a), **kw)
    files = []
    for a in args:
        if os.path.isdir(a):
            files += sorted(os.path.join(a, f) for f in os.listdir(a) if f.endswith(".tree"))
        else:
            files.append(a)
    if not files:
        print("no tree dumps in " + " ".join(args))
        return 2

    values, rows = [], []
    seen_t = None
    for f in files:
        vs, rs, t = parse_tree(f)
        values += vs
        rows += rs
        seen_t = seen_t or t
    t = threshold or seen_t or 3

    # department names from rows whose values are exactly {department: k}
    dept_name = {}
    for r in rows:
        label = r["cells"][0][0] if r["cells"] else None
        for text, v in r["cells"]:
            if v is not None and len(v.dims) == 1 and dict(v.dims).get("department") is not None:
                dept_name[label] = dict(v.dims)["department"]

    # per-measure items: body rows whose values mean "all" (or only the department)
    item_of = {}   # id(Value) -> item key
    for r in rows:
        if r["role"] != "body":
            continue
        vs = [v for _, v in r["cells"] if v is not None]
        if not vs or any(set(dict(v.dims)) - {"department"} for v in vs):
            continue
        texts = [tx for tx, v in r["cells"] if v is None]
        dep = None
        for v in vs:
            dep = dict(v.dims).get("department", dep)
        rest = []
        for tx in texts:
            if tx in dept_name and dep is None:
                dep = dept_name[tx]
            elif tx not in dept_name:
                rest.append(tx)
        shown = tuple(tx for tx, v in r["cells"] if v is not None and v.measure != "reached")
        ident = ("item", tuple(rest), shown, dep)
        for v in vs:
            item_of[id(v)] = (ident, dep)

    problems = []
    # variables: meaning -> state
    var = {}       # key -> dict(lo, hi, prints)
    derived = []   # change/share/rate values shown

    def add(key, v):
        st = var.setdefault(key, {"shown": set(), "small": [], "secondary": [], "missing": [],
                                  "prints": []})
        st["prints"].append(v)
        if v.missing:
            st["missing"].append(v)
        elif v.flag == "small":
            st["small"].append(v)
        elif v.flag == "secondary":
            st["secondary"].append(v)
        else:
            st["shown"].add(v.num)

    items = {}     # department -> set of item keys (reached)
    for v in values:
        if v.measure in ("change", "share", "rate"):
            derived.append(v)
            continue
        if v.measure not in SUBJECT:
            continue
        if id(v) in item_of:
            ident, dep = item_of[id(v)]
            key = (v.measure, ident, v.period)
            add(key, v)
            if not v.missing:
                items.setdefault((v.measure, dep, v.period), set()).add(key)
            continue
        add(v.key(), v)

    # a meaning shown in one place and withheld in another is exposed outright
    for key, st in var.items():
        if len(st["shown"]) > 1:
            problems.append("INCONSISTENT %s printed as %s" % (fmt(key), sorted(st["shown"])))
        if st["shown"] and st["small"]:
            w = st["small"][0]
            s = [p for p in st["prints"] if not p.flag and not p.missing][0]
            print("EXPOSED %s: withheld at %s but printed as %d at %s"
                  % (fmt(key), w.where, s.num, s.where))
        elif st["shown"] and st["secondary"] and not quiet:
            # a ".." that is printed elsewhere protects nothing, but gives nothing away: the
            # LP below treats it as published
            w = st["secondary"][0]
            s = [p for p in st["prints"] if not p.flag and not p.missing][0]
            print("note: %s is \"..\" at %s but printed as %d at %s"
                  % (fmt(key), w.where, s.num, s.where))
    # derived numbers shown for a withheld count
    # (a count shown somewhere is reported above already)
    shown = {(v.measure, v.dims, v.period) for v in values
             if not v.flag and not v.missing and v.measure in SUBJECT}
    withheld = {(v.measure, v.dims, v.when, v.period) for v in values
                if v.flag and v.measure in SUBJECT and id(v) not in item_of
                and (v.measure, v.dims, v.period) not in shown}
    withheld_base = {(v.measure, v.dims) for v in values
                     if v.flag and v.measure in SUBJECT and v.when == "base"
                     and (v.measure, v.dims, v.period) not in shown}
    n_exposed = sum(1 for st in var.values() if st["shown"] and st["small"])
    for v in derived:
        # "change all" is also the change of the cost and of the measures (the tree does not
        # say of which): only changes of a dimension's row are checked
        if v.flag or v.missing or not v.dims:
            continue
        if ("count", v.dims, v.when, v.period) in withheld or \
           (v.measure == "change" and ("count", v.dims) in withheld_base):
            print("EXPOSED %s %s shown (%d) at %s for a withheld count"
                  % (v.measure, fmt_dims(v.dims), v.num, v.where))
            n_exposed += 1

    # key universes
    universe = {}
    for key in list(var):
        meas, dims, period = key
        if isinstance(dims, tuple):
            continue
        for d, k in dims:
            u = universe.setdefault((d, period if d in PER_PERIOD else None), set())
            u.add(k)

    # incidents without a value (no time, locality, department) are a part of every total,
    # whether a table prints that row or not (an hourly map does not)
    for (d, per) in list(universe):
        if d not in ("category", "weekday", "site") and d not in PER_PERIOD:
            universe[(d, per)].add(99 if d == "hourband" else -2)

    # relations: parent = sum of children along one dimension
    printed = [k for k in var if not isinstance(k[1], tuple)]
    by_group = {}
    for k in printed:
        by_group.setdefault((k[0], k[2]), []).append(k)
    relations, rel_dim = [], []
    for (meas, period), keys in by_group.items():
        printed_dims = [dict(k[1]) for k in keys]
        todo = list(keys)
        done = set()
        known = set(keys)
        while todo:
            parent = todo.pop()
            pd = dict(parent[1])
            for d in set(x for dd in printed_dims for x in dd) - set(pd):
                if (parent, d) in done:
                    continue
                # some printed meaning below parent + d?
                below = [dd for dd in printed_dims
                         if d in dd and all(dd.get(a) == b for a, b in pd.items())]
                if not below:
                    continue
                done.add((parent, d))
                u = universe.get((d, period if d in PER_PERIOD else None), set())
                children = []
                for kk in sorted(u):
                    cd = dict(pd)
                    cd[d] = kk
                    ck = (meas, frozenset(cd.items()), period)
                    children.append(ck)
                    if ck not in known:
                        known.add(ck)
                        var[ck] = {"shown": set(), "small": [], "secondary": [],
                                   "missing": [], "prints": []}
                        todo.append(ck)
                    elif ck not in todo:
                        pass
                if d not in COMPLETE:
                    other = (meas, ("other", parent[1], d), period)
                    var.setdefault(other, {"shown": set(), "small": [], "secondary": [],
                                           "missing": [], "prints": []})
                    children.append(other)
                relations.append((parent, children))
                rel_dim.append(d)
            # children created for the parent are explored too (they are in todo)
    # items sum to their department's reached
    for (meas, dep, period), keys in items.items():
        parent = (meas, frozenset({("department", dep)}) if dep is not None else frozenset(),
                  period)
        if parent in var and not var[parent]["missing"] and dep is not None:
            relations.append((parent, sorted(keys, key=repr)))
            rel_dim.append("items")

    # the LP
    names = list(var)
    idx = {k: i for i, k in enumerate(names)}
    n = len(names)
    lo = np.zeros(n)
    hi = np.full(n, np.inf)
    for k, st in var.items():
        i = idx[k]
        if st["shown"]:
            lo[i] = hi[i] = min(st["shown"])
        elif st["small"]:
            lo[i], hi[i] = 1, t - 1
    A = lil_matrix((len(relations), n))
    for r, (p, ch) in enumerate(relations):
        A[r, idx[p]] = 1
        for c in ch:
            A[r, idx[c]] -= 1
    A = A.tocsr()
    b = np.zeros(len(relations))
    bounds = list(zip(lo, [None if math.isinf(h) else h for h in hi]))

    # relations among shown numbers only must hold: otherwise the model is wrong
    for r, (p, ch) in enumerate(relations):
        ks = [p] + ch
        if all(lo[idx[k]] == hi[idx[k]] for k in ks):
            s = lo[idx[p]] - sum(lo[idx[c]] for c in ch)
            if s != 0:
                problems.append("RELATION DOES NOT HOLD: %s = sum of %d parts (off by %d)"
                                % (fmt(p), len(ch), s))
    for msg in problems:
        print(msg)
    if problems:
        return 2

    if relations:
        feas = linprog(np.zeros(n), A_eq=A, b_eq=b, bounds=bounds, method="highs")
        if feas.status != 0:
            # which kind of equation does not hold for these numbers?
            culprits = []
            for d in sorted(set(rel_dim)):
                keep = [r for r in range(len(relations)) if rel_dim[r] != d]
                f2 = linprog(np.zeros(n), A_eq=A[keep], b_eq=b[keep], bounds=bounds,
                             method="highs")
                if f2.status == 0:
                    culprits.append(d)
            print("INCONSISTENT: the published numbers admit no solution (%s); feasible "
                  "without the sums along: %s" % (feas.message, ", ".join(culprits) or "-"))
            return 2
    n_primary = 0
    for k, st in var.items():
        if st["shown"]:
            continue
        # sensitive: a withheld count from 1 to t-1 ("<t", or ".." when the pass hides that
        # it is small; the dump carries the number itself)
        prints = st["small"] + [p for p in st["secondary"] if 1 <= p.num <= t - 1]
        if not prints:
            continue
        n_primary += 1
        i = idx[k]
        c = np.zeros(n)
        c[i] = 1
        if relations:
            rmin = linprog(c, A_eq=A, b_eq=b, bounds=bounds, method="highs")
            rmax = linprog(-c, A_eq=A, b_eq=b, bounds=bounds, method="highs")
            if rmin.status != 0 or rmax.status not in (0, 3):
                print("INCONSISTENT %s: the LP failed (%s / %s)"
                      % (fmt(k), rmin.message, rmax.message))
                return 2
            vmin = math.ceil(rmin.fun - 1e-6)
            # a ".." has no upper bound of its own: its maximum may be unbounded
            vmax = math.inf if rmax.status == 3 else math.floor(-rmax.fun + 1e-6)
        else:
            vmin, vmax = 1, t - 1
        true = prints[0].num
        if not vmin <= true <= vmax:
            print("INCONSISTENT %s: its value %d lies outside the interval %d..%d: the "
                  "auditor's model is wrong" % (fmt(k), true, vmin, vmax))
            return 2
        if vmax - vmin < t - 2:
            n_exposed += 1
            w = prints[0]
            print("EXPOSED %s: printed \"%s\" (%s), the published numbers allow only %s"
                  % (fmt(k), "<%d" % t if w.flag == "small" else "..", w.where,
                     str(vmin) if vmin == vmax else "%d..%s" % (vmin, vmax)))
    if not quiet:
        print("audit: %d files, %d variables, %d relations, %d primary withheld cells, "
              "%d exposed (threshold %d)" % (len(files), n, len(relations), n_primary,
                                             n_exposed, t))
    return 1 if n_exposed else 0


def fmt_dims(dims):
    if isinstance(dims, tuple):
        if dims[0] == "item":
            return "item %s" % "/".join(x for x in dims[1][0] if x)
        return "other %s" % dims[2]
    return " ".join("%s=%d" % kv for kv in sorted(dims)) or "all"


def fmt(key):
    meas, dims, period = key
    if isinstance(dims, tuple) and dims[0] == "item":
        d = "item '%s'%s" % ("/".join(x for x in dims[1] if x),
                             "" if dims[3] is None else " department=%d" % dims[3])
    else:
        d = fmt_dims(dims)
    return "%s %s %s" % (meas, d, "%s..%s" % period if period else "")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
