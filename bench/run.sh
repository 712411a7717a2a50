#!/usr/bin/env bash
# Side-by-side benchmarks of loka against its peers; results in bench/results/.
#
#   bash bench/run.sh BUILD_DIR            # every step, in order
#   bash bench/run.sh BUILD_DIR classify   # only the named step(s)
#
# Environment: BENCH_THREADS (training threads for both tools, default 2),
#              BENCH_DATA (prepared data directory, default data/, gitignored).
#
# Adding a bench: write a step_<name> function below and append <name> to STEPS. A step runs
# from the repository root, reads the loka binary from "$build/loka", writes its report to
# bench/results/<name>.md, and returns non-zero on failure (later steps still run).
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if (($# < 1)); then
  echo "usage: bash bench/run.sh BUILD_DIR [STEP...]" >&2
  exit 2
fi
build="$(cd "$1" 2>/dev/null && pwd || echo "$1")"  # absolute when it exists
shift
cd "$root"
threads="${BENCH_THREADS:-2}"
data="${BENCH_DATA:-data}"

STEPS=(data classify langid node sense detect search helpline fed)

# Prepared data sets (idempotent: skipped when inputs are unchanged).
step_data() {
  python3 scripts/data/prepare.py "$data"
}

# Text classification: loka vs fastText on UDHR language ID, fortunes, demo requests.
step_classify() {
  python3 bench/classify_bench.py --build "$build" --data "$data" --threads "$threads" \
    --out bench/results/classify.md
  # The learning curve (10 / 30 / 100 examples per label, full) beside fastText and TF-IDF
  # linear models; scikit-learn is Debian's, so Debian's python runs it.
  /usr/bin/python3 bench/classify_curve.py --build "$build" --data "$data" --threads "$threads" \
    --out bench/results/classify_curve.md
}

# Language ID: loka vs fastText (same split), CLD2, franc-all, eld, tinyld on UDHR full/50/20.
# Then everyday messages (bench/data/everyday_dev*.tsv) against CLD2 and lid.176.
step_langid() {
  python3 bench/langid_bench.py --build "$build" --data "$data" --threads "$threads" \
    --out bench/results/langid.md || return
  # Set n is bench/data/everyday_devN.tsv (the first has no number); 8, 9, 12 and 13 hold ten
  # clean lines a language before the romanized ones, 11 nine, and their results split the two.
  local n split
  for n in "" 2 3 4 5 6 7 8 9 10 11 12 13; do
    split=()
    case "$n" in 8|9|12|13) split=(--clean-first 10) ;; 11) split=(--clean-first 9) ;; esac
    python3 bench/langid_everyday_bench.py --build "$build" --data "$data" \
      --dev "bench/data/everyday_dev$n.tsv" "${split[@]}" \
      --out "bench/results/langid_everyday$n.md" >/dev/null || return
  done
}

# Federation: loka fed simulate on the demo requests, debsec (53 labels, 47,837 lines; seed 1)
# and a 50k-line language set, compressed and dense updates, 10 label-skewed nodes, 30 rounds,
# 30% drop-out; the table, the curves and their plot (bench/results/fed_curves.svg).
step_fed() {
  python3 bench/fed_bench.py --build "$build" --data "$data" --debsec --debsec-seeds 1 \
    --out bench/results/fed.md
}

# The node under load (wrk, 64 connections) beside a Flask + gunicorn + fastText baseline.
step_node() {
  bash bench/node_bench.sh "$build"
}

# Helpline messages routed per second through POST /v1/messages (wrk), helpline.md.
step_helpline() {
  bash bench/helpline_bench.sh "$build"
}

# Sensor readings ingest over HTTP batches (wrk), into the "Ingest" section of sense.md.
step_sense() {
  bash bench/sense_bench.sh "$build"
}

# Anomaly scores: loka detect vs NAB's windowed Gaussian, random and constant detectors, scored
# like NAB v1.1 on NAB's own data when ../shared/nab-dev (or $NAB_CORPUS) is there, else on a
# synthetic NAB-like corpus. Then, with NAB's data, the generated road-like and tweet-like streams
# of bench/make_road_tweets.py over five seeds, alone and pooled with NAB's 41 files as a 58-file
# corpus (detect_seeds.md), and where the points on NAB's files are lost, window by window
# (detect_windows.md). The whole step takes about 25 s of CPU.
step_detect() {
  python3 bench/detect_bench.py --loka "$build/loka" --out bench/results/detect.md || return
  if [[ -n "${NAB_CORPUS:-}" || -e ../shared/nab-dev || -e ../../shared/nab-dev ]]; then
    python3 bench/detect_seeds.py --loka "$build/loka" --out bench/results/detect_seeds.md >/dev/null
    python3 bench/detect_windows.py --loka "$build/loka" --out bench/results/detect_windows.md >/dev/null
  fi
}

# Knowledge-base search: loka's hybrid vs plain FTS5 BM25, known-item UDHR queries typed as on
# phones, romanized queries, and latency/indexing time over 100,000+ passages.
step_search() {
  python3 bench/search_bench.py --build "$build" --data "$data" --out bench/results/search.md
}

if (($# > 0)); then selected=("$@"); else selected=("${STEPS[@]}"); fi
for s in "${selected[@]}"; do
  if ! declare -F "step_$s" >/dev/null; then
    echo "bench: unknown step '$s' (steps: ${STEPS[*]})" >&2
    exit 2
  fi
done
if [[ ! -x "$build/loka" ]]; then
  echo "bench: note: $build/loka not found; benches measure the peers only" >&2
fi

mkdir -p bench/results
failed=()
summary=()
for s in "${selected[@]}"; do
  echo "bench: === step $s ===" >&2
  t0=$SECONDS
  if "step_$s"; then
    summary+=("$s ok ($((SECONDS - t0)) s)")
  else
    summary+=("$s FAILED ($((SECONDS - t0)) s)")
    failed+=("$s")
  fi
done
echo "bench: ${summary[*]}" >&2
((${#failed[@]} == 0))
