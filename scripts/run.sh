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
"$loka" test "$out/requests.bin" "$here/testdata/demo/requests_eval.tsv" | tail -5
echo "-- quantizing for a small device"
"$loka" quantize "$out/requests.bin" -o "$out/requests.q.bin"
echo "-- routing new messages (label, probability; top 2)"
messages=(
  "The tap in our street has been dry for three days"
  "Umeme umekatika tangu jana usiku"
  "मुझे जन्म प्रमाण पत्र की प्रति चाहिए"
  "Há um buraco enorme na estrada perto da escola"
  "My child has a high fever, where is the nearest clinic?"
  "mera aadhaar card kho gaya, naya kaise banega"
  "Il n'y a plus de courant dans tout le quartier depuis ce matin"
  "الطريق إلى السوق مليء بالحفر"
)
printf '%s\n' "${messages[@]}" > "$out/messages.txt"
paste "$out/messages.txt" <("$loka" predict "$out/requests.q.bin" "$out/messages.txt" -k 2) \
  | awk -F'\t' '{ printf "  %-60s -> %s (%.2f), then %s (%.2f)\n", $1, $2, $3, $4, $5 }'
echo "== done. Try: $build/loka predict $out/requests.q.bin   (type a line, Ctrl-D to end)"

# ---- The node: the same model behind the HTTP JSON API and the dashboard.
echo
echo "== loka node: HTTP JSON API + dashboard on a fresh database ($build/run/)"
data="$here/$build/run"
rm -rf "$data"
mkdir -p "$data"
db="$data/loka.db"
key=$("$loka" keys add --db "$db" --scope admin --note "make run" 2>/dev/null | tail -1)
port="${LOKA_PORT:-8080}"
start_node() {
  "$loka" serve --db "$db" --listen "127.0.0.1:$1" --seed-model "requests=$out/requests.bin" \
    --seed-eval "requests=$here/testdata/demo/requests_eval.tsv" \
    --readings-retention-days 0 \
    > "$data/serve.out" 2> >(tee "$data/serve.err" >&2) &
  node_pid=$!
  for _ in $(seq 100); do
    if grep -q "dashboard http" "$data/serve.out" 2>/dev/null; then return 0; fi
    if ! kill -0 "$node_pid" 2>/dev/null; then return 1; fi
    sleep 0.1
  done
  return 1
}
if ! start_node "$port"; then
  echo "-- port $port is busy; using a free port instead"
  start_node 0
fi
trap 'kill -TERM "$node_pid" 2>/dev/null; wait "$node_pid" 2>/dev/null' EXIT
url=$(sed -n 's/.*dashboard \(http[^ ]*\).*/\1/p' "$data/serve.out")

# ---- Sense: a living maize field. A season of hourly readings from four stations, generated
# from NOAA's daily Seattle weather with injected sensor faults (scripts/data/make_season.py),
# posted through the API so the node's detectors raise alerts as the readings arrive.
echo "== loka sense: a maize season from four weather stations"
season="$data/season"
if python3 "$here/scripts/data/make_season.py" "$season" > "$data/season.out" 2>&1; then
  sed 's/^/-- generated: /' "$data/season.out"
else
  echo "-- vega-datasets not installed: using the committed season (testdata/sense)"
  season="$here/testdata/sense"
fi
python3 "$here/scripts/data/post_season.py" "$url" "$key" "$season/season.csv"
cat <<MSG
-- $(head -1 "$data/serve.out")
-- dashboard: $url   (paste this admin API key when it asks)
   $key

-- try the API:
curl -s -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \\
     -d '{"text": "Habari ya asubuhi, maji yamekatika tangu jana"}' ${url}v1/langid
curl -s -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \\
     -d '{"text": "Our taps have had no water since Monday", "k": 2}' ${url}v1/models/requests/predict
curl -s -H "Authorization: Bearer $key" ${url}v1/models
curl -s -H "Authorization: Bearer $key" ${url}v1/fields/1/advice     # irrigation advice
curl -s -H "Authorization: Bearer $key" "${url}v1/stations/st1/et0?from=2014-07-01&to=2014-07-07"
curl -s -H "Authorization: Bearer $key" "${url}v1/alerts?kind=frost&limit=5"

== the node is running (database $db); Ctrl-C stops it
MSG
# A clean stop (SIGTERM, node exit 0) is a clean exit: the EXIT trap's failing kill would
# otherwise become the script's status.
wait "$node_pid" && trap - EXIT
