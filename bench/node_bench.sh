#!/usr/bin/env bash
# Load benchmark of `loka serve` with wrk on loopback (server and client share the machine's
# cores): POST /v1/langid with a 60-character text and POST /v1/models/{name}/predict, 64
# connections each, then the node's resident memory. Side by side in the same run, under the
# same wrk settings and text: the usual way fastText is served, a Flask app on gunicorn with 2
# workers around Debian's python3-fasttext and lid.176.ftz (bench/peers/fasttext_flask.py).
# The servers run one after the other, never together. Writes bench/results/node.md.
# Usage: bench/node_bench.sh [BUILD_DIR] [SECONDS]   (LOKA_LANGID_MODEL picks the model;
#        BASELINE=0 skips the Flask baseline)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-build}"
seconds="${2:-10}"
[[ "$build" == /* ]] || build="$here/$build"
loka="$build/loka"
connections="${CONNECTIONS:-64}"
threads="${NODE_THREADS:-64}"
baseline="${BASELINE:-1}"
gunicorn_workers=2
lid176="$here/third_party/npm/node_modules/fasttext.wasm.js/dist/models/language-identification/assets/lid.176.ftz"
command -v wrk >/dev/null || { echo "node_bench: wrk is not installed (scripts/setup.sh)"; exit 1; }
if [[ "$baseline" == 1 ]]; then
  [[ -x /usr/bin/gunicorn ]] || { echo "node_bench: gunicorn is not installed (scripts/setup.sh)"; exit 1; }
  [[ -f "$lid176" ]] || { echo "node_bench: no $lid176 (scripts/setup.sh installs fasttext.wasm.js)"; exit 1; }
fi

work="$(mktemp -d)"
cleanup() {
  for p in "${pid:-}" "${gpid:-}"; do [[ -n "$p" ]] && kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
langid="${LOKA_LANGID_MODEL:-$build/models/langid.bin}"
langid_args=()
if [[ -f "$langid" ]]; then langid_args=(--langid-model "$langid"); else
  echo "node_bench: no language-ID model at $langid; the langid run measures the 503 path"; fi
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

"$loka" train "$here/testdata/demo/requests.tsv" -o "$work/requests.bin" -q --threads 1
key=$("$loka" keys add --db "$work/node.db" --scope read 2>/dev/null | tail -1)
"$loka" serve --db "$work/node.db" --listen 127.0.0.1:0 --threads "$threads" "${langid_args[@]}" \
  --seed-model "requests=$work/requests.bin" > "$work/serve.out" 2> "$work/serve.err" &
pid=$!
for _ in $(seq 100); do grep -q "dashboard http" "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/.*dashboard \(http[^ ]*\)\/ .*/\1/p' "$work/serve.out")
rss_idle_kb=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)

# 60 characters of Swahili, as an SMS gateway would send.
text="Habari ya asubuhi, maji yamekatika tangu jana usiku mtaani!!"
body="{\"text\": \"$text\"}"
cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $key"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$body'
LUA

to_ms() {  # a wrk latency ("850.00us", "1.76ms", "1.02s") in milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/) n *= 1000;
                         printf "%.2f", n }'
}
# run NAME BASE_URL PATH SERVER: one wrk run; leaves "rps p99_ms" in $work/NAME.num, prints a
# table row.
run() {
  wrk -t 1 -c "$connections" -d "${seconds}s" --latency -s "$work/post.lua" "$2$3" > "$work/$1.txt"
  local rps p50 p99 non2xx sockerr
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/$1.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$work/$1.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/$1.txt")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$work/$1.txt")
  sockerr=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$work/$1.txt")
  echo "$rps $(to_ms "$p99")" > "$work/$1.num"
  echo "| $4 | \`POST $3\` | $connections | $rps | $p50 | $p99 | ${non2xx:-0} | ${sockerr:-0} |"
}
answer() {  # URL: the language and probability one request gets back
  curl -s -X POST -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d "$body" "$1" | sed -n 's/.*"language": *"\([^"]*\)".*"probability": *\([0-9.e-]*\).*/\1 \2/p'
}
rss_kb() {  # PID...: summed VmRSS
  local total=0 p
  for p in "$@"; do total=$((total + $(awk '/VmRSS/ {print $2}' /proc/$p/status))); done
  echo "$total"
}

rows="$work/rows.md"
run langid "$url" /v1/langid loka > "$rows"
run predict "$url" /v1/models/requests/predict loka >> "$rows"
loka_answer=$(answer "$url/v1/langid")
rss_after_kb=$(rss_kb "$pid")
rss_peak_kb=$(awk '/VmHWM/ {print $2}' /proc/$pid/status)
kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=

if [[ "$baseline" == 1 ]]; then
  port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  LID_MODEL="$lid176" /usr/bin/gunicorn -w "$gunicorn_workers" -b "127.0.0.1:$port" \
    --chdir "$here/bench/peers" fasttext_flask:app > "$work/gunicorn.out" 2>&1 &
  gpid=$!
  burl="http://127.0.0.1:$port"
  for _ in $(seq 100); do
    [[ -n "$(answer "$burl/v1/langid" 2>/dev/null)" ]] && break; sleep 0.1
  done
  base_answer=$(answer "$burl/v1/langid")
  if [[ -z "$base_answer" ]]; then
    echo "node_bench: the Flask baseline did not answer:"; cat "$work/gunicorn.out"; exit 1
  fi
  run base "$burl" /v1/langid "Flask + gunicorn ($gunicorn_workers workers) + fastText lid.176.ftz" >> "$rows"
  base_rss_kb=$(rss_kb "$gpid" $(pgrep -P "$gpid"))
  kill -TERM "$gpid"; wait "$gpid" 2>/dev/null || true; gpid=
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

{
  echo "# loka node load benchmark"
  echo
  echo "$(date -u +%Y-%m-%d), $(nproc) cores shared by server and wrk (1 wrk thread), loopback,"
  echo "${seconds} s per run, node with $threads HTTP threads. Text: \"$text\" (${#text} chars)."
  echo "Language-ID model: ${langid_args[1]:-none}. Load average (1, 5, 15 min) before the runs"
  echo "$load_before, after $load_after."
  echo
  echo "| server | request | connections | requests/s | p50 | p99 | non-2xx | socket errors |"
  echo "|---|---|---|---|---|---|---|---|"
  cat "$rows"
  echo
  echo "Resident memory of the node: $((rss_idle_kb / 1024)) MB after start (models loaded),"
  echo "$((rss_after_kb / 1024)) MB after the runs, peak $((rss_peak_kb / 1024)) MB."
  if [[ "$baseline" == 1 ]]; then
    read -r lrps lp99 < "$work/langid.num"
    read -r brps bp99 < "$work/base.num"
    echo
    echo "Same text, same wrk settings, one server at a time. POST /v1/langid, loka vs the Flask"
    echo "baseline: $(awk -v a="$lrps" -v b="$brps" 'BEGIN { printf "%.1fx", a / b }') the requests/s," \
         "$(awk -v a="$bp99" -v b="$lp99" 'BEGIN { printf "%.1fx", a / b }') lower p99" \
         "($lp99 ms vs $bp99 ms)."
    echo "Answers to the benchmark text: loka \`$loka_answer\`, fastText lid.176.ftz \`$base_answer\`."
    echo "The baseline's resident memory (gunicorn master and $gunicorn_workers workers):" \
         "$((base_rss_kb / 1024)) MB after its run."
  fi
  if awk -v l="${load_before%% *}" -v n="$(nproc)" 'BEGIN { exit !(l > n * 0.75) }'; then
    echo
    echo "**The machine was busy** (1-minute load ${load_before%% *} on $(nproc) cores before the runs):"
    echo "every figure is a floor, and the ratio is not a quiet machine's. Under contention the"
    echo "scheduler shares CPU per runnable thread, so the node's many threads keep more of it"
    echo "than gunicorn's $gunicorn_workers workers: the baseline loses more than the node does."
  fi
} | tee "$work/node.md"
mkdir -p "$here/bench/results"
cp "$work/node.md" "$here/bench/results/node.md"
