/// Working memory for matching one post at a time, reused across posts so matching allocates nothing in steady state.
///
/// Keep one per thread (or task); it adapts itself to whichever `QueryMatcher` uses it.
public struct MatchScratch: Sendable {
    /// A run of word positions `start ... end` (indices into `tokens`).
    struct Span: Sendable {
        var start: Int32
        var end: Int32
    }

    var tokens = TokenBuffer()
    /// Whole-word condition id of each token, or -1.
    var tokenWord: [Int32] = []
    /// Prefix condition ids of token `t` are `tokenPrefixes[tokenPrefixEnds[t - 1] ..< tokenPrefixEnds[t]]`.
    var tokenPrefixEnds: [Int32] = []
    var tokenPrefixes: [Int32] = []
    /// A condition's other arrays are valid for this post only when its epoch equals `epoch`.
    var conditionEpoch: [UInt32] = []
    var conditionFields: [UInt8] = []
    /// Head of the condition's occurrence list (`occurrenceToken` / `occurrenceNext`), -1 when empty.
    var conditionHead: [Int32] = []
    var occurrenceToken: [Int32] = []
    var occurrenceNext: [Int32] = []
    var hitConditions: [Int32] = []
    /// Clauses hit so far by each query; valid when its epoch equals `epoch`.
    struct QueryState: Sendable {
        var epoch: UInt32
        var clauses: UInt8
    }

    var queryStates: [QueryState] = []
    var epoch: UInt32 = 0
    var leftSpans: [Span] = []
    var rightSpans: [Span] = []
    var highlightSpans: [Span] = []
    /// Internal numbers of the queries that matched the current post.
    var matched: [Int32] = []
    /// Queries evaluated since this scratch was created (candidates; for benchmarks and tuning).
    public internal(set) var evaluatedQueries = 0

    /// Creates empty scratch space.
    public init() {}

    /// Sizes the per-condition and per-query arrays and starts a new post.
    mutating func beginPost(conditionCount: Int, queryCount: Int) {
        if conditionEpoch.count != conditionCount || queryStates.count != queryCount || epoch == .max {
            conditionEpoch = [UInt32](repeating: 0, count: conditionCount)
            conditionFields = [UInt8](repeating: 0, count: conditionCount)
            conditionHead = [Int32](repeating: -1, count: conditionCount)
            queryStates = [QueryState](repeating: QueryState(epoch: 0, clauses: 0), count: queryCount)
            epoch = 0
        }
        epoch += 1
        tokens.removeAll()
        tokenWord.removeAll(keepingCapacity: true)
        tokenPrefixEnds.removeAll(keepingCapacity: true)
        tokenPrefixes.removeAll(keepingCapacity: true)
        occurrenceToken.removeAll(keepingCapacity: true)
        occurrenceNext.removeAll(keepingCapacity: true)
        hitConditions.removeAll(keepingCapacity: true)
        matched.removeAll(keepingCapacity: true)
    }

    /// Records that condition `condition` occurs at token `token` (-1 for site and language conditions).
    @inline(__always)
    mutating func recordHit(_ condition: Int32, token: Int32) {
        let index = Int(condition)
        if conditionEpoch[index] != epoch {
            conditionEpoch[index] = epoch
            conditionFields[index] = 0
            conditionHead[index] = -1
            hitConditions.append(condition)
        }
        guard token >= 0 else { return }
        conditionFields[index] |= tokens.words[Int(token)].field
        occurrenceToken.append(token)
        occurrenceNext.append(conditionHead[index])
        conditionHead[index] = Int32(occurrenceToken.count - 1)
    }

    /// Whether condition `condition` occurs in this post in one of `fields`.
    @inline(__always)
    func isHit(_ condition: Int32, fields: UInt8) -> Bool {
        conditionEpoch[Int(condition)] == epoch && conditionFields[Int(condition)] & fields != 0
    }

    /// Whether token `token` is the word, or starts with the prefix, of condition `condition`.
    @inline(__always)
    func token(_ token: Int, matches condition: Int32) -> Bool {
        if tokenWord[token] == condition { return true }
        let start = token == 0 ? 0 : Int(tokenPrefixEnds[token - 1])
        for index in start ..< Int(tokenPrefixEnds[token]) where tokenPrefixes[index] == condition { return true }
        return false
    }
}
