#!/usr/bin/env bash
# Sustained ingest of sensor readings into `loka serve` over HTTP batches (POST /v1/readings),
# driven by wrk with bench/sense_ingest.lua on loopback: server and client share the machine's
# cores. Every reading is new (no duplicates), converted (°F, km/h) and range-checked, and
# committed with the node's default durability (WAL, synchronous=FULL: fsynced before the
# answer) to a database on the build directory's disk (not tmpfs). Readings/s are counted from
# what the node stored (its daily aggregates), not from requests sent. Writes the "Ingest"
# section of bench/results/sense.md, leaving the file's other sections alone.
# Usage: bench/sense_bench.sh [BUILD_DIR] [SECONDS]
#        (SENSE_BATCH readings per request, default 1000; CONNECTIONS, default 4)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-build}"
seconds="${2:-20}"
[[ "$build" == /* ]] || build="$here/$build"
loka="$build/loka"
batch="${SENSE_BATCH:-1000}"
connections="${CONNECTIONS:-4}"
wrk_threads="${WRK_THREADS:-2}"
out="$here/bench/results/sense.md"
command -v wrk >/dev/null || { echo "sense_bench: wrk is not installed (scripts/setup.sh)"; exit 1; }
[[ -x "$loka" ]] || { echo "sense_bench: no $loka"; exit 1; }

work="$(mktemp -d "$build/sense_bench.XXXXXX")"
cleanup() {
  [[ -n "${pid:-}" ]] && kill -TERM "$pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

key=$("$loka" keys add --db "$work/sense.db" --scope write 2>/dev/null | tail -1)
"$loka" serve --db "$work/sense.db" --listen 127.0.0.1:0 > "$work/serve.out" 2> "$work/serve.err" &
pid=$!
for _ in $(seq 100); do grep -q "dashboard http" "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/.*dashboard \(http[^ ]*\)\/ .*/\1/p' "$work/serve.out")
[[ -n "$url" ]] || { echo "sense_bench: the node did not start"; cat "$work/serve.err"; exit 1; }

cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
ticks0=$(cpu_ticks)
SENSE_BATCH="$batch" SENSE_KEY="$key" wrk -t "$wrk_threads" -c "$connections" -d "${seconds}s" \
  --latency -s "$here/bench/sense_ingest.lua" "$url" > "$work/wrk.txt" 2> "$work/wrk.err"
ticks1=$(cpu_ticks)
cat "$work/wrk.txt"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# What was stored: sum of the sensors' reading counts over every station.
stored=$(curl -s -H "Authorization: Bearer $key" "$url/v1/stations" |
  python3 -c 'import json,sys; print(sum(s["readings"] for st in json.load(sys.stdin)["stations"] for s in st["sensors"]))')
requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
duration=$(awk '/requests in/ {v = $4; sub(/,$/, "", v); n = v + 0; if (v ~ /ms$/) n /= 1000; else if (v ~ /m$/) n *= 60; print n}' "$work/wrk.txt")
non2xx=$(awk '/Non-2xx/ {print $5}' "$work/wrk.txt")
p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.txt")
p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
rate=$(awk -v n="$stored" -v d="$duration" 'BEGIN { printf "%d", n / d }')
cpu_pct=$(awk -v t="$((ticks1 - ticks0))" -v hz="$(getconf CLK_TCK)" -v d="$duration" \
  'BEGIN { printf "%d", 100 * t / hz / d }')
db_mb=$(du -m "$work"/sense.db* | awk '{s += $1} END {print s}')
rss_mb=$(awk '/VmRSS/ {printf "%d", $2 / 1024}' /proc/$pid/status)
echo "sense_bench: $stored readings stored in ${duration}s = $rate readings/s; p99 batch $p99"

section="$work/section.md"
{
  echo "<!-- sense_bench:begin (written by bench/sense_bench.sh) -->"
  echo "## Ingest over HTTP"
  echo
  echo "\`bench/sense_bench.sh\`: wrk ($wrk_threads threads, $connections connections,"
  echo "\`bench/sense_ingest.lua\`) posts batches of $batch new readings (4 sensors per time step,"
  echo "°F and km/h converted) to \`loka serve\` on loopback for ${seconds} s; the node group-commits"
  echo "them (batches arriving during a commit share the next transaction; WAL, synchronous=FULL,"
  echo "fsynced before the 200) to ext4 on the build disk. Readings/s count what the node stored."
  echo "$(date -u +%Y-%m-%d), $(nproc) cores"
  echo "shared by node and wrk; load average before $load_before, after $load_after."
  echo
  echo "| readings/batch | batches | readings stored | readings/s | p50 batch | p99 batch | node CPU | node RSS | db size | target |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  echo "| $batch | $requests | $stored | **$rate** | $p50 | $p99 | ${cpu_pct}% | ${rss_mb} MB | ${db_mb} MB | ≥ 100,000/s |"
  echo
  if [[ -n "$non2xx" ]]; then echo "Non-2xx answers: $non2xx (see wrk output)."; echo; fi
  echo "<!-- sense_bench:end -->"
} > "$section"

# Replace the previous section (or append one) without touching the rest of the file.
python3 - "$out" "$section" <<'PY'
import os, re, sys
out, section = sys.argv[1], open(sys.argv[2]).read()
text = open(out).read() if os.path.exists(out) else "# Sense benchmarks\n"
pattern = re.compile(r"<!-- sense_bench:begin.*?<!-- sense_bench:end -->\n", re.S)
text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
open(out, "w").write(text)
PY
echo "sense_bench: wrote $out"
