#!/usr/bin/python3
"""Learning curve: loka, fastText and TF-IDF linear models (scikit-learn) on the same subsets.

Usage (Debian's python3, which has python3-sklearn):
  /usr/bin/python3 bench/classify_curve.py --build BUILD_DIR [--data data] [--sets debsec,fortunes,demo]
                                           [--sizes 10,30,100,full] [--threads 2] [--seed 1]
                                           [--out bench/results/classify_curve.md]

For each data set and size, every tool trains on the same rows: `k` examples per label drawn
from train.tsv with a fixed seed (`--seed`, 1 by default; all of a label's rows when it has
fewer), or the whole file for `full`, and predicts the same test file. Tools:
- loka: `loka train` with its default settings (what a user gets), `--threads` threads.
- fastText: `fasttext supervised` with the flags bench/fasttext_flags.json holds for the set
  (tuned on the full training file) and, beside it, fastText's own defaults.
- TF-IDF + LinearSVC and TF-IDF + LogisticRegression (scikit-learn defaults, C = 1): word 1-2
  grams and character 2-5 grams (within word boundaries), sublinear TF, L2-normalized.
Measured: accuracy; expected calibration error (ECE: top-1 confidence in 15 equal-width bins,
the share-weighted mean |accuracy - confidence|; LinearSVC gives no probabilities) and its
noise floor (the mean ECE of a perfectly calibrated model with the same confidences on a test
set of the same size: each answer drawn right with its own confidence, 200 draws); training
wall time and CPU time (fit of vectorizer + model for scikit-learn).
"""

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SEED = 1
BINS = 15


def read_tsv(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if "\t" in line:
                label, text = line.split("\t", 1)
                rows.append((label, text))
    return rows


def subset(rows, k):
    if k == "full":
        return list(rows)
    by = {}
    for r in rows:
        by.setdefault(r[0], []).append(r)
    rng = random.Random(SEED)
    out = []
    for label in sorted(by):
        group = by[label][:]
        rng.shuffle(group)
        out.extend(group[:int(k)])
    rng.shuffle(out)
    return out


def ece(conf, correct):
    n = len(conf)
    if n == 0:
        return float("nan")
    sums = [[0.0, 0, 0] for _ in range(BINS)]
    for c, ok in zip(conf, correct):
        b = min(BINS - 1, max(0, int(c * BINS)))
        sums[b][0] += c
        sums[b][1] += 1 if ok else 0
        sums[b][2] += 1
    return sum(abs(s[1] - s[0]) for s in sums if s[2]) / n


def ece_floor(conf, draws=200):
    """Mean ECE over `draws` test sets on which every answer is right with probability equal to
    its confidence: what a perfectly calibrated model would measure at this test size. An ECE
    at or below it says nothing more can be seen on this test set."""
    if not conf:
        return float("nan")
    rng = random.Random(SEED)
    total = 0.0
    for _ in range(draws):
        total += ece(conf, [rng.random() < c for c in conf])
    return total / draws


def cpu_children():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def cpu_self():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def run_loka(binary, train, test, wd, threads):
    tsv = os.path.join(wd, "train.tsv")
    with open(tsv, "w", encoding="utf-8") as f:
        f.writelines("%s\t%s\n" % r for r in train)
    texts = os.path.join(wd, "test.txt")
    with open(texts, "w", encoding="utf-8") as f:
        f.writelines(t + "\n" for _, t in test)
    model = os.path.join(wd, "m.loka")
    c0, t0 = cpu_children(), time.perf_counter()
    subprocess.run([binary, "train", tsv, "-o", model, "--threads", str(threads), "-q"],
                   check=True)
    wall, cpu = time.perf_counter() - t0, cpu_children() - c0
    out = subprocess.run([binary, "predict", model, texts], check=True, capture_output=True,
                         text=True).stdout.split("\n")
    pred, conf = [], []
    for line in out[:len(test)]:
        parts = line.split("\t")
        pred.append(parts[0] if parts[0] else None)
        conf.append(float(parts[1]) if len(parts) > 1 else 0.0)
    qmodel = os.path.join(wd, "m.q.loka")
    subprocess.run([binary, "quantize", model, "-o", qmodel], check=True, capture_output=True)
    return pred, conf, wall, cpu, os.path.getsize(qmodel)


def run_fasttext(train, test, wd, flags, threads):
    ft = os.path.join(wd, "train.ft")
    with open(ft, "w", encoding="utf-8") as f:
        f.writelines("__label__%s %s\n" % (l, t.replace("\n", " ")) for l, t in train)
    texts = os.path.join(wd, "test.txt")
    with open(texts, "w", encoding="utf-8") as f:
        f.writelines(t + "\n" for _, t in test)
    out = os.path.join(wd, "ft")
    c0, t0 = cpu_children(), time.perf_counter()
    subprocess.run(["fasttext", "supervised", "-input", ft, "-output", out, "-thread",
                    str(threads)] + flags.split(), check=True, capture_output=True)
    wall, cpu = time.perf_counter() - t0, cpu_children() - c0
    res = subprocess.run(["fasttext", "predict-prob", out + ".bin", texts, "1"], check=True,
                         capture_output=True, text=True).stdout.split("\n")
    pred, conf = [], []
    for line in res[:len(test)]:
        parts = line.split()
        pred.append(parts[0][len("__label__"):] if parts else None)
        conf.append(float(parts[1]) if len(parts) > 1 else 0.0)
    return pred, conf, wall, cpu, None


def run_sklearn(kind, train, test):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_union
    from sklearn.svm import LinearSVC
    c0, t0 = cpu_self(), time.perf_counter()
    vec = make_union(TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2)),
                     TfidfVectorizer(sublinear_tf=True, analyzer="char_wb", ngram_range=(2, 5)))
    x = vec.fit_transform([t for _, t in train])
    y = [l for l, _ in train]
    clf = LinearSVC() if kind == "svm" else LogisticRegression(max_iter=1000)
    clf.fit(x, y)
    wall, cpu = time.perf_counter() - t0, cpu_self() - c0
    xt = vec.transform([t for _, t in test])
    pred = list(clf.predict(xt))
    conf = None
    if kind == "logreg":
        conf = [float(max(p)) for p in clf.predict_proba(xt)]
    return pred, conf, wall, cpu, None


def data_sets(data_dir):
    d = os.path.join(ROOT, "testdata", "demo")
    return {
        "debsec": (os.path.join(data_dir, "debsec", "train.tsv"),
                   os.path.join(data_dir, "debsec", "test.tsv")),
        "fortunes": (os.path.join(data_dir, "fortunes", "train.tsv"),
                     os.path.join(data_dir, "fortunes", "test.tsv")),
        "demo": (os.path.join(d, "requests.tsv"), os.path.join(d, "requests_eval.tsv")),
    }


def main():
    global SEED
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--data", default=os.path.join(ROOT, "data"))
    ap.add_argument("--sets", default="debsec,fortunes,demo")
    ap.add_argument("--sizes", default="10,30,100,full")
    ap.add_argument("--tools", default="loka,fastText,fastText-default,svm,logreg")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", default=os.path.join(HERE, "results", "classify_curve.md"))
    ap.add_argument("--seed", type=int, default=SEED,
                    help="seed of the k-per-label subsets (default %(default)s, the reported one)")
    args = ap.parse_args()
    SEED = args.seed
    binary = os.path.abspath(os.path.join(args.build, "loka"))
    flags = {}
    with open(os.path.join(HERE, "fasttext_flags.json")) as f:
        for name, e in json.load(f).get("sets", {}).items():
            flags[name] = e["flags"]
    tools = args.tools.split(",")
    if not shutil.which("fasttext"):
        tools = [t for t in tools if not t.startswith("fastText")]
    results = []
    specs = data_sets(os.path.abspath(args.data))
    sets = []
    for name in args.sets.split(","):
        missing = [p for p in specs[name] if not os.path.exists(p)]
        if missing:
            # debsec needs apt's Packages lists (scripts/data/prepare.py says when they are not
            # there); a set that was not built is left out of the report, not an error.
            print("classify_curve: skipping %s: %s not found (scripts/data/prepare.py builds "
                  "it)" % (name, missing[0]), file=sys.stderr)
            continue
        sets.append(name)
    args.sets = ",".join(sets)
    for name in sets:
        train_all, test = read_tsv(specs[name][0]), read_tsv(specs[name][1])
        for size in args.sizes.split(","):
            train = subset(train_all, size)
            for tool in tools:
                with tempfile.TemporaryDirectory() as wd:
                    if tool == "loka":
                        r = run_loka(binary, train, test, wd, args.threads)
                    elif tool == "fastText":
                        r = run_fasttext(train, test, wd, flags.get(name, ""), args.threads)
                    elif tool == "fastText-default":
                        r = run_fasttext(train, test, wd, "", args.threads)
                    else:
                        r = run_sklearn(tool, train, test)
                pred, conf, wall, cpu, qbytes = r
                correct = [p == g for p, (g, _) in zip(pred, test)]
                acc = sum(correct) / len(test)
                row = {"set": name, "size": size, "train_rows": len(train), "tool": tool,
                       "accuracy": acc, "ece": ece(conf, correct) if conf else None,
                       "ece_floor": ece_floor(conf) if conf else None,
                       "train_wall_s": wall, "train_cpu_s": cpu, "quantized_bytes": qbytes}
                results.append(row)
                print("%-9s %-5s %-17s acc %.4f ece %s (floor %s) wall %.1fs cpu %.1fs" % (
                    name, size, tool, acc, "%.3f" % row["ece"] if conf else "-",
                    "%.3f" % row["ece_floor"] if conf else "-", wall, cpu),
                    file=sys.stderr, flush=True)
    write_report(args, results, tools, flags)


def train_time_ratios(results, name, sizes):
    """For each size with loka and a fastText run: loka's train time over fastText's, at the
    tuned flags and at fastText's defaults, in CPU seconds and in wall seconds."""
    out = []
    for size in sizes:
        rows = {r["tool"]: r for r in results if r["set"] == name and r["size"] == size}
        if "loka" not in rows:
            continue
        parts = []
        for tool, label in (("fastText", "tuned"), ("fastText-default", "defaults")):
            ft = rows.get(tool)
            if ft and ft["train_cpu_s"] > 0 and ft["train_wall_s"] > 0:
                parts.append("%s %.2fx CPU, %.2fx wall" % (
                    label, rows["loka"]["train_cpu_s"] / ft["train_cpu_s"],
                    rows["loka"]["train_wall_s"] / ft["train_wall_s"]))
        if parts:
            out.append("%s: %s" % (size, ", ".join(parts)))
    return out


def write_report(args, results, tools, flags):
    names = {"loka": "loka (defaults)", "fastText": "fastText (tuned flags)",
             "fastText-default": "fastText (defaults)", "svm": "TF-IDF LinearSVC",
             "logreg": "TF-IDF LogisticRegression"}
    L = ["# Text classification: learning curve", "",
         "Generated by `bench/classify_curve.py` (`make bench`) on %s. Machine: %d CPUs, "
         "load average at the end %.1f; wall times on a shared machine vary, CPU seconds "
         "less." % (time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), os.cpu_count(),
                   os.getloadavg()[0]), "",
         "Each row trains every tool on the same rows: k examples per label drawn with seed %d "
         "from the set's training file (all of a label's rows when it has fewer), or the "
         "whole file (`full`), and scores the same test file. ECE: expected calibration error "
         "of the top-1 probability (15 equal-width bins) and, in brackets, its noise floor at "
         "this test size (the mean ECE of a perfectly calibrated model with the same "
         "confidences: each answer drawn right with its confidence, 200 draws); LinearSVC "
         "gives no probabilities. "
         "Train time: wall seconds / CPU seconds (vectorizer + fit for scikit-learn). "
         "fastText's tuned flags come from `bench/fasttext_flags.json` (tuned on the full "
         "training file); its defaults are `fasttext supervised` without flags. The TF-IDF "
         "models use word 1-2 and character 2-5 grams (`char_wb`), sublinear TF, L2 norm, "
         "scikit-learn's defaults otherwise (C = 1)." % args.seed, ""]
    for name in args.sets.split(","):
        L.append("## %s" % name)
        L.append("")
        if name in flags:
            L.append("fastText tuned flags: `%s`." % flags[name])
            L.append("")
        L.append("| examples per label | rows | " + " | ".join(names[t] for t in tools) + " |")
        L.append("|---|---:|" + "---:|" * len(tools))
        for size in args.sizes.split(","):
            rows = {r["tool"]: r for r in results if r["set"] == name and r["size"] == size}
            if not rows:
                continue
            n = next(iter(rows.values()))["train_rows"]
            best = max(r["accuracy"] for r in rows.values())
            cells = []
            for t in tools:
                r = rows.get(t)
                if not r:
                    cells.append("—")
                    continue
                acc = "%.2f%%" % (100 * r["accuracy"])
                if r["accuracy"] == best:
                    acc = "**%s**" % acc
                e = "ECE —"
                if r["ece"] is not None:
                    e = "ECE %.3f" % r["ece"]
                    if r.get("ece_floor") is not None:
                        e += " (floor %.3f)" % r["ece_floor"]
                q = ", q %.0f KB" % (r["quantized_bytes"] / 1000) if r["quantized_bytes"] else ""
                cells.append("%s<br>%s<br>%.1f s / %.1f s CPU%s" % (
                    acc, e, r["train_wall_s"], r["train_cpu_s"], q))
            L.append("| %s | %d | %s |" % (size, n, " | ".join(cells)))
        ratios = train_time_ratios(results, name, args.sizes.split(","))
        if ratios:
            L.append("")
            L.append("Train time, loka / fastText, both at `--threads %d`: %s." % (
                args.threads, "; ".join(ratios)))
        L.append("")
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(L))
    with open(os.path.splitext(args.out)[0] + ".json", "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
