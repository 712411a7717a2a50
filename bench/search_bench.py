#!/usr/bin/env python3
"""Knowledge-base retrieval benchmark: loka's hybrid search against plain SQLite FTS5 BM25, in
one run, on the same corpus and the same queries.

Usage:
  python3 bench/search_bench.py --build BUILD_DIR [--data data] [--out bench/results/search.md]
                                [--seed 12] [--per-language 12] [--scale 4]

Corpus: every UDHR paragraph of every language (data/udhr/train.tsv + test.tsv, made by
scripts/data/prepare.py), one document per language (<code>.txt, paragraphs separated by blank
lines), added with `loka kb add`.

Queries (known-item search, seeded): for each language, up to --per-language paragraphs of at
least six words; from each, 4 to 6 consecutive words (for scripts written without spaces, 8 to
16 consecutive characters), as people type on phones: diacritics stripped (NFD, combining marks
removed, NFC), lower case, and one typo in a word of three or more letters (two neighbouring
letters swapped, a letter dropped, doubled, or replaced by another letter of the same
paragraph). For every language not written in Latin script, the same window is also turned into
Latin letters with ICU's "Any-Latin; Latin-ASCII" (uconv), then given one typo: the romanized
query. A query succeeds at rank r when the r-th result is a passage of the query's paragraph
(its text is part of the paragraph, in the query's document).

Systems:
  loka   `loka kb search --queries` (in-process search time per query, the process start and
         database open excluded).
  bm25   Python's sqlite3 FTS5 table over the raw paragraph text with tokenize="unicode61
         remove_diacritics 2", queried with the query's words OR-ed, each quoted, ranked by
         bm25(); timed around the execute.

Reported: recall@1, recall@10, MRR@10 and p50/p99 latency, overall and per script of the
language (the family the bench can tell from the text; and where the hybrid loses to BM25); then a scale run: the corpus added --scale times
under different document names (over 100,000 passages), its indexing time and the search
latency over it.

Second corpus (a check that the defaults were not tuned to the UDHR): the localization strings
of at least eight words in data/extra/train.tsv (software and wiki interface text, none of it
UDHR), up to 60 per language, languages with at least 10; the same queries, systems and
metrics.
"""

import argparse
import collections
import datetime
import json
import os
import platform
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SPACELESS = {"Thai", "Lao", "Khmer", "Myanmar", "Han", "Hiragana", "Katakana", "Tibetan"}
UCONV = shutil.which("uconv") or "/usr/bin/uconv"


def log(msg):
    print("search-bench: " + msg, file=sys.stderr, flush=True)


def script_of_char(ch):
    """The Unicode script of a letter, from its character name (the standard library has no
    script property): the name's first word, with CJK and Hangul mapped."""
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return None
    if name.startswith("CJK"):
        return "Han"
    first = name.split(" ")[0]
    return {"HANGUL": "Hangul", "HIRAGANA": "Hiragana", "KATAKANA": "Katakana",
            "MYANMAR": "Myanmar"}.get(first, first.title())


def dominant_script(text):
    counts = collections.Counter()
    for ch in text:
        if unicodedata.category(ch).startswith("L"):
            s = script_of_char(ch)
            if s:
                counts[s] += 1
    return counts.most_common(1)[0][0] if counts else "Common"


def strip_diacritics(text):
    d = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in d if unicodedata.category(c) != "Mn"))


def typo(rng, word, alphabet):
    """One phone typo in `word` (a list of code points is treated as letters)."""
    letters = list(word)
    if len(letters) < 3:
        return word
    op = rng.choice(["swap", "drop", "double", "replace"])
    i = rng.randrange(1, len(letters) - 1)  # keep the first letter, as phone typos mostly do
    if op == "swap":
        letters[i], letters[i + 1] = letters[i + 1], letters[i]
    elif op == "drop":
        del letters[i]
    elif op == "double":
        letters.insert(i, letters[i])
    else:
        choices = [a for a in alphabet if a != letters[i]]
        if choices:
            letters[i] = rng.choice(choices)
    return "".join(letters)


def with_typo(rng, words, alphabet, spaceless):
    if spaceless:  # one run of characters: the typo goes anywhere inside it
        return typo(rng, words[0], alphabet) if words else ""
    idx = [i for i, w in enumerate(words) if len(w) >= 3]
    if idx:
        i = rng.choice(idx)
        words = words[:i] + [typo(rng, words[i], alphabet)] + words[i + 1:]
    return " ".join(words)


def window(rng, text, spaceless):
    if spaceless:
        chars = [c for c in text if not c.isspace()]
        n = rng.randint(8, 16)
        if len(chars) < n + 2:
            return None
        s = rng.randrange(0, len(chars) - n)
        return ["".join(chars[s:s + n])]
    words = [w.strip(".,;:!?()\"'«»“”„[]") for w in text.split()]
    words = [w for w in words if w]
    if len(words) < 6:
        return None
    n = rng.randint(4, 6)
    s = rng.randrange(0, len(words) - n + 1)
    return words[s:s + n]


def romanize(lines):
    """ICU Any-Latin; Latin-ASCII over many lines in one uconv call."""
    if not lines:
        return []
    out = subprocess.run([UCONV, "-f", "utf-8", "-t", "utf-8", "-x", "Any-Latin; Latin-ASCII"],
                         input="\n".join(lines) + "\n", capture_output=True, text=True,
                         check=True).stdout
    res = out.split("\n")[:len(lines)]
    return res + [""] * (len(lines) - len(res))


def load_corpus(data):
    corpus = collections.OrderedDict()
    for name in ("train.tsv", "test.tsv"):
        with open(os.path.join(data, "udhr", name), encoding="utf-8") as f:
            for line in f:
                label, _, text = line.rstrip("\n").partition("\t")
                if text:
                    corpus.setdefault(label, []).append(text)
    return corpus


def load_second_corpus(data, per_language=60, min_per_language=10, seed=5):
    """Interface strings of 8+ words per language from data/extra/train.tsv, UDHR text left
    out, each string once; a seeded sample of `per_language` per language."""
    path = os.path.join(data, "extra", "train.tsv")
    if not os.path.exists(path):
        return None
    udhr = set()
    for paras in load_corpus(data).values():
        udhr.update(paras)
    corpus, seen = collections.OrderedDict(), set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            label, _, text = line.rstrip("\n").partition("\t")
            if text in udhr or text in seen or len(text.split()) < 8:
                continue
            seen.add(text)
            corpus.setdefault(label.split("/")[0], []).append(text)
    rng = random.Random(seed)
    for lang in list(corpus):
        rng.shuffle(corpus[lang])
        corpus[lang] = corpus[lang][:per_language]
        if len(corpus[lang]) < min_per_language:
            del corpus[lang]
    return corpus


def unique_window(paras, pi, plain, spaceless):
    """True when the query's words before the typo (`plain`, diacritics stripped, lower case)
    occur in paragraph `pi` of their language and in no other: a query several paragraphs
    answer equally has no single right answer, and no ranking can be sure to get it first."""
    def norm(t):
        t = strip_diacritics(t).lower()
        if spaceless:
            return "".join(c for c in t if not c.isspace())
        return " " + " ".join(w.strip(".,;:!?()\"'«»“”„[]") for w in t.split()) + " "
    needle = "".join(plain) if spaceless else " " + " ".join(plain) + " "
    return [i for i, p in enumerate(paras) if needle in norm(p)] == [pi]


def make_queries(corpus, per_language, seed):
    rng = random.Random(seed)
    native, latin_src = [], []
    for lang in sorted(corpus):
        paras = corpus[lang]
        script = dominant_script(" ".join(paras[:5]))
        spaceless = script in SPACELESS
        alphabet = sorted({c for p in paras for c in strip_diacritics(p).lower() if c.isalpha()})
        order = list(range(len(paras)))
        rng.shuffle(order)
        taken = 0
        for pi in order:
            if taken >= per_language:
                break
            w = window(rng, paras[pi], spaceless)
            if w is None:
                continue
            taken += 1
            plain = [strip_diacritics(x).lower() for x in w]
            native.append({"lang": lang, "script": script, "para": pi,
                           "query": with_typo(rng, plain, alphabet, spaceless),
                           "unique": unique_window(paras, pi, plain, spaceless)})
            if script != "Latin":
                latin_src.append(({"lang": lang, "script": script, "para": pi}, " ".join(w)))
    romanized = romanize([s for _, s in latin_src])
    latin = []
    for (q, _), r in zip(latin_src, romanized):
        words = r.lower().split()
        if not words:
            continue
        alphabet = sorted({c for c in r.lower() if c.isalpha()}) or list("aeiou")
        q = dict(q)
        q["query"] = with_typo(rng, words, alphabet, False)
        latin.append(q)
    return native, latin


def write_corpus(corpus, folder, copies=1):
    os.makedirs(folder, exist_ok=True)
    for c in range(copies):
        for lang, paras in corpus.items():
            name = "%s.txt" % lang if c == 0 else "%s.copy%d.txt" % (lang, c)
            with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
                f.write("\n\n".join(paras) + "\n")


def run_loka(build, db, queries, k=10):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write("".join(q["query"].replace("\n", " ") + "\n" for q in queries))
        qfile = f.name
    try:
        out = subprocess.run([os.path.join(build, "loka"), "kb", "search", "--db", db,
                              "--queries", qfile, "-k", str(k), "--json"],
                             capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(qfile)
    answers = []
    for line in out.splitlines():
        j = json.loads(line)
        answers.append(([(r["doc"], r["passage"]) for r in j.get("results", [])],
                        j.get("latency_ms", 0.0)))
    return answers


def build_bm25(corpus, path):
    if os.path.exists(path):
        os.unlink(path)
    db = sqlite3.connect(path)
    db.execute("CREATE VIRTUAL TABLE p USING fts5(doc UNINDEXED, text, "
               "tokenize='unicode61 remove_diacritics 2')")
    with db:
        for lang, paras in corpus.items():
            db.executemany("INSERT INTO p (doc, text) VALUES (?, ?)",
                           [("%s.txt" % lang, t) for t in paras])
    return db


def run_bm25(db, queries, k=10):
    answers = []
    for q in queries:
        words = re.findall(r"\w+", q["query"])
        if not words:
            answers.append(([], 0.0))
            continue
        expr = " OR ".join('"%s"' % w.replace('"', '""') for w in words)
        t0 = time.perf_counter()
        rows = db.execute("SELECT doc, text FROM p WHERE p MATCH ? ORDER BY bm25(p) LIMIT ?",
                          (expr, k)).fetchall()
        answers.append(([(d, t) for d, t in rows], (time.perf_counter() - t0) * 1000))
    return answers


def rank_of(q, results, corpus):
    target_doc = "%s.txt" % q["lang"]
    para = corpus[q["lang"]][q["para"]]
    for i, (doc, text) in enumerate(results):
        if doc == target_doc and text and text in para:
            return i + 1
    return 0


def metrics(ranks, lat):
    n = len(ranks)
    if n == 0:
        return None
    lat = sorted(lat)
    return {"n": n,
            "r1": sum(1 for r in ranks if r == 1) / n,
            "r10": sum(1 for r in ranks if 1 <= r <= 10) / n,
            "mrr10": sum(1.0 / r for r in ranks if 1 <= r <= 10) / n,
            "p50": lat[len(lat) // 2] if lat else 0.0,
            "p99": lat[min(len(lat) - 1, int(len(lat) * 0.99))] if lat else 0.0}


def fmt(m):
    return "%d | %.3f | %.3f | %.3f | %.2f | %.2f" % (m["n"], m["r1"], m["r10"], m["mrr10"],
                                                       m["p50"], m["p99"])


def evaluate(name, queries, answers, corpus):
    ranks = [rank_of(q, a[0], corpus) for q, a in zip(queries, answers)]
    return ranks, [a[1] for a in answers]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--data", default=os.path.join(ROOT, "data"))
    ap.add_argument("--out", default=os.path.join(HERE, "results", "search.md"))
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--per-language", type=int, default=12)
    ap.add_argument("--scale", type=int, default=4)
    ap.add_argument("--work", default=None, help="work directory (default: a temporary one)")
    args = ap.parse_args()

    loka = os.path.join(args.build, "loka")
    corpus = load_corpus(args.data)
    n_passages = sum(len(v) for v in corpus.values())
    log("%d languages, %d paragraphs" % (len(corpus), n_passages))
    native, latin = make_queries(corpus, args.per_language, args.seed)
    log("%d native queries, %d romanized queries" % (len(native), len(latin)))

    work = args.work or tempfile.mkdtemp(prefix="loka-search-bench-")
    os.makedirs(work, exist_ok=True)
    docs = os.path.join(work, "docs")
    shutil.rmtree(docs, ignore_errors=True)
    write_corpus(corpus, docs)
    db = os.path.join(work, "kb.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.unlink(db + suffix)
    t0 = time.time()
    subprocess.run([loka, "kb", "add", "--db", db, docs], check=True, stdout=subprocess.DEVNULL)
    add_s = time.time() - t0
    log("loka indexed %d paragraphs in %.1f s" % (n_passages, add_s))
    bm25_db = build_bm25(corpus, os.path.join(work, "bm25.db"))

    results = {}
    for qname, queries in (("native", native), ("romanized", latin)):
        la = run_loka(args.build, db, queries)
        ba = run_bm25(bm25_db, queries)
        results[qname] = {"loka": evaluate("loka", queries, la, corpus),
                          "bm25": evaluate("bm25", queries, ba, corpus)}

    # Scale: the corpus several times over (different document names).
    scale = {}
    if args.scale > 1:
        big_docs = os.path.join(work, "docs-scale")
        shutil.rmtree(big_docs, ignore_errors=True)
        write_corpus(corpus, big_docs, copies=args.scale)
        big_db = os.path.join(work, "kb-scale.db")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(big_db + suffix):
                os.unlink(big_db + suffix)
        t0 = time.time()
        subprocess.run([loka, "kb", "add", "--db", big_db, big_docs], check=True,
                       stdout=subprocess.DEVNULL)
        scale["index_s"] = time.time() - t0
        scale["passages"] = n_passages * args.scale
        la = run_loka(args.build, big_db, native)
        lat = sorted(a[1] for a in la)
        scale["p50"] = lat[len(lat) // 2]
        scale["p99"] = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
        log("scale: %d passages indexed in %.1f s; p50 %.2f ms, p99 %.2f ms" % (
            scale["passages"], scale["index_s"], scale["p50"], scale["p99"]))

    second = None
    corpus2 = load_second_corpus(args.data)
    if corpus2:
        native2, latin2 = make_queries(corpus2, args.per_language, args.seed)
        docs2 = os.path.join(work, "docs-second")
        shutil.rmtree(docs2, ignore_errors=True)
        write_corpus(corpus2, docs2)
        db2 = os.path.join(work, "kb-second.db")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db2 + suffix):
                os.unlink(db2 + suffix)
        subprocess.run([loka, "kb", "add", "--db", db2, docs2], check=True,
                       stdout=subprocess.DEVNULL)
        bm25_2 = build_bm25(corpus2, os.path.join(work, "bm25-second.db"))
        second = {"corpus": corpus2, "native": native2, "latin": latin2, "results": {}}
        for qname, queries in (("native", native2), ("romanized", latin2)):
            second["results"][qname] = {
                "loka": evaluate("loka", queries, run_loka(args.build, db2, queries), corpus2),
                "bm25": evaluate("bm25", queries, run_bm25(bm25_2, queries), corpus2)}
        log("second corpus: %d passages in %d languages" % (
            sum(len(v) for v in corpus2.values()), len(corpus2)))

    write_report(args, corpus, native, latin, results, n_passages, add_s, scale, second)
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


def write_report(args, corpus, native, latin, results, n_passages, add_s, scale, second):
    lines = []
    w = lines.append
    w("# Knowledge-base search: loka hybrid vs plain FTS5 BM25")
    w("")
    w("Generated by `bench/search_bench.py` on %s (%s, %s); seed %d, up to %d queries per "
      "language. Load average when the report was written: %.1f (1 min), %.1f (15 min); "
      "other work on the machine inflates the latencies and index times." % (
          datetime.date.today().isoformat(), platform.node(), platform.machine(), args.seed,
          args.per_language, os.getloadavg()[0], os.getloadavg()[2]))
    w("")
    w("Corpus: %d UDHR paragraphs in %d languages, one document per language; loka indexed "
      "them in %.1f s. Queries: 4-6 consecutive words (8-16 characters for scripts without "
      "spaces), diacritics stripped, lower case, one typo; romanized queries: the same windows "
      "of non-Latin-script languages through ICU Any-Latin; Latin-ASCII, then one typo. "
      "Latency: loka's in-process search time per query (`kb search --queries`); BM25: "
      "Python sqlite3 execute time." % (n_passages, len(corpus), add_s))
    w("")
    for qname, label in (("native", "Phone-typed queries"), ("romanized", "Romanized queries")):
        r = results[qname]
        queries = native if qname == "native" else latin
        w("## %s" % label)
        w("")
        w("| system | queries | recall@1 | recall@10 | MRR@10 | p50 ms | p99 ms |")
        w("|---|---|---|---|---|---|---|")
        for system in ("loka", "bm25"):
            ranks, lat = r[system]
            w("| %s | %s |" % ("loka hybrid" if system == "loka" else "FTS5 BM25",
                               fmt(metrics(ranks, lat))))
        ml, mb = metrics(*r["loka"]), metrics(*r["bm25"])
        if mb["mrr10"] > 0:
            w("")
            w("MRR@10 ratio hybrid / BM25: %.2f." % (ml["mrr10"] / mb["mrr10"]))
        if queries and "unique" in queries[0]:
            uniq = [i for i, q in enumerate(queries) if q["unique"]]
            w("")
            w("Queries whose words (before the typo) occur in one paragraph of their language "
              "only: %d of %d; on them recall@1 %.3f (loka) and %.3f (BM25). The others have "
              "several equally right answers." % (
                  len(uniq), len(queries),
                  sum(1 for i in uniq if r["loka"][0][i] == 1) / max(1, len(uniq)),
                  sum(1 for i in uniq if r["bm25"][0][i] == 1) / max(1, len(uniq))))
        langs = {q["lang"] for q in queries}
        w("")
        w("Languages: %d." % len(langs))
        w("")
        w("Per script (loka hybrid / FTS5 BM25):")
        w("")
        w("| script | languages | queries | recall@1 | recall@10 | MRR@10 | p50 ms | p99 ms | "
          "BM25 recall@1 | BM25 MRR@10 |")
        w("|---|---|---|---|---|---|---|---|---|---|")
        by = collections.defaultdict(list)
        for i, q in enumerate(queries):
            by[q["script"]].append(i)
        for script in sorted(by, key=lambda s: (-len(by[s]), s)):
            idx = by[script]
            lr = [r["loka"][0][i] for i in idx]
            br = [r["bm25"][0][i] for i in idx]
            ll = [r["loka"][1][i] for i in idx]
            bl = [r["bm25"][1][i] for i in idx]
            a, b = metrics(lr, ll), metrics(br, bl)
            w("| %s | %d | %d | %.3f | %.3f | %.3f | %.2f | %.2f | %.3f | %.3f |" % (
                script, len({queries[i]["lang"] for i in idx}), len(idx), a["r1"], a["r10"],
                a["mrr10"], a["p50"], a["p99"], b["r1"], b["mrr10"]))
        losses = []
        for lang in sorted(langs):
            idx = [i for i, q in enumerate(queries) if q["lang"] == lang]
            a = metrics([r["loka"][0][i] for i in idx], [0.0])
            b = metrics([r["bm25"][0][i] for i in idx], [0.0])
            if a["mrr10"] < b["mrr10"]:
                losses.append((b["mrr10"] - a["mrr10"], lang, a["mrr10"], b["mrr10"]))
        losses.sort(reverse=True)
        w("")
        w("Where the hybrid loses to BM25 (MRR@10 per language; %d of %d languages):" % (
            len(losses), len(langs)))
        w("")
        if losses:
            w("| language | hybrid MRR@10 | BM25 MRR@10 |")
            w("|---|---|---|")
            for _, lang, a, b in losses[:20]:
                w("| %s | %.3f | %.3f |" % (lang, a, b))
        else:
            w("none.")
        w("")
    if second:
        n2 = sum(len(v) for v in second["corpus"].values())
        w("## Second corpus (not used for tuning)")
        w("")
        w("%d localization strings of 8+ words in %d languages (data/extra/train.tsv, UDHR text "
          "left out), queries made the same way." % (n2, len(second["corpus"])))
        w("")
        w("| queries | system | queries | recall@1 | recall@10 | MRR@10 | p50 ms | p99 ms |")
        w("|---|---|---|---|---|---|---|---|")
        for qname in ("native", "romanized"):
            r = second["results"][qname]
            for system in ("loka", "bm25"):
                w("| %s | %s | %s |" % (qname, "loka hybrid" if system == "loka" else "FTS5 BM25",
                                         fmt(metrics(*r[system]))))
            ml, mb = metrics(*r["loka"]), metrics(*r["bm25"])
            if mb["mrr10"] > 0:
                w("| %s | MRR@10 ratio | | | | %.2f | | |" % (qname, ml["mrr10"] / mb["mrr10"]))
        w("")
    if scale:
        w("## Scale")
        w("")
        w("The corpus added %d times under different names: %d passages indexed by `loka kb add` "
          "in %.1f s; phone-typed queries over them: p50 %.2f ms, p99 %.2f ms." % (
              args.scale, scale["passages"], scale["index_s"], scale["p50"], scale["p99"]))
        w("")
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    log("wrote %s" % args.out)


if __name__ == "__main__":
    main()
