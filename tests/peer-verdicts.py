#!/usr/bin/env python3
"""Run named-checkzone, kzonecheck and zonelint over the BIND corpus in fixtures/corpus and print
the files where their verdicts differ.

Usage: tests/peer-verdicts.py ZONELINT_BINARY [--all]

Each file is checked as tests/suite/corpus.rs checks it: the origin, working directory and BIND check
modes of fixtures/corpus/expectations.tsv. named-checkzone runs with `-i local` (no network) and
the row's modes (`-k`, `-M`, `-S`, `-r`, `-l`); kzonecheck with `-o ORIGIN`. zonelint "refuses" a file when
it reports an error from a structure or syntax rule (ZONE, SYN, and MX005, which is an error
only under `check-mx-cname fail`); the other mail rules judge what BIND does not and are
listed but do not count. Exit status 0 unless a tool is missing:
differences are information (BIND and Knot versions differ from the corpus's), not failures.
"""

import json
import os
import shutil
import subprocess
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "corpus")


def modes(text):
    out = {"check-names": "fail", "check-mx-cname": "warn", "check-srv-cname": "warn",
           "check-dup-records": "warn", "max-zone-ttl": None}
    if text and text != "-":
        for item in text.split(","):
            key, value = item.split("=")
            out[key] = value
    return out


def run(argv, cwd):
    try:
        done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, errors="replace", timeout=60)
    except subprocess.TimeoutExpired:
        return 124, "timeout"
    return done.returncode, (done.stdout + done.stderr).strip()


def first_problem(output):
    lines = [l for l in output.splitlines() if l and l != "OK" and "loaded serial" not in l]
    return lines[0][:110] if lines else ""


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    zonelint = os.path.abspath(sys.argv[1])
    show_all = "--all" in sys.argv
    named = shutil.which("named-checkzone")
    knot = shutil.which("kzonecheck")
    if not named or not knot:
        print("named-checkzone and kzonecheck are needed (apt-get install bind9-utils knot-dnssecutils)")
        return 2
    print(run([named, "-v"], ".")[1].splitlines()[0], "|", run([knot, "--version"], ".")[1].splitlines()[0])
    rows = []
    for line in open(os.path.join(ROOT, "expectations.tsv")):
        if line.startswith("#") or not line.strip():
            continue
        fields = line.rstrip("\n").split("\t")
        if not fields[0].startswith("bind/") or fields[3] == "skip":
            continue
        rows.append(fields)
    counts = {"named": 0, "knot": 0, "files": 0}
    for path, origin, cwd, verdict, mode_text in rows:
        counts["files"] += 1
        m = modes(mode_text)
        workdir = os.path.join(ROOT, cwd)
        file = os.path.relpath(os.path.join(ROOT, path), workdir)
        max_ttl = ["-l", m["max-zone-ttl"]] if m["max-zone-ttl"] else []
        n_rc, n_out = run(
            [named, "-i", "local", "-k", m["check-names"], "-M", m["check-mx-cname"],
             "-S", m["check-srv-cname"], "-r", m["check-dup-records"]] + max_ttl + [origin, file],
            workdir,
        )
        k_rc, k_out = run([knot, "-o", origin, file], workdir)
        z_rc, z_out = run(
            [zonelint, "check", "--format", "json", "--origin", origin,
             "--check-names", m["check-names"], "--check-mx-cname", m["check-mx-cname"],
             "--check-srv-cname", m["check-srv-cname"],
             "--check-dup-records", m["check-dup-records"]]
            + (["--max-zone-ttl", m["max-zone-ttl"]] if m["max-zone-ttl"] else []) + [file],
            workdir,
        )
        try:
            diagnostics = json.loads(z_out)["diagnostics"]
        except (ValueError, KeyError):
            diagnostics = [{"code": "?", "severity": "error", "message": z_out[:100]}]
        errors = [d for d in diagnostics if d["severity"] == "error"]
        # MX005 is an error only under check-mx-cname fail, where BIND refuses the zone too.
        structural = sorted({d["code"] for d in errors
                             if d["code"].startswith(("ZONE", "SYN")) or d["code"] == "MX005"})
        other = sorted({d["code"] for d in errors} - set(structural))
        ours = bool(structural)
        named_refuses, knot_refuses = n_rc != 0, k_rc != 0
        differs_named = named_refuses != ours
        differs_knot = knot_refuses != ours
        counts["named"] += differs_named
        counts["knot"] += differs_knot
        if differs_named or differs_knot or show_all:
            print(f"\n{path} (origin {origin}; corpus verdict {verdict}; modes {mode_text})")
            print(f"  named-checkzone: {'refuses' if named_refuses else 'accepts'}  {first_problem(n_out)}")
            print(f"  kzonecheck:      {'refuses' if knot_refuses else 'accepts'}  {first_problem(k_out)}")
            ours_text = ",".join(structural) if ours else "accepts"
            print(f"  zonelint:        {ours_text}" + (f" (mail: {','.join(other)})" if other else ""))
    print(
        f"\n{counts['files']} files: zonelint differs from named-checkzone on {counts['named']}, "
        f"from kzonecheck on {counts['knot']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
