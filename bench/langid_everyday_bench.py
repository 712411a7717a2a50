#!/usr/bin/env python3
"""Language ID on everyday short messages: loka vs CLD2 and fastText's lid.176 on
bench/data/everyday_dev.tsv, messages written for this evaluation (greetings, helpline questions,
prices, appointments; some romanized or typed without diacritics) and never trained on.

Usage: python3 bench/langid_everyday_bench.py --build BUILD_DIR [--data data] [--model M]
                                              [--dev bench/data/everyday_dev.tsv] [--out FILE.md]

`--dev bench/data/everyday_dev2.tsv` scores the second set, written later and never used to
choose anything (the constants of the default model are tuned on everyday_dev.tsv alone);
`--dev bench/data/everyday_dev3.tsv` the third, a final check only, and `everyday_dev4.tsv` the
fourth, clean standard-orthography text in CLD2's languages, and `everyday_dev5.tsv` the fifth,
588 lines in 49 languages scored before any change made after it (bench/data/README.md), and
`everyday_dev6.tsv` the sixth, 588 more on farming, transport, money transfer and school, 44 of
them romanized, many in SMS style, and `everyday_dev7.tsv` the seventh, 588 helpline messages
(short, lower case, loanwords and numbers, 51 romanized) scored before the changes made after it,
and `everyday_dev8.tsv` the eighth, 588 mostly clean native-script messages shaped like the
acceptance set, scored before the changes made after it and never used to choose them, and
`everyday_dev9.tsv` the ninth, shaped like dev8 (ten clean lines a language, then two romanized
or without diacritics), the same, and `everyday_dev10.tsv` the tenth, 490 clean native-script
lines (ten a language, the last five of each 30-120 code points), the same. `--clean-first 10`
adds a table splitting the scores between the first ten lines of each language and the rest.
With --out, the notes of an existing file (everything from its first `##` heading on) are kept
after the regenerated tables.

Scores: accuracy over all lines and on the lines whose gold language each peer covers (loka on
the same lines beside it); "und" is an error. Abstention: the share of lines answered "und",
per length bucket (code points). A peer's languages and codes are mapped to ISO 639-3 as in
bench/langid_bench.py (CLD2: the codes it gives on the UDHR train text; lid.176: its labels).
"""

import argparse
import datetime
import hashlib
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import langid_bench as lb  # noqa: E402
import langid_domain_bench as ldb  # noqa: E402

DEV = os.path.join(HERE, "data", "everyday_dev.tsv")
BUCKETS = [(1, 15), (15, 30), (30, 1 << 30)]


def cld2(work, codes, texts, train_texts):
    """CLD2's answers on `texts` and the labels it covers (built and measured when missing)."""
    os.makedirs(work, exist_ok=True)
    driver = os.path.join(work, "cld2_driver")
    if not os.path.exists(driver):
        subprocess.run(["g++", "-O2", "-std=c++17", os.path.join(HERE, "peers", "cld2_driver.cc"),
                        "-o", driver, "-lcld2"], check=True)
    covered_path = os.path.join(work, "cld2.train.out")
    if not os.path.exists(covered_path):
        with open(covered_path, "w", encoding="utf-8") as f:
            f.write("\n".join(ldb.predict_lines([driver], train_texts)) + "\n")
    covered = {codes(c.strip()) for c in open(covered_path, encoding="utf-8")} - {"und"}
    return [codes(c) for c in ldb.predict_lines([driver], texts)], covered


def lid176(codes, texts):
    raw = ldb.predict_lines([lb.FASTTEXT, "predict", ldb.LID176, "-"], texts)
    pred = [codes(r.split()[0][len("__label__"):]) if r.startswith("__label__") else "und"
            for r in raw]
    words = subprocess.run([lb.FASTTEXT, "dump", ldb.LID176, "dict"], capture_output=True,
                           text=True).stdout.split()
    covered = {codes(w[len("__label__"):]) for w in words if w.startswith("__label__")}
    return pred, covered - {"und"}


def accuracy(gold, pred, idx):
    return sum(gold[i] == pred[i] for i in idx) / len(idx) if idx else 0.0


def clean_split(gold, tools, first):
    """Table rows scoring each tool on the first `first` lines of every language (clean) and on
    the rest (romanized or without diacritics), all lines and each peer's languages."""
    seen = {}
    clean = []
    for g in gold:
        seen[g] = seen.get(g, 0) + 1
        clean.append(seen[g] <= first)
    loka = tools["loka"][0]
    peers = [(n, p, c) for n, (p, c) in tools.items() if c is not None]
    out = ["", "Split by how the lines are typed (the first %d lines of a language clean native "
           "script, the rest romanized or without diacritics):" % first, "",
           "| lines | all: lines | loka |" + "".join(
               " %s's %d: lines | loka | %s |" % (n, len(c & set(gold)), n) for n, _, c in peers),
           "|---|---:|---:|" + "---:|---:|---:|" * len(peers)]
    for tag, want in (("clean", True), ("romanized or without diacritics", False)):
        idx = [i for i in range(len(gold)) if clean[i] == want]
        row = "| %s | %d | %.4f |" % (tag, len(idx), accuracy(gold, loka, idx))
        for _, pred, covered in peers:
            sub = [i for i in idx if gold[i] in covered]
            row += " %d | %.4f | %.4f |" % (len(sub), accuracy(gold, loka, sub),
                                            accuracy(gold, pred, sub))
        out.append(row)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", required=True)
    ap.add_argument("--data", default="data")
    ap.add_argument("--model", default=None, help="default: BUILD/models/langid.bin")
    ap.add_argument("--dev", default=DEV)
    ap.add_argument("--out", default=None)
    ap.add_argument("--clean-first", type=int, default=0,
                    help="split the scores: the first N lines of each language (file order) are "
                         "clean native script, the rest romanized or without diacritics")
    args = ap.parse_args()
    gold, texts = lb.read_tsv(args.dev)
    labels = sorted(set(open(os.path.join(args.data, "udhr", "labels.txt")).read().split()) |
                    set(gold))
    codes = lb.CodeMap(labels)
    model = args.model or os.path.join(args.build, "models", "langid.bin")
    loka = [l.split("\t")[0] for l in ldb.predict_lines(
        [os.path.join(args.build, "loka"), "langid", "--model", model], texts)]
    tools = {"loka": (loka, None)}
    _, train_texts = lb.read_tsv(os.path.join(args.data, "udhr", "train.tsv"))
    tools["CLD2"] = cld2(os.path.join(args.data, "bench-langid"), codes, texts, train_texts)
    if os.path.exists(ldb.LID176) and os.path.exists(lb.FASTTEXT):
        tools["lid.176"] = lid176(codes, texts)
    else:
        print("lid.176 or fasttext missing: skipped", file=sys.stderr)

    every = list(range(len(gold)))
    lines = ["# Language ID on everyday messages (held-out set `%s`)" % os.path.basename(args.dev), "",
             "Data: `%s` (%d lines, %d languages): greetings, helpline questions, prices and "
             "appointments written for this evaluation, some romanized or without diacritics; "
             "never trained on. `und` counts as an error." % (
                 os.path.relpath(args.dev, os.path.dirname(HERE)), len(gold), len(set(gold))), "",
             "Scored on %s UTC with the loka model `%s` (%s bytes, md5 %s). Sections under `##` "
             "headings below are notes on earlier models, kept when the file is regenerated." % (
                 datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M"),
                 os.path.basename(model), format(os.path.getsize(model), ","),
                 hashlib.md5(open(model, "rb").read()).hexdigest()[:12]), "",
             "| lines | tool | languages | lines | accuracy | loka, same lines |",
             "|---|---|---:|---:|---:|---:|"]
    for name, (pred, covered) in tools.items():
        idx = every if covered is None else [i for i in every if gold[i] in covered]
        tag = "all" if covered is None else "%s's languages" % name
        same = "" if covered is None else "%.4f" % accuracy(gold, loka, idx)
        lines.append("| %s | %s | %d | %d | %.4f | %s |" % (
            tag, name, len({gold[i] for i in idx}), len(idx), accuracy(gold, pred, idx), same))
    lines += ["", "Abstention (`und` answers) and accuracy per length bucket (code points):", "",
              "| tool |" + "".join(" und %d-%s | acc %d-%s |" % (
                  a, b - 1 if b < 1 << 30 else "", a, b - 1 if b < 1 << 30 else "")
                  for a, b in BUCKETS), "|---|" + "---:|" * (2 * len(BUCKETS))]
    for name, (pred, _) in tools.items():
        row = "| %s |" % name
        for a, b in BUCKETS:
            idx = [i for i in every if a <= len(texts[i]) < b]
            und = sum(pred[i] == "und" for i in idx) / len(idx) if idx else 0.0
            row += " %.3f | %.3f |" % (und, accuracy(gold, pred, idx))
        lines.append(row)
    if args.clean_first:
        lines += clean_split(gold, tools, args.clean_first)
    wrong = [i for i in every if loka[i] != gold[i]]
    lines += ["", "loka's errors (%d): gold -> answer: text" % len(wrong), ""]
    lines += ["- %s -> %s: %s" % (gold[i], loka[i], texts[i]) for i in wrong]
    text = "\n".join(lines) + "\n"
    if args.out:
        # The generated part has no `##` heading: a file's notes start at its first one.
        notes = ""
        if os.path.exists(args.out):
            old = open(args.out, encoding="utf-8").read()
            if "\n## " in old:
                notes = "\n" + old[old.index("\n## ") + 1:]
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text + notes)
    print(text)


if __name__ == "__main__":
    main()
