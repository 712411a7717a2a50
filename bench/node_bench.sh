#!/usr/bin/env bash
# Load benchmark of `loka serve` with wrk on loopback (server and client share the machine's
# cores): POST /v1/langid with a 60-character text and POST /v1/models/{name}/predict, 64
# connections each, then the node's resident memory. Writes bench/results/node.md.
# Usage: bench/node_bench.sh [BUILD_DIR] [SECONDS]   (LOKA_LANGID_MODEL picks the model)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-build}"
seconds="${2:-10}"
loka="$here/$build/loka"
connections="${CONNECTIONS:-64}"
threads="${NODE_THREADS:-64}"
command -v wrk >/dev/null || { echo "node_bench: wrk is not installed (scripts/setup.sh)"; exit 1; }

work="$(mktemp -d)"
trap 'kill -TERM "${pid:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
langid="${LOKA_LANGID_MODEL:-$here/$build/models/langid.bin}"
langid_args=()
if [[ -f "$langid" ]]; then langid_args=(--langid-model "$langid"); else
  echo "node_bench: no language-ID model at $langid; the langid run measures the 503 path"; fi

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
cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $key"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"text": "$text"}'
LUA

run() {  # name path
  wrk -t 1 -c "$connections" -d "${seconds}s" --latency -s "$work/post.lua" "$url$2" > "$work/$1.txt"
  local rps p50 p99 non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/$1.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$work/$1.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/$1.txt")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$work/$1.txt")
  echo "| \`POST $2\` | $connections | $rps | $p50 | $p99 | ${non2xx:-0} |"
}

{
  echo "# loka node load benchmark"
  echo
  echo "$(date -u +%Y-%m-%d), $(nproc) cores shared by server and wrk (1 wrk thread), loopback,"
  echo "${seconds} s per run, node with $threads HTTP threads. Text: \"$text\" (${#text} chars)."
  echo "Language-ID model: ${langid_args[1]:-none}."
  echo
  echo "| request | connections | requests/s | p50 | p99 | non-2xx |"
  echo "|---|---|---|---|---|---|"
  run langid /v1/langid
  run predict /v1/models/requests/predict
  echo
  echo "Resident memory of the node: $((rss_idle_kb / 1024)) MB after start (models loaded),"
  echo "$(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024 )) MB after the runs," \
       "peak $(( $(awk '/VmHWM/ {print $2}' /proc/$pid/status) / 1024 )) MB."
} | tee "$work/node.md"
mkdir -p "$here/bench/results"
cp "$work/node.md" "$here/bench/results/node.md"
