#!/usr/bin/env python3
"""Evaluate the Relais sentiment analyser beside the Python baselines, on the development data.

    pip install vadersentiment==3.3.2 vadersentiment-fr==1.3.4 textblob-fr==0.2.0
    swift build -c release
    python3 tools/evaluate_sentiment.py [--data ../shared/data/sentiment] [--split val|train] [--no-baselines]

Figures (all systems get the same text, after the same clean-up of the files' escaping artefacts):
  fr/xlmt-{split}.tsv     macro-F1, 3 classes (neg/neu/pos)
  fr/allocine-train.tsv   accuracy, 2 classes; Relais fits nothing on it, so the whole file is held out
                          (5-fold figures are printed too, to show the spread)
  en/xlmt-{split}.tsv     macro-F1, 3 classes
  en/vader-*-snippets.tsv binary accuracy on items with a non-zero human mean rating, and Pearson r
                          between the score and the human mean rating
Labels: Relais uses its own label; VADER and French VADER use compound >= 0.05 / <= -0.05 (their documented
rule); textblob-fr uses polarity > 0 / < 0. Binary decisions for every system: positive iff score > 0.
"""
import argparse
import math
import os
import re
import subprocess
import sys
import tempfile
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE = os.path.dirname(HERE)


def clean(text):
    """Undo the files' escaping artefacts: literal \\uXXXX sequences and CSV-doubled quotes."""
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    return text.replace('""', '"')


def load(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            gold, text = line.split("\t", 1)
            rows.append((gold, clean(text)))
    return rows


def macro_f1(gold, predicted, classes=("neg", "neu", "pos")):
    scores = []
    for c in classes:
        tp = sum(g == c and p == c for g, p in zip(gold, predicted))
        fp = sum(g != c and p == c for g, p in zip(gold, predicted))
        fn = sum(g == c and p != c for g, p in zip(gold, predicted))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / len(scores)


def accuracy(gold, predicted):
    return sum(g == p for g, p in zip(gold, predicted)) / len(gold)


def pearson(xs, ys):
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy) if sxx and syy else 0.0


def binary(score):
    return "pos" if score > 0 else "neg"


class Relais:
    name = "Relais (Swift)"

    def __init__(self, binary_path):
        self.binary = binary_path

    def run(self, texts, language):
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt", delete=False) as f:
            for t in texts:
                f.write(t.replace("\n", " ").replace("\r", " ") + "\n")
            path = f.name
        try:
            out = subprocess.run([self.binary, language, path], check=True, capture_output=True, text=True).stdout
        finally:
            os.unlink(path)
        results = []
        for line in out.splitlines():
            label, score = line.split("\t")[:2]
            results.append(({"negative": "neg", "neutral": "neu", "positive": "pos"}[label], float(score)))
        assert len(results) == len(texts), (len(results), len(texts))
        return results


class Vader:
    def __init__(self, french):
        if french:
            from vaderSentiment_fr.vaderSentiment import SentimentIntensityAnalyzer
            self.name = "vadersentiment-fr"
        else:
            from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
            self.name = "vadersentiment"
        self.analyzer = SentimentIntensityAnalyzer()

    def run(self, texts, language):
        out = []
        for t in texts:
            c = self.analyzer.polarity_scores(t)["compound"]
            out.append(("pos" if c >= 0.05 else "neg" if c <= -0.05 else "neu", c))
        return out


class TextBlobFr:
    name = "textblob-fr"

    def __init__(self):
        from textblob import Blobber
        from textblob_fr import PatternTagger, PatternAnalyzer
        self.blobber = Blobber(pos_tagger=PatternTagger(), analyzer=PatternAnalyzer())

    def run(self, texts, language):
        out = []
        for t in texts:
            p = self.blobber(t).sentiment[0]
            out.append(("pos" if p > 0 else "neg" if p < 0 else "neu", p))
        return out


def evaluate(systems, rows, language, kind):
    gold = [g for g, _ in rows]
    texts = [t for _, t in rows]
    results = {}
    for system in systems:
        start = time.time()
        predictions = system.run(texts, language)
        elapsed = time.time() - start
        if kind == "3class":
            results[system.name] = {"macro-F1": macro_f1(gold, [p for p, _ in predictions])}
        elif kind == "binary":
            results[system.name] = {"accuracy": accuracy(gold, [binary(s) for _, s in predictions])}
            folds = [accuracy(gold[k::5], [binary(s) for _, s in predictions[k::5]]) for k in range(5)]
            results[system.name]["5-fold min..max"] = f"{min(folds):.3f}..{max(folds):.3f}"
        else:  # rated snippets
            ratings = [float(g) for g in gold]
            scores = [s for _, s in predictions]
            rated = [(r, s) for r, s in zip(ratings, scores) if r != 0]
            results[system.name] = {
                "binary accuracy": accuracy(["pos" if r > 0 else "neg" for r, _ in rated], [binary(s) for _, s in rated]),
                "Pearson r": pearson(scores, ratings),
            }
        results[system.name]["seconds"] = elapsed
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=os.environ.get("SENTIMENT_DATA", "../shared/data/sentiment"))
    parser.add_argument("--split", default="val", choices=["val", "train"])
    parser.add_argument("--binary", default=os.path.join(PACKAGE, ".build", "release", "sentiment-eval"))
    parser.add_argument("--no-baselines", action="store_true")
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        sys.exit(f"{args.binary} not found: run `swift build -c release` in {PACKAGE} first")
    warnings.filterwarnings("ignore")
    relais = Relais(args.binary)
    french = [relais] if args.no_baselines else [relais, Vader(french=True), TextBlobFr()]
    english = [relais] if args.no_baselines else [relais, Vader(french=False)]
    jobs = [
        (f"fr/xlmt-{args.split}.tsv", "fr", "3class", french),
        ("fr/allocine-train.tsv", "fr", "binary", french),
        (f"en/xlmt-{args.split}.tsv", "en", "3class", english),
        ("en/vader-movie-snippets.tsv", "en", "rated", english),
        ("en/vader-amazon-snippets.tsv", "en", "rated", english),
    ]
    columns = [relais] if args.no_baselines else french + english[1:]
    print(f"| data set | n | metric | " + " | ".join(s.name for s in columns) + " |")
    print("|---|---|---|" + "---|" * len(columns))
    for path, language, kind, systems in jobs:
        rows = load(os.path.join(args.data, path))
        results = evaluate(systems, rows, language, kind)
        metrics = [m for m in results[systems[0].name] if m != "seconds"]
        for metric in metrics:
            cells = []
            for s in columns:
                value = results.get(s.name, {}).get(metric) if s in systems else None
                cells.append("–" if value is None else value if isinstance(value, str) else f"{value:.3f}")
            print(f"| {path} | {len(rows)} | {metric} | " + " | ".join(cells) + " |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
