#!/usr/bin/env python3
"""Copy the shippable third-party lexicons out of their PyPI packages.

    pip install vadersentiment==3.3.2 vadersentiment-fr==1.3.4 textblob-fr==0.2.0
    python3 tools/extract_lexicons.py

Writes into Sources/Listening/Resources/sentiment/:
  vader_en_lexicon.txt          vaderSentiment/vader_lexicon.txt (MIT), unchanged
  vader_emoji_descriptions.txt  vaderSentiment/emoji_utf8_lexicon.txt (MIT), unchanged
  vader_fr_lexicon.txt          vaderSentiment_fr/fr_lexicon.txt (MIT), unchanged
  pattern_fr_sentiment.tsv      textblob_fr/fr-sentiment.xml (Pattern, BSD), converted to
                                "form<TAB>polarity<TAB>subjectivity", duplicate forms averaged.
The relais_*.tsv files in the same folder are hand-written and not produced here.
"""
import os
import shutil
import xml.etree.ElementTree as ET
import importlib.util

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Sources", "Listening", "Resources", "sentiment")


def package_dir(name):
    return os.path.dirname(importlib.util.find_spec(name).origin)


def main():
    vader = package_dir("vaderSentiment")
    vader_fr = package_dir("vaderSentiment_fr")
    textblob_fr = package_dir("textblob_fr")
    shutil.copyfile(os.path.join(vader, "vader_lexicon.txt"), os.path.join(OUT, "vader_en_lexicon.txt"))
    shutil.copyfile(os.path.join(vader, "emoji_utf8_lexicon.txt"), os.path.join(OUT, "vader_emoji_descriptions.txt"))
    shutil.copyfile(os.path.join(vader_fr, "fr_lexicon.txt"), os.path.join(OUT, "vader_fr_lexicon.txt"))
    rows = {}
    for word in ET.parse(os.path.join(textblob_fr, "fr-sentiment.xml")).getroot().iter("word"):
        form = word.get("form").strip().lower()
        rows.setdefault(form, []).append((float(word.get("polarity")), float(word.get("subjectivity"))))
    with open(os.path.join(OUT, "pattern_fr_sentiment.tsv"), "w", encoding="utf-8") as out:
        for form in sorted(rows):
            values = rows[form]
            polarity = sum(p for p, _ in values) / len(values)
            subjectivity = sum(s for _, s in values) / len(values)
            out.write(f"{form}\t{polarity:.2f}\t{subjectivity:.2f}\n")


if __name__ == "__main__":
    main()
