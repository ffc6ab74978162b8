"""tests/golden/tagged_check.py - checks a tagged report against its document tree.

Usage: tagged_check.py NAME TREE STRUCT QPDF_JSON LANG

TREE is `trygg report --dump-tree`, STRUCT is `pdfinfo -struct-text`, QPDF_JSON is
`qpdf --json=2`. Prints TAP lines. What it expects is derived from the tree dump and the
bookmarks alone, never from trygg's PDF code: the structure tree must hold the tree's nodes in
the tree's order with the element types of doc/pdf.md, their text (the text layout draws),
headings H1-H3 without skipped levels that match the bookmarks, one Figure with the tree's
alternative text per chart and logo, TH cells with a scope for every header cell; the parent
tree must point each MCID and link annotation back to the element that holds it."""
import json
import re
import sys

NAME, TREE, STRUCT, QJSON, LANG = sys.argv[1:6]
failures = 0


def ok(name):
    print("ok - %s: %s" % (NAME, name))


def not_ok(name, *why):
    global failures
    failures += 1
    print("not ok - %s: %s" % (NAME, name))
    for w in why:
        print("#   %s" % str(w)[:600])


def check(cond, name, *why):
    if cond:
        ok(name)
    else:
        not_ok(name, *why)


def norm(s):
    return re.sub(r"\s+", " ", s.replace("\u00a0", " ")).strip()


class N:
    def __init__(self, kind, depth):
        self.kind, self.depth = kind, depth
        self.role = self.text = self.alt = self.scope = None
        self.level = 0
        self.attrs, self.texts, self.kids, self.objr = {}, [], [], 0


# ---- the document tree dump ----
def parse_tree(path):
    root, stack = None, []
    line_re = re.compile(r'^( *)([a-z]+)(?:\[([a-z-]+)\])?((?: [a-z-]+(?:=[^ "]*)?)*)(?: (?:[0-9.r ]+))?(?: "(.*)")?(?: \{.*\})?$')
    for raw in open(path, encoding="utf-8"):
        raw = raw.rstrip("\n")
        if root is None and raw != "document":
            continue
        if raw.lstrip().startswith("alt: "):
            stack[-1].alt = raw.lstrip()[5:]
            continue
        m = line_re.match(raw)
        if not m:
            raise SystemExit("tree dump line not understood: " + raw)
        n = N(m.group(2), len(m.group(1)) // 2)
        n.role, n.text = m.group(3), m.group(5)
        for opt in (m.group(4) or "").split():
            if opt.startswith("level="):
                n.level = int(opt[6:])
            elif opt.startswith("scope="):
                n.scope = opt[6:]
        if root is None:
            root = n
        else:
            while stack and stack[-1].depth >= n.depth:
                stack.pop()
            stack[-1].kids.append(n)
        stack.append(n)
    return root


# ---- pdfinfo -struct-text ----
def parse_struct(path):
    root, stack = N("(root)", -1), []
    stack.append((-1, root))
    for raw in open(path, encoding="utf-8"):
        raw = raw.rstrip("\n")
        if not raw.strip():
            continue
        ind = len(raw) - len(raw.lstrip(" "))
        s = raw.strip()
        while stack[-1][0] >= ind:
            stack.pop()
        parent = stack[-1][1]
        if s.startswith('"'):
            parent.texts.append(s[1:-1])
        elif s.startswith("/"):
            k, _, v = s.partition(" ")
            parent.attrs[k] = v
        elif s.startswith("Object "):
            parent.objr += 1
        else:
            n = N(s.split()[0].rstrip(":"), 0)
            parent.kids.append(n)
            stack.append((ind, n))
    return root


def flat(n, out):
    out.append(n)
    for k in n.kids:
        flat(k, out)
    return out


def all_text(n):
    return norm("".join(t for x in flat(n, []) for t in x.texts))


# ---- what the tree says the structure is ----
TYPES = {"document": "Document", "cover": "Sect", "section": "Sect", "paragraph": "P",
         "list": "L", "item": "LI", "tiles": "Div", "tile": "Div", "table": "Table",
         "row": "TR", "figure": "Figure", "toc": "TOC"}


def expected(n, outlines):
    """(type, scope, text) in pre-order, text None where not compared."""
    if n.kind in ("value", "pagebreak"):
        return []
    if n.kind == "heading":
        return [("H%d" % n.level, None, n.text)]
    if n.kind == "cell":
        if n.scope:
            return [("TH", "Column" if n.scope == "col" else "Row", n.text)]
        return [("TD", None, n.text)]
    t = TYPES[n.kind]
    if n.kind == "toc":
        out = [(t, None, None), ("Caption", None, n.text)]
        for title, level, page in outlines:
            if level == 0:
                out += [("TOCI", None, None), ("Link", None, title + str(page))]
        return out
    text = n.text if n.kind == "paragraph" else None
    out = [(t, None, text)]
    if n.kind == "item":
        out.append(("LBody", None, n.text))
    if n.kind == "table" and n.text:
        out.append(("Caption", None, n.text))
    for k in n.kids:
        out += expected(k, outlines)
    return out


def got(n):
    """The same from the structure, an element's own text only."""
    out = []
    for x in flat(n, []):
        if x.kind == "(root)":
            continue
        own = norm("".join(x.texts))
        if x.kind in ("Figure", "Document", "Sect", "L", "LI", "Div", "Table", "TR", "TOC", "TOCI"):
            own = None
        out.append((x.kind, x.attrs.get("/Scope", "").lstrip("/") or None, own))
    return out


def same_text(want, have):
    if want is None or have is None:
        return True
    want, have = norm(want), norm(have)
    # layout shortens what does not fit its cell with an ellipsis
    return want == have or (have.endswith("\u2026") and want.startswith(have[:-1].rstrip()))


tree = parse_tree(TREE)
struct = parse_struct(STRUCT)
q = json.load(open(QJSON, encoding="utf-8"))["qpdf"][1]


def obj(ref):
    v = q.get("obj:" + ref)
    if v is None:
        return None
    return v["stream"]["dict"] if "stream" in v else v["value"]


def deref(v):
    return obj(v) if isinstance(v, str) and v.endswith(" R") else v


def ustr(v):
    return v[2:] if isinstance(v, str) and v[:2] in ("u:", "b:") else v


# bookmarks: (title, depth, page)
page_refs = deref(deref(q["trailer"]["value"]["/Root"])["/Pages"])
pages = []


def collect_pages(node):
    for k in node["/Kids"]:
        d = obj(k)
        if d.get("/Type") == "/Pages":
            collect_pages(d)
        else:
            pages.append(k)


collect_pages(page_refs)
outlines = []


def walk_outline(ref, depth):
    while ref:
        d = obj(ref)
        dest = d.get("/Dest")
        outlines.append((ustr(d["/Title"]), depth, pages.index(dest[0]) + 1 if dest else 0))
        if "/First" in d:
            walk_outline(d["/First"], depth + 1)
        ref = d.get("/Next")


cat = deref(q["trailer"]["value"]["/Root"])
if "/Outlines" in cat and "/First" in deref(cat["/Outlines"]):
    walk_outline(deref(cat["/Outlines"])["/First"], 0)

# ---- catalog and pages ----
check(cat.get("/MarkInfo", {}).get("/Marked") is True, "MarkInfo Marked true")
check(ustr(cat.get("/Lang")) == LANG, "Lang is " + LANG, cat.get("/Lang"))
check(deref(cat.get("/ViewerPreferences", {})).get("/DisplayDocTitle") is True,
      "ViewerPreferences DisplayDocTitle")
pobjs = [obj(p) for p in pages]
check(all(p.get("/Tabs") == "/S" for p in pobjs), "every page has /Tabs /S")
check([p.get("/StructParents") for p in pobjs] == list(range(len(pobjs))),
      "pages have StructParents 0..n-1", [p.get("/StructParents") for p in pobjs])

# ---- the structure against the tree, in order ----
want = expected(tree, outlines)
have = got(struct)
bad = None
for i in range(max(len(want), len(have))):
    w = want[i] if i < len(want) else None
    h = have[i] if i < len(have) else None
    if w is None or h is None or w[0] != h[0] or w[1] != h[1] or not same_text(w[2], h[2]):
        bad = (i, w, h, want[max(0, i - 3):i])
        break
check(bad is None, "structure tree = document tree (%d elements, in order, with their text)" % len(want),
      *(("element %d: want %s, got %s; before: %s" % bad,) if bad else ()))

heads = [(int(x.kind[1]), norm("".join(x.texts))) for x in flat(struct, []) if re.fullmatch(r"H[1-6]", x.kind)]
tree_heads = [(n.level, n.text) for n in flat(tree, []) if n.kind == "heading"]
check(heads == tree_heads and heads, "%d headings with the tree's levels and text" % len(heads),
      heads[:5], tree_heads[:5])
check([(l, t) for t, l0, _ in outlines for l in [l0 + 1]] == heads,
      "headings match the bookmarks (level = depth + 1, same titles)", outlines[:5])
skip = [h for a, h in zip([(0, "")] + heads, heads) if h[0] > a[0] + 1]
check(not skip and all(l <= 3 for l, _ in heads), "heading levels H1-H3 without a skipped level", skip)

tables = [x for x in flat(struct, []) if x.kind == "Table"]
tree_tables = [n for n in flat(tree, []) if n.kind == "table"]
th_bad = []
for t, tt in zip(tables, tree_tables):
    hrow = [r for r in t.kids if r.kind == "TR"][:1]
    ncols = len([c for c in tt.kids if c.role == "header"][0].kids)
    nth = len([c for c in hrow[0].kids if c.kind == "TH" and c.attrs.get("/Scope") == "/Column"]) if hrow else 0
    if nth != ncols:
        th_bad.append("%s: %d TH of %d columns" % (tt.text, nth, ncols))
check(len(tables) == len(tree_tables) and tables and not th_bad,
      "%d tables, each with a header row of TH /Scope /Column" % len(tables), *th_bad[:3])

# ---- figures: /Alt from the file itself ----
root_ref = cat["/StructTreeRoot"]
alts = []
seen_elems = {}


def walk_struct(ref, parent_ref):
    d = obj(ref)
    if d is None or "/S" not in d:
        return
    seen_elems[ref] = d
    if d["/S"] == "/Figure":
        alts.append(ustr(d.get("/Alt")))
    if d.get("/P") != parent_ref:
        not_ok("element %s has /P %s, its parent is %s" % (ref, d.get("/P"), parent_ref))
    k = d.get("/K", [])
    for kid in (k if isinstance(k, list) else [k]):
        if isinstance(kid, str):
            walk_struct(kid, ref)


sroot = obj(root_ref)
for kid in (sroot["/K"] if isinstance(sroot["/K"], list) else [sroot["/K"]]):
    walk_struct(kid, root_ref)
tree_alts = [n.alt for n in flat(tree, []) if n.kind == "figure"]
check(alts == tree_alts and all(tree_alts), "%d figures, each with the tree's /Alt" % len(alts),
      alts[:2], tree_alts[:2])

# ---- parent tree: every MCID and link annotation leads back to its element ----
nums = deref(sroot["/ParentTree"])["/Nums"]
ptree = {nums[i]: nums[i + 1] for i in range(0, len(nums), 2)}
errs = []
n_mcid = 0
for pi, pref in enumerate(pages):
    arr = deref(ptree.get(pi, []))
    for mcid, eref in enumerate(arr):
        n_mcid += 1
        e = obj(eref)
        k = e.get("/K", [])
        found = False
        for kid in (k if isinstance(k, list) else [k]):
            if isinstance(kid, int) and kid == mcid and e.get("/Pg") == pref:
                found = True
            elif isinstance(kid, dict) and kid.get("/Type") == "/MCR" and kid.get("/MCID") == mcid and kid.get("/Pg") == pref:
                found = True
        if not found:
            errs.append("page %d MCID %d -> %s" % (pi + 1, mcid, eref))
n_links = 0
for pi, p in enumerate(pobjs):
    for aref in p.get("/Annots", []):
        a = deref(aref)
        if a.get("/Subtype") != "/Link":
            continue
        n_links += 1
        sp = a.get("/StructParent")
        e = obj(ptree.get(sp, "")) if sp is not None else None
        if not e or e.get("/S") != "/Link" or not any(
                isinstance(kid, dict) and kid.get("/Type") == "/OBJR" and kid.get("/Obj") == aref
                for kid in (e.get("/K") if isinstance(e.get("/K"), list) else [e.get("/K")])):
            errs.append("link annotation %s on page %d" % (aref, pi + 1))
        if not ustr(a.get("/Contents")):
            errs.append("link annotation %s has no /Contents" % aref)
check(not errs and n_mcid > 0, "parent tree: %d MCIDs and %d links lead back to their elements"
      % (n_mcid, n_links), *errs[:5])
check(sroot.get("/ParentTreeNextKey") == len(pages) + n_links, "ParentTreeNextKey",
      sroot.get("/ParentTreeNextKey"))

# ---- artifacts: the running header and footer are not in the structure ----
text = all_text(struct)
check("Sida 1 av" not in text and "Page 1 of" not in text,
      "page numbers are artifacts, not structure")
sys.exit(1 if failures else 0)
