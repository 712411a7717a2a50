#!/usr/bin/env python3
"""Language-ID benchmark: loka vs fastText (same train split, full and quantized), CLD2, and
npm's franc-all, eld and tinyld, in one run on the same UDHR test files.

Usage:
  python3 bench/langid_bench.py --build BUILD_DIR [--data data] [--threads 2]
                                [--out bench/results/langid.md]

Test files: data/udhr/test.tsv (full paragraphs) and its 50- and 20-code-point cuts
(scripts/data/prepare.py). Every tool reads the same text-only files and is scored by the same
code (accuracy, macro-F1 over the gold labels present). A peer that covers only some of the 444
labels is scored on the test lines whose gold label it covers, and loka is scored on that same
subset beside it. Peers' codes are mapped to ISO 639-3 through Debian's iso-codes table and a
short list of macrolanguage members used by the UDHR labels (MACRO below).

Measured per tool: lines/s on one pinned CPU with the model load excluded (a run on the input
replicated until it takes ~2 s, minus a run on empty input) and included (one run over each test
file), peak RSS of the replicated run, model size on disk. fastText trains on the identical rows
(train.ft) with the flags tuned by bench/tune_fasttext.py (bench/fasttext_flags.json, entry
"udhr"); its model is cached in the work directory, keyed by the flags and the data, because its
training takes minutes on a 2-core box. Progress goes to stderr; the report to --out, raw numbers
to the same path with .json.
"""

import argparse
import datetime
import hashlib
import json
import math
import os
import platform
import shlex
import shutil
import subprocess
import sys
import time

from scoring import score  # the same accuracy and macro-F1 code as the other benchmarks

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
NPM = os.path.join(ROOT, "third_party", "npm", "node_modules")
FASTTEXT = shutil.which("fasttext") or "/usr/bin/fasttext"
GNU_TIME = "/usr/bin/time"
ISO_639_3 = "/usr/share/iso-codes/json/iso_639-3.json"
FLAGS_FILE = os.path.join(HERE, "fasttext_flags.json")
# The best configuration bench/tune_fasttext.py had reached on the UDHR validation split when
# this bench was written (validation macro-F1 0.941, data/tune-udhr.log), used until the tuner
# writes an "udhr" entry to bench/fasttext_flags.json.
FALLBACK_FT_FLAGS = "-minn 2 -maxn 5 -dim 32 -epoch 100 -lr 0.5 -wordNgrams 1 -bucket 2000000"
# Quantization without -retrain: -retrain repeats training (minutes); -qnorm -cutoff is the
# documented way to make the small .ftz model.
FT_QUANTIZE_FLAGS = "-qnorm -cutoff 100000"
TARGET_SECONDS = 2.0  # replicated throughput runs last about this long
MAX_REPLICATION = 40

# Macrolanguage (or retired) codes the peers answer -> the UDHR label for the same text.
MACRO = {
    "msa": "zlm", "ara": "arb", "zho": "cmn", "fas": "pes", "swa": "swh", "est": "ekk",
    "lav": "lvs", "uzb": "uzn", "aze": "azj", "mon": "khk", "nep": "npi", "nor": "nob",
    "yid": "ydd", "orm": "gaz", "pus": "pbu", "sqi": "als", "grn": "gug", "kon": "kng",
    "mlg": "plt", "kau": "knc", "ful": "fuv", "iku": "ike", "oji": "ojb", "cre": "csw",
    "hbs": "srp", "bik": "bcl", "kok": "gom", "lah": "pnb", "mwr": "mwr", "zza": "diq",
}
SPECIAL = {  # codes outside ISO 639-1/3 that peers emit
    "iw": "heb", "in": "ind", "jw": "jav", "ji": "ydd", "mo": "ron", "sr-me": "cnr",
    "zh-hant": "cmn", "zh-tw": "cmn", "un": "und", "xxx": "und", "fil": "tgl",
}


def log(msg):
    print("[langid-bench %s] %s" % (time.strftime("%H:%M:%S"), msg), file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------- codes and data

class CodeMap:
    def __init__(self, labels):
        self.labels = set(labels)
        self.a2 = {}
        self.a3 = set()
        try:
            with open(ISO_639_3, encoding="utf-8") as f:
                for e in json.load(f)["639-3"]:
                    self.a3.add(e["alpha_3"])
                    if "alpha_2" in e:
                        self.a2[e["alpha_2"]] = e["alpha_3"]
        except OSError:
            log("note: %s missing (apt install iso-codes); 2-letter codes unmapped" % ISO_639_3)

    def __call__(self, code):
        """A peer's code -> ISO 639-3 as the UDHR labels spell it, or 'und'."""
        if not code:
            return "und"
        c = code.strip().lower().replace("_", "-")
        if c in SPECIAL:
            return SPECIAL[c]
        c = c.split("-")[0]
        if c in SPECIAL:
            return SPECIAL[c]
        if len(c) == 2:
            c = self.a2.get(c, "und")
        if c not in self.labels and c in MACRO:
            c = MACRO[c]
        return c


def read_tsv(path):
    gold, texts = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or "\t" not in line:
                continue
            lab, text = line.split("\t", 1)
            gold.append(lab)
            texts.append(text)
    return gold, texts


# ----------------------------------------------------------------------------- running

class CommandFailed(Exception):
    pass


def run(cmd, stdin_path=None, stdout_path=None, log_path=None, pin=True):
    """Runs cmd under GNU time, pinned to CPU 0 unless pin is False (multi-threaded training).
    Returns (wall seconds, peak RSS KB)."""
    taskset = shutil.which("taskset") if pin else None
    full = ([taskset, "-c", "0"] if taskset else []) + list(cmd)
    tfile = (log_path or os.path.join("/tmp", "langid-bench")) + ".time"
    full = [GNU_TIME, "-f", "%e %M", "-o", tfile] + full
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    inp = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    err = open(log_path, "wb") if log_path else subprocess.DEVNULL
    try:
        t0 = time.perf_counter()
        rc = subprocess.call(full, stdout=out, stdin=inp, stderr=err)
        wall = time.perf_counter() - t0
    finally:
        for fh in (out, inp, err):
            if hasattr(fh, "close"):
                fh.close()
    if rc != 0:
        tail = ""
        if log_path and os.path.exists(log_path):
            with open(log_path, "rb") as f:
                tail = f.read()[-600:].decode("utf-8", "replace")
        raise CommandFailed("exit %d: %s\n%s" % (rc, " ".join(map(shlex.quote, cmd)), tail))
    rss = None
    try:
        with open(tfile) as f:
            rss = int(f.read().strip().split("\n")[-1].split()[1])
    except (OSError, IndexError, ValueError):
        pass
    return wall, rss


def file_size(*paths):
    return sum(os.path.getsize(p) for p in paths if p and os.path.exists(p))


def digest(*paths, extra=""):
    h = hashlib.sha256(extra.encode())
    for p in paths:
        with open(p, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()[:16]


# ----------------------------------------------------------------------------- tools

class Tool:
    """A language identifier run as a command: reads lines (stdin or a file), writes one
    answer per line. Subclasses set name, size_bytes, covered (labels) and define cmd()."""
    name = "?"
    reads_stdin = True
    covered = None  # set of UDHR labels it can answer; None = all
    size_bytes = 0
    note = ""

    def cmd(self, text_path):
        raise NotImplementedError

    def parse(self, out_path, codes):
        with open(out_path, encoding="utf-8", errors="replace") as f:
            return [codes(line.rstrip("\n").split("\t", 1)[0]) for line in f]

    def execute(self, text_path, out_path, log_path):
        if self.reads_stdin:
            return run(self.cmd(None), stdin_path=text_path, stdout_path=out_path,
                       log_path=log_path)
        return run(self.cmd(text_path), stdout_path=out_path, log_path=log_path)


class Loka(Tool):
    name = "loka"

    def __init__(self, binary, model):
        self.binary, self.model = binary, model
        self.size_bytes = file_size(model)

    def cmd(self, text_path):
        return [self.binary, "langid", "--model", self.model]

    def parse(self, out_path, codes):
        with open(out_path, encoding="utf-8", errors="replace") as f:
            return [line.split("\t", 1)[0] or "und" for line in f]


class FastText(Tool):
    name = "fastText"
    reads_stdin = False

    def __init__(self, model, label):
        self.model = model
        self.name = label
        self.size_bytes = file_size(model)

    def cmd(self, text_path):
        return [FASTTEXT, "predict", self.model, text_path, "1"]

    def parse(self, out_path, codes):
        out = []
        with open(out_path, encoding="utf-8", errors="replace") as f:
            for line in f:
                tok = line.split()
                lab = tok[0] if tok else ""
                out.append(lab[len("__label__"):] if lab.startswith("__label__") else "und")
        return out


class Cld2(Tool):
    name = "CLD2"

    def __init__(self, driver):
        self.driver = driver
        lib = "/usr/lib/x86_64-linux-gnu/libcld2.so.0"
        self.size_bytes = file_size(os.path.realpath(lib)) if os.path.exists(lib) else 0
        self.note = "tables compiled into libcld2.so"

    def cmd(self, text_path):
        return [self.driver]


class JsTool(Tool):
    def __init__(self, tool, label, size_paths, note):
        self.tool, self.name = tool, label
        self.size_bytes = file_size(*[os.path.join(NPM, p) for p in size_paths])
        self.note = note

    def cmd(self, text_path):
        return ["node", os.path.join(HERE, "peers", "js_langid.mjs"), self.tool]

    def languages(self):
        out = subprocess.run(self.cmd(None) + ["--list"], capture_output=True, text=True,
                             check=True).stdout
        return [c for c in out.split() if c]


def npm_version(pkg):
    try:
        with open(os.path.join(NPM, pkg, "package.json")) as f:
            return json.load(f).get("version", "?")
    except OSError:
        return "?"


def deb_version(pkg):
    try:
        return subprocess.run(["dpkg-query", "-W", "-f", "${Version}", pkg],
                              capture_output=True, text=True).stdout.strip() or "?"
    except OSError:
        return "?"


# ----------------------------------------------------------------------------- preparation

def prepare_fasttext(work, data, threads):
    flags = FALLBACK_FT_FLAGS
    source = "fallback (bench/langid_bench.py FALLBACK_FT_FLAGS, from data/tune-udhr.log)"
    try:
        with open(FLAGS_FILE) as f:
            entry = json.load(f).get("sets", {}).get("udhr")
        if entry and entry.get("flags"):
            flags, source = entry["flags"], "bench/fasttext_flags.json (udhr)"
    except (OSError, ValueError):
        pass
    train_ft = os.path.join(data, "udhr", "train.ft")
    key = digest(train_ft, extra=flags + FT_QUANTIZE_FLAGS)
    d = os.path.join(work, "fasttext-" + key)
    os.makedirs(d, exist_ok=True)
    prefix = os.path.join(d, "m")
    info_path = os.path.join(d, "info.json")
    info = {}
    if os.path.exists(info_path):
        with open(info_path) as f:
            info = json.load(f)
    def save():
        info.update({"flags": flags, "flags_source": source})
        with open(info_path, "w") as f:
            json.dump(info, f)

    if not (os.path.exists(prefix + ".bin") and "train_s" in info):
        log("fastText: training on train.ft with %s (-thread %d); cached in %s" %
            (flags, threads, os.path.relpath(d, ROOT)))
        t, rss = run([FASTTEXT, "supervised", "-input", train_ft, "-output", prefix,
                      "-thread", str(threads)] + flags.split(), log_path=prefix + ".train.log",
                     pin=False)
        info = {"train_s": t, "train_rss_kb": rss}
        save()
    else:
        log("fastText: cached model %s" % os.path.relpath(prefix + ".bin", ROOT))
    if not os.path.exists(prefix + ".ftz") or "quantize_s" not in info:
        log("fastText: quantize %s" % FT_QUANTIZE_FLAGS)
        # -input is required by the command line even though nothing is retrained.
        t, _ = run([FASTTEXT, "quantize", "-input", train_ft, "-output", prefix] +
                   FT_QUANTIZE_FLAGS.split(), log_path=prefix + ".quantize.log", pin=False)
        info["quantize_s"] = t
        save()
    return prefix + ".bin", prefix + ".ftz", info


def makefile_table_flags():
    """The Makefile's table flags (`make langid-train-flags`: LANGID_TABLE_ENTRIES and
    LANGID_DOMAIN_ENTRIES), read through make so that this training matches `make langid-model`."""
    out = subprocess.run(["make", "-s", "--no-print-directory", "-C", ROOT, "langid-train-flags"],
                         check=True, capture_output=True, text=True).stdout
    return out.split()


def prepare_loka(build, work, data):
    binary = os.path.join(build, "loka")
    model = os.path.join(build, "models", "langid.bin")
    # The default model's training file (Makefile, langid-model); the UDHR split alone when the
    # extra text was not prepared.
    train = os.path.join(data, "langid", "train.tsv")
    priors = os.path.join(data, "langid", "priors.tsv")
    speakers = os.path.join(data, "langid", "speakers.tsv")
    extra = ["--priors", priors] if os.path.exists(train) and os.path.exists(priors) else []
    if extra and os.path.exists(speakers):
        extra += ["--speakers", speakers, "--max-bytes", "2000000"] + makefile_table_flags()
    if not os.path.exists(train):
        train = os.path.join(data, "udhr", "train.tsv")
    # Train once here too, to time it and to check that it reproduces the build's model.
    fresh = os.path.join(work, "loka-langid.bin")
    t, rss = run([binary, "langid", "train", train, "-o", fresh, "-q"] + extra,
                 log_path=os.path.join(work, "loka-train.log"))
    identical = None
    if os.path.exists(model):
        with open(model, "rb") as a, open(fresh, "rb") as b:
            identical = a.read() == b.read()
    else:
        model = fresh
    return binary, model, {"train_s": t, "train_rss_kb": rss, "identical_to_build": identical}


def loka_eval(binary, model, files):
    out = subprocess.run([binary, "langid", "eval", "--model", model, "--json"] + files,
                         capture_output=True, text=True, check=True).stdout
    return {os.path.basename(r["file"]): r for r in json.loads(out)}


# ----------------------------------------------------------------------------- measuring

def measure(tool, tests, work, codes):
    """Predictions on each test file, and throughput."""
    r = {"name": tool.name, "size_bytes": tool.size_bytes, "note": tool.note, "pred": {},
         "incl_load_lps": {}, "excl_load_lps": {}}
    tag = tool.name.replace(" ", "_").replace("(", "").replace(")", "").replace(".", "")
    empty = os.path.join(work, "empty.txt")
    open(empty, "w").close()
    t_load, _ = tool.execute(empty, os.path.join(work, tag + ".empty.out"),
                             os.path.join(work, tag + ".empty.log"))
    r["load_s"] = t_load
    for name, (gold, texts, text_path) in tests.items():
        out = os.path.join(work, "%s.%s.out" % (tag, name))
        t, rss_once = tool.execute(text_path, out, os.path.join(work, tag + ".log"))
        pred = tool.parse(out, codes)
        if len(pred) != len(gold):
            raise CommandFailed("%s on %s: %d answers for %d lines" %
                                (tool.name, name, len(pred), len(gold)))
        r["pred"][name] = pred
        r["incl_load_lps"][name] = len(gold) / t if t > 0 else None
        # Throughput without the load: the same file replicated until the run lasts ~2 s.
        body = max(t - t_load, 1e-3)
        rep = max(1, min(MAX_REPLICATION, math.ceil(TARGET_SECONDS / body)))
        if rep == 1:  # the run above already lasted long enough (slow tools)
            t_big, rss = t, rss_once
        else:
            big = os.path.join(work, "%s.x%d.txt" % (name, rep))
            if not os.path.exists(big):
                with open(text_path, "rb") as f:
                    chunk = f.read()
                with open(big, "wb") as f:
                    for _ in range(rep):
                        f.write(chunk)
            t_big, rss = tool.execute(big, os.path.join(work, tag + ".big.out"),
                                      os.path.join(work, tag + ".big.log"))
        r["excl_load_lps"][name] = len(gold) * rep / max(t_big - t_load, 1e-3)
        if name == "test":
            r["peak_rss_kb"] = rss
        log("  %-22s %-7s %6.0f lines/s (load incl.) %8.0f lines/s (excl.; x%d)" %
            (tool.name, name, r["incl_load_lps"][name], r["excl_load_lps"][name], rep))
    return r


# ----------------------------------------------------------------------------- report

def pct(v):
    return "–" if v is None else "%.2f" % (100 * v)


def num(v):
    return "–" if v is None else "{:,.0f}".format(v)


def mb(b):
    return "%.2f MB" % (b / 1e6) if b >= 1e5 else "%.0f KB" % (b / 1e3)


def report(res, meta, out_path):
    files = ["test", "test50", "test20"]
    L = []
    L.append("# Language ID: loka vs fastText, CLD2, franc-all, eld, tinyld")
    L.append("")
    L.append("Generated by `bench/langid_bench.py` (step `langid` of `bench/run.sh`) on %s, %s, "
             "nproc %s, load average at start %s. One run, same files for every tool." %
             (meta["date"], meta["cpu"], meta["nproc"], meta["load"]))
    L.append("")
    L.append("Data: UDHR protocol of scripts/data/prepare.py: %d training lines, %d test "
             "paragraphs in %d labels; `test50`/`test20` are the same paragraphs cut to 50/20 "
             "code points. Macro-F1 is the mean over the gold labels present. A peer is scored "
             "on the test lines whose label it covers; the *loka, same lines* rows score loka "
             "on exactly those lines." % (meta["train_lines"], meta["test_lines"],
                                          meta["labels"]))
    L.append("")
    L.append("| tool | labels covered | acc full | F1 full | acc 50 | F1 50 | acc 20 | F1 20 | "
             "model size | lines/s full (excl. load) | lines/s 20 (excl. load) | "
             "lines/s full (incl. load) | peak RSS |")
    L.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in res:
        s = r["scores"]
        L.append("| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            r["name"], r["covered"], pct(s["test"]["accuracy"]), pct(s["test"]["macro_f1"]),
            pct(s["test50"]["accuracy"]), pct(s["test50"]["macro_f1"]),
            pct(s["test20"]["accuracy"]), pct(s["test20"]["macro_f1"]), mb(r["size_bytes"]),
            num(r["excl_load_lps"]["test"]), num(r["excl_load_lps"]["test20"]),
            num(r["incl_load_lps"]["test"]),
            "%.0f MB" % (r["peak_rss_kb"] / 1024) if r.get("peak_rss_kb") else "–"))
        if r.get("loka_same"):
            ls = r["loka_same"]
            L.append("| ↳ loka, same lines | %d | %s | %s | %s | %s | %s | %s | | | | | |" % (
                r["covered"], pct(ls["test"]["accuracy"]), pct(ls["test"]["macro_f1"]),
                pct(ls["test50"]["accuracy"]), pct(ls["test50"]["macro_f1"]),
                pct(ls["test20"]["accuracy"]), pct(ls["test20"]["macro_f1"])))
    L.append("")
    e = meta["loka_eval"]
    L.append("loka calibration (expected calibration error of the top candidate, 10 bins): "
             "full %.4f, 50 chars %.4f, 20 chars %.4f; `und` answers: %d / %d / %d of %d. "
             "Training the model by counting: %.1f s (bit-identical to the build's model: %s)." % (
                 e["test.tsv"]["ece"], e["test50.tsv"]["ece"], e["test20.tsv"]["ece"],
                 e["test.tsv"]["und"], e["test50.tsv"]["und"], e["test20.tsv"]["und"],
                 meta["test_lines"], meta["loka_train"]["train_s"],
                 meta["loka_train"]["identical_to_build"]))
    L.append("")
    ft = meta["fasttext"]
    L.append("fastText: `%s` (%s), trained with `-thread %d` in %.0f s (cached between runs); "
             "quantized with `%s` in %.0f s." % (ft["flags"], ft["flags_source"],
                                                  meta["threads"], ft["train_s"],
                                                  FT_QUANTIZE_FLAGS, ft.get("quantize_s", 0)))
    L.append("")
    L.append("Versions: %s." % ", ".join("%s %s" % kv for kv in meta["versions"].items()))
    L.append("")
    L.append("Notes: lines/s are measured on one CPU (`taskset -c 0`) while other work may run "
             "on the machine; *excl. load* subtracts a run on empty input (process start and "
             "model load) from a run on the test file replicated to about %.0f s. Sizes: loka "
             "and fastText model files; CLD2 the shared library holding its tables; franc-all "
             "its data.js; eld its large n-gram database; tinyld its default bundle. Peers' "
             "codes are mapped to ISO 639-3 (iso-codes; macrolanguages to the UDHR member, "
             "e.g. `ms`→`zlm`, `zh`→`cmn`, `ar`→`arb`). franc-all is itself built from the "
             "UDHR, so its numbers here are on its own training text." % TARGET_SECONDS)
    L.append("")
    with open(out_path, "w") as f:
        f.write("\n".join(L))
    raw = [{k: v for k, v in r.items() if k != "pred"} for r in res]
    with open(os.path.splitext(out_path)[0] + ".json", "w") as f:
        json.dump({"meta": meta, "results": raw}, f, indent=1)


# ----------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", required=True)
    ap.add_argument("--data", default="data")
    ap.add_argument("--threads", type=int, default=2, help="fastText training threads")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results", "langid.md"))
    ap.add_argument("--work", default=None, help="work directory (default DATA/bench-langid)")
    args = ap.parse_args()
    data = os.path.abspath(args.data)
    build = os.path.abspath(args.build)
    work = os.path.abspath(args.work or os.path.join(data, "bench-langid"))
    os.makedirs(work, exist_ok=True)
    t_start = time.time()

    labels = open(os.path.join(data, "udhr", "labels.txt")).read().split()
    codes = CodeMap(labels)
    tests = {}
    for name in ("test", "test50", "test20"):
        gold, texts = read_tsv(os.path.join(data, "udhr", name + ".tsv"))
        text_path = os.path.join(work, name + ".txt")
        with open(text_path, "w", encoding="utf-8") as f:
            for t in texts:
                f.write(t.replace("\n", " ") + "\n")
        tests[name] = (gold, texts, text_path)
    train_gold, train_texts = read_tsv(os.path.join(data, "udhr", "train.tsv"))

    binary, model, loka_train = prepare_loka(build, work, data)
    ft_bin, ft_ftz, ft_info = prepare_fasttext(work, data, args.threads)
    driver = os.path.join(work, "cld2_driver")
    run(["g++", "-O2", "-std=c++17", os.path.join(HERE, "peers", "cld2_driver.cc"), "-o", driver,
         "-lcld2"], log_path=os.path.join(work, "cld2_build.log"), pin=False)

    tools = [Loka(binary, model), FastText(ft_bin, "fastText"),
             FastText(ft_ftz, "fastText .ftz"), Cld2(driver),
             JsTool("franc", "franc-all", ["franc-all/data.js", "franc-all/expressions.js"],
                    "UDHR-trained trigrams"),
             JsTool("eld", "eld (large)", ["eld/src/ngrams/large.js"], ""),
             JsTool("tinyld", "tinyld", ["tinyld/dist/tinyld.normal.node.mjs"], "")]

    # Coverage: the UDHR labels each peer can answer.
    train_txt = os.path.join(work, "train.txt")
    with open(train_txt, "w", encoding="utf-8") as f:
        for t in train_texts:
            f.write(t + "\n")
    cld2_out = os.path.join(work, "cld2.train.out")
    run([driver], stdin_path=train_txt, stdout_path=cld2_out)
    with open(cld2_out, encoding="utf-8") as f:
        tools[3].covered = {codes(c.strip()) for c in f} & set(labels)
    for t in tools[4:]:
        t.covered = {codes(c) for c in t.languages()} & set(labels)

    results = []
    for tool in tools:
        log("%s: predicting" % tool.name)
        try:
            r = measure(tool, tests, work, codes)
        except CommandFailed as e:
            log("%s FAILED: %s" % (tool.name, e))
            continue
        keep = tool.covered
        r["covered"] = len(keep) if keep is not None else len(labels)
        r["scores"] = {n: score(tests[n][0], r["pred"][n], keep) for n in tests}
        results.append(r)
    loka_pred = results[0]["pred"]
    for r in results[1:]:
        tool = next(t for t in tools if t.name == r["name"])
        if tool.covered is not None:
            r["loka_same"] = {n: score(tests[n][0], loka_pred[n], tool.covered) for n in tests}

    try:
        load = "%.1f" % os.getloadavg()[0]
    except OSError:
        load = "?"
    meta = {
        "date": datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": platform.processor() or platform.machine(), "nproc": os.cpu_count(),
        "load": load, "threads": args.threads, "train_lines": len(train_gold),
        "test_lines": len(tests["test"][0]), "labels": len(labels),
        "loka_train": loka_train, "fasttext": ft_info,
        "loka_eval": loka_eval(binary, model, [os.path.join(data, "udhr", n + ".tsv")
                                               for n in ("test", "test50", "test20")]),
        "versions": {"fastText": deb_version("fasttext"), "libcld2": deb_version("libcld2-0"),
                     "franc-all": npm_version("franc-all"), "eld": npm_version("eld"),
                     "tinyld": npm_version("tinyld"), "node": deb_version("nodejs")},
        "seconds": time.time() - t_start,
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    report(results, meta, args.out)
    log("wrote %s (%.0f s)" % (os.path.relpath(args.out, ROOT), meta["seconds"]))
    return 0 if len(results) == len(tools) else 1


if __name__ == "__main__":
    sys.exit(main())
