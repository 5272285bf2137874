#!/usr/bin/env python3
"""Brand-query matching benchmark: the Swift engine beside hyperscan and pyahocorasick, in the same run.

1. `querylang-bench` (release build) generates the posts and queries (seeded), dumps the literal terms
   of each query set and the posts as normalised words (exactly what the engine matches against).
2. For each round: one run of the Swift engine per query count (full boolean evaluation, ids only, then
   with highlights), then hyperscan and pyahocorasick over the same normalised posts with the same
   literal terms (words, phrases and prefixes, negated ones included), one post at a time.
3. Figures are per CPU-second of one thread (the machine is shared), medians over the rounds; the ratio
   to hyperscan is taken within each round, then its median reported. Latencies are wall-clock per post.

The Python tools only find which literal terms occur (whole words through space padding, prefixes as a
word start); they do no boolean evaluation and their input is already normalised, so they do strictly
less work than the engine; each post is one call from Python, which they pay for too.

Usage: python3 bench/querylang.py [--posts N] [--queries 5000,20000] [--rounds N] [--no-highlights]
Needs: swift build -c release --product querylang-bench --scratch-path .build-release-ql
       pip install hyperscan pyahocorasick
Writes bench/results-querylang.json.
"""
import argparse
import json
import pathlib
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
BENCH = ROOT / ".build-release-ql" / "release" / "querylang-bench"
RESULT = re.compile(r"^RESULT (.*)$")


def swift_round(posts, queries, highlights, workdir, dump):
    arguments = [str(BENCH), "--posts", str(posts), "--runs", "1" if not highlights else "2",
                 "--queries", ",".join(map(str, queries)), "--data", str(ROOT.parent / "shared" / "data" / "sentiment")]
    if dump:
        # First round only: dump the inputs of the baselines and check agreement with the reference evaluator.
        arguments += ["--dump-terms", str(workdir / "terms.tsv"), "--dump-normalized", str(workdir / "posts.tsv"), "--verify", "2000"]
    else:
        arguments += ["--verify", "0"]
    output = subprocess.run(arguments, check=True, capture_output=True, text=True).stdout
    results = []
    for line in output.splitlines():
        match = RESULT.match(line)
        if match:
            fields = dict(item.split("=") for item in match.group(1).split())
            results.append({key: (value if key == "mode" else float(value)) for key, value in fields.items()})
    return output, results


def load_terms(path):
    """Literal terms, space-padded: ` word `, ` two words `, ` prefix` (a word start)."""
    terms = []
    for line in open(path, encoding="utf-8"):
        kind, _, term = line.rstrip("\n").partition("\t")
        if not term:
            continue
        if kind == "prefix":
            terms.append(" " + term.rstrip("*"))
        else:
            terms.append(" " + term.replace("*", "") + " ")
    return terms


def load_posts(path):
    """Normalised posts; the tab between title and text keeps phrases from spanning the two fields."""
    with open(path, encoding="utf-8") as handle:
        return [" " + line.rstrip("\n").replace("\t", " \t ") + " " for line in handle]


def percentile(sorted_values, fraction):
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * fraction))]


def timed(posts, scan):
    """posts/s per CPU-second and wall-clock p50/p99 per post (µs) of `scan` over each post."""
    durations = [0] * len(posts)
    clock = time.perf_counter_ns
    cpu = time.thread_time()
    for index, post in enumerate(posts):
        before = clock()
        scan(post)
        durations[index] = clock() - before
    cpu = time.thread_time() - cpu
    durations.sort()
    return {"cpu_rate": len(posts) / cpu, "p50_us": percentile(durations, 0.5) / 1000, "p99_us": percentile(durations, 0.99) / 1000}


def hyperscan_run(terms, posts):
    import hyperscan
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    database.compile(expressions=[re.escape(term).encode() for term in terms], ids=list(range(len(terms))),
                     elements=len(terms), flags=[hyperscan.HS_FLAG_SINGLEMATCH] * len(terms))
    found = [0]

    def on_match(pattern_id, start, end, flags, context):
        found[0] += 1

    encoded = [post.encode() for post in posts]
    result = timed(encoded, lambda post: database.scan(post, match_event_handler=on_match))
    result["terms_per_post"] = found[0] / len(posts)
    return result


def ahocorasick_run(terms, posts):
    import ahocorasick
    automaton = ahocorasick.Automaton()
    for index, term in enumerate(terms):
        automaton.add_word(term, index)
    automaton.make_automaton()
    hits = [0]

    def scan(post):
        for _ in automaton.iter(post):
            hits[0] += 1

    result = timed(posts, scan)
    result["hits_per_post"] = hits[0] / len(posts)
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--queries", default="5000,20000")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-highlights", action="store_true")
    args = parser.parse_args()
    queries = [int(value) for value in args.queries.split(",")]
    if not BENCH.exists():
        sys.exit(f"missing {BENCH}: swift build -c release --product querylang-bench --scratch-path .build-release-ql")
    rounds = []
    with tempfile.TemporaryDirectory() as directory:
        workdir = pathlib.Path(directory)
        posts = None
        terms = {}
        for round_number in range(args.rounds):
            output, swift = swift_round(args.posts, queries, not args.no_highlights, workdir, dump=round_number == 0)
            if round_number == 0:
                print("\n".join(line for line in output.splitlines() if not line.startswith("RESULT")))
                posts = load_posts(workdir / "posts.tsv")
                terms = {count: load_terms(workdir / f"terms-{count}.tsv") for count in queries}
            entry = {"swift": swift, "hyperscan": {}, "pyahocorasick": {}}
            for count in queries:
                entry["hyperscan"][count] = hyperscan_run(terms[count], posts)
                entry["pyahocorasick"][count] = ahocorasick_run(terms[count], posts)
            rounds.append(entry)
            for count in queries:
                ids = next(r for r in swift if r["queries"] == count and r["mode"] == "ids")
                hs = entry["hyperscan"][count]
                print(f"round {round_number + 1}, {count} queries: engine {ids['cpu_rate']:,.0f} posts/s (p99 {ids['p99_us']:.1f} µs), "
                      f"hyperscan {hs['cpu_rate']:,.0f} (p99 {hs['p99_us']:.1f} µs), "
                      f"pyahocorasick {entry['pyahocorasick'][count]['cpu_rate']:,.0f}; ratio to hyperscan {ids['cpu_rate'] / hs['cpu_rate']:.2f}",
                      flush=True)

    summary = []
    for count in queries:
        def swift_values(mode, key):
            return [r[key] for entry in rounds for r in entry["swift"] if r["queries"] == count and r["mode"] == mode]

        verified = [r for entry in rounds for r in entry["swift"] if r["queries"] == count and r["mode"] == "verify"]
        row = {
            "queries": count,
            "verifiedPosts": int(sum(r["posts"] for r in verified)),
            "disagreeingPosts": int(sum(r["disagreeing"] for r in verified)),
            "literalTerms": len(terms[count]),
            "idsPerCPUSecond": statistics.median(swift_values("ids", "cpu_rate")),
            "idsP50Micros": statistics.median(swift_values("ids", "p50_us")),
            "idsP99Micros": statistics.median(swift_values("ids", "p99_us")),
            "evaluatedPerPost": statistics.median(swift_values("ids", "evaluated_per_post")),
            "hyperscanPerCPUSecond": statistics.median(entry["hyperscan"][count]["cpu_rate"] for entry in rounds),
            "hyperscanP99Micros": statistics.median(entry["hyperscan"][count]["p99_us"] for entry in rounds),
            "hyperscanTermsPerPost": rounds[0]["hyperscan"][count]["terms_per_post"],
            "pyahocorasickPerCPUSecond": statistics.median(entry["pyahocorasick"][count]["cpu_rate"] for entry in rounds),
            "pyahocorasickP99Micros": statistics.median(entry["pyahocorasick"][count]["p99_us"] for entry in rounds),
            "ratioToHyperscan": statistics.median(
                next(r["cpu_rate"] for r in entry["swift"] if r["queries"] == count and r["mode"] == "ids")
                / entry["hyperscan"][count]["cpu_rate"] for entry in rounds),
        }
        if not args.no_highlights:
            row["highlightsPerCPUSecond"] = statistics.median(swift_values("highlights", "cpu_rate"))
            row["highlightsP99Micros"] = statistics.median(swift_values("highlights", "p99_us"))
        summary.append(row)

    print(f"\nmedians of {args.rounds} rounds, {args.posts:,} posts, posts per CPU-second of one thread:")
    for row in summary:
        print(f"{row['queries']:,} queries: {row['verifiedPosts'] - row['disagreeingPosts']:,} of {row['verifiedPosts']:,} posts agree with the reference evaluator")
    print("| queries | literal terms | engine, ids only | p50 / p99 | with highlights | hyperscan | p99 | pyahocorasick | p99 | engine / hyperscan |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for row in summary:
        print(f"| {row['queries']:,} | {row['literalTerms']:,} | {row['idsPerCPUSecond']:,.0f} | {row['idsP50Micros']:.1f} / {row['idsP99Micros']:.1f} µs | "
              f"{row.get('highlightsPerCPUSecond', 0):,.0f} | {row['hyperscanPerCPUSecond']:,.0f} | {row['hyperscanP99Micros']:.1f} µs | "
              f"{row['pyahocorasickPerCPUSecond']:,.0f} | {row['pyahocorasickP99Micros']:.1f} µs | {row['ratioToHyperscan']:.2f} |")
    (ROOT / "bench" / "results-querylang.json").write_text(json.dumps({"posts": args.posts, "rounds": args.rounds, "summary": summary}, indent=1) + "\n")


if __name__ == "__main__":
    main()
