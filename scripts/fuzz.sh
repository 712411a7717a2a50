#!/usr/bin/env bash
# Runs each libFuzzer target for SECONDS, starting from the committed corpus in
# testdata/fuzz/<target>/; new crashers are written there too (commit them: a CTest replays
# the corpus on every `make test`).
set -euo pipefail
build="${1:-build-fuzz}"
seconds="${2:-60}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
for t in model labelled text readings_csv readings_json langid_model langid_text fed_payload sms_inbound documents; do
  corpus="$here/testdata/fuzz/$t"
  work="$here/$build/corpus-$t"
  mkdir -p "$corpus" "$work"
  echo "== fuzzing $t for ${seconds}s"
  "$here/$build/fuzz/${t}_fuzzer" "$work" "$corpus" -max_total_time="$seconds" \
    -artifact_prefix="$corpus/crash-" -max_len=65536 -print_final_stats=1 2>&1 | tail -5
done
