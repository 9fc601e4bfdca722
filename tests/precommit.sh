#!/usr/bin/env bash
# The pre-commit hooks, run for real by pre-commit in scratch git repositories:
# - the manifest validates, and its file patterns pick zone files and YAML, nothing else;
# - `pre-commit try-repo` of this repository with the `zonelint-system` hook and the freshly
#   built binary on PATH refuses the broken zone and names its file and line;
# - installed as a git hook from a clone of this repository, a commit adding the broken zone
#   is refused, and a commit with a correct zone goes through;
# - with --rust-hook, the `zonelint` hook (language: rust) is built by pre-commit with cargo
#   and run (about a minute when CARGO_TARGET_DIR holds a release build already);
# - with --wheels DIR (a zonelint wheel built by maturin), the Python hook of the
#   zonelint-pre-commit mirror (pre-commit-mirror/) installs that wheel, with pip finding
#   nothing but DIR and no Rust toolchain on PATH, and refuses the broken zone.
#
# Usage: tests/precommit.sh BINARY [--rust-hook] [--wheels DIR]
# Needs: git, pre-commit (pip install pre-commit); cargo for --rust-hook; pip and PyPI (for
# setuptools, the mirror's build backend) for --wheels.
set -uo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
usage="usage: $0 ZONELINT_BINARY [--rust-hook] [--wheels DIR]"
bin=$(cd "$(dirname "${1:-}")" && pwd)/$(basename "${1:-}")
[ -x "$bin" ] || { echo "$usage" >&2; exit 2; }
shift
rust_hook=false
wheels=""
while [ $# -gt 0 ]; do
    case "$1" in
        --rust-hook) rust_hook=true ;;
        --wheels) wheels=$(cd "${2:?$usage}" && pwd) && shift ;;
        *) echo "$usage" >&2; exit 2 ;;
    esac
    shift
done
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# pre-commit's cache of hook repositories and environments, private to this run.
export PRE_COMMIT_HOME="$scratch/pre-commit-home"
# The hook finds the binary under test first on PATH, named as the hook's entry says.
mkdir -p "$scratch/bin"
ln -s "$bin" "$scratch/bin/zonelint"
export PATH="$scratch/bin:$PATH"
# Let the rust hook's cargo reuse the release build of this checkout.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"

# Where the fixture's finding is: MX001 on the ibmr.btconnect.com backup MX.
bad_at="zones/db.example.com:9:20"

passed=0
failed=0
case_ok=true
start() { case_name=$1; case_ok=true; }
check() {
    local what=$1
    shift
    if ! "$@"; then
        echo "    assertion failed: $what"
        case_ok=false
    fi
}
finish() {
    if $case_ok; then
        passed=$((passed + 1))
        echo "ok - $case_name"
    else
        failed=$((failed + 1))
        echo "not ok - $case_name"
        [ -f "${out:-}" ] && sed 's/^/    | /' "$out"
    fi
}
contains() { grep -qF -- "$2" "$1"; }
equals() { [ "$1" = "$2" ]; }

new_repo() {
    rm -rf "$1"
    mkdir -p "$1"
    git -C "$1" init -q -b main
    git -C "$1" config user.email test@example.com
    git -C "$1" config user.name test
}

start "the manifest validates"
out="$scratch/validate.log"
pre-commit validate-manifest "$repo/.pre-commit-hooks.yaml" >"$out" 2>&1
check "pre-commit validate-manifest" equals "$?" 0
finish

start "the hooks pick zone files and YAML by name, nothing else"
out="$scratch/patterns.log"
python3 - "$repo/.pre-commit-hooks.yaml" >"$out" 2>&1 <<'PY'
import re, sys, yaml  # PyYAML comes with pre-commit
hooks = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
picked = [
    "zones/example.com.zone", "example.com.db", "db.example.com", "zones/db.192.168.0",
    "2.0.192.in-addr.arpa", "example.com.zonefile", "named/example.com.fwd",
    "Zones/EXAMPLE.COM.ZONE", "config/production.yaml", "zones/example.com.yml",
    "zones/parts/mail.inc",
]
skipped = [
    "db.py", "src/db.rs", "db.example.com.json", "README.md", "db.local", "notes.txt",
    "zones/example.com.zone.orig", "backup.db.bak", "scripts/db.example.sh",
]
bad = 0
for hook in hooks:
    chosen = lambda p: re.search(hook["files"], p) and not re.search(hook["exclude"], p)
    for path in picked:
        if not chosen(path):
            print(f"{hook['id']}: should pick {path}"); bad += 1
    for path in skipped:
        if chosen(path):
            print(f"{hook['id']}: should skip {path}"); bad += 1
    if not hook.get("require_serial"):
        print(f"{hook['id']}: require_serial must be true"); bad += 1
print(sorted(h["language"] for h in hooks))
sys.exit(1 if bad else 0)
PY
check "patterns" equals "$?" 0
check "a rust and a system hook" contains "$out" "['rust', 'system']"
finish

start "the mirror's Python hook: valid, the same files and options, this version of zonelint"
out="$scratch/mirror-manifest.log"
{
    pre-commit validate-manifest "$repo/pre-commit-mirror/.pre-commit-hooks.yaml" &&
        python3 - "$repo/.pre-commit-hooks.yaml" "$repo/pre-commit-mirror/.pre-commit-hooks.yaml" "$repo/pre-commit-mirror/pyproject.toml" "$repo/Cargo.toml" "$repo/pre-commit-mirror/README.md" <<'PY'
import re, sys, yaml
ours = {hook["id"]: hook for hook in yaml.safe_load(open(sys.argv[1], encoding="utf-8"))}
[mirror] = yaml.safe_load(open(sys.argv[2], encoding="utf-8"))
bad = 0
if mirror["id"] != "zonelint" or mirror["language"] != "python":
    print("the mirror's hook is zonelint, language: python"); bad += 1
for key in ["entry", "files", "exclude", "exclude_types", "require_serial"]:
    if mirror.get(key) != ours["zonelint"].get(key):
        print(f"{key} differs from the zonelint hook's"); bad += 1
version = re.search(r'^version = "(.*)"$', open(sys.argv[4]).read(), re.M).group(1)
if f'dependencies = ["zonelint=={version}"]' not in open(sys.argv[3]).read():
    print(f"pre-commit-mirror/pyproject.toml must depend on zonelint=={version}"); bad += 1
if f"rev: v{version}\n" not in open(sys.argv[5]).read():
    print(f"pre-commit-mirror/README.md must show rev: v{version}"); bad += 1
sys.exit(1 if bad else 0)
PY
} >"$out" 2>&1
check "mirror manifest" equals "$?" 0
finish

# A project that keeps its zones in git, with the broken zone staged.
project="$scratch/project"
new_repo "$project"
mkdir -p "$project/zones"
echo "# DNS" >"$project/README.md"
git -C "$project" add -A && git -C "$project" commit -q -m init
cp "$repo/fixtures/repos/workflow-bad/zones/db.example.com" "$project/zones/"
git -C "$project" add zones

start "try-repo with the system hook refuses the broken zone, naming file and line"
out="$scratch/try-repo.log"
(cd "$project" && pre-commit try-repo "$repo" zonelint-system) >"$out" 2>&1
check "exit status 1" equals "$?" 1
check "hook failed" grep -qE '^zonelint \(zonelint on PATH\)\.+Failed$' "$out"
check "file and line" contains "$out" "$bad_at"
finish

start "try-repo with the system hook passes a correct zone"
cp "$repo/fixtures/repos/workflow-good/zones/example.com.zone" "$project/zones/"
git -C "$project" rm -q --cached zones/db.example.com
git -C "$project" add zones/example.com.zone
out="$scratch/try-repo-good.log"
(cd "$project" && pre-commit try-repo "$repo" zonelint-system) >"$out" 2>&1
check "exit status 0" equals "$?" 0
check "hook passed" grep -qE '^zonelint \(zonelint on PATH\)\.+Passed$' "$out"
finish

# As users install it: their .pre-commit-config.yaml names a repository and a revision.
# A clone of this repository stands in for the published one; the manifest as it is in the
# work tree is committed to it, so uncommitted edits are what gets tested.
hooks="$scratch/hooks-repo"
git clone -q "$repo" "$hooks"
cp "$repo/.pre-commit-hooks.yaml" "$hooks/"
git -C "$hooks" -c user.email=t@example.com -c user.name=t commit -q --allow-empty -am "manifest under test"
rev=$(git -C "$hooks" rev-parse HEAD)

installed="$scratch/installed"
new_repo "$installed"
cat >"$installed/.pre-commit-config.yaml" <<YAML
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: zonelint-system
YAML
git -C "$installed" add .pre-commit-config.yaml
git -C "$installed" commit -q -m "pre-commit config"
(cd "$installed" && pre-commit install) >"$scratch/install.log" 2>&1 ||
    { cat "$scratch/install.log"; exit 1; }

start "installed hook: a commit adding the broken zone is refused"
mkdir -p "$installed/zones"
cp "$repo/fixtures/repos/workflow-bad/zones/db.example.com" "$installed/zones/"
git -C "$installed" add zones
out="$scratch/commit-bad.log"
git -C "$installed" commit -m "add example.com" >"$out" 2>&1
check "commit refused" equals "$?" 1
check "no new commit" equals "$(git -C "$installed" rev-list --count HEAD)" 1
check "file and line" contains "$out" "$bad_at"
check "the problem, with help" contains "$out" "help:"
finish

start "installed hook: a commit with a correct zone goes through"
cp "$repo/fixtures/repos/workflow-good/zones/example.com.zone" "$installed/zones/db.example.com"
git -C "$installed" add zones
out="$scratch/commit-good.log"
git -C "$installed" commit -m "add example.com" >"$out" 2>&1
check "commit made" equals "$?" 0
check "hook ran and passed" grep -qE '^zonelint \(zonelint on PATH\)\.+Passed$' "$out"
check "new commit" equals "$(git -C "$installed" rev-list --count HEAD)" 2
finish

start "installed hook: files that are not zones do not stop a commit"
echo "print('hi')" >"$installed/db.py"
git -C "$installed" add db.py
out="$scratch/commit-script.log"
git -C "$installed" commit -m "script" >"$out" 2>&1
check "commit made" equals "$?" 0
check "hook skipped" grep -qE '^zonelint \(zonelint on PATH\)\.+\(no files to check\)Skipped$' "$out"
# YAML is passed (octoDNS zones are YAML); YAML that is not octoDNS is passed over.
mkdir -p "$installed/ci"
printf 'stages: [build]\nbuild:\n  script: make\n' >"$installed/ci/pipeline.yml"
git -C "$installed" add ci
out="$scratch/commit-other.log"
git -C "$installed" commit -m "script" >"$out" 2>&1
check "commit made" equals "$?" 0
check "hook ran and passed" grep -qE '^zonelint \(zonelint on PATH\)\.+Passed$' "$out"
finish

start "installed hook: a commit changing only an \$INCLUDEd file lints its whole zone"
mkdir -p "$installed/zones/parts"
cp "$repo/fixtures/repos/workflow-good/zones/example.com.zone" "$installed/zones/example.net.zone"
sed -i -e 's/example\.com\./example.net./g' -e 's/example-com/example-net/' "$installed/zones/example.net.zone"
# shellcheck disable=SC2016 # zone text, not shell
echo '$INCLUDE zones/parts/mail.inc' >>"$installed/zones/example.net.zone"
echo "mail IN A 192.0.2.25" >"$installed/zones/parts/mail.inc"
git -C "$installed" add zones
git -C "$installed" commit -q -m "example.net" >/dev/null 2>&1
# The fragment alone adds a third-party backup MX beside Microsoft 365 in the apex's set.
printf '@ IN MX 20 ibmr.btconnect.com.\nmail IN A 192.0.2.25\n' >"$installed/zones/parts/mail.inc"
git -C "$installed" add zones/parts/mail.inc
out="$scratch/commit-include.log"
git -C "$installed" commit -m "backup MX" >"$out" 2>&1
check "commit refused" equals "$?" 1
check "the finding is in the fragment" contains "$out" "zones/parts/mail.inc:1:"
check "with the zone's Microsoft 365 MX as the label" contains "$out" "MX is here"
finish

start "installed hook: the repository's zonelint.toml and its baseline apply"
# The same finding, accepted in a baseline that the config file names.
(cd "$installed" && "$bin" init --baseline zonelint-baseline.json) >"$scratch/init.log" 2>&1
# shellcheck disable=SC2016 # backticks in zonelint's message, not a command
check "init wrote the baseline" contains "$scratch/init.log" 'wrote `zonelint-baseline.json` with'
git -C "$installed" add -A
out="$scratch/commit-baseline.log"
git -C "$installed" commit -m "backup MX, accepted for now" >"$out" 2>&1
check "commit made" equals "$?" 0
check "hook ran and passed" grep -qE '^zonelint \(zonelint on PATH\)\.+Passed$' "$out"
# A new finding is still refused.
printf '@ IN MX 30 relay.isp.example.net.\nmail IN A 192.0.2.25\n' >"$installed/zones/parts/mail.inc"
git -C "$installed" add zones/parts/mail.inc
out="$scratch/commit-new-finding.log"
git -C "$installed" commit -m "another backup MX" >"$out" 2>&1
check "commit refused" equals "$?" 1
check "the new finding" contains "$out" "relay.isp.example.net."
finish

start "installed hook: verbose: true shows warnings of a passing hook, as the README says"
git -C "$installed" reset -q --hard
cat >"$installed/.pre-commit-config.yaml" <<YAML
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: zonelint-system
        verbose: true
YAML
# shellcheck disable=SC2016 # zone text, not shell
printf '$ORIGIN example.org.\n$TTL 1h\n@ IN SOA ns1 h 1 2 3 4 5\n@ IN NS ns1\nns1 IN A 192.0.2.1\nwww IN CNAME web.example.com\n' >"$installed/zones/example.org.zone"
git -C "$installed" add -A
out="$scratch/commit-verbose.log"
git -C "$installed" commit -m "example.org" >"$out" 2>&1
check "commit made" equals "$?" 0
check "hook passed" grep -qE '^zonelint \(zonelint on PATH\)\.+Passed$' "$out"
check "the warning is shown" contains "$out" "zones/example.org.zone:6:"
finish

if $rust_hook; then
    start "try-repo with the rust hook builds zonelint with cargo and refuses the broken zone"
    cp "$repo/fixtures/repos/workflow-bad/zones/db.example.com" "$project/zones/"
    git -C "$project" add zones
    out="$scratch/try-repo-rust.log"
    # Without the system binary on PATH: the hook must run what pre-commit built.
    (cd "$project" && PATH="${PATH#"$scratch/bin:"}" pre-commit try-repo "$repo" zonelint) >"$out" 2>&1
    check "exit status 1" equals "$?" 1
    check "built by pre-commit" contains "$out" "Installing environment"
    check "hook failed" grep -qE '^zonelint\.+Failed$' "$out"
    check "file and line" contains "$out" "$bad_at"
    finish
fi

if [ -n "$wheels" ]; then
    start "the mirror's Python hook installs the zonelint wheel with pip, no Rust, and refuses the broken zone"
    # The mirror repository as the release workflow makes it.
    mirror="$scratch/zonelint-pre-commit"
    new_repo "$mirror"
    cp "$repo/pre-commit-mirror/.pre-commit-hooks.yaml" "$repo/pre-commit-mirror/pyproject.toml" \
        "$repo/pre-commit-mirror/README.md" "$mirror/"
    git -C "$mirror" add -A && git -C "$mirror" commit -q -m mirror
    # pip finds only the wheel under test, and setuptools (the mirror's build backend).
    links="$scratch/find-links"
    mkdir -p "$links"
    cp "$wheels"/zonelint-*.whl "$links/"
    python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary :all: \
        --dest "$links" setuptools >"$scratch/setuptools.log" 2>&1 || cat "$scratch/setuptools.log"
    python_project="$scratch/python-project"
    new_repo "$python_project"
    mkdir -p "$python_project/zones"
    cat >"$python_project/.pre-commit-config.yaml" <<YAML
repos:
  - repo: $mirror
    rev: $(git -C "$mirror" rev-parse HEAD)
    hooks:
      - id: zonelint
YAML
    cp "$repo/fixtures/repos/workflow-bad/zones/db.example.com" "$python_project/zones/"
    git -C "$python_project" add -A
    # No cargo, no rustc, no zonelint: only python, git and pre-commit.
    bare_path="$(dirname "$(command -v pre-commit)"):$(dirname "$(command -v python3)"):$(dirname "$(command -v git)"):/usr/bin:/bin"
    out="$scratch/python-hook.log"
    started=$SECONDS
    (cd "$python_project" && env PATH="$bare_path" PIP_NO_INDEX=1 PIP_FIND_LINKS="$links" \
        pre-commit run --all-files) >"$out" 2>&1
    status=$?
    echo "    (installed and ran in $((SECONDS - started)) s)"
    check "no Rust on the hook's PATH" bash -c "PATH='$bare_path'; ! command -v cargo && ! command -v rustc"
    check "exit status 1" equals "$status" 1
    check "installed its environment" contains "$out" "Installing environment for $mirror"
    check "hook failed" grep -qE '^zonelint\.+Failed$' "$out"
    check "file and line" contains "$out" "$bad_at"
    check "the wheel's zonelint is in the hook's environment" \
        bash -c "ls '$PRE_COMMIT_HOME'/repo*/py_env-*/bin/zonelint"
    cp "$repo/fixtures/repos/workflow-good/zones/example.com.zone" "$python_project/zones/db.example.com"
    git -C "$python_project" add -A
    (cd "$python_project" && env PATH="$bare_path" PIP_NO_INDEX=1 pre-commit run --all-files) >"$out" 2>&1
    check "a correct zone passes" equals "$?" 0
    finish
fi

echo "pre-commit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
