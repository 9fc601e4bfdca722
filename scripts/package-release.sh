#!/usr/bin/env bash
# Package a built zonelint binary as a release asset, in the layout the action
# (scripts/action.sh) downloads:
#
#   zonelint-TARGET.tar.gz   zonelint (zonelint.exe on Windows), README.md, LICENSE-MIT,
#                            LICENSE-APACHE, at the top of the archive
#   SHA256SUMS               one `SHA256  NAME` line per asset (`sha256sum -c` reads it)
#
# The assets of release vX.Y.Z are published under that tag, one archive per target triple
# (x86_64-unknown-linux-musl, aarch64-unknown-linux-musl, x86_64-apple-darwin,
# aarch64-apple-darwin, x86_64-pc-windows-msvc), with one SHA256SUMS for all of them. The
# names carry no version, so .../releases/latest/download/zonelint-TARGET.tar.gz also works.
#
# Usage: scripts/package-release.sh TARGET BINARY OUT_DIR
# e.g. after `cargo build --profile dist --locked --target x86_64-unknown-linux-musl`:
#   scripts/package-release.sh x86_64-unknown-linux-musl \
#       target/x86_64-unknown-linux-musl/dist/zonelint dist
set -euo pipefail

if [ $# -ne 3 ]; then
    echo "usage: $0 TARGET BINARY OUT_DIR" >&2
    exit 2
fi
target=$1 binary=$2 out=$3
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
name=zonelint
case "$target" in *windows*) name=zonelint.exe ;; esac

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp "$binary" "$stage/$name"
chmod 755 "$stage/$name"
cp "$repo/README.md" "$repo/LICENSE-MIT" "$repo/LICENSE-APACHE" "$stage/"

mkdir -p "$out"
asset="zonelint-$target.tar.gz"
tar -czf "$out/$asset" -C "$stage" "$name" README.md LICENSE-MIT LICENSE-APACHE

sum=$(cd "$out" && { sha256sum "$asset" 2>/dev/null || shasum -a 256 "$asset"; } | cut -d ' ' -f 1)
touch "$out/SHA256SUMS"
# Replace this asset's line, keep the other targets' lines, stay sorted.
{
    grep -v "  $asset\$" "$out/SHA256SUMS" || true
    echo "$sum  $asset"
} | sort -k 2 >"$out/SHA256SUMS.new"
mv "$out/SHA256SUMS.new" "$out/SHA256SUMS"
echo "$out/$asset $sum"
