#!/usr/bin/env bash
# `make run`: the demo. Trains the request-routing classifier on the shipped demo data, reports
# its held-out quality, quantizes it, and routes a few citizens' messages, saying what it does.
set -euo pipefail
build="${1:-build}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
loka="$here/$build/loka"
out="$here/$build/demo"
mkdir -p "$out"

echo "== loka demo: routing citizens' requests to the right desk"
echo "-- training on testdata/demo/requests.tsv ($(wc -l < "$here/testdata/demo/requests.tsv") labelled requests)"
"$loka" train "$here/testdata/demo/requests.tsv" -o "$out/requests.bin" --seed 1
echo "-- held-out quality (testdata/demo/requests_eval.tsv)"
"$loka" test "$out/requests.bin" "$here/testdata/demo/requests_eval.tsv" | tail -3
echo "-- quantizing for a small device"
"$loka" quantize "$out/requests.bin" -o "$out/requests.q.bin"
echo "-- routing new messages (label, probability; top 2)"
messages=(
  "The tap in our street has been dry for three days"
  "Umeme umekatika tangu jana usiku"
  "मुझे जन्म प्रमाण पत्र की प्रति चाहिए"
  "Há um buraco enorme na estrada perto da escola"
  "My child has a high fever, where is the nearest clinic?"
)
printf '%s\n' "${messages[@]}" > "$out/messages.txt"
paste "$out/messages.txt" <("$loka" predict "$out/requests.q.bin" "$out/messages.txt" -k 2) \
  | awk -F'\t' '{ printf "  %-60s -> %s (%.2f), then %s (%.2f)\n", $1, $2, $3, $4, $5 }'
echo "== done. Try: $build/loka predict $out/requests.q.bin   (type a line, Ctrl-D to end)"
