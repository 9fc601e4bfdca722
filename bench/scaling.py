#!/usr/bin/env python3
"""Find rules whose run time grows faster than the zone: each rule's BIND fail fixtures are
repeated N and 4N times and linted with `--select CODE`; a rule whose time grows more than
`--ratio` times (linear is 4) is listed.

How a fixture is repeated (`--variants`):
  rename  each copy under its own names: relative owners become `<owner>.c<i>` (`@` becomes
          `c<i>`), and relative NS/CNAME/DNAME/PTR/MX/SRV targets likewise: many distinct names,
          as real zones have
  owners  owners renamed, targets kept: many names pointing at the same few
  same    nothing renamed: the records repeated at the same names (duplicates), as a hostile
          file could

The header ($ORIGIN/$TTL, SOA, apex NS and their glue) is kept once. Timing is never part of
the tests; this prints what it measured.

  python3 bench/scaling.py                          # every rule, N=1000 and 4000
  python3 bench/scaling.py --only BIMI002,SPF014 --n 2000
  python3 bench/scaling.py --n 50 --only DKIM004 --no-build   # what CI runs: it only has to work
"""
import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(HERE, "out", "scaling")
FIXTURES = os.path.join(ROOT, "fixtures", "rules")

TOKEN = re.compile(r'"(?:\\.|[^"\\])*"?|[^\s;()"]+|[()]|;.*')
CLASSES = {"IN", "CH", "HS", "CS", "ANY"}
TARGET_IDX = {"CNAME": 0, "DNAME": 0, "NS": 0, "PTR": 0, "MX": 1, "SRV": 3,
              "AFSDB": 1, "KX": 1, "RT": 1}


def paren_delta(line):
    d = 0
    inq = False
    i = 0
    while i < len(line):
        c = line[i]
        if inq:
            if c == "\\":
                i += 1
            elif c == '"':
                inq = False
        else:
            if c == '"':
                inq = True
            elif c == ";":
                break
            elif c == "(":
                d += 1
            elif c == ")":
                d -= 1
        i += 1
    return d


def logical_lines(text):
    out = []
    cur = []
    depth = 0
    for line in text.splitlines(keepends=True):
        cur.append(line)
        depth += paren_delta(line)
        if depth <= 0:
            out.append("".join(cur))
            cur = []
            depth = 0
    if cur:
        out.append("".join(cur))
    return out


def is_ttl(t):
    return re.fullmatch(r"[0-9]+[smhdwSMHDW0-9]*", t) is not None


def parse(ll):
    """Return (owner or None, type or None, rdata tokens) for a record line."""
    s = ll.lstrip("\n")
    if not s.strip() or s.lstrip().startswith(";") or s.startswith("$"):
        return None
    toks = [m.group(0) for m in TOKEN.finditer(s) if not m.group(0).startswith(";")
            and m.group(0) not in "()"]
    if not toks:
        return None
    owner = None
    if not s[0].isspace():
        owner = toks[0]
        toks = toks[1:]
    i = 0
    while i < len(toks) and (toks[i].upper() in CLASSES or is_ttl(toks[i])):
        i += 1
    typ = toks[i].upper() if i < len(toks) else None
    return owner, typ, toks[i + 1:]


def rn(name, i):
    if name.endswith("."):
        return name
    if name == "@":
        return "c%d" % i
    return "%s.c%d" % (name, i)


def rewrite(ll, i, variant, first):
    p = parse(ll)
    if p is None:
        return ll
    owner, typ, rdata = p
    if variant == "same":
        if first and owner is None:
            return "@" + ll if ll[:1] in " \t" else ll
        return ll
    out = ll
    if owner is not None:
        out = rn(owner, i) + out[len(owner):]
    elif first:
        out = rn("@", i) + out
    if variant == "rename" and typ in TARGET_IDX and "\n" not in out.rstrip("\n"):
        idx = TARGET_IDX[typ]
        if idx < len(rdata):
            tgt = rdata[idx]
            if not tgt.endswith(".") and tgt != ".":
                # replace the last occurrence of the target token as a whole word
                m = None
                for m2 in re.finditer(r"(?<!\S)" + re.escape(tgt) + r"(?!\S)", out):
                    m = m2
                if m:
                    out = out[:m.start()] + rn(tgt, i) + out[m.end():]
    return out


def scale(src, n, variant, dst):
    """Write to `dst` the fixture `src` with its records repeated `n` times (see the module doc)."""
    text = open(src, encoding="utf-8", errors="surrogateescape").read()
    lls = logical_lines(text)
    header = []
    origin_line = None
    k = 0
    seen_soa = False
    # header: everything up to the SOA, then apex NS lines (and comments between)
    while k < len(lls):
        ll = lls[k]
        p = parse(ll)
        if ll.startswith("$ORIGIN") and not seen_soa:
            origin_line = ll
        if not seen_soa:
            header.append(ll)
            if p and p[1] == "SOA":
                seen_soa = True
            k += 1
            continue
        if p and p[1] == "NS" and (p[0] is None or p[0] == "@"):
            header.append(ll)
            k += 1
            continue
        break
    if not seen_soa:  # no SOA: keep leading directives only
        header = []
        k = 0
        while k < len(lls) and lls[k].startswith("$") and not lls[k].startswith(("$GEN", "$gen", "$INC")):
            if lls[k].startswith("$ORIGIN"):
                origin_line = lls[k]
            header.append(lls[k])
            k += 1
    body = lls[k:]
    # glue for the apex NS targets: a copy in the header as well
    ns_targets = set()
    for ll in header:
        p = parse(ll)
        if p and p[1] == "NS" and p[2]:
            ns_targets.add(p[2][0])
    glue = []
    for ll in body:
        p = parse(ll)
        if p and p[0] in ns_targets and p[1] in ("A", "AAAA"):
            g = ll if ll.endswith("\n") else ll + "\n"
            glue.append(g)
    body_has_origin = any(ll.startswith("$ORIGIN") for ll in body)
    with open(dst, "w", encoding="utf-8", errors="surrogateescape") as f:
        for ll in header:
            f.write(ll if ll.endswith("\n") else ll + "\n")
        if variant != "same":
            for g in glue:
                f.write(g)
        for i in range(n):
            if body_has_origin and origin_line and i > 0:
                f.write(origin_line if origin_line.endswith("\n") else origin_line + "\n")
            first = True
            for ll in body:
                out = rewrite(ll, i, variant, first)
                if parse(ll) is not None:
                    first = False
                f.write(out if out.endswith("\n") else out + "\n")



def timed(zonelint, code, path, timeout):
    argv = [zonelint, "check", "--isolated", "--format", "concise", "--select", code, path]
    start = time.perf_counter()
    try:
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=timeout, cwd=os.path.dirname(path), check=False)
    except subprocess.TimeoutExpired:
        return float("inf")
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000, help="copies in the smaller zone")
    parser.add_argument("--only", help="comma-separated rule codes")
    parser.add_argument("--variants", default="rename,owners,same")
    parser.add_argument("--ratio", type=float, default=8.0,
                        help="list a rule when 4x the copies take more than this many times as long")
    parser.add_argument("--min-seconds", type=float, default=0.2,
                        help="and the larger zone takes at least this long")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--zonelint", default=os.path.join(ROOT, "target", "release", "zonelint"))
    args = parser.parse_args()
    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--locked", "--quiet"], cwd=ROOT, check=True)
    zonelint = os.path.abspath(args.zonelint)
    codes = args.only.split(",") if args.only else sorted(
        code for code in os.listdir(FIXTURES) if os.path.isdir(os.path.join(FIXTURES, code)))
    variants = args.variants.split(",")
    rows = []
    measured = 0
    for code in codes:
        for fixture in sorted(glob.glob(os.path.join(FIXTURES, code, "fail", "*.zone"))):
            name = os.path.basename(fixture)
            for variant in variants:
                times = []
                for n in (args.n, 4 * args.n):
                    folder = os.path.join(OUT, code, name[:-5], f"{variant}-{n}")
                    os.makedirs(folder, exist_ok=True)
                    # The fixture's neighbours (a config, an included file) go with it.
                    for other in glob.glob(os.path.join(os.path.dirname(fixture), "*")):
                        if other != fixture and os.path.isfile(other):
                            shutil.copy(other, folder)
                    path = os.path.join(folder, name)
                    scale(fixture, n, variant, path)
                    times.append(timed(zonelint, code, path, args.timeout))
                measured += 1
                small, large = times
                ratio = large / max(small, 1e-3)
                if ratio > args.ratio and large >= args.min_seconds:
                    rows.append((code, name, variant, small, large, ratio))
    print(f"{measured} fixture variants, N={args.n} and {4 * args.n} copies; "
          f"listed: 4x the copies took more than {args.ratio:g}x as long and at least "
          f"{args.min_seconds:g} s\n")
    if not rows:
        print("No rule grew faster than the zone.")
        return
    print(f"| rule | fixture | variant | N={args.n} s | N={4 * args.n} s | ratio |")
    print("|---|---|---|---:|---:|---:|")
    for code, name, variant, small, large, ratio in rows:
        print(f"| {code} | {name} | {variant} | {small:.3f} | {large:.3f} | {ratio:.1f} |")


if __name__ == "__main__":
    main()
