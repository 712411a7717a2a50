#!/usr/bin/env bash
# Makes the tiny good model and its deliberately broken variants under testdata/models/ (STYLE.md
# 15). The good model is trained by the loka binary on testdata/learn/tiny.tsv; every broken file
# is the good one with one defect, made with coreutils so the defect is exactly the one named.
# tests/learn/model_file_test.cc loads each file and checks the specific error.
#
# Usage: scripts/make_test_models.sh [path/to/loka]   (default: build/loka)
# Rerun after a change to docs/formats/model.md, then commit testdata/models/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
loka="${1:-$root/build/loka}"
out="$root/testdata/models"
mkdir -p "$out"

# dim 4, word unigrams only, one thread and a fixed seed: a small (~3 KB) deterministic file.
"$loka" train "$root/testdata/learn/tiny.tsv" -o "$out/tiny.model" -q --threads 1 --seed 1 \
  --model bag --no-calibrate --dim 4 --epochs 40 --lr 0.5 --word-ngrams 1 --char-min 0 --char-max 0
good="$out/tiny.model"
size=$(stat -c %s "$good")

# Writes byte value $3 (decimal) at offset $2 of file $1, in place.
poke() { printf "$(printf '\\%03o' "$3")" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none; }
# Decimal value of the byte at offset $2 of file $1.
peek() { od -An -tu1 -j "$2" -N1 "$1" | tr -d ' '; }

: > "$out/empty.model"
head -c 10 "$good" > "$out/short10.model"

cp "$good" "$out/bad_magic.model"
poke "$out/bad_magic.model" 0 88  # 'L' -> 'X'

cp "$good" "$out/header_flip.model"  # byte 17 is in the file-size field, under the header CRC
poke "$out/header_flip.model" 17 $(( $(peek "$good" 17) ^ 1 ))

cp "$good" "$out/payload_flip.model"  # last byte of the output layer, under the payload CRC
poke "$out/payload_flip.model" $((size - 1)) $(( $(peek "$good" $((size - 1))) ^ 128 ))

head -c $((size - 1)) "$good" > "$out/truncated_1.model"
head -c $((size / 2)) "$good" > "$out/truncated_half.model"
{ cat "$good"; printf 'JUNK'; } > "$out/appended.model"

# Version 5 with a correct header CRC (so the version check, not the CRC, is what fails).
# gzip's trailer holds the CRC-32 (zlib polynomial) of its input, little-endian.
cp "$good" "$out/version5.model"
poke "$out/version5.model" 8 5
head -c 28 "$out/version5.model" | gzip -c | tail -c 8 | head -c 4 |
  dd of="$out/version5.model" bs=1 seek=28 conv=notrunc status=none

# tiny_v1.model, tiny_v2.model and tiny_v3.model are not made here: they are tiny.model as loka
# wrote it in format versions 1 (before the calibration block), 2 (before the TF-IDF blocks)
# and 3 (before the confidence map), kept so that the tests show old files still load.

ls -l "$out"
