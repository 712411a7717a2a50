#!/usr/bin/env python3
"""Tunes fastText's flags per data set for the classification benchmark, fairly: on a validation
split cut from train.tsv (per label, every 5th train row), never on the test set.

Usage: python3 bench/tune_fasttext.py [--data data] [--sets udhr,fortunes,debsec,demo] [--threads 2]

Coordinate search: start from a base flag set; for each axis in turn (n-gram ranges, epoch,
dim, lr, bucket, ...) try the alternatives with every other flag fixed at the current best
(one training run each). Acceptance is cost-aware, because one multi-threaded fastText run is
not bit-reproducible and the benchmark has a time budget:
  - a change that does not make the model bigger or training longer is kept when it gains
    >= 0.1 point of validation accuracy;
  - a change that makes it bigger or slower (larger dim/bucket, more epochs, more n-gram
    orders) must gain >= 0.3 point;
  - a change that makes it smaller or faster is kept when it costs < 0.3 point.
Finally the chosen configuration is trained a second time to show the run-to-run noise.
Results are cached in DATA/tune-fasttext/cache.json (keyed by data digest and flags), so a rerun
after changing the search only trains new configurations. Writes bench/fasttext_flags.json
(read by classify_bench.py) and bench/results/fasttext_tuning.md (every configuration tried).
A one-off, not part of bench/run.sh: rerun it when a data set changes.
"""

import argparse
import datetime
import hashlib
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import classify_bench as cb  # noqa: E402

# Per data set: base flags, then axes (list of alternatives; each alternative is a dict of flag
# overrides, None value = drop the flag).
SEARCH = {
    "udhr": {
        "base": {"-minn": "1", "-maxn": "4", "-dim": "64", "-epoch": "25", "-lr": "0.5",
                 "-wordNgrams": "1", "-bucket": "2000000"},
        "axes": [
            ("char n-gram range", [{"-minn": "1", "-maxn": "3"}, {"-minn": "2", "-maxn": "5"},
                                   {"-minn": "1", "-maxn": "5"}]),
            ("epoch", [{"-epoch": "15"}, {"-epoch": "50"}, {"-epoch": "100"}]),
            # dim 100 and lr 0.25 lost at 25/50 epochs in an earlier pass (see the tuning
            # report); with 100 epochs each run costs ~15 min on a loaded 2-core box.
            ("dim", [{"-dim": "32"}]),
            ("lr", [{"-lr": "1.0"}]),
            ("bucket", [{"-bucket": "500000"}, {"-bucket": "200000"}]),
        ],
    },
    "fortunes": {
        "base": {"-wordNgrams": "2", "-epoch": "25", "-lr": "0.5"},
        "axes": [
            ("wordNgrams", [{"-wordNgrams": "1"}, {"-wordNgrams": "3"}]),
            ("char n-grams", [{"-minn": "3", "-maxn": "6"}, {"-minn": "2", "-maxn": "4"}]),
            ("epoch", [{"-epoch": "10"}, {"-epoch": "50"}, {"-epoch": "100"}]),
            ("lr", [{"-lr": "0.1"}, {"-lr": "1.0"}]),
            ("dim", [{"-dim": "50"}, {"-dim": "200"}]),
            ("bucket", [{"-bucket": "200000"}]),
        ],
    },
    "debsec": {
        # Short package descriptions (about 50 bytes a line), 53 sections, 38,288 training
        # rows: one run with character n-grams took 643 s on the loaded 2-core box, so the
        # search keeps to the axes that can make fastText cheaper (fewer epochs, smaller dim)
        # once the n-gram features are chosen.
        "base": {"-wordNgrams": "2", "-epoch": "25", "-lr": "0.5"},
        "axes": [
            ("wordNgrams", [{"-wordNgrams": "1"}, {"-wordNgrams": "3"}]),
            ("char n-grams", [{"-minn": "3", "-maxn": "6"}]),
            ("epoch", [{"-epoch": "10"}]),
            ("dim", [{"-dim": "50"}]),
        ],
    },
    "demo": {
        "base": {"-minn": "2", "-maxn": "5", "-wordNgrams": "2", "-epoch": "50", "-lr": "0.5"},
        "axes": [
            ("char n-grams", [{"-minn": None, "-maxn": None}, {"-minn": "3", "-maxn": "6"}]),
            ("wordNgrams", [{"-wordNgrams": "1"}, {"-wordNgrams": "3"}]),
            ("epoch", [{"-epoch": "25"}, {"-epoch": "100"}]),
            ("lr", [{"-lr": "0.1"}, {"-lr": "1.0"}]),
            ("dim", [{"-dim": "20"}]),
            ("bucket", [{"-bucket": "200000"}]),
        ],
    },
}
# Flag order in printed flag strings.
ORDER = ["-minn", "-maxn", "-dim", "-epoch", "-lr", "-wordNgrams", "-bucket", "-loss"]
GAIN = 0.001  # 0.1 point: a free change must gain this much
COSTLY_GAIN = 0.003  # 0.3 point: a bigger/slower change must gain this much
CHEAP_LOSS = 0.003  # 0.3 point: a smaller/faster change may lose up to this much
DEFAULTS = {"-dim": 100, "-bucket": 2000000, "-epoch": 5, "-minn": 0, "-maxn": 0,
            "-wordNgrams": 1}


def flags_str(d):
    keys = sorted(d, key=lambda k: (ORDER.index(k) if k in ORDER else 99, k))
    return " ".join("%s %s" % (k, d[k]) for k in keys if d[k] is not None)


def apply(base, override):
    d = dict(base)
    for k, v in override.items():
        if v is None:
            d.pop(k, None)
        else:
            d[k] = v
    return d


def cost(d):
    """Direction of a change's cost: compares model size and training work."""
    def num(k):
        return int(d.get(k, DEFAULTS[k]))
    orders = max(0, num("-maxn") - num("-minn") + 1) if num("-maxn") else 0
    ngram_table = num("-bucket") if (orders or num("-wordNgrams") > 1) else 0
    return (num("-dim"), ngram_table, num("-epoch"), orders, num("-wordNgrams"))


def compare_cost(new, cur):
    """+1 if new is bigger/slower on some axis and not smaller on any, -1 if the reverse,
    0 otherwise."""
    a, b = cost(new), cost(cur)
    up = any(x > y for x, y in zip(a, b))
    down = any(x < y for x, y in zip(a, b))
    if up and not down:
        return 1
    if down and not up:
        return -1
    return 0


def split_validation(rows):
    seen, train, val = {}, [], []
    for label, text in rows:
        j = seen.get(label, 0)
        seen[label] = j + 1
        (val if j % 5 == 4 else train).append((label, text))
    return train, val


def evaluate(wd, flags, train_ft, val_txt, gold, threads, cache, digest, repeat=0):
    key = flags_str(flags)
    ckey = "%s|%s|%d" % (digest, key, repeat)
    if ckey in cache["runs"]:
        res = cache["runs"][ckey]
        cb.log("  %-72s acc %.4f  F1 %.4f  (cached)" % (key, res["accuracy"], res["macro_f1"]))
        return res
    out = os.path.join(wd, "m")
    cmd = [cb.FASTTEXT, "supervised", "-input", train_ft, "-output", out,
           "-thread", str(threads)] + key.split()
    t, rss = cb.run(cmd, log_path=os.path.join(wd, "train.log"))
    pred_path = os.path.join(wd, "pred.txt")
    cb.run([cb.FASTTEXT, "predict", out + ".bin", val_txt, "1"], stdout_path=pred_path,
           log_path=os.path.join(wd, "pred.log"), timed=False)
    s = cb.score(gold, cb.FastText.parse_predictions(pred_path))
    res = {"flags": key, "accuracy": s["accuracy"], "macro_f1": s["macro_f1"], "train_s": t,
           "train_rss_kb": rss, "model_bytes": os.path.getsize(out + ".bin"),
           "load": cb.loadavg()}
    for ext in (".bin", ".vec"):
        if os.path.exists(out + ext):
            os.remove(out + ext)
    cache["runs"][ckey] = res
    with open(cache["path"] + ".tmp", "w") as f:
        json.dump(cache["runs"], f, indent=1, sort_keys=True)
    os.replace(cache["path"] + ".tmp", cache["path"])
    cb.log("  %-72s acc %.4f  F1 %.4f  %5.1f s  %7.1f MB" % (
        key, res["accuracy"], res["macro_f1"], t, res["model_bytes"] / 1e6))
    return res


def tune(name, spec, args, cache):
    train_tsv = spec[0]
    wd = os.path.join(args.work, name)
    os.makedirs(wd, exist_ok=True)
    tr, val = split_validation(cb.read_tsv(train_tsv))
    train_ft = os.path.join(wd, "train.ft")
    val_txt = os.path.join(wd, "val.txt")
    cb.write_lines(train_ft, ["__label__%s %s" % (l, t) for l, t in tr])
    cb.write_lines(val_txt, [t for _, t in val])
    with open(train_tsv, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()[:16]
    gold = [l for l, _ in val]
    cb.log("[%s] tuning on %d train / %d validation rows cut from %s" % (
        name, len(tr), len(val), os.path.relpath(train_tsv, cb.ROOT)))
    steps = []
    cur = dict(SEARCH[name]["base"])

    def ev(flags, repeat=0):
        return evaluate(wd, flags, train_ft, val_txt, gold, args.threads, cache, digest, repeat)

    best = ev(cur)
    steps.append(("base", best, "start"))
    for axis, alts in SEARCH[name]["axes"]:
        for alt in alts:
            cand = apply(cur, alt)
            if flags_str(cand) == flags_str(cur):
                continue
            r = ev(cand)
            gain = r["accuracy"] - best["accuracy"]
            direction = compare_cost(cand, cur)
            if direction > 0:
                keep, rule = gain >= COSTLY_GAIN, "bigger/slower: needs >= +0.3"
            elif direction < 0:
                keep, rule = gain > -CHEAP_LOSS, "smaller/faster: may lose < 0.3"
            else:
                keep, rule = gain >= GAIN, "needs >= +0.1"
            verdict = "%s (%+.2f pt; %s)" % ("kept" if keep else "rejected", 100 * gain, rule)
            steps.append((axis, r, verdict))
            if keep:
                cur, best = cand, r
    again = ev(cur, repeat=1)
    steps.append(("repeat of chosen", again, "run-to-run noise: %+.2f pt" % (
        100 * (again["accuracy"] - best["accuracy"]))))
    base = steps[0][1]
    why = ("coordinate search on a validation split of train (%d rows held out): val accuracy "
           "%.2f%% / macro-F1 %.2f%% (a second run: %.2f%%) vs %.2f%% / %.2f%% for the "
           "starting flags `%s`" % (
               len(val), 100 * best["accuracy"], 100 * best["macro_f1"],
               100 * again["accuracy"], 100 * base["accuracy"], 100 * base["macro_f1"],
               base["flags"]))
    cb.log("[%s] chose %s (%s)" % (name, best["flags"], why))
    shown = {r["flags"] for _, r, _ in steps}
    others = [r for k, r in sorted(cache["runs"].items())
              if k.startswith(digest + "|") and k.endswith("|0") and r["flags"] not in shown]
    return {"flags": best["flags"], "why": why, "val_accuracy": best["accuracy"],
            "val_macro_f1": best["macro_f1"], "val_rows": len(val), "train_rows": len(tr)}, \
        steps, others


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.path.join(cb.ROOT, "data"))
    ap.add_argument("--sets", default="udhr,fortunes,demo")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--work", default=None)
    args = ap.parse_args()
    args.data = os.path.abspath(args.data)
    args.work = os.path.abspath(args.work or os.path.join(args.data, "tune-fasttext"))
    specs = cb.data_sets(args.data)
    # debsec is scored by classify_curve.py only (not classify_bench.py's sets), but its
    # fastText column needs tuned flags like the others.
    specs.setdefault("debsec", (os.path.join(args.data, "debsec", "train.tsv"),
                                [("test", os.path.join(args.data, "debsec", "test.tsv"))],
                                "Debian package section from the short description"))
    os.makedirs(args.work, exist_ok=True)
    cache = {"path": os.path.join(args.work, "cache.json"), "runs": {}}
    if os.path.exists(cache["path"]):
        with open(cache["path"]) as f:
            cache["runs"] = json.load(f)
    existing = {}
    if os.path.exists(cb.FLAGS_FILE):
        with open(cb.FLAGS_FILE) as f:
            existing = json.load(f).get("sets", {})
    md_path = os.path.join(cb.HERE, "results", "fasttext_tuning.md")
    sections = {}
    if os.path.exists(md_path):  # keep sections of data sets not re-tuned this time
        cur_name, buf = None, []
        for line in open(md_path, encoding="utf-8").read().split("\n"):
            if line.startswith("## "):
                if cur_name:
                    sections[cur_name] = "\n".join(buf).rstrip()
                cur_name, buf = line[3:].strip(), [line]
            elif cur_name:
                buf.append(line)
        if cur_name:
            sections[cur_name] = "\n".join(buf).rstrip()
    t0 = time.time()
    for name in [s.strip() for s in args.sets.split(",") if s.strip()]:
        chosen, steps, others = tune(name, specs[name], args, cache)
        existing[name] = chosen
        L = ["## %s" % name, "",
             "Validation: %d rows (per label every 5th row of train.tsv); trained on the other "
             "%d. Chosen: `%s`." % (chosen["val_rows"], chosen["train_rows"], chosen["flags"]),
             "", "| step | flags | val accuracy | val macro-F1 | train s (load avg) | model MB "
             "| verdict |",
             "|---|---|---:|---:|---:|---:|---|"]
        for axis, r, verdict in steps:
            L.append("| %s | `%s` | %.2f%% | %.2f%% | %.1f (%s) | %.1f | %s |" % (
                axis, r["flags"], 100 * r["accuracy"], 100 * r["macro_f1"], r["train_s"],
                r.get("load", "?").split()[0], r["model_bytes"] / 1e6, verdict))
        if others:
            L += ["", "Also measured on the same split (earlier passes of the search, not on "
                  "its current path):", "",
                  "| flags | val accuracy | val macro-F1 | train s | model MB |",
                  "|---|---:|---:|---:|---:|"]
            for r in sorted(others, key=lambda r: -r["accuracy"]):
                L.append("| `%s` | %.2f%% | %.2f%% | %.1f | %.1f |" % (
                    r["flags"], 100 * r["accuracy"], 100 * r["macro_f1"], r["train_s"],
                    r["model_bytes"] / 1e6))
        sections[name] = "\n".join(L)
    method = ("Flags tuned by `bench/tune_fasttext.py` (coordinate search, %d training threads) "
              "on a validation split cut from each train set, never the test set; every "
              "configuration tried is in `bench/results/fasttext_tuning.md`." % args.threads)
    with open(cb.FLAGS_FILE, "w") as f:
        json.dump({"method": method, "sets": existing}, f, indent=1, sort_keys=True)
        f.write("\n")
    os.makedirs(os.path.dirname(md_path), exist_ok=True)
    with open(md_path, "w", encoding="utf-8") as f:
        f.write("# fastText flag tuning\n\n%s\n\nLast run %s (%.0f s), %s, nproc %s. Rule: a "
                "change that leaves model size and training work alone is kept when it gains "
                ">= 0.1 point of validation accuracy; a bigger/slower one (dim, bucket, epochs, "
                "n-gram orders) must gain >= 0.3 point; a smaller/faster one is kept when it "
                "loses < 0.3 point. Training times are wall clock on a shared machine (1-min "
                "load average in brackets) and only indicative.\n\n" % (
                    method, datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
                    time.time() - t0, cb.machine()["cpu"], os.cpu_count()))
        f.write("\n\n".join(sections[k] for k in sorted(sections)) + "\n")
    cb.log("wrote %s and %s" % (os.path.relpath(cb.FLAGS_FILE, cb.ROOT),
                                os.path.relpath(md_path, cb.ROOT)))


if __name__ == "__main__":
    main()
