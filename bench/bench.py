#!/usr/bin/env python3
"""Time zonelint on a generated zone, beside named-checkzone and kzonecheck when installed.

    python3 bench/bench.py [--records N] [--runs K] [--zonelint PATH]

Generates bench/out/example.com-<N>.zone with bench/gen-zone.py (deterministic for a seed),
runs each tool K times and prints the median wall time, median user CPU time, peak memory and
the ratio of each tool's median wall time to zonelint's. Build zonelint first with
`cargo build --release`. Peers: `apt-get install bind9-utils knot-dnssecutils` (Debian).
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def generate(records, seed):
    out_dir = os.path.join(HERE, "out")
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, f"example.com-{records}-{seed}.zone")
    if not os.path.exists(path):
        with open(path + ".tmp", "w") as out:
            subprocess.run(
                [sys.executable, os.path.join(HERE, "gen-zone.py"), "--records", str(records),
                 "--origin", "example.com.", "--seed", str(seed)],
                stdout=out, check=True)
        os.replace(path + ".tmp", path)
    return path


def run_once(argv):
    """Wall seconds, user CPU seconds, peak RSS in MiB and exit status of one run."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_utime, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def measure(name, argv, runs):
    samples = [run_once(argv) for _ in range(runs)]
    return {
        "name": name,
        "wall": statistics.median(s[0] for s in samples),
        "user": statistics.median(s[1] for s in samples),
        "rss": max(s[2] for s in samples),
        "status": samples[-1][3],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--zonelint", default=os.path.join(ROOT, "target", "release", "zonelint"))
    args = parser.parse_args()

    if not os.path.exists(args.zonelint):
        sys.exit(f"{args.zonelint} not found: run `cargo build --release` first")
    zone = generate(args.records, args.seed)
    size = os.path.getsize(zone) / (1024 * 1024)
    print(f"zone: {zone} ({args.records} records, {size:.1f} MiB), {args.runs} runs each, medians")

    tools = [
        ("zonelint check", [args.zonelint, "check", zone, "--format", "concise"]),
        ("zonelint parse only (--select SYN)", [args.zonelint, "check", zone, "--format", "concise", "--select", "SYN"]),
    ]
    if shutil.which("named-checkzone"):
        tools.append(("named-checkzone -i local", ["named-checkzone", "-q", "-i", "local", "example.com", zone]))
    if shutil.which("kzonecheck"):
        tools.append(("kzonecheck -d off", ["kzonecheck", "-o", "example.com.", "-d", "off", zone]))

    results = [measure(name, argv, args.runs) for name, argv in tools]
    base = results[0]["wall"]
    print(f"{'tool':<36} {'wall s':>8} {'user s':>8} {'peak MiB':>9} {'x zonelint':>11} {'exit':>5}")
    for r in results:
        print(f"{r['name']:<36} {r['wall']:>8.2f} {r['user']:>8.2f} {r['rss']:>9.0f} {r['wall'] / base:>11.2f} {r['status']:>5}")


if __name__ == "__main__":
    main()
