#!/usr/bin/env python3
"""Time zonelint beside the zone checkers it replaces, on generated inputs.

    python3 bench/bench.py [--scale full|small] [--runs K] [--only NAME,...] [--install]
                           [--zonelint PATH] [--no-build]

Builds zonelint with the `dist` profile, as the release archives, wheels and the GitHub
Action ship it (unless --no-build; --zonelint names another build), generates the inputs with
bench/gen-zone.py (deterministic per seed; cached in bench/out/), and for each scenario runs
zonelint and every peer that is installed ALTERNATELY, K times, so that a change in the
machine's load hits all of them alike. Prints one Markdown table per scenario: median wall
time, median user CPU time, peak memory (max RSS) and each tool's median wall time divided
by zonelint's (above 1: zonelint is faster).

Scenarios (full scale; --scale small divides the sizes, for CI, where only "does it run"
matters):
  big        one 1,000,000-record BIND zone (seed 1): kzonecheck, validns,
             named-checkzone -i local
  many       2,000 zones x 50 records (seed 1): the peers in a loop over the files,
             two at a time (xargs -P2), as a repository's CI would run them
  (big and many also run zonelint on one thread, `--threads 1`, to show what the second
  core adds)
  many-8000  8,000 zones x 50 records (seed 2): zonelint, alternately with zonelint on the
             2,000 zones of `many`; the table also gives the one time over the other
             (linear is 4x), from these alternate runs
  octodns    one 100,000-record octoDNS zone with a config: octodns-validate
  typical    20 zones x 250 records, a typical repository in pre-commit

--install installs missing peers: Debian packages knot-dnssecutils, validns, ldnsutils and
bind9-utils (apt-get, as root), and octoDNS from PyPI into bench/out/venv.
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
OUT = os.path.join(HERE, "out")

SCALES = {
    # scenario: (zones, records per zone) at each scale
    "full": {"big": (1, 1_000_000), "many": (2000, 50), "many-8000": (8000, 50),
             "octodns": (1, 100_000), "typical": (20, 250)},
    "small": {"big": (1, 20_000), "many": (100, 50), "many-8000": (400, 50),
              "octodns": (1, 2_000), "typical": (20, 250)},
}

DEBIAN_PEERS = {"kzonecheck": "knot-dnssecutils", "validns": "validns",
                "ldns-read-zone": "ldnsutils", "named-checkzone": "bind9-utils"}


def gen(args, out_path):
    subprocess.run([sys.executable, os.path.join(HERE, "gen-zone.py"), *args],
                   stdout=out_path, check=True)


def big_zone(records, seed=1):
    path = os.path.join(OUT, f"big-{records}-{seed}.zone")
    if not os.path.exists(path):
        with open(path + ".tmp", "w") as out:
            gen(["--records", str(records), "--origin", "example.com.", "--seed", str(seed)], out)
        os.replace(path + ".tmp", path)
    return path


def zone_dir(files, records, seed, fmt="bind"):
    path = os.path.join(OUT, f"{fmt}-{files}x{records}-{seed}")
    if not os.path.isdir(path):
        subprocess.run([sys.executable, os.path.join(HERE, "gen-zone.py"), "--files", str(files),
                        "--records", str(records), "--seed", str(seed), "--format", fmt,
                        "--outdir", path + ".tmp"], check=True, stdout=subprocess.DEVNULL)
        os.replace(path + ".tmp", path)
    return path


def octodns_repo(records):
    """A repository as octoDNS users keep one: config/production.yaml and zones/."""
    path = os.path.join(OUT, f"octodns-{records}")
    if not os.path.isdir(path):
        os.makedirs(os.path.join(path + ".tmp", "config"))
        os.makedirs(os.path.join(path + ".tmp", "zones"))
        with open(os.path.join(path + ".tmp", "zones", "example.com.yaml"), "w") as out:
            gen(["--records", str(records), "--origin", "example.com.", "--format", "octodns"], out)
        with open(os.path.join(path + ".tmp", "config", "production.yaml"), "w") as out:
            out.write("providers:\n  config:\n    class: octodns.provider.yaml.YamlProvider\n"
                      "    directory: ./zones\nzones:\n  example.com.:\n    sources:\n"
                      "      - config\n")
        os.replace(path + ".tmp", path)
    return path


def run_once(argv, cwd=None):
    """Wall seconds, user CPU seconds, peak RSS in MiB and exit status of one run."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_utime, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def loop(tool_argv, directory, pattern_ext):
    """A shell loop over every file of a directory, two at a time, as CI would run a peer."""
    return ["sh", "-c",
            f"find {directory} -name '*.{pattern_ext}' -print0 | xargs -0 -P2 -I{{}} {tool_argv}"]


def octodns_validate():
    venv = os.path.join(OUT, "venv", "bin", "octodns-validate")
    return venv if os.path.exists(venv) else shutil.which("octodns-validate")


def scenarios(scale, zonelint):
    sizes = SCALES[scale]
    found = {}
    zl = [zonelint, "check", "--format", "json"]

    n = sizes["big"][1]
    zone = big_zone(n)
    tools = [("zonelint", zl + [zone], None),
             ("zonelint --threads 1", zl + ["--threads", "1", zone], None)]
    if shutil.which("kzonecheck"):
        tools.append(("kzonecheck", ["kzonecheck", "-o", "example.com.", zone], None))
    if shutil.which("validns"):
        tools.append(("validns", ["validns", "-z", "example.com.", "-p", "all", zone], None))
    if shutil.which("named-checkzone"):
        tools.append(("named-checkzone -i local",
                      ["named-checkzone", "-q", "-i", "local", "example.com", zone], None))
    found["big"] = (f"one BIND zone, {n:,} records ({os.path.getsize(zone) / 2**20:.0f} MiB)", tools)

    files, records = sizes["many"]
    many = zone_dir(files, records, 1)
    tools = [("zonelint", zl + [many], None),
             ("zonelint --threads 1", zl + ["--threads", "1", many], None)]
    if shutil.which("ldns-read-zone"):
        tools.append(("ldns-read-zone loop (xargs -P2)",
                      loop("ldns-read-zone -q {}", many, "zone"), None))
    if shutil.which("kzonecheck"):
        tools.append(("kzonecheck loop (xargs -P2)", loop("kzonecheck {}", many, "zone"), None))
    if shutil.which("named-checkzone"):
        tools.append(("named-checkzone loop (xargs -P2)",
                      ["sh", "-c", f"cd {many} && ls | sed 's/\\.zone$//' | "
                       "xargs -P2 -I{} named-checkzone -q -i local {} {}.zone"], None))
    found["many"] = (f"{files:,} BIND zones x {records} records", tools)

    files8, records8 = sizes["many-8000"]
    many8 = zone_dir(files8, records8, 2)
    # The 2,000 zones again, beside the 8,000: the ratio is then of runs made under the same
    # load, not of two scenarios timed minutes apart (which gave 3.6x to 4.8x in one day).
    found["many-8000"] = (f"{files8:,} BIND zones x {records8} records",
                          [("zonelint", zl + [many8], None),
                           (f"zonelint on the {files:,} zones of `many`", zl + [many], None)])

    n = sizes["octodns"][1]
    repo = octodns_repo(n)
    tools = [("zonelint", zl + ["."], repo)]
    validate = octodns_validate()
    if validate:
        tools.append(("octodns-validate",
                      [validate, "--config-file", "config/production.yaml"], repo))
    found["octodns"] = (f"one octoDNS zone, {n:,} records, with a config", tools)

    files, records = sizes["typical"]
    typical = zone_dir(files, records, 3)
    found["typical"] = (f"{files} BIND zones x {records} records (a typical repository)",
                        [("zonelint", zl + [typical], None)])
    return found


def measure(tools, runs):
    samples = {name: [] for name, _, _ in tools}
    for _ in range(runs):
        for name, argv, cwd in tools:  # alternately, so load changes hit every tool alike
            samples[name].append(run_once(argv, cwd))
    rows = []
    for name, _, _ in tools:
        s = samples[name]
        rows.append({"name": name, "wall": statistics.median(x[0] for x in s),
                     "user": statistics.median(x[1] for x in s), "rss": max(x[2] for x in s),
                     "status": sorted({x[3] for x in s})})
    return rows


def install_peers():
    missing = [pkg for tool, pkg in DEBIAN_PEERS.items() if not shutil.which(tool)]
    if missing:
        subprocess.run(["apt-get", "update", "-qq"], check=False)
        subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=False)
    if not octodns_validate():
        venv = os.path.join(OUT, "venv")
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        subprocess.run([os.path.join(venv, "bin", "pip"), "install", "-q", "octodns"], check=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=SCALES, default="full")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", help="comma-separated scenario names")
    parser.add_argument("--install", action="store_true", help="install missing peers first")
    parser.add_argument("--no-build", action="store_true", help="use the existing dist build")
    parser.add_argument("--zonelint", default=os.path.join(ROOT, "target", "dist", "zonelint"))
    args = parser.parse_args()

    if not args.no_build:
        subprocess.run(["cargo", "build", "--profile", "dist", "--locked", "--quiet"], cwd=ROOT,
                       check=True)
    if not os.path.exists(args.zonelint):
        sys.exit(f"{args.zonelint} not found: run `cargo build --profile dist` first")
    os.makedirs(OUT, exist_ok=True)
    if args.install:
        install_peers()
    chosen = args.only.split(",") if args.only else list(SCALES[args.scale])
    all_scenarios = scenarios(args.scale, os.path.abspath(args.zonelint))
    load = os.getloadavg()[0]
    print(f"{args.runs} runs each, alternately; medians; {os.cpu_count()} cores; "
          f"load average {load:.1f} at the start\n")
    for key in chosen:
        title, tools = all_scenarios[key]
        rows = measure(tools, args.runs)
        base = rows[0]["wall"]
        print(f"### {key}: {title}\n")
        print("| tool | wall s | user s | peak MiB | x zonelint's time | exit |")
        print("|---|---:|---:|---:|---:|---|")
        for r in rows:
            status = ",".join(str(s) for s in r["status"])
            print(f"| {r['name']} | {r['wall']:.3f} | {r['user']:.3f} | {r['rss']:.0f} "
                  f"| {r['wall'] / base:.2f} | {status} |")
        print()
        if key == "many-8000":
            print(f"many-8000 / many: {base / rows[1]['wall']:.2f} "
                  f"(4x the zones; linear is 4.0; from the alternate runs above)\n")


if __name__ == "__main__":
    main()
