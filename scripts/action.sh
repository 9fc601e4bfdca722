#!/usr/bin/env bash
# The zonelint GitHub Action (action.yml runs this, and nothing else). It gets the binary,
# works out what to lint, runs zonelint once for annotations, job summary and SARIF, sets the
# step's outputs and fails the step per `fail-on`.
#
# Everything comes from the environment, so the script runs the same outside GitHub (that is
# how tests/action.sh checks it):
#   INPUT_PATHS INPUT_ONLY_CHANGED INPUT_FAIL_ON INPUT_CONFIG INPUT_BASELINE INPUT_SELECT
#   INPUT_IGNORE INPUT_ANNOTATIONS INPUT_SUMMARY INPUT_SARIF_FILE INPUT_VERSION
#                                                    the action's inputs (action.yml)
#   GITHUB_OUTPUT GITHUB_STEP_SUMMARY GITHUB_EVENT_PATH GITHUB_EVENT_NAME GITHUB_ACTION_PATH
#   RUNNER_OS RUNNER_ARCH RUNNER_TEMP                set by the runner
#   ACTION_REPOSITORY                                the action's owner/repo, where releases are
#   ZONELINT_BIN                                     use this binary; skip download and build
#   ZONELINT_RELEASE_URL                             base URL of release downloads (a mirror)
#   ZONELINT_ACTION_STEP ZONELINT_BUILD_ROOT         action.yml's steps before the lint (below)
set -euo pipefail

# Inputs are data: never let a path or a selector expand as a glob.
set -f

action_dir=${GITHUB_ACTION_PATH:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
temp_root=${RUNNER_TEMP:-${TMPDIR:-/tmp}}

# A workflow command's data: `%`, CR and LF escaped so that a value cannot end the command and
# start another (`::add-mask::`, `::stop-commands::`), other control characters dropped, and
# at most 300 characters of it.
command_data() {
    local value=$1
    if [ ${#value} -gt 300 ]; then
        value="${value:0:300}..."
    fi
    value=${value//%/%25}
    value=${value//$'\r'/%0D}
    value=${value//$'\n'/%0A}
    printf '%s' "$value" | LC_ALL=C tr -d '\000-\010\013\014\016-\037\177'
}

fail() {
    echo "::error title=zonelint action::$(command_data "$1")"
    exit 2
}

is_true() {
    case "$1" in
        true | True | TRUE) return 0 ;;
        false | False | FALSE | "") return 1 ;;
        *) fail "expected true or false, got '$1'" ;;
    esac
}

# --- Inputs -----------------------------------------------------------------------------

# Empty: zonelint takes `fail-on` from the config file (else error).
fail_on=${INPUT_FAIL_ON:-}
case "$fail_on" in
    "" | error | warning | info | never) ;;
    *) fail "fail-on must be error, warning, info or never, not '$fail_on'" ;;
esac
# The same config file (and baseline) for listing the files and for the run.
config_args=()
for input in "${INPUT_CONFIG:-}" "${INPUT_BASELINE:-}"; do
    case "$input" in
        *$'\n'* | *$'\r'*) fail "config and baseline must be one path each" ;;
    esac
done
[ -z "${INPUT_CONFIG:-}" ] || config_args+=(--config "$INPUT_CONFIG")
only_changed=false
is_true "${INPUT_ONLY_CHANGED:-false}" && only_changed=true
annotations=true
is_true "${INPUT_ANNOTATIONS:-true}" || annotations=false
summary=true
is_true "${INPUT_SUMMARY:-true}" || summary=false
sarif_file=${INPUT_SARIF_FILE:-}
case "$sarif_file" in
    *$'\n'* | *$'\r'*) fail "sarif-file must be one path" ;;
esac

# Paths: separated by spaces or newlines (a path with a space in it cannot be given here;
# name its directory instead).
paths=()
while IFS= read -r line; do
    for word in $line; do
        paths+=("$word")
    done
done <<<"${INPUT_PATHS:-.}"
[ ${#paths[@]} -gt 0 ] || paths=(.)

# --- The binary -------------------------------------------------------------------------

# The version this checkout of the action is: the release to download by default.
own_version() {
    sed -n 's/^version = "\(.*\)"$/\1/p' "$action_dir/Cargo.toml" | head -n 1
}

# The release target for this runner, or nothing where we publish no binary.
release_target() {
    case "${RUNNER_OS:-$(uname -s)}/${RUNNER_ARCH:-$(uname -m)}" in
        Linux/X64 | Linux/x86_64) echo x86_64-unknown-linux-musl ;;
        Linux/ARM64 | Linux/aarch64) echo aarch64-unknown-linux-musl ;;
        macOS/ARM64 | Darwin/arm64) echo aarch64-apple-darwin ;;
        macOS/X64 | Darwin/x86_64) echo x86_64-apple-darwin ;;
        Windows/X64) echo x86_64-pc-windows-msvc ;;
    esac
}

sha256_of() {
    if command -v sha256sum >/dev/null; then
        sha256sum "$1" | cut -d ' ' -f 1
    else
        shasum -a 256 "$1" | cut -d ' ' -f 1
    fi
}

# Download `zonelint-TARGET.tar.gz` of release vVERSION and check it against the release's
# SHA256SUMS; sets `bin`. Returns 1 when the release has no such asset (then we build); a
# checksum that does not match stops the action: that is never worked around.
download() {
    local version=$1 target=$2
    local base=${ZONELINT_RELEASE_URL:-https://github.com/${ACTION_REPOSITORY:-zonelint/zonelint}/releases/download}
    local url="$base/v$version"
    local asset="zonelint-$target.tar.gz"
    local dir="$temp_root/zonelint-$version-$target"
    mkdir -p "$dir"
    if ! curl --fail --silent --show-error --location --retry 3 \
        --output "$dir/$asset" "$url/$asset" 2>"$dir/curl.log" ||
        ! curl --fail --silent --show-error --location --retry 3 \
            --output "$dir/SHA256SUMS" "$url/SHA256SUMS" 2>>"$dir/curl.log"; then
        echo "No release asset $asset for v$version: $(tr '\n' ' ' <"$dir/curl.log")" >&2
        return 1
    fi
    local expected actual
    expected=$(awk -v name="$asset" '$2 == name || $2 == "*" name { print $1 }' "$dir/SHA256SUMS")
    actual=$(sha256_of "$dir/$asset")
    if [ -z "$expected" ]; then
        fail "SHA256SUMS of v$version has no entry for $asset"
    fi
    if [ "$expected" != "$actual" ]; then
        fail "checksum mismatch for $asset of v$version: expected $expected, got $actual"
    fi
    tar -xzf "$dir/$asset" -C "$dir"
    local exe="$dir/zonelint"
    [ -f "$exe.exe" ] && exe="$exe.exe"
    [ -x "$exe" ] || fail "$asset holds no zonelint binary"
    echo "Downloaded $asset of v$version (sha256 $actual)"
    bin=$exe
}

# Build from the action's own checkout: the fallback for unreleased versions and targets we
# publish no binary for; sets `bin`. Needs a Rust toolchain (GitHub's hosted runners have
# one).
build() {
    command -v cargo >/dev/null ||
        fail "no zonelint release for this runner and no cargo to build one: install Rust first (e.g. rustup)"
    local root=${ZONELINT_BUILD_ROOT:-$temp_root/zonelint-source}
    echo "::group::Building zonelint from $action_dir"
    cargo install --locked --path "$action_dir" --root "$root"
    echo "::endgroup::"
    bin="$root/bin/zonelint"
    [ -f "$bin.exe" ] && bin="$bin.exe"
    return 0
}

# Not called in a subshell: `fail` must end the script, and `bin` is the result: the
# binary, or empty when it has to be built.
get_binary() {
    if [ -n "${ZONELINT_BIN:-}" ]; then
        bin=$ZONELINT_BIN
        return
    fi
    local version=${INPUT_VERSION:-}
    version=${version#v}
    if [ "$version" = source ]; then
        return
    fi
    local own
    own=$(own_version)
    # A version someone asked for is that version or nothing: building the action's checkout
    # would silently give another one.
    local asked=false
    if [ -n "$version" ]; then
        [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] ||
            fail "version must be a release such as 1.2.3 (or v1.2.3), or 'source', not '$INPUT_VERSION'"
        [ "$version" = "$own" ] || asked=true
    else
        version=$own
    fi
    local target
    target=$(release_target)
    if [ -n "$target" ] && download "$version" "$target"; then
        return
    fi
    if $asked; then
        fail "no zonelint v$version release for this runner (${RUNNER_OS:-$(uname -s)}/${RUNNER_ARCH:-$(uname -m)}); leave version empty to use v$own, or set it to 'source' to build"
    fi
}

# action.yml gets the binary in steps of its own, so that the fallback build is cached
# between runs by actions/cache, which only a step of its own can use:
#   ZONELINT_ACTION_STEP=binary  the release asset (outputs `bin`); without one, where the
#                                build goes and its cache key (outputs `bin`, `build-root`,
#                                `build-key`)
#   ZONELINT_ACTION_STEP=build   builds into ZONELINT_BUILD_ROOT (on a cache miss)
# and then the lint step, this script without ZONELINT_ACTION_STEP, gets ZONELINT_BIN.
# The key: the version, the runner's OS and architecture, and a digest of the sources the
# binary is built from (an unreleased commit keeps the version of the last release).
build_key() {
    local digest
    digest=$(cd "$action_dir" &&
        find Cargo.toml Cargo.lock src rules -type f -print0 | LC_ALL=C sort -z |
        xargs -0 cat -- | sha256_of -)
    echo "zonelint-build-$(own_version)-${RUNNER_OS:-$(uname -s)}-${RUNNER_ARCH:-$(uname -m)}-${digest:0:16}"
}
bin=""
case "${ZONELINT_ACTION_STEP:-}" in
    binary)
        get_binary
        if [ -z "$bin" ]; then
            root="$temp_root/zonelint-build"
            bin="$root/bin/zonelint"
            case "${RUNNER_OS:-}" in Windows) bin="$bin.exe" ;; esac
            key=$(build_key)
            echo "No release binary: zonelint is built from $action_dir, cached as $key"
            {
                echo "build-root=$root"
                echo "build-key=$key"
            } >>"${GITHUB_OUTPUT:-/dev/null}"
        fi
        echo "bin=$bin" >>"${GITHUB_OUTPUT:-/dev/null}"
        exit 0
        ;;
    build)
        [ -n "${ZONELINT_BUILD_ROOT:-}" ] || fail "ZONELINT_BUILD_ROOT is not set"
        build
        exit 0
        ;;
    "") ;;
    *) fail "unknown ZONELINT_ACTION_STEP '$ZONELINT_ACTION_STEP'" ;;
esac
get_binary
[ -n "$bin" ] || build
"$bin" --version >/dev/null 2>&1 || fail "cannot run $bin"
echo "Using $("$bin" --version) ($bin)"

# --- What to lint -----------------------------------------------------------------------

# A value from the event payload (jq and python3 are on every GitHub-hosted runner).
event_value() {
    local path=${GITHUB_EVENT_PATH:-}
    [ -n "$path" ] && [ -f "$path" ] || return 0
    if command -v jq >/dev/null; then
        jq -r "$1 // empty" "$path"
    elif command -v python3 >/dev/null; then
        python3 - "$path" "$1" <<'PY'
import json, sys
value = json.load(open(sys.argv[1], encoding="utf-8"))
for key in sys.argv[2].lstrip(".").split("."):
    value = value.get(key) if isinstance(value, dict) else None
print("" if value is None else value)
PY
    else
        fail "only-changed needs jq or python3 to read the event"
    fi
}

# The commit the changes are measured from: a pull request's base, a merge group's base, or
# what a push replaced.
base_commit() {
    local base
    base=$(event_value .pull_request.base.sha)
    [ -n "$base" ] || base=$(event_value .merge_group.base_sha)
    [ -n "$base" ] || base=$(event_value .before)
    case "$base" in
        "" | *[!0-9a-f]* | 0000000000000000000000000000000000000000) ;;
        *) echo "$base" ;;
    esac
}

lint_paths=("${paths[@]}")
if $only_changed; then
    base=$(base_commit)
    if [ -z "$base" ]; then
        echo "::notice title=zonelint::only-changed: no base commit in this ${GITHUB_EVENT_NAME:-} event; linting every path"
    else
        # actions/checkout fetches one commit by default; the diff needs the base too.
        if ! git cat-file -e "$base^{commit}" 2>/dev/null; then
            git fetch --no-tags --quiet --depth=1 origin "$base" ||
                fail "cannot fetch the base commit $base (use actions/checkout with fetch-depth: 0)"
        fi
        # Names end in NUL, never quoted: a name with `"`, `\` or a line break is still itself
        # (bash 3 on macOS has no associative arrays, hence the plain list).
        changed=()
        while IFS= read -r -d '' file; do
            changed+=("$file")
        done < <(git diff -z --name-only --relative --diff-filter=d "$base" HEAD)
        # What zonelint lints in `paths` (zone files, their includes and the octoDNS configs
        # that configure them), kept if changed: the same selection as a full run, never a
        # file it would pass over. A changed config brings its zones along.
        lint_paths=()
        while IFS= read -r -d '' file; do
            for name in ${changed[@]+"${changed[@]}"}; do
                if [ "$file" = "$name" ]; then
                    lint_paths+=("$file")
                    break
                fi
            done
        done < <("$bin" check --show-files --null --only-zones ${config_args[@]+"${config_args[@]}"} -- "${paths[@]}")
        echo "only-changed: ${#changed[@]} files changed since ${base:0:12}, ${#lint_paths[@]} of them files zonelint lints"
        if [ ${#lint_paths[@]} -eq 0 ]; then
            if $summary && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
                printf '## zonelint\n\nNo zone files changed since %s.\n' "${base:0:12}" >>"$GITHUB_STEP_SUMMARY"
            fi
            {
                echo "findings=0"
                echo "errors=0"
                echo "warnings=0"
                echo "infos=0"
                echo "sarif-file="
            } >>"${GITHUB_OUTPUT:-/dev/null}"
            echo "No zone files changed."
            exit 0
        fi
    fi
fi

# --- Run --------------------------------------------------------------------------------

# --only-zones: named files that are not zones are passed over as in a directory walk.
args=(check --format github --only-zones)
args+=(${config_args[@]+"${config_args[@]}"})
[ -z "${INPUT_BASELINE:-}" ] || args+=(--baseline "$INPUT_BASELINE")
case "$fail_on" in
    "") ;;
    never) args+=(--exit-zero) ;;
    *) args+=(--fail-on "$fail_on") ;;
esac
# `--option=value`: a value that starts with `-` (`sarif-file: -o`) stays a value.
[ -z "${INPUT_SELECT:-}" ] || args+=("--select=$INPUT_SELECT")
[ -z "${INPUT_IGNORE:-}" ] || args+=("--ignore=$INPUT_IGNORE")
if $summary && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    args+=("--summary-file=$GITHUB_STEP_SUMMARY")
fi
[ -z "$sarif_file" ] || args+=("--sarif-file=$sarif_file")

log="$temp_root/zonelint-annotations.$$"
# With annotations off the lines stay in the log but the runner does not act on them.
stop_token="zonelint-$$-$RANDOM$RANDOM"
$annotations || echo "::stop-commands::$stop_token"
set +e
"$bin" "${args[@]}" -- "${lint_paths[@]}" | tee "$log"
status=${PIPESTATUS[0]}
set -e
$annotations || echo "::$stop_token::"

# One line per finding, whatever its text: the github format escapes line breaks.
count() { grep -c "^::$1 file=" "$log" || true; }
errors=$(count error)
warnings=$(count warning)
infos=$(count notice)
rm -f "$log"
findings=$((errors + warnings + infos))
written_sarif=""
if [ -n "$sarif_file" ] && [ -f "$sarif_file" ] && [ "$status" -ne 2 ]; then
    written_sarif=$sarif_file
fi
delimiter="ZONELINT_$RANDOM$RANDOM$RANDOM"
{
    echo "findings=$findings"
    echo "errors=$errors"
    echo "warnings=$warnings"
    echo "infos=$infos"
    # A path is free text: the multi-line form cannot be broken by what it holds.
    echo "sarif-file<<$delimiter"
    echo "$written_sarif"
    echo "$delimiter"
} >>"${GITHUB_OUTPUT:-/dev/null}"

case "$status" in
    0) exit 0 ;;
    1)
        echo "zonelint: failing the step: there are findings at or above fail-on (${fail_on:-from the config file, else error})"
        exit 1
        ;;
    *) fail "zonelint could not run (exit status $status): see the message above" ;;
esac
