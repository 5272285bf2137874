/// Matches posts against many brand queries at once; immutable, so build a new one when queries change.
///
/// Each distinct word and prefix is interned once; a post is tokenised once, its words looked up in hash tables,
/// and only queries indexed under a condition the post hits are evaluated.
public struct QueryMatcher<ID: Hashable & Sendable>: Sendable {
    private let engine: MatchingEngine
    private let ids: [ID]

    /// Compiles `queries`; their words must be normalised, as `BrandQueryParser` returns them.
    public init(queries: [(id: ID, query: BrandQuery)]) {
        engine = MatchingEngine(queries: queries.map(\.query))
        ids = queries.map(\.id)
    }

    /// Number of queries.
    public var count: Int { ids.count }

    /// Number of distinct words, prefixes, sites and languages across all queries.
    public var conditionCount: Int { engine.program.conditions.count }

    /// Number of compiled nodes (a measure of the matcher's memory footprint).
    public var nodeCount: Int { engine.program.nodes.count }

    /// The queries matching `post`, in registration order, with their highlights.
    public func match(_ post: ListeningPost) -> [QueryMatch<ID>] {
        var scratch = MatchScratch()
        return match(post, scratch: &scratch)
    }

    /// Same as `match(_:)`, reusing `scratch` between posts to avoid allocations.
    public func match(_ post: ListeningPost, scratch: inout MatchScratch) -> [QueryMatch<ID>] {
        engine.run(post, &scratch)
        let matched = scratch.matched
        return matched.map { query in
            scratch.highlightSpans.removeAll(keepingCapacity: true)
            engine.collectHighlights(engine.program.roots[Int(query)], &scratch)
            return QueryMatch(queryID: ids[Int(query)], highlights: Self.highlights(&scratch))
        }
    }

    /// Only the ids of the matching queries, in registration order (no highlight work).
    public func matchingIDs(_ post: ListeningPost, scratch: inout MatchScratch) -> [ID] {
        engine.run(post, &scratch)
        return scratch.matched.map { ids[Int($0)] }
    }

    /// The highlight spans as sorted, distinct highlights. Tokens are numbered field by field (title, text,
    /// author) and in text order, so sorting spans by token numbers sorts the highlights by field then offset.
    private static func highlights(_ scratch: inout MatchScratch) -> [Highlight] {
        scratch.highlightSpans.sort { ($0.start, $0.end) < ($1.start, $1.end) }
        let tokens = scratch.tokens
        var highlights: [Highlight] = []
        highlights.reserveCapacity(scratch.highlightSpans.count)
        var previous: MatchScratch.Span?
        for span in scratch.highlightSpans where previous.map({ $0.start != span.start || $0.end != span.end }) ?? true {
            previous = span
            let bit = tokens.words[Int(span.start)].field
            // Safe: every token carries the bit of one TextField.
            let field = TextField.allCases.first { $0.bit == bit }!
            highlights.append(Highlight(field: field, utf8Range: Int(tokens.words[Int(span.start)].sourceStart) ..< Int(tokens.words[Int(span.end)].sourceEnd)))
        }
        return highlights
    }
}
