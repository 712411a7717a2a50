#!/usr/bin/env python3
"""`loka detect` on NAB's development data and on the road-like and tweet-like streams of
bench/make_road_tweets.py over several seeds: how the defaults carry over to the kinds of
stream NAB holds out (realTraffic, realTweets).

Per seed: road-like and tweet-like scored at the threshold chosen on nab-dev (windows found,
false-positive rows, and the score at their own best threshold), then nab-dev and the 17
generated files pooled as one 58-file corpus (its own threshold, as NAB would choose it) and the
17 files alone at that pooled threshold. Standard profile; scoring from bench/detect_bench.py.

Usage: bench/detect_seeds.py [--loka build/loka] [--corpus ../shared/nab-dev] [--seeds 2,5,6,7,8]
       [--out bench/results/detect_seeds.md]. Standard library only.
"""
import argparse
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import detect_bench as db  # noqa: E402


def run_all(loka, corpus_dir, corpus):
    return {n: db.run_loka(loka, os.path.join(corpus_dir, "data", n)) for n in corpus}


def counts_at(corpus, scores, thr):
    rows = {n: db.sweep_rows(ts, scores[n], w, n, db.PROFILES["standard"])
            for n, (ts, w) in corpus.items()}
    tp, fp = db.detections_at(rows, thr)
    return len(tp), sum(len(w) for _, w in corpus.values()), fp


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--loka", default=os.path.join(ROOT, "build", "loka"))
    ap.add_argument("--corpus", default=None, help="NAB-layout corpus (default: as detect_bench.py)")
    ap.add_argument("--seeds", default="2,5,6,7,8")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results", "detect_seeds.md"))
    args = ap.parse_args()

    args.corpus = db.nab_corpus_or_exit(args.corpus, "detect_seeds.py")
    nab, _, _ = db.load_corpus(args.corpus)
    nab_scores = run_all(args.loka, args.corpus, nab)
    res = {p: db.score_detector(nab, nab_scores, p) for p in db.PROFILES}
    thr = res["standard"]["threshold"]
    lines = ["# `loka detect` on nab-dev and on generated road-like and tweet-like streams\n",
             "nab-dev (%d files): %.1f / %.1f / %.1f (standard / reward low FP / reward low FN), "
             "threshold %.4f, %d of %d windows, %d false-positive rows. Left out (standard): %s.\n"
             % (len(nab), res["standard"]["score"], res["reward_low_FP"]["score"],
                res["reward_low_FN"]["score"], thr, res["standard"]["detected"],
                res["standard"]["windows"], res["standard"]["fp_rows"],
                ", ".join("%s %.1f" % (c, loo) for c, _, _, _, _, loo in
                          db.category_rows(nab, nab_scores, "standard", thr) if loo is not None)),
             "| seed | road-like at nab-dev thr | found | FP rows | own thr | tweet-like at nab-dev "
             "thr | found | FP rows | own thr | 58 files | 17 generated at the 58's thr |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    pooled = []
    numeric = []  # per seed: the score columns, for the mean row
    for seed in [int(s) for s in args.seeds.split(",")]:
        with tempfile.TemporaryDirectory() as d:
            subprocess.run([sys.executable, os.path.join(HERE, "make_road_tweets.py"), d,
                            "--seed", str(seed)], check=True, stdout=subprocess.DEVNULL)
            gen, _, _ = db.load_corpus(d)
            gen_scores = run_all(args.loka, d, gen)
        cells = ["%d" % seed]
        for prefix in ("roadLike/", "tweetsLike/"):
            sub = {n: v for n, v in gen.items() if n.startswith(prefix)}
            found, windows, fp = counts_at(sub, gen_scores, thr)
            cells += ["%.1f" % db.score_at(sub, gen_scores, "standard", thr)["score"],
                      "%d / %d" % (found, windows), "%d" % fp,
                      "%.1f" % db.score_detector(sub, gen_scores, "standard")["score"]]
        both, both_scores = dict(nab), dict(nab_scores)
        both.update(gen)
        both_scores.update(gen_scores)
        all58 = db.score_detector(both, both_scores, "standard")
        pooled.append(all58["score"])
        cells += ["%.1f" % all58["score"],
                  "%.1f" % db.score_at(gen, gen_scores, "standard", all58["threshold"])["score"]]
        lines.append("| " + " | ".join(cells) + " |")
        numeric.append([float(cells[k]) for k in (1, 4, 5, 8, 9, 10)])
    means = [sum(col) / len(col) for col in zip(*numeric)]
    lines.append("| mean | %.1f | | | %.1f | %.1f | | | %.1f | %.1f | %.1f |" % tuple(means))
    lines.append("\nMean of the 58-file scores: %.2f.\n" % (sum(pooled) / len(pooled)))
    text = "\n".join(lines)
    with open(args.out, "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
