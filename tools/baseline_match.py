#!/usr/bin/env python3
"""Baseline for querylang-bench: literal multi-pattern matching of the same terms over the same posts
with pyahocorasick and hyperscan (pip install pyahocorasick hyperscan).

    querylang-bench --posts 1000000 --queries 20000 --dump-terms terms.tsv --dump-posts posts.tsv
    python3 tools/baseline_match.py terms.tsv posts.tsv [--limit N]

Terms: `kind<TAB>term` (word, prefix, phrase), already normalised. Posts: `language<TAB>title<TAB>text`.
Both tools only find which literal terms occur (whole words via space padding); they do no boolean
evaluation, so compare them with the Swift "ids only" figure, which does both.
Normalisation (lower-case, strip accents, split on non-alphanumerics) is timed separately.
"""
import sys, time, re, unicodedata, argparse

SPECIAL = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l", "þ": "th", "ð": "d", "ı": "i"})
SPLIT = re.compile(r"[^0-9a-z\u00c0-\uffff]+")


def normalise(text):
    text = unicodedata.normalize("NFD", text.lower().translate(SPECIAL))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return " " + " ".join(w for w in SPLIT.split(text) if w) + " "


def load(terms_path, posts_path, limit):
    terms = []
    for line in open(terms_path, encoding="utf-8"):
        kind, _, term = line.rstrip("\n").partition("\t")
        term = term.replace("*", "")
        terms.append(" " + term + (" " if kind in ("word", "phrase") else ""))
    posts = []
    with open(posts_path, encoding="utf-8", newline="\n") as handle:
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            posts.append(" ".join(parts[1:]))
            if limit and len(posts) >= limit:
                break
    return terms, posts


def rate(count, seconds):
    return f"{count / seconds:,.0f} posts/s ({seconds * 1e6 / count:.2f} µs/post)"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("terms")
    parser.add_argument("posts")
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    terms, raw_posts = load(args.terms, args.posts, args.limit)
    print(f"{len(terms)} literal terms, {len(raw_posts)} posts")

    start = time.process_time()
    posts = [normalise(p) for p in raw_posts]
    print(f"python normalisation: {rate(len(posts), time.process_time() - start)}")

    import ahocorasick
    automaton = ahocorasick.Automaton()
    for index, term in enumerate(terms):
        automaton.add_word(term, index)
    automaton.make_automaton()
    start = time.process_time()
    hits = 0
    for post in posts:
        for _ in automaton.iter(post):
            hits += 1
    print(f"pyahocorasick: {rate(len(posts), time.process_time() - start)}, {hits / len(posts):.2f} term hits/post")

    import hyperscan
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(
        expressions=[re.escape(t).encode() for t in terms],
        ids=list(range(len(terms))),
        elements=len(terms),
        flags=[hyperscan.HS_FLAG_SINGLEMATCH] * len(terms),
    )
    found = [0]

    def on_match(pattern_id, start, end, flags, context):
        found[0] += 1

    encoded = [p.encode() for p in posts]
    start = time.process_time()
    for post in encoded:
        database.scan(post, match_event_handler=on_match)
    print(f"hyperscan: {rate(len(posts), time.process_time() - start)}, {found[0] / len(posts):.2f} distinct terms/post")


if __name__ == "__main__":
    main()
