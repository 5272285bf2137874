/// Command-line options of `querylang-bench`.
struct BenchOptions {
    var dataDirectory = "../shared/data/sentiment"
    var postCount = 1_000_000
    var queryCounts = [5000, 20000]
    var runs = 5
    var seed: UInt64 = 2024
    var vocabularySkip = 6000
    var vocabularySize = 20000
    var dumpTerms: String?
    var dumpPosts: String?
    var dumpNormalized: String?
    var verifyPosts = 2000

    static let usage = """
    usage: querylang-bench [--posts N] [--queries N[,N…]] [--runs N] [--seed N] [--data DIR]
                           [--vocabulary-skip N] [--vocabulary-size N]
                           [--dump-terms FILE] [--dump-posts FILE] [--dump-normalized FILE] [--verify N]
    Query words are drawn from corpus words ranked skip ..< skip + size by frequency.
    Terms are dumped for each query set, as `kind<TAB>term` (kind: word, prefix, phrase), to FILE with
    the query count inserted before the extension (terms.tsv → terms-5000.tsv).
    Posts are dumped one per line as `language<TAB>title<TAB>text`; --dump-normalized writes the
    normalised words instead (`title words<TAB>text words`), as the engine sees them.
    --verify N checks the first N posts (default 2000, 0: none) against ReferenceEvaluator, every query.
    Lines starting with RESULT are for bench/querylang.py.
    """

    /// Parses `arguments` (without the program name); nil on a malformed command line.
    init?(_ arguments: [String]) {
        var remaining = arguments[...]
        while let flag = remaining.popFirst() {
            guard let value = remaining.popFirst() else { return nil }
            switch flag {
            case "--posts": guard let number = Int(value) else { return nil }; postCount = number
            case "--queries":
                let counts = value.split(separator: ",").compactMap { Int($0) }
                guard !counts.isEmpty else { return nil }
                queryCounts = counts
            case "--runs": guard let number = Int(value), number > 0 else { return nil }; runs = number
            case "--seed": guard let number = UInt64(value) else { return nil }; seed = number
            case "--data": dataDirectory = value
            case "--vocabulary-skip": guard let number = Int(value) else { return nil }; vocabularySkip = number
            case "--vocabulary-size": guard let number = Int(value) else { return nil }; vocabularySize = number
            case "--dump-terms": dumpTerms = value
            case "--dump-posts": dumpPosts = value
            case "--dump-normalized": dumpNormalized = value
            case "--verify": guard let number = Int(value), number >= 0 else { return nil }; verifyPosts = number
            default: return nil
            }
        }
    }
}
