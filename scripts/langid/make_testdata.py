#!/usr/bin/env python3
"""Writes testdata/langid/tiny.tsv, the training file of the language-ID unit tests, and
testdata/langid/tiny_ui.tsv, the second profile's lines for the tests of per-domain profiles.

Usage: python3 scripts/langid/make_testdata.py [data/udhr/train.tsv] [testdata/langid/tiny.tsv]
                                               [testdata/langid/tiny_ui.tsv]

Eleven languages in five scripts, chosen so every rule of the identifier is exercised: Latin
(eng fra spa deu) and Cyrillic (rus ukr) and Devanagari (hin mar) need the model; Ge'ez has two
languages (amh tir); Greek one (ell, answered from the script). The first 20 lines of at most
350 characters per language come from the UDHR training split (scripts/data/prepare.py; never
the test split), the last ones of the label: where a label merges two declarations the second
is the standard one (fra's first declaration, 068.html, is a regional variety). The Santali (sat) lines are short phrases in Ol Chiki written for these tests
(greetings and words such as "Santali", "language", "country"): they only need to be Ol Chiki.
tiny_ui.tsv holds short software strings written for these tests, labelled `deu/ui` (German,
a profile beside the UDHR one) and `ell/ui` (Greek, whose script alone answers): a language
with two profiles must answer text of either domain with its code.
"""
import collections
import sys

LANGS = ("eng", "fra", "spa", "deu", "rus", "ukr", "hin", "mar", "amh", "tir", "ell")
SAT = [
    "ᱡᱚᱦᱟᱨ ᱥᱟᱱᱛᱟᱲᱤ ᱯᱟᱹᱨᱥᱤ ᱚᱞ ᱪᱤᱠᱤ ᱛᱮ ᱚᱞ ᱦᱩᱭᱩᱜ ᱠᱟᱱᱟ",
    "ᱥᱟᱱᱛᱟᱲᱤ ᱫᱤᱥᱚᱢ ᱨᱮᱭᱟᱜ ᱢᱟᱹᱱᱢᱤ ᱠᱚ ᱟᱹᱰᱤ ᱵᱮᱥ ᱠᱟᱱᱟ",
    "ᱚᱞ ᱪᱤᱠᱤ ᱥᱟᱱᱛᱟᱲᱤ ᱯᱟᱹᱨᱥᱤ ᱨᱮᱭᱟᱜ ᱚᱞ ᱠᱟᱱᱟ",
    "ᱡᱚᱛᱚ ᱢᱟᱹᱱᱢᱤ ᱠᱚ ᱥᱟᱹᱫᱷᱤᱱ ᱜᱮ ᱡᱟᱱᱟᱢ ᱟᱠᱟᱱᱟ",
    "ᱟᱢᱟᱜ ᱧᱩᱛᱩᱢ ᱫᱚ ᱪᱮᱫ ᱠᱟᱱᱟ",
    "ᱤᱧᱟᱜ ᱧᱩᱛᱩᱢ ᱫᱚ ᱥᱟᱱᱛᱟᱲᱤ ᱠᱟᱱᱟ",
    "ᱫᱤᱥᱚᱢ ᱨᱮ ᱥᱟᱱᱛᱟᱲᱤ ᱯᱟᱹᱨᱥᱤ ᱨᱮ ᱚᱞ ᱯᱟᱲᱦᱟᱣ ᱦᱩᱭᱩᱜ ᱠᱟᱱᱟ",
    "ᱡᱚᱦᱟᱨ ᱜᱟᱛᱮ ᱪᱮᱫ ᱞᱮᱠᱟ ᱢᱮᱱᱟᱢᱟ",
]
DEU_UI = [
    "Datei öffnen", "Änderungen speichern", "Einstellungen", "Lesezeichen hinzufügen",
    "Neues Fenster", "Seite neu laden", "Herunterladen abgeschlossen",
    "Verbindung fehlgeschlagen", "Passwort vergessen?", "Benutzername oder Passwort ist falsch",
    "Möchten Sie die Änderungen speichern?", "Schließen", "Abbrechen", "Rückgängig machen",
    "Wiederholen", "Alle auswählen", "Suchen und ersetzen", "Druckvorschau anzeigen",
    "Datei wurde nicht gefunden", "Ordner erstellen", "Vollbildmodus beenden",
    "Nach Updates suchen", "Sprache und Region", "Ton aus", "Zum Startbildschirm hinzufügen",
    "Verlauf löschen", "Anmelden", "Abmelden", "Konto verwalten", "Benachrichtigungen zulassen",
]
ELL_UI = ["Άνοιγμα αρχείου", "Αποθήκευση αλλαγών", "Ρυθμίσεις", "Κλείσιμο", "Ακύρωση"]


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "data/udhr/train.tsv"
    dst = sys.argv[2] if len(sys.argv) > 2 else "testdata/langid/tiny.tsv"
    dst_ui = sys.argv[3] if len(sys.argv) > 3 else "testdata/langid/tiny_ui.tsv"
    rows = collections.defaultdict(list)
    with open(src, encoding="utf-8") as f:
        for line in f:
            label, text = line.rstrip("\n").split("\t", 1)
            if label in LANGS and len(text) <= 350:
                rows[label].append(text)
    with open(dst, "w", encoding="utf-8") as f:
        for label in sorted(rows):
            for text in rows[label][-20:]:
                f.write("%s\t%s\n" % (label, text))
        for text in SAT:
            f.write("sat\t%s\n" % text)
    with open(dst_ui, "w", encoding="utf-8") as f:
        for text in DEU_UI:
            f.write("deu/ui\t%s\n" % text)
        for text in ELL_UI:
            f.write("ell/ui\t%s\n" % text)


if __name__ == "__main__":
    main()
