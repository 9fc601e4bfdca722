#!/usr/bin/env bash
# The GitHub Action, run for real outside GitHub: scripts/action.sh with fake GITHUB_OUTPUT,
# GITHUB_STEP_SUMMARY, GITHUB_EVENT_PATH and inputs, in scratch git repositories built from
# fixtures/repos/workflow-*. Asserts the annotations, the job summary, the outputs, the exit
# status, the release download and its checksum check, and the build fallback. Also validates
# action.yml against GitHub's action schema and every SARIF file against SARIF 2.1.0.
#
# Usage: tests/action.sh BINARY   (a freshly built zonelint; .ci/run passes the release build)
# Needs: git, bash, curl, tar, check-jsonschema (pip install check-jsonschema), cargo.
set -uo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
[ -x "$bin" ] || { echo "usage: $0 ZONELINT_BINARY" >&2; exit 2; }
action="$repo/scripts/action.sh"
schema="$repo/tests/data/sarif-schema-2.1.0.json"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# The finding in the fixture: MX001 on the ibmr.btconnect.com backup MX.
bad_at="zones/db.example.com,line=9"
bad_code="MX001"

passed=0
failed=0
case_name=""
case_ok=true
start() { case_name=$1; case_ok=true; }
check() {
    # check DESCRIPTION COMMAND...: one assertion; the case fails if any does.
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
        echo "    --- stdout"; sed 's/^/    | /' "$out"
        echo "    --- outputs"; sed 's/^/    | /' "$outputs"
    fi
}
contains() { grep -qF -- "$2" "$1"; }
lacks() { ! grep -qF -- "$2" "$1"; }
output_is() { grep -qxF -- "$2=$3" "$1"; }
equals() { [ "$1" = "$2" ]; }

git_repo() {
    git -C "$1" init -q -b main
    git -C "$1" config user.email test@example.com
    git -C "$1" config user.name test
}

# A repository with a pull request: the base holds a clean zone and an old broken one; the
# head adds a broken zone and edits the README.
work="$scratch/work"
mkdir -p "$work/zones" "$work/legacy"
git_repo "$work"
cp "$repo/fixtures/repos/workflow-good/zones/example.com.zone" "$work/zones/"
cp "$repo/fixtures/repos/workflow-bad/zones/db.example.com" "$work/legacy/db.example.com"
echo "DNS zones" >"$work/README.md"
git -C "$work" add -A && git -C "$work" commit -q -m base
base_sha=$(git -C "$work" rev-parse HEAD)
cp "$repo/fixtures/repos/workflow-bad/zones/db.example.com" "$work/zones/"
echo "More" >>"$work/README.md"
mkdir -p "$work/ci"
printf 'stages: [build]\nbuild:\n  script: make\n' >"$work/ci/pipeline.yml"
git -C "$work" add -A && git -C "$work" commit -q -m head
printf '{"pull_request": {"number": 7, "base": {"sha": "%s"}}}\n' "$base_sha" >"$scratch/pr.json"

# run_action DIR VAR=VALUE...: the action in DIR with a fresh runner environment.
run_action() {
    local dir=$1
    shift
    local n=$((passed + failed))
    out="$scratch/out.$n"
    outputs="$scratch/outputs.$n"
    step_summary="$scratch/summary.$n"
    : >"$outputs"
    : >"$step_summary"
    (
        cd "$dir" &&
            env -u ZONELINT_RELEASE_URL \
                GITHUB_ACTIONS=true \
                GITHUB_ACTION_PATH="$repo" \
                GITHUB_OUTPUT="$outputs" \
                GITHUB_STEP_SUMMARY="$step_summary" \
                GITHUB_EVENT_NAME=pull_request \
                GITHUB_EVENT_PATH="$scratch/pr.json" \
                GITHUB_SERVER_URL=https://github.com \
                GITHUB_REPOSITORY=acme/dns \
                GITHUB_SHA=0123456789abcdef \
                GITHUB_WORKSPACE="$dir" \
                RUNNER_TEMP="$scratch/runner-temp" \
                RUNNER_OS=Linux RUNNER_ARCH=X64 \
                ZONELINT_BIN="$bin" \
                "$@" bash "$action"
    ) >"$out" 2>&1
    status=$?
}
mkdir -p "$scratch/runner-temp"

start "lints the given paths: annotation, summary, outputs, failing status"
run_action "$work" INPUT_PATHS="zones legacy"
check "exit status 1" equals "$status" 1
check "annotation on the bad zone" contains "$out" "::error file=$bad_at,"
check "title is code and rule name" contains "$out" "title=$bad_code "
check "annotation on the legacy zone" contains "$out" "::error file=legacy/db.example.com,"
check "closing notice" contains "$out" "::notice title=zonelint::Found 2 errors in 3 files"
check "outputs: findings" output_is "$outputs" findings 2
check "outputs: errors" output_is "$outputs" errors 2
check "outputs: warnings" output_is "$outputs" warnings 0
check "summary heading" contains "$step_summary" "## zonelint"
check "summary links the line" contains "$step_summary" "(https://github.com/acme/dns/blob/0123456789abcdef/zones/db.example.com#L"
check "summary counts the rule" contains "$step_summary" "| [$bad_code]("
check "no SARIF asked, none reported" grep -qx "" <(sed -n '/^sarif-file<</,/^ZONELINT_/p' "$outputs" | sed -n 2p)
finish

start "a clean zone passes"
run_action "$work" INPUT_PATHS="zones/example.com.zone"
check "exit status 0" equals "$status" 0
check "no annotation" lacks "$out" "::error"
check "says so" contains "$out" "No problems found in 1 file"
check "outputs: findings 0" output_is "$outputs" findings 0
check "summary says no problems" contains "$step_summary" "✅ No problems found"
finish

start "SARIF file for upload-sarif, valid against the SARIF 2.1.0 schema"
run_action "$work" INPUT_PATHS="zones" INPUT_SARIF_FILE="results/zonelint.sarif"
check "exit status 1" equals "$status" 1
check "SARIF written" test -s "$work/results/zonelint.sarif"
check "output names it" grep -qx "results/zonelint.sarif" "$outputs"
check "relative artifact URI" contains "$work/results/zonelint.sarif" '"uri": "zones/db.example.com"'
check "valid SARIF 2.1.0" check-jsonschema --regex-variant python --schemafile "$schema" "$work/results/zonelint.sarif"
finish

start "fail-on never reports but does not fail; fail-on warning fails on warnings"
run_action "$work" INPUT_PATHS="zones" INPUT_FAIL_ON=never
check "exit status 0" equals "$status" 0
check "still annotated" contains "$out" "::error file=$bad_at,"
check "still counted" output_is "$outputs" errors 1
mkdir -p "$scratch/warn"
# shellcheck disable=SC2016 # zone text, not shell
printf '$ORIGIN example.net.\n$TTL 1h\n@ IN SOA ns1 h 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.1\nwww IN CNAME web.example.com\n' >"$scratch/warn/example.net.zone"
run_action "$scratch/warn" INPUT_FAIL_ON=error
check "warning only: passes at fail-on error" equals "$status" 0
check "warning annotated" contains "$out" "::warning file=example.net.zone,line=6,"
check "warning counted" output_is "$outputs" warnings 1
run_action "$scratch/warn" INPUT_FAIL_ON=warning
check "warning fails at fail-on warning" equals "$status" 1
finish

start "the config file's fail-on and baseline apply, as on a developer's machine"
cp -r "$scratch/warn" "$scratch/policy"
printf 'fail-on = "warning"\n' >"$scratch/policy/zonelint.toml"
run_action "$scratch/policy"
check "config fail-on warning fails on the warning" equals "$status" 1
run_action "$scratch/policy" INPUT_FAIL_ON=error
check "the input wins over the file" equals "$status" 0
(cd "$scratch/policy" && "$bin" check --baseline accepted.json --update-baseline --quiet)
run_action "$scratch/policy" INPUT_BASELINE=accepted.json
check "baselined warning passes" equals "$status" 0
check "baselined warning not annotated" lacks "$out" "::warning file=example.net.zone"
printf 'select = ["MX"]\n' >"$scratch/policy/other.toml"
run_action "$scratch/policy" INPUT_CONFIG=other.toml
check "--config: another file's policy" equals "$status" 0
check "--config: warning not selected" lacks "$out" "::warning file=example.net.zone"
finish

start "only-changed lints only what the pull request changed"
run_action "$work" INPUT_ONLY_CHANGED=true
check "exit status 1" equals "$status" 1
check "changed zone annotated" contains "$out" "::error file=$bad_at,"
check "untouched broken zone left alone" lacks "$out" "legacy/db.example.com"
check "one finding" output_is "$outputs" findings 1
check "says what it picked" contains "$out" "3 files changed since ${base_sha:0:12}, 1 of them files zonelint lints"
check "YAML that is not octoDNS is not passed" lacks "$out" "OCTO"
finish

start "only-changed with no zone in the change passes and says so"
git -C "$work" checkout -q -b readme-only "$base_sha"
echo "typo fix" >>"$work/README.md"
git -C "$work" commit -q -am "README only"
run_action "$work" INPUT_ONLY_CHANGED=true
check "exit status 0" equals "$status" 0
check "summary says no zone changed" contains "$step_summary" "No zone files changed since ${base_sha:0:12}"
check "outputs: findings 0" output_is "$outputs" findings 0
git -C "$work" checkout -q main
finish

start "only-changed on a push compares with the commit the push replaced"
printf '{"before": "%s", "after": "x"}\n' "$base_sha" >"$scratch/push.json"
run_action "$work" INPUT_ONLY_CHANGED=true GITHUB_EVENT_NAME=push GITHUB_EVENT_PATH="$scratch/push.json"
check "exit status 1" equals "$status" 1
check "one finding" output_is "$outputs" findings 1
printf '{"before": "0000000000000000000000000000000000000000"}\n' >"$scratch/new-branch.json"
run_action "$work" INPUT_ONLY_CHANGED=true INPUT_PATHS="zones legacy" GITHUB_EVENT_PATH="$scratch/new-branch.json"
check "a new branch has no base: everything is linted" output_is "$outputs" findings 2
check "and a notice says why" contains "$out" "no base commit"
finish

start "only-changed fetches the base commit a shallow checkout lacks"
git clone -q --depth 1 "file://$work" "$scratch/shallow"
check "the base is missing before" bash -c "! git -C '$scratch/shallow' cat-file -e '$base_sha^{commit}' 2>/dev/null"
run_action "$scratch/shallow" INPUT_ONLY_CHANGED=true
check "exit status 1" equals "$status" 1
check "changed zone annotated" contains "$out" "::error file=$bad_at,"
check "one finding" output_is "$outputs" findings 1
finish

start "annotations off: findings stay in the log, the runner does not act on them"
run_action "$work" INPUT_PATHS=zones INPUT_ANNOTATIONS=false INPUT_SUMMARY=false
check "exit status 1" equals "$status" 1
check "commands stopped first" bash -c "head -n 2 '$out' | grep -q '^::stop-commands::zonelint-'"
token=$(sed -n 's/^::stop-commands::\(.*\)$/\1/p' "$out")
check "and resumed after" grep -qx "::$token::" "$out"
check "still counted" output_is "$outputs" errors 1
check "no summary" test ! -s "$step_summary"
finish

start "select and ignore reach zonelint"
run_action "$work" INPUT_PATHS=zones INPUT_IGNORE="$bad_code"
check "ignored rule: clean" equals "$status" 0
run_action "$work" INPUT_PATHS=zones INPUT_SELECT="NAME001"
check "selected another rule: clean" equals "$status" 0
finish

start "bad inputs stop the action with an error annotation"
run_action "$work" INPUT_FAIL_ON=sometimes
check "exit status 2" equals "$status" 2
check "error names the input" contains "$out" "::error title=zonelint action::fail-on must be"
run_action "$work" INPUT_ONLY_CHANGED=yes
check "exit status 2 for a bad boolean" equals "$status" 2
run_action "$work" INPUT_PATHS="no/such/dir"
check "exit status 2 for an unreadable path" equals "$status" 2
check "reported" contains "$out" "could not run"
finish

start "input values cannot forge a workflow command"
run_action "$work" INPUT_FAIL_ON=$'x\n::add-mask::secret\r%\e]0;t\a'
check "exit status 2" equals "$status" 2
check "line breaks and % escaped" contains "$out" "not 'x%0A::add-mask::secret%0D%25]0;t'"
check "no forged command line" bash -c "! grep -q '^::add-mask::' '$out'"
check "control characters dropped" bash -c "! grep -q \$'\\e' '$out'"
run_action "$work" INPUT_FAIL_ON="$(head -c 5000 /dev/zero | tr '\0' a)"
check "a long value is cut" bash -c "[ \$(wc -c <'$out') -lt 500 ]"
finish

start "a sarif-file that starts with a dash is a file, not a flag"
run_action "$work" INPUT_PATHS=zones INPUT_SARIF_FILE=-o
check "exit status 1 (findings)" equals "$status" 1
check "SARIF written to ./-o" test -s "$work/-o"
check "output names it" grep -qx -- "-o" "$outputs"
rm -f -- "$work/-o"
finish

start "only-changed keeps names git would quote"
git -C "$work" checkout -q -b odd-names "$base_sha"
cp "$repo/fixtures/repos/workflow-bad/zones/db.example.com" "$work/zones/we\"ird\\name.zone"
cp "$repo/fixtures/repos/workflow-bad/zones/db.example.com" "$work/zones/line"$'\n'"break.zone"
git -C "$work" add zones && git -C "$work" commit -q -m "odd names"
run_action "$work" INPUT_ONLY_CHANGED=true
check "exit status 1" equals "$status" 1
check "the quote-and-backslash name is linted" contains "$out" '::error file=zones/we"ird\name.zone,'
check "the line-break name is linted" contains "$out" "::error file=zones/line%0Abreak.zone,"
check "both counted" output_is "$outputs" findings 2
check "says what it picked" contains "$out" "2 files changed since ${base_sha:0:12}, 2 of them"
git -C "$work" checkout -q main
finish

start "only-changed: a pull request that only edits the octoDNS config lints its zones"
octo="$scratch/octo"
mkdir -p "$octo/config" "$octo/zones"
git_repo "$octo"
printf 'providers:\n  config:\n    class: octodns.provider.yaml.YamlProvider\n    directory: ./zones\nzones:\n  example.com.:\n    sources: [config]\n' >"$octo/config/octodns.yaml"
printf "'':\n  type: A\n  value: 192.0.2.1\nwww:\n  type: CNAME\n  value: example.net\n" >"$octo/zones/example.com.yaml"
git -C "$octo" add -A && git -C "$octo" commit -q -m base
printf '{"pull_request": {"number": 8, "base": {"sha": "%s"}}}\n' "$(git -C "$octo" rev-parse HEAD)" >"$scratch/octo-pr.json"
sed -i.bak 's/directory: .\/zones/directory: .\/zones\n    default_ttl: 600/' "$octo/config/octodns.yaml" && rm -f "$octo/config/octodns.yaml.bak"
git -C "$octo" commit -q -am "config only"
run_action "$octo" INPUT_ONLY_CHANGED=true GITHUB_EVENT_PATH="$scratch/octo-pr.json"
check "the config is picked" contains "$out" "1 files changed since"
check "its zone is linted" contains "$out" "file=zones/example.com.yaml,"
check "not 'no zone files changed'" lacks "$out" "No zone files changed"
finish

# --- Getting the binary --------------------------------------------------------------
release="$scratch/release"
mkdir -p "$release/v9.9.9"
"$repo/scripts/package-release.sh" x86_64-unknown-linux-musl "$bin" "$release/v9.9.9" >/dev/null

start "downloads the release asset and checks its checksum"
run_action "$work" INPUT_PATHS=zones INPUT_VERSION=v9.9.9 ZONELINT_BIN= ZONELINT_RELEASE_URL="file://$release"
check "exit status 1 (findings)" equals "$status" 1
check "downloaded" contains "$out" "Downloaded zonelint-x86_64-unknown-linux-musl.tar.gz of v9.9.9"
check "ran it" contains "$out" "::error file=$bad_at,"
check "archive holds the licences" bash -c "tar -tzf '$release/v9.9.9/zonelint-x86_64-unknown-linux-musl.tar.gz' | grep -qx LICENSE-APACHE"
finish

start "a checksum mismatch stops the action"
mkdir -p "$scratch/tampered/v9.9.9"
cp "$release/v9.9.9/"* "$scratch/tampered/v9.9.9/"
echo "extra" >>"$scratch/tampered/v9.9.9/zonelint-x86_64-unknown-linux-musl.tar.gz"
rm -rf "$scratch/runner-temp"/zonelint-9.9.9-*
run_action "$work" INPUT_PATHS=zones INPUT_VERSION=9.9.9 ZONELINT_BIN= ZONELINT_RELEASE_URL="file://$scratch/tampered"
check "exit status 2" equals "$status" 2
check "says checksum mismatch" contains "$out" "::error title=zonelint action::checksum mismatch for zonelint-x86_64-unknown-linux-musl.tar.gz"
check "zonelint did not run" lacks "$out" "::error file="
check "no build attempted" lacks "$out" "Building zonelint"
finish

start "a version that is not a release, or has no asset, stops the action: never a build of another version"
run_action "$work" INPUT_PATHS=zones INPUT_VERSION='latest; rm -rf /' ZONELINT_BIN=
check "exit status 2" equals "$status" 2
check "says what a version is" contains "$out" "::error title=zonelint action::version must be a release"
check "no build" lacks "$out" "Building zonelint"
run_action "$work" INPUT_PATHS=zones INPUT_VERSION=9.9.8 ZONELINT_BIN= ZONELINT_RELEASE_URL="file://$scratch/no-release"
check "exit status 2 without the asset" equals "$status" 2
check "says no release" contains "$out" "no zonelint v9.9.8 release for this runner"
check "no build for another version" lacks "$out" "Building zonelint"
finish

start "without a release asset, builds the action's checkout with cargo"
rm -rf "$scratch/runner-temp"/zonelint-*
run_action "$work" INPUT_PATHS=zones ZONELINT_BIN= ZONELINT_RELEASE_URL="file://$scratch/no-release"
check "exit status 1 (findings)" equals "$status" 1
check "no asset noted" contains "$out" "No release asset zonelint-x86_64-unknown-linux-musl.tar.gz"
check "built" contains "$out" "::group::Building zonelint from $repo"
check "installed binary used" contains "$out" "($scratch/runner-temp/zonelint-source/bin/zonelint)"
check "ran it" contains "$out" "::error file=$bad_at,"
finish

# --- action.yml's steps that get the binary, so that a fallback build is cached ---------
start "binary step: the release asset, checksum verified, and nothing to build"
rm -rf "$scratch/runner-temp"/zonelint-*
run_action "$work" ZONELINT_ACTION_STEP=binary INPUT_VERSION=9.9.9 ZONELINT_BIN= ZONELINT_RELEASE_URL="file://$release"
check "exit status 0" equals "$status" 0
check "downloaded" contains "$out" "Downloaded zonelint-x86_64-unknown-linux-musl.tar.gz of v9.9.9"
check "outputs the binary" output_is "$outputs" bin "$scratch/runner-temp/zonelint-9.9.9-x86_64-unknown-linux-musl/zonelint"
check "no build key" lacks "$outputs" "build-key="
check "did not lint" lacks "$out" "::error file="
finish

start "binary step without a release asset: where to build, and a cache key of version and sources"
run_action "$work" ZONELINT_ACTION_STEP=binary ZONELINT_BIN= ZONELINT_RELEASE_URL="file://$scratch/no-release"
check "exit status 0" equals "$status" 0
check "did not build" lacks "$out" "Building zonelint"
check "build root" output_is "$outputs" build-root "$scratch/runner-temp/zonelint-build"
check "the binary the build will make" output_is "$outputs" bin "$scratch/runner-temp/zonelint-build/bin/zonelint"
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$repo/Cargo.toml" | head -n 1)
check "key: version, OS, architecture, sources" grep -qxE "build-key=zonelint-build-$version-Linux-X64-[0-9a-f]{16}" "$outputs"
key=$(sed -n 's/^build-key=//p' "$outputs")
run_action "$work" ZONELINT_ACTION_STEP=binary ZONELINT_BIN= ZONELINT_RELEASE_URL="file://$scratch/no-release"
check "the same key again" output_is "$outputs" build-key "$key"
run_action "$work" ZONELINT_ACTION_STEP=binary ZONELINT_BIN= ZONELINT_RELEASE_URL="file://$scratch/no-release" RUNNER_OS=macOS RUNNER_ARCH=ARM64
check "another runner, another key" lacks "$outputs" "build-key=$key"
# The action's sources changed (a copy of the checkout with one more line of source).
mkdir -p "$scratch/action-copy"
cp -R "$repo/Cargo.toml" "$repo/Cargo.lock" "$repo/src" "$repo/rules" "$scratch/action-copy/"
echo "// changed" >>"$scratch/action-copy/src/main.rs"
run_action "$work" ZONELINT_ACTION_STEP=binary ZONELINT_BIN= ZONELINT_RELEASE_URL="file://$scratch/no-release" GITHUB_ACTION_PATH="$scratch/action-copy"
check "other sources, another key" bash -c "grep -q '^build-key=zonelint-build-$version-Linux-X64-' '$outputs' && ! grep -qx 'build-key=$key' '$outputs'"
run_action "$work" ZONELINT_ACTION_STEP=binary INPUT_VERSION=source ZONELINT_BIN= ZONELINT_RELEASE_URL="file://$release"
check "version source: always built" output_is "$outputs" build-key "$key"
finish

start "build step builds into the build root; the lint step runs what it built"
run_action "$work" ZONELINT_ACTION_STEP=build ZONELINT_BUILD_ROOT="$scratch/runner-temp/zonelint-build" ZONELINT_BIN=
check "exit status 0" equals "$status" 0
check "built" contains "$out" "::group::Building zonelint from $repo"
check "the binary is where the binary step said" test -x "$scratch/runner-temp/zonelint-build/bin/zonelint"
check "did not lint" lacks "$out" "::error file="
run_action "$work" INPUT_PATHS=zones ZONELINT_BIN="$scratch/runner-temp/zonelint-build/bin/zonelint"
check "lint: exit status 1 (findings)" equals "$status" 1
check "lint used it" contains "$out" "($scratch/runner-temp/zonelint-build/bin/zonelint)"
check "lint found the problem" contains "$out" "::error file=$bad_at,"
run_action "$work" ZONELINT_ACTION_STEP=lint
check "an unknown step stops the action" equals "$status" 2
finish

start "action.yml: binary step, cache restore, build on a miss, cache save, lint"
python3 - "$repo/action.yml" >"$scratch/steps.log" 2>&1 <<'PY'
import re, sys, yaml  # PyYAML comes with pre-commit
steps = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))["runs"]["steps"]
def env(step): return step.get("env", {})
binary, restore, build, save, lint = steps
output = lambda name: "${{ steps.binary.outputs.%s }}" % name
miss = "steps.binary.outputs.build-key != '' && steps.restore.outputs.cache-hit != 'true'"
problems = [
    (env(binary).get("ZONELINT_ACTION_STEP") == "binary", "first: the binary step"),
    (re.fullmatch(r"actions/cache/restore@[0-9a-f]{40}", restore.get("uses", "")), "second: actions/cache/restore by SHA"),
    (restore.get("with") == {"path": output("build-root"), "key": output("build-key")}, "restore: build-root under build-key"),
    (restore.get("if") == "steps.binary.outputs.build-key != ''", "restore only without a release binary"),
    (env(build).get("ZONELINT_ACTION_STEP") == "build" and build.get("if") == miss, "build on a cache miss"),
    (env(build).get("ZONELINT_BUILD_ROOT") == output("build-root"), "build into build-root"),
    (re.fullmatch(r"actions/cache/save@[0-9a-f]{40}", save.get("uses", "")), "save: actions/cache/save by SHA"),
    (save.get("with") == restore.get("with") and save.get("if") == miss, "save what was built"),
    (restore["uses"].split("@")[1] == save["uses"].split("@")[1], "restore and save at one commit"),
    (lint.get("id") == "zonelint" and "ZONELINT_ACTION_STEP" not in env(lint), "last: the lint"),
    (env(lint).get("ZONELINT_BIN") == output("bin"), "lint runs the binary step's binary"),
]
bad = [what for ok, what in problems if not ok]
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
check "the steps: $(tr '\n' ';' <"$scratch/steps.log")" equals "$?" 0
finish

# --- action.yml ----------------------------------------------------------------------
start "action.yml: valid, composite, inputs only through env"
check "GitHub action schema" check-jsonschema --builtin-schema vendor.github-actions "$repo/action.yml"
check "no expression spliced into run:" bash -c "! grep -nE '^\s*run:.*\\\$\{\{' '$repo/action.yml'"
check "no third-party action: only actions/cache" bash -c "! grep -E '^\s*(- )?uses:' '$repo/action.yml' | grep -vqE 'uses: actions/cache/(restore|save)@'"
while IFS= read -r input; do
    check "input $input passed through env" grep -q "\${{ inputs.$input }}" "$repo/action.yml"
done < <(sed -n '/^inputs:/,/^outputs:/s/^  \([a-z-]*\):$/\1/p' "$repo/action.yml")
finish

echo "action: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
