import Foundation
import Listening

/// Benchmark of the brand-query matcher over posts recombined from the sentiment corpus; see BenchOptions.usage.
guard let options = BenchOptions(Array(CommandLine.arguments.dropFirst())) else {
    print(BenchOptions.usage)
    exit(2)
}

let corpus = try BenchCorpus(directory: options.dataDirectory)
var random = SplitMix64(seed: options.seed)
let posts = corpus.posts(count: options.postCount, random: &random)
let characters = posts.reduce(0) { $0 + $1.title.count + $1.text.count }
let words = posts.prefix(10000).reduce(0) { $0 + TextNormalizer.words(in: $1.title).count + TextNormalizer.words(in: $1.text).count }
print("corpus: \(corpus.sentences["fr"]?.count ?? 0) fr + \(corpus.sentences["en"]?.count ?? 0) en sentences")
print("posts: \(posts.count), mean \(characters / max(posts.count, 1)) characters, \(words / min(max(posts.count, 1), 10000)) words (title + text)")

let generator = BenchQueryGenerator(corpus: corpus, skip: options.vocabularySkip, size: options.vocabularySize)
let parser = BrandQueryParser()
print("query vocabulary: \(generator.summary)")

if let path = options.dumpPosts {
    let lines = posts.map { post in
        [post.language ?? "", post.title, post.text].map { $0.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ") }
            .joined(separator: "\t")
    }
    try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    print("posts written to \(path)")
}

if let path = options.dumpNormalized {
    let lines = posts.map { post in
        TextNormalizer.words(in: post.title).joined(separator: " ") + "\t" + TextNormalizer.words(in: post.text).joined(separator: " ")
    }
    try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    print("normalised posts written to \(path)")
}

for queryCount in options.queryCounts {
    var queryRandom = SplitMix64(seed: options.seed &+ UInt64(queryCount))
    // Round-trip through the text form so the benchmark also exercises the parser on every query.
    let queries = try generator.queries(count: queryCount, random: &queryRandom).map { try parser.parse($0.canonicalText) }
    if let dumpTerms = options.dumpTerms {
        let path = fileName(dumpTerms, inserting: "-\(queryCount)")
        let terms = Set(queries.flatMap(literalTerms)).sorted()
        try (terms.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        print("\(terms.count) literal terms written to \(path)")
    }
    let buildStart = nanosecondsNow()
    let matcher = QueryMatcher(queries: queries.enumerated().map { (id: $0.offset, query: $0.element) })
    let buildMilliseconds = Double(nanosecondsNow() - buildStart) / 1e6
    print("\n\(queryCount) queries (\(matcher.conditionCount) distinct conditions), matcher built in \(String(format: "%.0f", buildMilliseconds)) ms")
    if let example = queries.first { print("  e.g. \(example.canonicalText)") }
    if options.verifyPosts > 0 {
        let checked = posts.prefix(options.verifyPosts)
        var scratch = MatchScratch()
        var disagreeing = 0
        var pairs = 0
        for post in checked {
            let reference = ReferenceEvaluator(post: post)
            let expected = queries.indices.filter { reference.matches(queries[$0]) }
            pairs += expected.count
            if matcher.matchingIDs(post, scratch: &scratch) != expected { disagreeing += 1 }
        }
        print("  agreement with the reference evaluator: \(checked.count - disagreeing) of \(checked.count) posts identical (\(pairs) matches)")
        print("RESULT queries=\(queryCount) mode=verify posts=\(checked.count) disagreeing=\(disagreeing)")
    }
    for (label, highlights, runs) in [("match + highlights", true, options.runs), ("ids only", false, max(1, options.runs / 2 + 1))] {
        let results = (0 ..< runs).map { _ in BenchRun.measure(matcher, posts: posts, highlights: highlights) }
        let first = results[0]
        for result in results {
            print(String(format: "RESULT queries=%d mode=%@ cpu_rate=%.0f wall_rate=%.0f p50_us=%.3f p99_us=%.3f evaluated_per_post=%.2f",
                         queryCount, highlights ? "highlights" : "ids", result.postsPerCPUSecond, result.postsPerSecond,
                         result.p50Microseconds, result.p99Microseconds, result.evaluatedPerPost))
        }
        let rates = results.map(\.postsPerCPUSecond).map { String(format: "%.0f", $0) }.joined(separator: ", ")
        print(String(format: "  %@: median %.0f posts per CPU-second over %d runs [%@] (wall clock: %.0f posts/s); per post p50 %.2f µs, p99 %.2f µs",
                     label, median(results.map(\.postsPerCPUSecond)), runs, rates, median(results.map(\.postsPerSecond)),
                     median(results.map(\.p50Microseconds)), median(results.map(\.p99Microseconds))))
        if highlights {
            print(String(format: "  match rate: %.1f%% of posts match ≥ 1 query; %.2f matches per post; %.2f trees evaluated per post",
                         100 * Double(first.postsWithMatch) / Double(posts.count), Double(first.totalMatches) / Double(posts.count),
                         first.evaluatedPerPost))
        }
    }
}

/// `path` with `suffix` inserted before its extension (`terms.tsv` → `terms-5000.tsv`).
func fileName(_ path: String, inserting suffix: String) -> String {
    let url = URL(fileURLWithPath: path)
    let ext = url.pathExtension
    let base = url.deletingPathExtension().path
    return ext.isEmpty ? base + suffix : base + suffix + "." + ext
}

/// `kind<TAB>term` lines for the words, prefixes and phrases of a query (negated ones included: they are matched too).
func literalTerms(_ query: BrandQuery) -> [String] {
    switch query {
    case .term(let word): return ["word\t" + word]
    case .prefix(let prefix): return ["prefix\t" + prefix]
    case .phrase(let words): return ["phrase\t" + words.map(\.canonicalText).joined(separator: " ")]
    case .near(let left, let right, _): return literalTerms(left) + literalTerms(right)
    case .and(let items), .or(let items): return items.flatMap(literalTerms)
    case .not(let inner), .field(_, let inner): return literalTerms(inner)
    case .site, .language: return []
    }
}
