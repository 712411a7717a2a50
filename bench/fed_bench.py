#!/usr/bin/env python3
"""Federation curves: `loka fed simulate` on the demo requests and on a 50,000-line language set
made from data/langid/train.tsv (the 50 languages with the most lines, 1,000 lines each, seeded),
10 label-skewed nodes, 30 rounds, 30% drop-out; compressed updates (top-k rows, 8-bit, zstd)
beside dense float32 updates. Writes a markdown table and the per-round curves.

Usage: python3 bench/fed_bench.py --build BUILD --data DATA --out bench/results/fed.md [--quick]
       [--debsec [--debsec-seeds 1,2] [--no-debsec-dense]]
"""

import argparse
import collections
import json
import os
import random
import subprocess
import sys
import time


def make_langid_set(data, path, languages=50, per_language=1000, seed=7):
    rows = collections.defaultdict(list)
    with open(os.path.join(data, "langid", "train.tsv"), encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t", 1)
            if len(parts) == 2 and parts[1].strip():
                rows[parts[0]].append(parts[1])
    top = sorted(rows, key=lambda k: (-len(rows[k]), k))[:languages]
    rng = random.Random(seed)
    out = []
    for k in top:
        r = rows[k][:]
        rng.shuffle(r)
        out += [(k, t) for t in r[:per_language]]
    rng.shuffle(out)
    with open(path, "w", encoding="utf-8") as f:
        for k, t in out:
            f.write(k + "\t" + t.replace("\t", " ") + "\n")
    return len(out)


def simulate(build, args):
    cmd = [os.path.join(build, "loka"), "fed", "simulate", "--json"] + args
    start = time.time()
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), p.stderr[-2000:]))
    j = json.loads(p.stdout)
    j["wall_seconds"] = time.time() - start
    return j


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--data", default="data")
    ap.add_argument("--out", required=True)
    ap.add_argument("--quick", action="store_true", help="demo set only (and debsec if asked)")
    ap.add_argument("--debsec", action="store_true",
                    help="also DATA/debsec/{train,test}.tsv (Debian package descriptions by section)")
    ap.add_argument("--debsec-seeds", default="1,2", help="seeds of the debsec runs")
    ap.add_argument("--no-debsec-dense", action="store_true",
                    help="skip the dense float32 run beside each debsec seed (~4 CPU min each)")
    a = ap.parse_args()
    fleet = ["--nodes", "10", "--rounds", "30", "--dropout", "0.3", "--partition", "label-skew",
             "--seed", "1"]
    runs = []
    demo = ["--data", "testdata/demo/requests.tsv", "--test", "testdata/demo/requests_eval.tsv"]
    runs.append(("demo requests", "compressed", simulate(a.build, demo + fleet)))
    runs.append(("demo requests", "dense float32", simulate(a.build, demo + fleet + ["--dense"])))
    debsec = os.path.join(a.data, "debsec")
    if a.debsec and os.path.exists(os.path.join(debsec, "train.tsv")):
        sets = ["--data", os.path.join(debsec, "train.tsv"), "--test", os.path.join(debsec, "test.tsv")]
        for seed in a.debsec_seeds.split(","):
            seeded = fleet[:-1] + [seed]
            runs.append(("debsec (53 labels), seed " + seed, "compressed", simulate(a.build, sets + seeded)))
            if not a.no_debsec_dense:
                runs.append(("debsec (53 labels), seed " + seed, "dense float32",
                             simulate(a.build, sets + seeded + ["--dense"])))
    if not a.quick:
        lang = os.path.join(a.data, "bench-fed-langid50k.tsv")
        make_langid_set(a.data, lang)
        big = ["--data", lang, "--buckets", "131072", "--top-k", "4096"]
        runs.append(("language ID, 50k lines", "compressed", simulate(a.build, big + fleet)))
        runs.append(("language ID, 50k lines", "dense float32",
                     simulate(a.build, big + fleet + ["--dense"])))
    lines = ["# Federation: `loka fed simulate`", "",
             "10 nodes, label-skewed (Dirichlet 0.3), 30 rounds, 30% of the chosen nodes drop "
             "out mid-round, a real mosquitto on loopback; the central baseline is the same "
             "model trained on the pooled training data. Made by `bench/fed_bench.py` with the "
             "defaults of `fed::AggregateOptions`.", "",
             "| data | updates | central | federated (last) | best round | rounds to within 1 pt "
             "| bytes/node/round | dense delta | ratio | seconds |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for name, kind, j in runs:
        best = max(p["accuracy"] for p in j["curve"]) if j["curve"] else 0
        lines.append("| %s | %s | %.4f | %.4f | %.4f | %s | %.0f | %d | %.1fx | %.0f |" % (
            name, kind, j["central_accuracy"], j["federated_accuracy"], best,
            j["rounds_to_within_1pt"], j["bytes_per_node_round"], j["dense_float32_bytes"],
            j["dense_float32_bytes"] / max(1, j["bytes_per_node_round"]), j["wall_seconds"]))
    lines += ["", "## Curves (accuracy and bytes all nodes published, per round)", ""]
    for name, kind, j in runs:
        lines += ["### %s, %s" % (name, kind), "", "| round | accuracy | updates | node bytes |",
                  "|---|---|---|---|"]
        for p in j["curve"]:
            lines.append("| %d | %.4f | %d | %d |" % (p["round"], p["accuracy"], p["updates"],
                                                    p["node_bytes"]))
        lines.append("")
    with open(a.out, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines[:12]))


if __name__ == "__main__":
    main()
