#!/usr/bin/env python3
"""Where `loka detect` loses NAB points: per labelled window and per false-positive row.

At the corpus-wide threshold of the standard profile (as bench/detect_bench.py chooses it), for
each labelled window: the first detection's offset in rows from the window's middle (NAB labels
the anomaly there and centres the window on it) and its reward (scaled sigmoid, 1 at the left
edge, 0.86 in the middle), or, for a missed window, the best score inside it and where. Then the
raw score split into missed windows, false-positive rows and the timing of the found ones
(detections before, at (within 5 rows of) and after the labelled middle), what moving the late
ones back to the middle would gain, false-positive rows per 1,000 scored rows by file length,
and each category at its own best threshold beside the shared one (what one threshold for the
whole corpus costs it).

Usage: bench/detect_windows.py [--loka build/loka] [--corpus DIR]
       [--out bench/results/detect_windows.md]. Standard library only.
"""
import argparse
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import detect_bench as db  # noqa: E402

NEAR_ROWS = 5  # a detection within this many rows of the labelled middle is "at" it
STANDARD = db.PROFILES["standard"]


def reward(i, left, right):
    return db.scaled_sigmoid(-(right - i + 1) / float(right - left + 1)) / db.MAX_TP


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--loka", default=os.path.join(ROOT, "build", "loka"))
    ap.add_argument("--corpus", default=None, help="NAB-layout corpus (default: as detect_bench.py)")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results", "detect_windows.md"))
    args = ap.parse_args()
    args.corpus = db.nab_corpus_or_exit(args.corpus, "detect_windows.py")
    corpus, _, _ = db.load_corpus(args.corpus)
    scores = {n: db.run_loka(args.loka, os.path.join(args.corpus, "data", n)) for n in corpus}
    res = db.score_detector(corpus, scores, "standard")
    thr = res["threshold"]

    table = ["| file | window (rows) | first detection from the middle | reward |",
             "|---|---|---:|---:|"]
    timing = {"before": [0, 0.0], "at": [0, 0.0], "after": [0, 0.0]}
    late_gain, missed, fp_cost = 0.0, 0, 0.0
    fp_by_len = {}  # length class -> [false-positive rows, scored rows, files]
    for name, (ts, windows) in corpus.items():
        s = scores[name]
        n = len(ts)
        probation = min(math.floor(0.15 * n), 750)
        length = "under 2,000 rows" if n < 2000 else ("2,000-5,000 rows" if n < 5000 else
                                                     "over 5,000 rows")
        cls = fp_by_len.setdefault(length, [0, 0, 0])
        cls[2] += 1
        for sc, sweep, win in db.sweep_rows(ts, s, windows, name, STANDARD):
            cls[1] += 1
            if sc >= thr and win is None:
                cls[0] += 1
                fp_cost -= sweep
        index = {db.norm_ts(t): i for i, t in enumerate(ts)}
        for a, b in windows:
            left, right = index[db.norm_ts(a)], index[db.norm_ts(b)]
            middle = (left + right) // 2
            scored = range(max(left, probation), right + 1)
            hits = [i for i in scored if s[i] >= thr]
            span = "%d-%d" % (left, right)
            if not hits:
                missed += 1
                best = max(scored, key=lambda i: s[i]) if len(scored) else None
                table.append("| %s | %s | missed (best %.3f at %+d) | -1 |" % (
                    name, span, s[best] if best is not None else 0.0,
                    best - middle if best is not None else 0))
                continue
            i = hits[0]
            r = reward(i, left, right)
            kind = ("before" if i < middle - NEAR_ROWS else
                    "at" if i <= middle + NEAR_ROWS else "after")
            timing[kind][0] += 1
            timing[kind][1] += 1.0 - r
            if kind == "after":
                late_gain += reward(middle, left, right) - r
            table.append("| %s | %s | %+d | %.2f |" % (name, span, i - middle, r))

    n_win = res["windows"]
    # The losses add up to the distance from a perfect raw score (every window at its left edge).
    lost = 2.0 * missed + fp_cost + sum(v[1] for v in timing.values())
    assert abs(n_win - res["raw"] - lost) < 1e-6, (n_win, res["raw"], lost)
    points = 100.0 / (2.0 * n_win)  # one raw point in normalised points (standard profile)
    lines = ["# Where `loka detect` loses NAB points (%s, %d files, %d windows)\n"
             % (os.path.basename(os.path.normpath(args.corpus)), len(corpus), n_win),
             "Standard profile at the corpus-wide threshold %.4f: score %.1f, raw %.2f of %d; "
             "%d windows found, %d false-positive rows.\n"
             % (thr, res["score"], res["raw"], n_win, res["detected"], res["fp_rows"]),
             "| raw points lost | windows or rows | raw points |", "|---|---:|---:|",
             "| missed windows (-1 each instead of up to +1) | %d | %.2f |" % (missed, 2.0 * missed),
             "| false-positive rows | %d | %.2f |" % (res["fp_rows"], fp_cost)]
    for kind in ("before", "at", "after"):
        lines.append("| timing of the windows found %s the labelled middle | %d | %.2f |"
                     % (kind, timing[kind][0], timing[kind][1]))
    lines.append("\n(At: within %d rows of it.) The windows found after the middle, detected at it "
                 "instead: +%.2f raw (+%.1f points).\n" % (NEAR_ROWS, late_gain, late_gain * points))
    lines += ["| files | count | false-positive rows | per 1,000 scored rows |", "|---|---:|---:|---:|"]
    for length in ("under 2,000 rows", "2,000-5,000 rows", "over 5,000 rows"):
        if length in fp_by_len:
            fp, rows, files = fp_by_len[length]
            lines.append("| %s | %d | %d | %.2f |" % (length, files, fp, 1000.0 * fp / rows))
    lines += ["\n| category | at the shared threshold | at its own best threshold |",
              "|---|---:|---:|"]
    for cat in sorted({n.split("/")[0] for n in corpus}):
        sub = {n: v for n, v in corpus.items() if n.startswith(cat + "/")}
        if not any(w for _, w in sub.values()):
            continue
        lines.append("| %s | %.1f | %.1f |" % (cat, db.score_at(sub, scores, "standard", thr)["score"],
                                               db.score_detector(sub, scores, "standard")["score"]))
    lines += ["\nPer window (offset in rows from the window's middle; reward 1 at the left "
              "edge, 0.86 in the middle, 0 at the right edge):\n"] + table
    text = "\n".join(lines) + "\n"
    with open(args.out, "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
