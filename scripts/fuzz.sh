#!/usr/bin/env bash
# Runs each libFuzzer target built in BUILD/fuzz/ (`make fuzz` builds all of fuzz/targets.cmake)
# for SECONDS, starting from the committed corpus in testdata/fuzz/<target>/; new crashers are
# written there too (commit them: a CTest replays the corpus on every `make test`).
set -euo pipefail
shopt -s nullglob
build="${1:-build-fuzz}"
seconds="${2:-60}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fuzzers=("$here/$build"/fuzz/*_fuzzer)
if [ ${#fuzzers[@]} -eq 0 ]; then
  echo "fuzz.sh: no fuzzers in $here/$build/fuzz (build them: make fuzz)" >&2
  exit 1
fi
for f in "${fuzzers[@]}"; do
  t="$(basename "$f" _fuzzer)"
  corpus="$here/testdata/fuzz/$t"
  work="$here/$build/corpus-$t"
  mkdir -p "$corpus" "$work"
  echo "== fuzzing $t for ${seconds}s"
  "$here/$build/fuzz/${t}_fuzzer" "$work" "$corpus" -max_total_time="$seconds" \
    -artifact_prefix="$corpus/crash-" -max_len=65536 -print_final_stats=1 2>&1 | tail -5
done
