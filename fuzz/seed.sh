#!/bin/sh
# Seed the fuzz corpora from the repository's test inputs (run from fuzz/).
set -eu
cd "$(dirname "$0")"
mkdir -p corpus/zonefile corpus/octodns corpus/suppress corpus/render
n=0
find ../fixtures -type f \( -name '*.zone' -o -name 'db.*' -o -name '*.db' \) | while read -r f; do
    n=$((n + 1)); cp "$f" "corpus/zonefile/seed-$n"
done
find ../fixtures/corpus/bind -type f | while read -r f; do
    cp "$f" "corpus/zonefile/bind-$(basename "$f")"
done
n=0
find ../fixtures -type f -name '*.yaml' | while read -r f; do
    n=$((n + 1)); cp "$f" "corpus/octodns/seed-$n"
done
for s in 'ignore[MX005]' 'disable[MX006]' 'enable[MX006]' 'ignore-file[NAME001, mx-target-cname]' \
         'ignore[' 'ignore[SYN001]' 'ignore[]' 'ignore[ALL]'; do
    printf '%s' "$s" > "corpus/suppress/$(printf '%s' "$s" | tr -c 'A-Za-z0-9' '_')"
done
# render: text 0xff path 0xff message 0xff label 0xff help
printf '@ IN MX 10 mail\n\377zones/a.zone\377MX `x` is <b>bad</b>\377label\377help' > corpus/render/plain
printf '\033]0;t\007\n\377::error x\377\n::error::f\377``<img>``\377\342\200\256' > corpus/render/hostile
