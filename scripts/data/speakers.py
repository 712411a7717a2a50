#!/usr/bin/env python3
"""How many people use each language-ID label, from CLDR's territory data: the speaker counts of
`loka langid train --speakers` (docs/langid.md, "Speaker priors").

Usage: python3 scripts/data/speakers.py LABELS_FILE [OUT.tsv]
(scripts/data/extra_text.py calls speaker_counts() to write OUTDIR/langid/speakers.tsv.)

Source: npm `cldr-core`, supplemental/territoryInfo.json (Unicode-3.0): per territory its
population and, per language, the percentage of that population that uses it
(`_populationPercent`, first and second language together). Protocol:

1. Per territory, people = population x percent / 100 for each language entry.
2. The CLDR tag (`pt`, `zh`, `yue_Hans`, `pa_Arab`, `no`) becomes the label through the same
   mapping as the training text (extra_text.Labeler: ISO 639-1 -> 639-3, macrolanguages to the
   UDHR member: zh -> cmn, ar -> arb, fa -> pes, ms -> zlm, sw -> swh, no -> nob, ...), except
   where the UDHR has the territory's own variety as a label of its own (OVERRIDES: Persian in
   Afghanistan is Dari, `prs`; Azerbaijani in Arabic script is South Azerbaijani, `azb`; Punjabi
   in Arabic script is Western Punjabi, `pnb`; Serbo-Croatian in Latin script in Montenegro is
   Montenegrin, `cnr`). Tags no label covers are left out.
3. Within one territory, several tags of one label (`yue` and `yue_Hans`, `no` and `nb`) are
   the same people: the label takes the largest of them, not the sum.
4. A label's count is the sum over territories, rounded to whole people; labels with no entry
   (or a count of 0) are not written, and the trainer gives them its documented default.
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import extra_text  # noqa: E402  (the Labeler and the npm location)

TERRITORY_INFO = os.path.join("cldr-core", "supplemental", "territoryInfo.json")
# (territory or "*", CLDR tag) -> label, before the Labeler.
OVERRIDES = {("AF", "fa"): "prs", ("*", "az_Arab"): "azb", ("*", "pa_Arab"): "pnb",
             ("ME", "sr_Latn"): "cnr"}


def territory_info_path():
    return os.path.join(extra_text.NPM, TERRITORY_INFO)


def speaker_counts(labeler, path=None):
    """{label: people} for the labels `labeler` maps CLDR tags to (protocol in the docstring)."""
    with open(path or territory_info_path(), encoding="utf-8") as f:
        info = json.load(f)["supplemental"]["territoryInfo"]
    total = {}
    for territory in sorted(info):
        entry = info[territory]
        population = float(entry.get("_population", 0))
        here = {}
        for tag, lang in sorted(entry.get("languagePopulation", {}).items()):
            label = OVERRIDES.get((territory, tag)) or OVERRIDES.get(("*", tag)) or labeler(tag)
            if label not in labeler.labels:
                label = None
            if label is None:
                continue
            people = population * float(lang.get("_populationPercent", 0)) / 100
            here[label] = max(here.get(label, 0.0), people)
        for label, people in here.items():
            total[label] = total.get(label, 0.0) + people
    return {l: round(n) for l, n in sorted(total.items()) if round(n) > 0}


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__.split("\n\n")[1])
    labels = open(sys.argv[1], encoding="utf-8").read().split()
    counts = speaker_counts(extra_text.Labeler(labels))
    text = "".join("%s\t%d\n" % (l, n) for l, n in counts.items() if l in set(labels))
    if len(sys.argv) == 3:
        with open(sys.argv[2], "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
