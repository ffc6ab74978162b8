#!/usr/bin/env python3
"""dup_score.py - precision and recall of trygg's duplicate rule against the duplicates that
tests/gen/realistic.py planted.

usage: dup_score.py TRUTH_JSON CHECK_JSON [--min-precision P] [--min-recall R]

CHECK_JSON is `trygg check --format json` on the generated configuration. A flagged row is a
true positive when it is a planted duplicate and names the row it copies; precision is true
positives / rows flagged, recall is true positives / rows planted. Prints one line
"rows=N planted=P flagged=F true=T precision=0.xxx recall=0.xxx"; exits 1 when below a given
minimum.
"""
import json
import os
import sys


def main():
    args = sys.argv[1:]
    mins = {"--min-precision": 0.0, "--min-recall": 0.0}
    pos = []
    i = 0
    while i < len(args):
        if args[i] in mins:
            mins[args[i]] = float(args[i + 1])
            i += 2
        else:
            pos.append(args[i])
            i += 1
    truth = json.load(open(pos[0], encoding="utf-8"))
    check = json.load(open(pos[1], encoding="utf-8"))
    planted = {(f, l): (of, ol) for f, l, of, ol in truth["duplicates"]}
    flagged = []
    rows = 0
    for s in check["sources"]:
        rows += s["read"]
        for u in s["duplicate_rows"]:
            flagged.append((os.path.basename(s["file"]), u["line"],
                            os.path.basename(u["of_file"]), u["of_line"]))
    true = sum(1 for f, l, of, ol in flagged if planted.get((f, l)) == (of, ol))
    precision = true / len(flagged) if flagged else 1.0
    recall = true / len(planted) if planted else 1.0
    print("rows=%d planted=%d flagged=%d true=%d precision=%.3f recall=%.3f"
          % (rows, len(planted), len(flagged), true, precision, recall))
    # per file of the duplicate rows: the exports differ in the evidence they carry
    for name in sorted({f for f, *_ in flagged} | {f for f, _ in planted}):
        fl = [x for x in flagged if x[0] == name]
        pl = [k for k in planted if k[0] == name]
        tr = sum(1 for f, l, of, ol in fl if planted.get((f, l)) == (of, ol))
        print("  %s: planted=%d flagged=%d true=%d precision=%.3f recall=%.3f"
              % (name, len(pl), len(fl), tr, tr / len(fl) if fl else 1.0,
                 tr / len(pl) if pl else 1.0))
    if precision < mins["--min-precision"] or recall < mins["--min-recall"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
