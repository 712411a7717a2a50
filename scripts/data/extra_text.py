#!/usr/bin/env python3
"""Extra language-ID text beyond the UDHR: short software and locale strings.

Usage: python3 scripts/data/extra_text.py OUTDIR [--force]

Reads openly licensed packages that scripts/setup.sh put on the machine (no network) and writes
  OUTDIR/extra/train.tsv  `label<TAB>text` from Firefox ESR's language packs (Debian
                          firefox-esr-l10n-*, MPL-2.0) and CLDR locale data (npm cldr-*-full,
                          Unicode-3.0): UI strings, language/territory names, dates, units, emoji
                          names; MediaWiki's messages (Debian mediawiki, its */i18n/*.json,
                          GPL-2.0+), OOjs UI's own message files skipped; LibreOffice's UI
                          catalogs (Debian libreoffice-l10n-*, resource/*/LC_MESSAGES/*.mo,
                          MPL-2.0)
  OUTDIR/extra/dev.tsv    a development set from two sources never trained on: Qt's
                          translations (Debian qttranslations5-l10n, qt6-translations-l10n) and
                          OOjs UI's messages (npm oojs-ui, MIT): short UI strings
  OUTDIR/langid/train.tsv the default model's training file: UDHR train split (the lines of a
                          two-script label in its second script as `srp/udhr2`, see
                          SECOND_SCRIPT_PROFILE), then extra/train with each label marked as
                          the "ui" profile (`hrv/ui`, see EXTRA_PROFILE), then the everyday
                          phrases (`code/chat`, `code/rom`)
  OUTDIR/langid/priors.tsv `code/ui<TAB>count`: how many distinct strings the sources hold for
                          the language (before the cap), the trainer's --priors: software text is
                          more likely in a language software is widely translated into
  OUTDIR/extra/stats.json sources, versions, licences, lines and characters per label
Labels are ISO 639-3 codes as in the UDHR labels (macrolanguages mapped to the UDHR member:
ms -> zlm, zh -> cmn, ar -> arb, fa -> pes, ...), plus a few languages with software
translations the UDHR lacks (NEW_LABELS). Per source and label, lines are deduplicated, strings
left untranslated (equal to the English one at the same place) dropped, lines whose main
script is not one of the label's UDHR scripts dropped, texts under two labels
dropped, any text of the UDHR test files (full, 50 and 20 characters) dropped, and what is left
capped (EXTRA_RATIO) by taking lines in the order of a hash of their text. Dev lines also in the
training text are dropped. The gettext catalogs under /usr/share/locale are never read: they
are kept for an independent evaluation. Deterministic: same inputs -> same bytes.
Only the Python standard library is used.
"""

import argparse
import hashlib
import html
import json
import os
import re
import struct
import sys
import unicodedata
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common_words  # noqa: E402
import everyday_phrases  # noqa: E402
import speakers  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
# LOKA_NPM: another node_modules directory holding the same pinned packages.
NPM = os.environ.get("LOKA_NPM") or os.path.join(ROOT, "third_party", "npm", "node_modules")
DEB = os.path.join(ROOT, "third_party", "deb", "root")
FIREFOX_DIR = os.path.join(DEB, "usr", "lib", "firefox-esr", "browser", "extensions")
QT_DIRS = [os.path.join(DEB, "usr", "share", "qt5", "translations"),
           os.path.join(DEB, "usr", "share", "qt6", "translations")]
CLDR_PACKAGES = ["cldr-localenames-full", "cldr-dates-full", "cldr-units-full",
                 "cldr-annotations-full"]
OOUI_DIR = os.path.join(NPM, "oojs-ui", "dist", "i18n")
MEDIAWIKI_DIR = os.path.join(DEB, "usr", "share", "mediawiki")
LIBREOFFICE_DIR = os.path.join(DEB, "usr", "lib", "libreoffice", "program", "resource")
TRAIN_SOURCES = ("firefox", "cldr", "mediawiki", "libreoffice")
ISO_639_3 = "/usr/share/iso-codes/json/iso_639-3.json"

PROTOCOL = "extra-v8"
# Extra characters kept per label: EXTRA_RATIO times the label's UDHR training characters
# (NEW_LABEL_BASE_CHARS for a label the UDHR lacks), from both sources in hash order. The extra
# text is a profile of its own (EXTRA_PROFILE), so more of it no longer costs the UDHR test: when
# it shared the UDHR table, ratio 1 already lost UDHR passages to UDHR-only neighbours (Croatian
# to Montenegrin, Persian to Dari) and ratio 3 more, which is why Chinese and the labels written
# in two scripts were capped lower. Measured with profiles (Qt dev macro-F1; UDHR macro-F1 full /
# 20 chars on CLD2's 87 labels, CLD2 itself 0.943 / 0.883), 1,500 entries per profile: ratio 1
# -> 0.837; 0.955 / 0.917, 3 -> 0.859; 0.956 / 0.916, 5 -> 0.864; 0.956 / 0.915; with 1,300
# UDHR / 1,800 UI entries: 3 -> 0.863, 5 -> 0.868, 10 -> 0.874 (half again the training time);
# with the default 1,300 / 2,100 (src/langid/trainer.h): 5 -> 0.875; 0.957 / 0.917. Shared
# table, for comparison: 1 -> 0.843; 0.938 / 0.908, 3 -> 0.866; 0.933 / 0.892. With LibreOffice
# and MediaWiki added, at 1,150 / 1,700 entries, Qt / OOjs UI dev macro-F1: 5 -> 0.872 / 0.768,
# 8 -> 0.877 / 0.769, 12 -> 0.876 / 0.771; 8 is the default (docs/langid.md).
EXTRA_RATIO = 8
NEW_LABEL_BASE_CHARS = 9000
DEV_CAP_LINES = 400  # per label and dev source
MAX_LINE_CHARS = 300
# In langid/train.tsv the extra lines are labelled `code/ui`: `loka langid train` counts them as
# a profile of their own beside the language's UDHR lines and answers with the code
# (docs/langid.md, "Profiles"), so software strings do not dilute the UDHR table.
EXTRA_PROFILE = "ui"
# Everyday text in the same profile (scripts/data/common_words.py): subtitle word lines of
# WORDS_RATIO times the label's UDHR characters, added after the cap; and every PLAIN_EVERY-th
# short line (software string or word line, hash order) of a Latin-script label once more
# without its diacritics, as text typed on a phone often is ("nao", "ca va", "nasilsin").
# Measured in docs/langid.md ("Everyday text").
WORDS_RATIO = 2
PLAIN_EVERY = 6
# Everyday phrases (scripts/data/everyday_phrases.py) get profiles of their own: `code/chat` for
# the native script, `code/rom` for romanized Hindustani, Bengali, Tamil, Telugu, Marathi, Nepali
# and pinyin; each PHRASES_RATIO times the label's UDHR characters, and every
# PHRASES_PLAIN_EVERY-th `chat` line of a Latin-script label once more without diacritics. In the
# `code/ui` profile the same phrases cost 1.8 points of Qt dev macro-F1 (hrv -> bos, spa -> glg):
# they took entries and probability from software n-grams. Their tables are kept small by
# `loka langid train --domain-entries` (Makefile). Measured in docs/langid.md ("Everyday").
CHAT_PROFILE = "chat"
ROM_PROFILE = "rom"
# A UDHR label written in two scripts (Serbian, Bosnian, Azerbaijani, Uzbek, Turkmen in Cyrillic
# and Latin; Uyghur, Malay in Arabic and Latin; Javanese, Fulfulde, Sanskrit, Vietnamese) has
# its lines in the second script as a profile of their own, `code/udhr2`: one table shared by
# two scripts held half the n-grams of each, and Cyrillic Serbian lost its UDHR paragraphs to
# Macedonian (full-paragraph F1 0.08). Second script: one other than the label's most common,
# holding at least SECOND_SCRIPT_SHARE of its UDHR letters; each line goes by its own main
# script. UDHR macro-F1 full / 50 / 20 characters 97.50 / 96.31 / 92.36 -> 98.07 / 96.85 / 92.53
# with 1,000 entries a table; 97.88 / 96.62 / 92.54 with the default 500 (Makefile), which keeps
# the software-string tables at their size. Measured in docs/langid.md ("Two scripts, two
# tables").
SECOND_SCRIPT_PROFILE = "udhr2"
SECOND_SCRIPT_SHARE = 0.1
PHRASES_RATIO = 1
PHRASES_PLAIN_EVERY = 3
# Evaluation files of everyday messages (the bench's and the tests'): no phrase line may equal
# one of their texts.
EVERYDAY_EVAL = [os.path.join(ROOT, "bench", "data", n)
                 for n in ("everyday_dev.tsv", "everyday_dev2.tsv", "everyday_dev3.tsv",
                           "everyday_dev4.tsv", "everyday_dev5.tsv",
                           "everyday_dev6.tsv", "everyday_dev7.tsv", "everyday_dev8.tsv",
                           "everyday_dev9.tsv", "everyday_dev10.tsv",
                           "everyday_dev11.tsv", "everyday_dev12.tsv",
                           "everyday_dev13.tsv")] + [
                     os.path.join(ROOT, "testdata", "langid", "everyday.tsv")]

# Macrolanguage (or individual) codes -> the UDHR label for the same written language.
MACRO = {
    "msa": "zlm", "ara": "arb", "zho": "cmn", "fas": "pes", "swa": "swh", "est": "ekk",
    "lav": "lvs", "uzb": "uzn", "aze": "azj", "mon": "khk", "nep": "npi", "nor": "nob",
    "yid": "ydd", "orm": "gaz", "pus": "pbu", "sqi": "als", "grn": "gug", "mlg": "plt",
    "kau": "knc", "iku": "ike", "oji": "ojb", "que": "que", "fil": "tgl", "aka": "twi",
    "kur": "kmr", "hbs": None, "ful": None, "son": None, "zha": None, "kon": "kng",
    "lah": "pnb", "ori": "ory", "kok": "gom", "mey": None,
    # The one member of the macrolanguage that the UDHR has: Aymara (ay) is Central Aymara,
    # Sardinian (sc, written in the common standard) closest to Logudorese.
    "aym": "ayr", "srd": "src",
}
# Languages with software translations that the UDHR lacks, added as labels of their own.
# Aragonese, Sardinian, Bashkir and others were tried and left out: they took more lines from
# Spanish, Catalan, Tatar... than they answered right.
NEW_LABELS = {"asm", "ory", "ckb", "kmr", "snd"}
# Locale subtags that change the label.
SPECIAL = {"yue": "yue", "zh-yue": "yue", "nan": "nan", "sh": None, "ku-arab": "ckb",
           "ku-iq": "ckb", "fa-af": "prs"}


def log(msg):
    print(msg, flush=True)


class Labeler:
    """Locale tag (de, pt-BR, sr_Latn, be-tarask) -> UDHR-style ISO 639-3 label or None."""

    def __init__(self, udhr_labels):
        self.labels = set(udhr_labels) | NEW_LABELS
        self.two = {}
        self.three = set()
        with open(ISO_639_3, encoding="utf-8") as f:
            for e in json.load(f)["639-3"]:
                self.three.add(e["alpha_3"])
                if "alpha_2" in e:
                    self.two[e["alpha_2"]] = e["alpha_3"]

    def __call__(self, tag):
        t = tag.lower().replace("_", "-")
        if t in SPECIAL:
            return SPECIAL[t]
        first = t.split("-")[0]
        if first in SPECIAL:
            return SPECIAL[first]
        code = self.two.get(first, first if len(first) == 3 else None)
        if code is None:
            return None
        if code in MACRO:
            code = MACRO[code]
        if code is None or code not in self.labels:
            return None
        return code


# ----------------------------------------------------------------------------- cleaning

_TAG = re.compile(r"<[^<>]{0,200}>")
_PLACE = re.compile(r"\{[^{}]*\}")
_PRINTF = re.compile(r"%(\d+\$)?[-#0 +']*(\d+|\*)?(\.\d+)?(hh|h|ll|l|L|z|j|t)?"
                     r"[sdifuxXcSpeEgGoaA@]|%\d+|%[nL]")
_ESC = re.compile(r"\\[ntr]")
_URL = re.compile(r"\b(https?|ftp)://\S+|\bwww\.\S+|\S+@\S+\.\w+")
_WS = re.compile(r"\s+")
_WORD = re.compile(r"[^\W\d_]+")


_ACCEL = re.compile(r"&(?![#\w]+;)(?=\w)")  # an access-key marker: &File


def clean(s):
    """A UI string as plain text: markup, placeholders, access-key markers and escapes
    removed, NFC, whitespace collapsed. Returns "" when fewer than 2 letters are left."""
    s = _ESC.sub(" ", s)
    s = _ACCEL.sub("", s)
    s = _TAG.sub(" ", s)
    s = html.unescape(s)
    s = _PLACE.sub(" ", s)
    s = _PRINTF.sub(" ", s)
    s = _URL.sub(" ", s)
    s = s.replace("\u00ad", "").replace("\u200b", "")
    s = _WS.sub(" ", unicodedata.normalize("NFC", s)).strip(" ,;:·-–—|/")
    letters = sum(1 for c in s if unicodedata.category(c).startswith("L"))
    if letters < 2 or len(s) > MAX_LINE_CHARS:
        return ""
    return s


# ----------------------------------------------------------------------------- Firefox

def _fluent(text):
    """(key, value) pairs of a Fluent file: messages, attributes (not access keys or styles)
    and the variants of selectors, each as its own value."""
    out = []
    key = None
    for line in text.split("\n"):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = re.match(r"^(-?[A-Za-z][\w-]*)\s*=\s?(.*)$", line)
        if m:
            key = m.group(1)
            if m.group(2).strip():
                out.append((key, m.group(2)))
            continue
        if key is None or not line[:1].isspace():
            continue
        body = line.strip()
        m = re.match(r"^\.([\w-]+)\s*=\s?(.*)$", body)
        if m:
            attr = m.group(1)
            if attr in ("accesskey", "key", "commandkey", "style", "width", "height",
                        "title-style") or attr.endswith("key"):
                continue
            out.append((key + "." + attr, m.group(2)))
            continue
        m = re.match(r"^\*?\[[^\]]*\]\s*(.*)$", body)
        if m:
            out.append((key + "[]", m.group(1)))
            continue
        if body.startswith("}") or body.endswith("->"):
            continue
        out.append((key + "+", body))
    return out


def _properties(text):
    out = []
    for line in text.split("\n"):
        line = line.strip()
        if not line or line.startswith(("#", "!")):
            continue
        m = re.match(r"^([^=:\s]+)\s*[=:]\s*(.*)$", line)
        if not m:
            continue
        key, value = m.group(1), m.group(2)
        if key.endswith(("accesskey", ".key", "Key", "commandkey")):
            continue
        value = re.sub(r"\\u([0-9a-fA-F]{4})", lambda u: chr(int(u.group(1), 16)), value)
        for i, part in enumerate(value.split(";")):  # plural forms
            out.append((key + "#" + str(i), part))
    return out


def read_langpack(path, locale):
    """{(file, key): raw value} of one Firefox language pack."""
    strings = {}
    with zipfile.ZipFile(path) as z:
        for name in sorted(z.namelist()):
            if name.endswith(".ftl"):
                pairs = _fluent(z.read(name).decode("utf-8", "replace"))
            elif name.endswith(".properties"):
                pairs = _properties(z.read(name).decode("utf-8", "replace"))
            else:
                continue
            where = name.replace("/" + locale + "/", "/@/")
            for k, v in pairs:
                strings.setdefault((where, k), v)
    return strings


def firefox_rows():
    """(locale, text) pairs of every language pack, untranslated strings dropped."""
    packs = {}
    for f in sorted(os.listdir(FIREFOX_DIR)):
        m = re.match(r"^langpack-(.+)@firefox-esr\.mozilla\.org\.xpi$", f)
        if m:
            packs[m.group(1)] = os.path.join(FIREFOX_DIR, f)
    if "en-GB" not in packs:
        sys.exit("extra_text: Firefox en-GB language pack missing in %s" % FIREFOX_DIR)
    english = read_langpack(packs["en-GB"], "en-GB")
    for loc, path in sorted(packs.items()):
        strings = read_langpack(path, loc)
        is_english = loc.startswith("en")
        for k in sorted(strings):
            v = strings[k]
            if not is_english and english.get(k) == v:
                continue
            yield loc, v


# ----------------------------------------------------------------------------- CLDR

_CLDR_SKIP = {"dateFormats", "timeFormats", "dateTimeFormats", "dateTimeFormats-atTime",
              "availableFormats", "intervalFormats", "appendItems", "identity", "gmtFormat",
              "hourFormat", "gmtZeroFormat", "regionFormat-type-daylight",
              "regionFormat-type-standard", "fallbackFormat", "eras", "metazone",
              "dayPeriods", "localeDisplayPattern", "codePatterns"}


def _leaves(node, path, out):
    if isinstance(node, dict):
        for k in sorted(node):
            if k in _CLDR_SKIP:
                continue
            _leaves(node[k], path + (k,), out)
    elif isinstance(node, list):
        out[path] = ", ".join(x for x in node if isinstance(x, str))
    elif isinstance(node, str):
        out[path] = node


def cldr_strings(locale):
    """{(file, path): text} over the CLDR packages for one locale."""
    out = {}
    for pkg in CLDR_PACKAGES:
        top = "annotations" if "annotations" in pkg else "main"
        d = os.path.join(NPM, pkg, top, locale)
        if not os.path.isdir(d):
            continue
        for f in sorted(os.listdir(d)):
            if not f.endswith(".json") or f == "timeZoneNames.json":
                continue
            with open(os.path.join(d, f), encoding="utf-8") as fh:
                data = json.load(fh)
            leaves = {}
            body = data.get(top, data)
            for v in body.values():  # the locale's own key
                _leaves(v, (pkg, f), leaves)
            out.update(leaves)
    return out


def cldr_rows():
    locales = set()
    for pkg in CLDR_PACKAGES:
        top = "annotations" if "annotations" in pkg else "main"
        d = os.path.join(NPM, pkg, top)
        if not os.path.isdir(d):
            sys.exit("extra_text: %s not found; run `make setup` (npm %s)" % (d, pkg))
        locales.update(os.listdir(d))
    english = cldr_strings("en")
    root = cldr_strings("root") if "root" in locales else {}
    for loc in sorted(locales):
        if loc == "root":
            continue
        is_english = loc == "en" or loc.startswith("en-")
        for k, v in sorted(cldr_strings(loc).items()):
            if root.get(k) == v or (not is_english and english.get(k) == v):
                continue
            yield loc, v


# ----------------------------------------------------------------------------- MediaWiki

_WT_TEMPLATE = re.compile(r"\{\{([^{}]*)\}\}")
_WT_LINK = re.compile(r"\[\[(?:[^\[\]|]*\|)?([^\[\]|]*)\]\]")
_WT_EXTLINK = re.compile(r"\[(?:https?:)?//[^\s\]]*\s*([^\]]*)\]")
_WT_PARAM = re.compile(r"\$\d+|\$[A-Za-z]\w*")


def _wt_template(m):
    """{{PLURAL:$1|edit|edits}}, {{GENDER:..|..}}, {{GRAMMAR:case|word}} -> the first form;
    any other template or magic word ({{SITENAME}}, {{int:key}}) -> a space."""
    parts = m.group(1).split("|")
    name = parts[0].split(":")[0].strip().upper()
    if name in ("PLURAL", "GENDER", "GRAMMAR") and len(parts) > 1:
        for form in parts[1:]:
            form = re.sub(r"^\s*\d+\s*=", "", form)
            if form.strip():
                return form
    return " "


def wikitext(s):
    """A MediaWiki message as plain text (clean() does the rest): templates, links, bold and
    italic markers, $1 parameters and magic words (__TOC__) resolved or removed."""
    for _ in range(4):  # nested templates, innermost first
        s2 = _WT_TEMPLATE.sub(_wt_template, s)
        if s2 == s:
            break
        s = s2
    s = _WT_LINK.sub(lambda m: m.group(1), s)
    s = _WT_EXTLINK.sub(lambda m: " " + m.group(1) + " ", s)
    s = _WT_PARAM.sub(" ", s)
    s = re.sub(r"'{2,}", "", s)
    s = re.sub(r"__[A-Z]+__", " ", s)
    return s


def mediawiki_rows():
    """(locale, text) of every message file under MediaWiki's */i18n/ directories (core,
    skins, the bundled extensions), OOjs UI's copies skipped (they are the dev set). A message
    equal to the English one at the same file and key, and the documentation (qqq), dropped."""
    if not os.path.isdir(MEDIAWIKI_DIR):
        sys.exit("extra_text: %s not found; run `make setup` (Debian mediawiki)" % MEDIAWIKI_DIR)
    for d, subdirs, files in os.walk(MEDIAWIKI_DIR):
        subdirs.sort()
        rel = os.path.relpath(d, MEDIAWIKI_DIR)
        if "i18n" not in rel.split(os.sep) or "ooui" in rel or "oojs" in rel:
            continue
        def load(f):
            try:
                with open(os.path.join(d, f), encoding="utf-8") as fh:
                    data = json.load(fh)
            except (OSError, ValueError):
                return {}
            return {k: v for k, v in data.items() if isinstance(v, str) and k[:1] != "@"} \
                if isinstance(data, dict) else {}
        english = load("en.json")
        for f in sorted(files):
            loc = f[:-5]
            if not f.endswith(".json") or loc in ("qqq", "qqx"):
                continue
            is_english = loc == "en" or loc.startswith("en-")
            msgs = load(f)
            for k in sorted(msgs):
                if not is_english and english.get(k) == msgs[k]:
                    continue
                yield loc, wikitext(msgs[k])


# ----------------------------------------------------------------------------- LibreOffice

def read_mo(path):
    """(msgid, msgstr) pairs of a GNU .mo file: the context dropped, each plural form of a
    translation its own pair, the header entry skipped."""
    with open(path, "rb") as f:
        b = f.read()
    if len(b) < 28:
        return []
    magic = struct.unpack("<I", b[:4])[0]
    end = "<" if magic == 0x950412DE else ">" if magic == 0xDE120495 else None
    if end is None:
        return []
    n, orig, trans = struct.unpack(end + "III", b[8:20])
    out = []
    for i in range(n):
        ol, oo = struct.unpack(end + "II", b[orig + 8 * i:orig + 8 * i + 8])
        tl, to = struct.unpack(end + "II", b[trans + 8 * i:trans + 8 * i + 8])
        msgid = b[oo:oo + ol].decode("utf-8", "replace").split("\x04")[-1].split("\0")[0]
        if not msgid:
            continue
        for form in b[to:to + tl].decode("utf-8", "replace").split("\0"):
            out.append((msgid, form))
    return out


# LibreOffice placeholders ($(ARG1), %PRODUCTNAME, #1) and mnemonic markers (~Open, _Open).
_LO_PLACE = re.compile(r"\$\([A-Za-z0-9]+\)|%[A-Z][A-Z0-9_]+|#\d+|\$[A-Z][A-Z0-9_]*\$?")
_LO_MNEMONIC = re.compile(r"[~_](?=\w)")


def libreoffice_rows():
    """(locale, text) of every LibreOffice UI catalog (resource/<locale>/LC_MESSAGES/*.mo);
    strings equal to their English source dropped. The locale's @variant is kept out of the
    tag (ca@valencia -> ca, sr@latin -> sr)."""
    if not os.path.isdir(LIBREOFFICE_DIR):
        sys.exit("extra_text: %s not found; run `make setup` (Debian libreoffice-l10n-*)" %
                 LIBREOFFICE_DIR)
    for loc in sorted(os.listdir(LIBREOFFICE_DIR)):
        d = os.path.join(LIBREOFFICE_DIR, loc, "LC_MESSAGES")
        if not os.path.isdir(d):
            continue
        tag = loc.split("@")[0]
        for f in sorted(os.listdir(d)):
            if not f.endswith(".mo"):
                continue
            for msgid, msgstr in read_mo(os.path.join(d, f)):
                if msgstr and msgstr != msgid:
                    yield tag, _LO_MNEMONIC.sub("", _LO_PLACE.sub(" ", msgstr))


# ----------------------------------------------------------------------------- dev sources

_QM_MAGIC = bytes([0x3C, 0xB8, 0x64, 0x18, 0xCA, 0xEF, 0x9C, 0x95,
                   0xCD, 0x21, 0x1C, 0xBF, 0x60, 0xA1, 0xBD, 0xDD])


def read_qm(path):
    """Translations in a Qt .qm file (its Messages block)."""
    with open(path, "rb") as f:
        b = f.read()
    if not b.startswith(_QM_MAGIC):
        return []
    pos, out = len(_QM_MAGIC), []
    while pos + 5 <= len(b):
        tag, n = b[pos], struct.unpack(">I", b[pos + 1:pos + 5])[0]
        pos += 5
        block = b[pos:pos + n]
        pos += n
        if tag != 0x69:  # Messages
            continue
        p = 0
        while p < len(block):
            t = block[p]
            p += 1
            if t == 1:  # End of a message
                continue
            if t in (3, 4, 6, 7, 8):  # length-prefixed fields
                ln = struct.unpack(">I", block[p:p + 4])[0]
                p += 4
                if ln == 0xFFFFFFFF:
                    continue
                if t == 3:
                    out.append(block[p:p + ln].decode("utf-16-be", "replace"))
                p += ln
            elif t in (5,):  # source hash
                p += 4
            elif t in (2, 9):
                ln = struct.unpack(">I", block[p:p + 4])[0]
                p += 4 + ln
            else:
                break
    return out


def qt_rows():
    for d in QT_DIRS:
        if not os.path.isdir(d):
            sys.exit("extra_text: %s not found; run `make setup`" % d)
        for f in sorted(os.listdir(d)):
            m = re.match(r"^[a-z0-9]+_([a-z]{2,3}(?:_[A-Z]{2})?)\.qm$", f)
            if not m or m.group(1).startswith("en"):
                continue
            for s in read_qm(os.path.join(d, f)):
                yield m.group(1), re.sub(r"&(?=\w)", "", s)


def ooui_rows():
    if not os.path.isdir(OOUI_DIR):
        sys.exit("extra_text: %s not found; run `make setup` (npm oojs-ui)" % OOUI_DIR)
    for f in sorted(os.listdir(OOUI_DIR)):
        loc = f[:-5]
        if not f.endswith(".json") or loc in ("qqq", "en") or loc.startswith("en-"):
            continue
        with open(os.path.join(OOUI_DIR, f), encoding="utf-8") as fh:
            data = json.load(fh)
        for k in sorted(data):
            if not k.startswith("@") and isinstance(data[k], str):
                yield loc, data[k]


# ----------------------------------------------------------------------------- assembly

def _script(c):
    """A letter's script, approximated by the first word of its Unicode name (LATIN, CYRILLIC,
    ARABIC...; CJK -> HAN, kana and Hangul counted with it); None for a non-letter."""
    if not c.isalpha():
        return None
    try:
        w = unicodedata.name(c).split()[0]
    except ValueError:
        return None
    return "HAN" if w in ("CJK", "HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA", "HANGUL") else w


def _main_script(texts):
    counts = {}
    for t in texts:
        for c in t:
            sc = _script(c)
            if sc:
                counts[sc] = counts.get(sc, 0) + 1
    return max(sorted(counts), key=lambda k: counts[k]) if counts else None


def _key(text):
    return hashlib.sha1(text.encode("utf-8")).digest()


def collect(rows, labeler, stats_key, stats):
    """{label: set of cleaned texts} from (locale, raw) pairs; unmapped locales counted."""
    per = {}
    unmapped = {}
    for loc, raw in rows:
        label = labeler(loc)
        if label is None:
            unmapped[loc] = unmapped.get(loc, 0) + 1
            continue
        t = clean(raw)
        if t:
            per.setdefault(label, set()).add(t)
    stats[stats_key + "_unmapped_locales"] = dict(sorted(unmapped.items()))
    return per


def drop_shared(sources):
    """Drops, within each group of sources, texts that occur under two labels."""
    owner = {}
    for per in sources:
        for label, texts in per.items():
            for t in texts:
                owner.setdefault(t, set()).add(label)
    shared = {t for t, s in owner.items() if len(s) > 1}
    for per in sources:
        for label in per:
            per[label] -= shared
    return len(shared)


def capped(texts, cap_chars=None, cap_lines=None):
    out, chars = [], 0
    for t in sorted(texts, key=_key):
        if cap_chars is not None and chars >= cap_chars:
            break
        if cap_lines is not None and len(out) >= cap_lines:
            break
        out.append(t)
        chars += len(t)
    return sorted(out, key=_key)


def read_tsv(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            label, _, text = line.rstrip("\n").partition("\t")
            rows.append((label, text))
    return rows


def write_if_changed(path, data):
    data = data.encode("utf-8")
    if os.path.exists(path) and open(path, "rb").read() == data:
        return False
    tmp = path + ".tmp.%d" % os.getpid()
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)
    log("  wrote %s (%d bytes)" % (os.path.relpath(path), len(data)))
    return True


def package_version(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f).get("version", "?")
    except OSError:
        return "?"


def deb_versions():
    stamp = os.path.join(DEB, ".unpacked")
    out = {}
    if os.path.exists(stamp):
        for line in open(stamp):
            m = re.match(r"^\./([^_]+)_([^_]+)_", line.strip())
            if m:
                out[m.group(1)] = m.group(2).replace("%3a", ":")
    return out


def inputs_digest(outdir):
    h = hashlib.sha256(PROTOCOL.encode())
    h.update(open(os.path.abspath(__file__), "rb").read())
    for p in [os.path.join(DEB, ".unpacked"), os.path.join(outdir, "udhr", "train.tsv"),
              os.path.join(outdir, "udhr", "test.tsv"), OOUI_DIR + "/../../package.json",
              os.path.join(HERE, "common_words.py"), os.path.join(HERE, "speakers.py"),
              os.path.join(HERE, "everyday_phrases.py")] + EVERYDAY_EVAL + [
              os.path.join(NPM, common_words.PACKAGE, "package.json"),
              speakers.territory_info_path()] + [
                  os.path.join(NPM, p, "package.json") for p in CLDR_PACKAGES]:
        h.update(b"\0" + p.encode() + b"\0")
        if os.path.exists(p):
            h.update(open(p, "rb").read())
    return h.hexdigest()


def everyday_lines(label, kept, words, scripts, drop, d):
    """The label's everyday lines beside its capped software strings `kept`: its word lines
    (none equal to a text in `drop`), then, for a Latin-script label, every PLAIN_EVERY-th short
    line without diacritics where that changes it. Counts go to `d`."""
    mine = [t for t in words.get(label, []) if t not in drop]
    plain = []
    if "LATIN" in scripts:
        for t in sorted(kept + mine, key=_key)[::PLAIN_EVERY]:
            p = common_words.strip_diacritics(t)
            if p != t and p not in drop:
                plain.append(p)
    d["word_lines"], d["plain_lines"] = len(mine), len(plain)
    return mine + plain


def second_script_rows(udhr, udhr_letters):
    """The UDHR rows with each line of a two-script label that is in its second script relabelled
    `code/udhr2` (see SECOND_SCRIPT_PROFILE); other rows unchanged."""
    main = {}
    for label, counts in udhr_letters.items():
        ranked = sorted(counts, key=lambda sc: (-counts[sc], sc))
        total = sum(counts.values())
        if len(ranked) > 1 and counts[ranked[1]] >= SECOND_SCRIPT_SHARE * total:
            main[label] = ranked[0]
    out = []
    for label, text in udhr:
        if label in main and _main_script([text]) not in (None, main[label]):
            label += "/" + SECOND_SCRIPT_PROFILE
        out.append((label, text))
    return out


def phrase_rows(udhr_chars, udhr_scripts, drop, per_label):
    """(label/chat or label/rom, text) rows of the everyday phrases (see CHAT_PROFILE), none equal
    to a text in `drop`; counts go to `per_label`."""
    rows = []
    for profile, table in ((CHAT_PROFILE, everyday_phrases.PHRASES),
                           (ROM_PROFILE, everyday_phrases.ROMANIZED)):
        for label in sorted(table):
            if label not in udhr_chars:
                continue
            chars = PHRASES_RATIO * udhr_chars[label]
            mine = [t for t in everyday_phrases.phrase_lines(
                label, chars, None if profile == CHAT_PROFILE else table) if t not in drop]
            if profile == CHAT_PROFILE and "LATIN" in udhr_scripts.get(label, ()):
                plain = (common_words.strip_diacritics(t) for t in mine[::PHRASES_PLAIN_EVERY])
                mine += [p for p in plain if p not in drop and p not in mine]
            per_label.setdefault(label, {})[profile + "_lines"] = len(mine)
            rows.extend((label + "/" + profile, t) for t in mine)
    return rows


def prepare(outdir, force):
    extra_dir = os.path.join(outdir, "extra")
    langid_dir = os.path.join(outdir, "langid")
    os.makedirs(extra_dir, exist_ok=True)
    os.makedirs(langid_dir, exist_ok=True)
    udhr_train = os.path.join(outdir, "udhr", "train.tsv")
    if not os.path.exists(udhr_train):
        sys.exit("extra_text: %s missing; run scripts/data/prepare.py first" % udhr_train)
    if not os.path.isdir(FIREFOX_DIR):
        sys.exit("extra_text: %s not found; run `make setup`" % FIREFOX_DIR)
    digest = inputs_digest(outdir)
    stamp = os.path.join(extra_dir, ".inputs")
    outs = [os.path.join(extra_dir, n) for n in ("train.tsv", "dev.tsv", "stats.json")]
    outs += [os.path.join(langid_dir, n) for n in ("train.tsv", "priors.tsv", "speakers.tsv")]
    if (not force and os.path.exists(stamp) and open(stamp).read().strip() == digest and
            all(os.path.exists(p) for p in outs)):
        log("extra: up to date in %s" % extra_dir)
        return

    udhr = read_tsv(udhr_train)
    udhr_labels = sorted({l for l, _ in udhr})
    test_texts = set()
    for n in ("test.tsv", "test50.tsv", "test20.tsv"):
        test_texts.update(t for _, t in read_tsv(os.path.join(outdir, "udhr", n)))
    labeler = Labeler(udhr_labels)
    stats = {"protocol": PROTOCOL}

    log("extra: reading Firefox language packs, CLDR, MediaWiki and LibreOffice")
    train_src = {"firefox": collect(firefox_rows(), labeler, "firefox", stats),
                 "cldr": collect(cldr_rows(), labeler, "cldr", stats),
                 "mediawiki": collect(mediawiki_rows(), labeler, "mediawiki", stats),
                 "libreoffice": collect(libreoffice_rows(), labeler, "libreoffice", stats)}
    log("extra: reading the dev sources (Qt, OOjs UI)")
    dev_src = {"qt": collect(qt_rows(), labeler, "qt", stats),
               "ooui": collect(ooui_rows(), labeler, "ooui", stats)}
    # MediaWiki is translated by the same community as OOjs UI: any of its texts that is a dev
    # text (of any label) is dropped from it, so the dev set stays as it was, unseen.
    dev_texts = set()
    for per in dev_src.values():
        for texts in per.values():
            dev_texts |= texts
    n0 = sum(len(v) for v in train_src["mediawiki"].values())
    for label in train_src["mediawiki"]:
        train_src["mediawiki"][label] -= dev_texts
    stats["mediawiki_dev_texts_dropped"] = n0 - sum(len(v) for v in train_src["mediawiki"].values())
    stats["train_shared_dropped"] = drop_shared(list(train_src.values()))
    stats["dev_shared_dropped"] = drop_shared(list(dev_src.values()))

    udhr_chars, udhr_letters = {}, {}
    for label, text in udhr:
        udhr_chars[label] = udhr_chars.get(label, 0) + len(text)
        counts = udhr_letters.setdefault(label, {})
        for c in text:
            sc = _script(c)
            if sc:
                counts[sc] = counts.get(sc, 0) + 1
    udhr_scripts = {l: {sc for sc, n in c.items() if n >= 0.05 * sum(c.values())}
                    for l, c in udhr_letters.items()}
    log("extra: drawing everyday word lines (%s)" % common_words.PACKAGE)
    words = common_words.word_lines(
        NPM, udhr_scripts, lambda l: WORDS_RATIO * udhr_chars.get(l, NEW_LABEL_BASE_CHARS), _script)
    not_trained = test_texts | dev_texts
    train_rows, per_label = [], {}
    leaked = 0
    all_train = set()
    for label in sorted(set().union(*train_src.values())):
        texts, d = set(), per_label.setdefault(label, {})
        for src in TRAIN_SOURCES:
            mine = train_src[src].get(label, set())
            all_train |= mine
            n0 = len(mine)
            mine = {t for t in mine if t not in test_texts}
            leaked += n0 - len(mine)
            d[src + "_available"] = len(mine)
            texts |= mine
        allowed = udhr_scripts.get(label) or {_main_script(texts)}
        n1 = len(texts)
        texts = {t for t in texts if _main_script([t]) in allowed}
        d["other_script_dropped"] = n1 - len(texts)
        d["available"] = len(texts)
        cap = EXTRA_RATIO * udhr_chars.get(label, NEW_LABEL_BASE_CHARS)
        kept = capped(texts, cap_chars=cap)
        for src in TRAIN_SOURCES:
            d[src + "_lines"] = sum(1 for t in kept if t in train_src[src].get(label, ()))
        d["lines"], d["chars"] = len(kept), sum(len(t) for t in kept)
        train_rows.extend((label, t) for t in kept)
        train_rows.extend((label, t) for t in everyday_lines(label, kept, words, allowed,
                                                             not_trained, d))
    # Dev lines that are English strings left untranslated in a translation (every word in the
    # English training strings) are dropped, as are lines in any training source.
    english = set()
    for src in ("firefox", "cldr"):  # (MediaWiki's English would drop one more dev line)
        for t in train_src[src].get("eng", ()):
            english.update(_WORD.findall(t.lower()))
    dev_rows, dev_in_train, dev_english = [], 0, 0
    for src in ("qt", "ooui"):
        for label in sorted(dev_src[src]):
            texts = dev_src[src][label]
            n0 = len(texts)
            texts = {t for t in texts if t not in all_train and t not in test_texts}
            dev_in_train += n0 - len(texts)
            if label != "eng":
                n1 = len(texts)
                texts = {t for t in texts if not set(_WORD.findall(t.lower())) <= english}
                dev_english += n1 - len(texts)
            kept = capped(texts, cap_lines=DEV_CAP_LINES)
            per_label.setdefault(label, {})["dev_" + src] = len(kept)
            dev_rows.extend((label, t) for t in kept)
    stats["dev_english_dropped"] = dev_english
    stats["udhr_test_texts_dropped"] = leaked
    stats["dev_texts_in_train_dropped"] = dev_in_train
    stats["new_labels"] = sorted(l for l in per_label if l not in set(udhr_labels))
    stats["train"] = {"lines": len(train_rows), "chars": sum(len(t) for _, t in train_rows),
                      "labels": len({l for l, _ in train_rows})}
    stats["dev"] = {"lines": len(dev_rows), "labels": len({l for l, _ in dev_rows})}
    dv = deb_versions()
    stats["sources"] = {
        "firefox": {"packages": "Debian firefox-esr-l10n-* " + dv.get("firefox-esr-l10n-de", "?"),
                    "licence": "MPL-2.0", "use": "train"},
        "cldr": {"packages": ", ".join("npm %s %s" % (p, package_version(
            os.path.join(NPM, p, "package.json"))) for p in CLDR_PACKAGES),
                 "licence": "Unicode-3.0", "use": "train"},
        "mediawiki": {"packages": "Debian mediawiki " + dv.get("mediawiki", "?") +
                      " (*/i18n/*.json, OOjs UI's skipped)",
                      "licence": "GPL-2.0+ (core, skins, most extensions; VisualEditor MIT)",
                      "use": "train"},
        "libreoffice": {"packages": "Debian libreoffice-l10n-* " +
                        dv.get("libreoffice-l10n-de", "?") + " (resource/*/LC_MESSAGES/*.mo)",
                        "licence": "MPL-2.0", "use": "train"},
        "qt": {"packages": "Debian qttranslations5-l10n %s, qt6-translations-l10n %s" % (
            dv.get("qttranslations5-l10n", "?"), dv.get("qt6-translations-l10n", "?")),
               "licence": "GPL-3 with Qt exception / LGPL-2.1", "use": "dev"},
        "ooui": {"packages": "npm oojs-ui " + package_version(
            os.path.join(NPM, "oojs-ui", "package.json")), "licence": "MIT", "use": "dev"},
    }
    stats["per_label"] = per_label

    stats["sources"]["common_words"] = {
        "packages": "npm %s %s (OpenSubtitles 2016 word lists of Hermit Dave's FrequencyWords)" % (
            common_words.PACKAGE, package_version(
                os.path.join(NPM, common_words.PACKAGE, "package.json"))),
        "licence": "MIT (package); CC-BY-SA-4.0 (FrequencyWords lists)", "use": "train"}
    stats["sources"]["everyday_phrases"] = {
        "packages": "scripts/data/everyday_phrases.py (written for loka by the project)",
        "licence": "the project's own", "use": "train"}
    stats["sources"]["speakers"] = {
        "packages": "npm cldr-core %s (supplemental/territoryInfo.json)" % package_version(
            os.path.join(NPM, "cldr-core", "package.json")),
        "licence": "Unicode-3.0", "use": "speaker priors"}
    speaker_counts = speakers.speaker_counts(labeler)
    model_labels = set(udhr_labels) | {l for l, _ in train_rows}
    stats["speakers_missing"] = sorted(model_labels - set(speaker_counts))
    tsv = lambda rows: "".join("%s\t%s\n" % r for r in rows)
    write_if_changed(os.path.join(extra_dir, "train.tsv"), tsv(train_rows))
    write_if_changed(os.path.join(extra_dir, "dev.tsv"), tsv(dev_rows))
    everyday_eval = set()
    for path in EVERYDAY_EVAL:
        if os.path.exists(path):
            everyday_eval.update(t for _, t in read_tsv(path))
    phrases = phrase_rows(udhr_chars, udhr_scripts, not_trained | everyday_eval, per_label)
    stats["phrases"] = {"lines": len(phrases), "chars": sum(len(t) for _, t in phrases)}
    write_if_changed(os.path.join(langid_dir, "train.tsv"), tsv(
        second_script_rows(udhr, udhr_letters) +
        [(label + "/" + EXTRA_PROFILE, t) for label, t in train_rows] + phrases))
    write_if_changed(os.path.join(langid_dir, "priors.tsv"), "".join(
        "%s/%s\t%d\n" % (label, EXTRA_PROFILE, d["available"])
        for label, d in sorted(per_label.items()) if d.get("lines")))
    write_if_changed(os.path.join(langid_dir, "speakers.tsv"), "".join(
        "%s\t%d\n" % (l, n) for l, n in sorted(speaker_counts.items()) if l in model_labels))
    write_if_changed(os.path.join(extra_dir, "stats.json"),
                     json.dumps(stats, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    write_if_changed(stamp, digest + "\n")
    log("extra: %d train lines (%d chars, %d labels; %d new labels), %d dev lines (%d labels); "
        "%d UDHR test texts dropped" % (
            len(train_rows), stats["train"]["chars"], stats["train"]["labels"],
            len(stats["new_labels"]), len(dev_rows), stats["dev"]["labels"], leaked))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--force", action="store_true", help="rebuild even when up to date")
    args = ap.parse_args()
    prepare(args.outdir, args.force)


if __name__ == "__main__":
    main()
