#!/usr/bin/env python3
"""Language ID on short software strings: loka vs CLD2 and fastText's lid.176 on the development
set that scripts/data/extra_text.py holds out (Qt's translations and OOjs UI's messages, neither
trained on), each peer also on the languages it covers.

Usage: python3 bench/langid_domain_bench.py --build BUILD_DIR [--data data] [--out FILE.md]

A peer's languages are the labels it can answer (CLD2: the codes it gave on the UDHR train text;
lid.176: its 176 labels), mapped to ISO 639-3 as bench/langid_bench.py maps them; "und" and any
other label are errors. Scores: accuracy and macro-F1 over the gold labels present, per source
and length bucket (code points).
"""

import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import langid_bench as lb  # noqa: E402

LID176 = os.path.join(lb.NPM, "fasttext.wasm.js", "dist", "models", "language-identification",
                      "assets", "lid.176.ftz")
BUCKETS = [(1, 10), (10, 20), (20, 40), (40, 1 << 30)]


def predict_lines(cmd, texts):
    out = subprocess.run(cmd, input="".join(t + "\n" for t in texts), capture_output=True,
                         text=True, check=True).stdout.split("\n")
    return out[:len(texts)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", required=True)
    ap.add_argument("--data", default="data")
    ap.add_argument("--model", default=None, help="default: BUILD/models/langid.bin")
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    dev = os.path.join(args.data, "extra", "dev.tsv")
    stats = json.load(open(os.path.join(args.data, "extra", "stats.json"), encoding="utf-8"))
    gold, texts = lb.read_tsv(dev)
    n_qt = sum(v.get("dev_qt", 0) for v in stats["per_label"].values())
    source = ["qt"] * n_qt + ["ooui"] * (len(gold) - n_qt)
    labels = sorted(set(l.strip() for l in open(os.path.join(args.data, "udhr", "labels.txt"))))
    labels = sorted(set(labels) | set(gold))
    cmap = lb.CodeMap(labels)

    model = args.model or os.path.join(args.build, "models", "langid.bin")
    loka = [l.split("\t")[0] for l in predict_lines(
        [os.path.join(args.build, "loka"), "langid", "--model", model], texts)]
    tools = {"loka": (loka, None)}
    work = os.path.join(args.data, "bench-langid")
    driver = os.path.join(work, "cld2_driver")
    if os.path.exists(driver) and os.path.exists(os.path.join(work, "cld2.train.out")):
        cld2 = [cmap(c) for c in predict_lines([driver], texts)]
        covered = {cmap(c.strip()) for c in open(os.path.join(work, "cld2.train.out"))} - {"und"}
        tools["CLD2"] = (cld2, covered)
    else:
        print("CLD2 driver not built: run bench/langid_bench.py first", file=sys.stderr)
    if os.path.exists(LID176) and os.path.exists(lb.FASTTEXT):
        raw = predict_lines([lb.FASTTEXT, "predict", LID176, "-"], texts)
        ft = [cmap(r.split()[0][len("__label__"):]) if r.startswith("__label__") else "und"
              for r in raw]
        words = subprocess.run([lb.FASTTEXT, "dump", LID176, "dict"], capture_output=True,
                               text=True).stdout.split()
        covered = {cmap(w[len("__label__"):]) for w in words if w.startswith("__label__")}
        tools["lid.176"] = (ft, covered - {"und"})

    lines = ["# Language ID on short software strings (held-out dev set)", "",
             "Data: `%s` (%d lines, %d labels): Qt translations (%d lines) and OOjs UI messages "
             "(%d lines), never trained on." % (dev, len(gold), len(set(gold)), n_qt,
                                                len(gold) - n_qt), ""]
    head = "| set | tool | labels | lines | accuracy | macro-F1 |" + "".join(
        " F1 %d-%s |" % (a, b - 1 if b < 1 << 30 else "") for a, b in BUCKETS)
    lines += [head, "|" + "---|" * (head.count("|") - 1)]
    for name, (pred, covered) in tools.items():
        subsets = [("all", None)] if covered is None else []
        if covered is not None:
            subsets.append(("%s's languages" % name, covered))
        for tag, keep in subsets:
            for src in ("qt", "ooui", "both"):
                idx = [i for i in range(len(gold)) if (src == "both" or source[i] == src)
                       and (keep is None or gold[i] in keep)]
                g = [gold[i] for i in idx]
                res = lb.score(g, [pred[i] for i in idx])
                row = "| %s, %s | %s | %d | %d | %.4f | %.4f |" % (
                    src, tag, name, len(set(g)), len(g), res["accuracy"], res["macro_f1"])
                for a, b in BUCKETS:
                    j = [i for i in idx if a <= len(texts[i]) < b]
                    r = lb.score([gold[i] for i in j], [pred[i] for i in j]) if j else None
                    row += " %.4f |" % r["macro_f1"] if r else " - |"
                lines.append(row)
                if keep is not None and name != "loka":
                    r2 = lb.score(g, [loka[i] for i in idx])
                    lines.append("| %s, %s | loka | %d | %d | %.4f | %.4f |%s" % (
                        src, tag, len(set(g)), len(g), r2["accuracy"], r2["macro_f1"],
                        " |" * len(BUCKETS)))
    text = "\n".join(lines) + "\n"
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
    print(text)


if __name__ == "__main__":
    main()
