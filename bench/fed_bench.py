#!/usr/bin/env python3
"""Federation curves: `loka fed simulate` on the demo requests and on a 50,000-line language set
made from data/langid/train.tsv (the 50 languages with the most lines, 1,000 lines each, seeded),
10 label-skewed nodes, 30 rounds, 30% drop-out; compressed updates (top-k rows, 8-bit, zstd)
beside dense float32 updates. Writes a markdown table, the per-round curves and a plot of them
(OUT without .md + `_curves.svg`).

Usage: python3 bench/fed_bench.py --build BUILD --data DATA --out bench/results/fed.md [--quick]
       [--debsec [--debsec-seeds 1,2] [--no-debsec-dense]]
"""

import argparse
import collections
import json
import math
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


def svg_curves(runs, path):
    """One column per data set: accuracy per round (compressed and dense float32 updates, the
    central model as a dashed line) above the bytes all nodes published per round (log
    scale). Plain SVG, written by hand: no plotting package is needed to read it."""
    sets = []
    for name, _, _ in runs:
        if name not in sets:
            sets.append(name)
    colour = {"compressed": "#1f77b4", "dense float32": "#d62728"}
    pw, ph, ml, mt, gap = 300, 170, 58, 40, 70
    width = ml + len(sets) * (pw + ml) + 10
    height = mt + 2 * ph + gap + 60
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'font-family="sans-serif" font-size="11">' % (width, height),
           '<rect width="100%" height="100%" fill="white"/>']

    def line(points, col, dash=""):
        d = " ".join("%.1f,%.1f" % xy for xy in points)
        return ('<polyline fill="none" stroke="%s" stroke-width="1.5"%s points="%s"/>'
                % (col, ' stroke-dasharray="5,4"' if dash else "", d))

    for i, name in enumerate(sets):
        x0 = ml + i * (pw + ml)
        mine = [(kind, j) for n, kind, j in runs if n == name and j["curve"]]
        if not mine:
            continue
        rounds = max(p["round"] for _, j in mine for p in j["curve"])
        central = mine[0][1]["central_accuracy"]
        accs = [p["accuracy"] for _, j in mine for p in j["curve"]] + [central]
        lo = max(0.0, min(accs) - 0.02)
        hi = min(1.0, max(accs) + 0.02)
        byts = [p["node_bytes"] for _, j in mine for p in j["curve"] if p["node_bytes"] > 0]
        blo = math.log10(max(1, min(byts))) if byts else 0
        bhi = math.log10(max(byts)) if byts else 1
        blo, bhi = math.floor(blo), math.ceil(bhi + 1e-9)

        def px(r):
            return x0 + (r - 1) / max(1, rounds - 1) * pw

        def pa(a):
            return mt + ph - (a - lo) / max(1e-9, hi - lo) * ph

        def pb(b):
            return mt + ph + gap + ph - (math.log10(max(1, b)) - blo) / max(1e-9, bhi - blo) * ph

        out.append('<text x="%.1f" y="%d" font-weight="bold">%s</text>' % (x0, mt - 22, name))
        for top, label in ((mt, "accuracy"), (mt + ph + gap, "bytes published per round (log)")):
            out.append('<rect x="%d" y="%d" width="%d" height="%d" fill="none" stroke="#888"/>'
                       % (x0, top, pw, ph))
            out.append('<text x="%d" y="%d">%s</text>' % (x0, top - 6, label))
            out.append('<text x="%.1f" y="%d" text-anchor="middle">round</text>'
                       % (x0 + pw / 2, top + ph + 28))
            for r in (1, rounds // 2, rounds):
                out.append('<text x="%.1f" y="%d" text-anchor="middle">%d</text>'
                           % (px(r), top + ph + 14, r))
        for k in range(5):
            a = lo + (hi - lo) * k / 4
            out.append('<text x="%d" y="%.1f" text-anchor="end">%.2f</text>' % (x0 - 4, pa(a) + 4, a))
        for e in range(blo, bhi + 1):
            out.append('<text x="%d" y="%.1f" text-anchor="end">1e%d</text>'
                       % (x0 - 4, pb(10 ** e) + 4, e))
        out.append(line([(px(1), pa(central)), (px(rounds), pa(central))], "#333", dash="y"))
        out.append('<text x="%.1f" y="%.1f" text-anchor="end" fill="#333">central %.4f</text>'
                   % (x0 + pw - 4, pa(central) - 4, central))
        for kind, j in mine:
            col = colour.get(kind, "#2ca02c")
            out.append(line([(px(p["round"]), pa(p["accuracy"])) for p in j["curve"]], col))
            out.append(line([(px(p["round"]), pb(p["node_bytes"])) for p in j["curve"]
                             if p["node_bytes"] > 0], col))
    ly = height - 16
    for k, (kind, col) in enumerate(sorted(colour.items())):
        lx = ml + k * 200
        out.append(line([(lx, ly - 4), (lx + 24, ly - 4)], col))
        out.append('<text x="%d" y="%d">%s updates</text>' % (lx + 30, ly, kind))
    lx = ml + 2 * 200
    out.append(line([(lx, ly - 4), (lx + 24, ly - 4)], "#333", dash="y"))
    out.append('<text x="%d" y="%d">central model</text>' % (lx + 30, ly))
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


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
    load_start = os.getloadavg()[0]
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
             "defaults of `fed::AggregateOptions`. Machine: %d CPUs, 1-minute load average "
             "%.1f at the start and %.1f at the end (seconds are wall time, and other work on "
             "the machine lengthens them)." % (os.cpu_count(), load_start, os.getloadavg()[0]),
             "",
             "| data | updates | central | federated (last) | best round | rounds to within 1 pt "
             "| bytes/node/round | dense delta | ratio | seconds |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for name, kind, j in runs:
        best = max(p["accuracy"] for p in j["curve"]) if j["curve"] else 0
        lines.append("| %s | %s | %.4f | %.4f | %.4f | %s | %.0f | %d | %.1fx | %.0f |" % (
            name, kind, j["central_accuracy"], j["federated_accuracy"], best,
            j["rounds_to_within_1pt"], j["bytes_per_node_round"], j["dense_float32_bytes"],
            j["dense_float32_bytes"] / max(1, j["bytes_per_node_round"]), j["wall_seconds"]))
    svg = os.path.splitext(a.out)[0] + "_curves.svg"
    svg_curves(runs, svg)
    lines += ["", "## Curves (accuracy and bytes all nodes published, per round)", "",
              "![accuracy and bytes per round](%s)" % os.path.basename(svg), ""]
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
