#!/usr/bin/env bash
# `make run`: the demo. Trains the request-routing classifier on the shipped demo data, reports
# its held-out quality, quantizes it, and routes a few citizens' messages, saying what it does.
# Then starts the node with that model routing the helpline, Kannel with its fake SMSC in front
# of it, sends the citizens' SMS of testdata/demo/sms_demo.tsv through it, feeds the node a
# sensor season, and leaves the node running for the dashboard.
#
# Environment: LOKA_PORT (8080) the node's port, a free one when busy; LOKA_RUN_DIR
# (BUILD) where demo/ and run/ are written; LOKA_DEMO_EXIT=1 stops everything after the demo
# instead of leaving the node running; LOKA_DEMO_SEASON=0 skips the sensor season.
set -euo pipefail
build="${1:-build}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
case "$build" in /*) bin="$build" ;; *) bin="$here/$build" ;; esac
loka="$bin/loka"
root="${LOKA_RUN_DIR:-$bin}"
out="$root/demo"
mkdir -p "$out"

echo "== loka demo: routing citizens' requests to the right desk"
echo "-- training on testdata/demo/requests.tsv ($(wc -l < "$here/testdata/demo/requests.tsv") labelled requests)"
"$loka" train "$here/testdata/demo/requests.tsv" -o "$out/requests.bin" --seed 1
echo "-- held-out quality (testdata/demo/requests_eval.tsv)"
"$loka" test "$out/requests.bin" "$here/testdata/demo/requests_eval.tsv" | tail -5
echo "-- quantizing for a small device"
"$loka" quantize "$out/requests.bin" -o "$out/requests.q.bin"
echo "-- routing new messages (label, probability; top 2) from testdata/demo/examples.tsv"
# Messages the model never saw, each with the desk a person would choose: a miss is shown.
cut -f2 "$here/testdata/demo/examples.tsv" > "$out/messages.txt"
paste "$here/testdata/demo/examples.tsv" \
      <("$loka" predict "$out/requests.q.bin" "$out/messages.txt" -k 2) \
  | awk -F'\t' '{ printf "  %-60s -> %s (%.2f), then %s (%.2f)%s\n", $2, $3, $4, $5, $6,
                   $3 == $1 ? "" : "   (a person would say " $1 ")" }'
echo "== done. Try: $build/loka predict $out/requests.q.bin   (type a line, Ctrl-D to end)"

# ---- The node: the same model behind the HTTP JSON API and the dashboard.
echo
data="$root/run"
echo "== loka node: HTTP JSON API + dashboard on a fresh database ($data/)"
rm -rf "$data"
mkdir -p "$data"
db="$data/loka.db"
key=$("$loka" keys add --db "$db" --scope admin --note "make run" 2>/dev/null | tail -1)
port="${LOKA_PORT:-8080}"
# The node and Kannel's boxes are stopped however the script ends.
# shellcheck source=scripts/demo/kannel.sh
source "$here/scripts/demo/kannel.sh"
node_pid=
# shellcheck disable=SC2317  # the EXIT trap calls it
stop_all() {
  if [[ -n "$node_pid" ]]; then
    kill -TERM "$node_pid" 2>/dev/null || true
    wait "$node_pid" 2>/dev/null || true
  fi
  kannel_stop
}
trap stop_all EXIT
# The helpline routes with the demo model; its replies go out through Kannel when installed.
kannel=no
if kannel_prepare "$data/kannel"; then kannel=yes; fi
start_node() {
  "$loka" serve --db "$db" --listen "127.0.0.1:$1" --seed-model "requests=$out/requests.bin" \
    --seed-eval "requests=$here/testdata/demo/requests_eval.tsv" \
    --readings-retention-days 0 --helpline-model requests --helpline-transliterate \
    "${kannel_node_args[@]}" \
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
url=$(sed -n 's/.*dashboard \(http[^ ]*\).*/\1/p' "$data/serve.out")
node_port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' <<< "$url")

# ---- Helpline: citizens' SMS from fake phones through Kannel's fake SMSC to the node, which
# routes each to a desk (or to review when unsure) and acknowledges it by SMS through Kannel.
echo "== loka helpline: citizens' SMS to the node (testdata/demo/sms_demo.tsv)"
phones=()
phones_note=
if [[ $kannel == yes ]]; then
  if kannel_start "$node_port"; then
    echo "-- bearerbox, smsbox and fakesmsc on loopback; their logs in $data/kannel/"
    phones=(--fifo "$kannel_phones" --phone-log "$data/kannel/phones.log")
    phones_note="; what the fake phones received: $data/kannel/phones.log"
  else
    echo "-- Kannel did not start: the messages go to POST /v1/messages instead"
    kannel_stop
  fi
fi
python3 "$here/scripts/demo/helpline.py" "$url" "$key" "$here/testdata/demo/sms_demo.tsv" \
  "${phones[@]}" || echo "-- the helpline demo did not finish"

# ---- Sense: a living maize field. A season of hourly readings from four stations, generated
# from NOAA's daily Seattle weather with injected sensor faults (scripts/data/make_season.py),
# posted through the API so the node's detectors raise alerts as the readings arrive.
if [[ "${LOKA_DEMO_SEASON:-1}" != 0 ]]; then
  echo "== loka sense: a maize season from four weather stations"
  season="$data/season"
  if python3 "$here/scripts/data/make_season.py" "$season" > "$data/season.out" 2>&1; then
    sed 's/^/-- generated: /' "$data/season.out"
  else
    echo "-- vega-datasets not installed: using the committed season (testdata/sense)"
    season="$here/testdata/sense"
  fi
  python3 "$here/scripts/data/post_season.py" "$url" "$key" "$season/season.csv"
fi
if [[ "${LOKA_DEMO_EXIT:-0}" == 1 ]]; then
  echo "== done (LOKA_DEMO_EXIT=1): everything stops; database $db"
  exit 0
fi
cat <<MSG
-- $(head -1 "$data/serve.out")
-- dashboard: $url   (paste this admin API key when it asks)
   $key
-- the helpline's tickets: the dashboard's Inbox (${url}#inbox-section), the review queue
   first: confirm or correct a desk, reply by hand${phones_note}

-- try the API:
curl -s -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \\
     -d '{"text": "Habari ya asubuhi, maji yamekatika tangu jana"}' ${url}v1/langid
curl -s -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \\
     -d '{"text": "Our taps have had no water since Monday", "k": 2}' ${url}v1/models/requests/predict
curl -s -H "Authorization: Bearer $key" ${url}v1/models
curl -s -H "Authorization: Bearer $key" ${url}v1/fields/1/advice     # irrigation advice
curl -s -H "Authorization: Bearer $key" "${url}v1/stations/st1/et0?from=2014-07-01&to=2014-07-07"
curl -s -H "Authorization: Bearer $key" "${url}v1/alerts?kind=frost&limit=5"
curl -s -H "Authorization: Bearer $key" "${url}v1/tickets?status=needs_review"

== the node is running (database $db); Ctrl-C stops it
MSG
# The node's status is the script's: a clean stop (SIGTERM or Ctrl-C, node exit 0) is a clean
# exit. The EXIT trap then stops Kannel.
status=0
wait "$node_pid" || status=$?
node_pid=
exit "$status"
