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
    /// Whole-word condition id of each token, or -1 (valid up to `tokens.count`; the array only grows).
    var tokenWord: [Int32] = []
    /// Prefix condition ids of token `t` are `tokenPrefixes[tokenPrefixEnds[t - 1] ..< tokenPrefixEnds[t]]`.
    var tokenPrefixEnds: [Int32] = []
    var tokenPrefixes: [Int32] = []
    /// Tokens worth a slot probe: word candidates from the start, prefix candidates from the end (grows only).
    var candidates: [Int32] = []
    /// What the current post holds of one condition, in 8 bytes; valid only when its epoch is the scratch's.
    struct ConditionState: Sendable {
        /// Epoch (high 24 bits) and the fields where the condition occurs (low 8 bits).
        var stamp: UInt32 = 0
        /// Head of the condition's occurrence list (`occurrenceToken` / `occurrenceNext`), -1 when empty.
        var head: Int32 = -1
    }

    /// One struct per condition, so recording or testing a hit touches one cache line.
    var conditions: [ConditionState] = []
    var occurrenceToken: [Int32] = []
    var occurrenceNext: [Int32] = []
    /// Conditions hit by the current post, each with where its postings start (-1: none).
    var hits: [WordTable.Entry] = []
    /// Clauses hit so far by each query: epoch (high 24 bits) and clause bits (low 8 bits), 4 bytes a query.
    var queryStates: [UInt32] = []
    /// Number of the current post, 1 ..< 2^24; the arrays are reset when it wraps.
    var epoch: UInt32 = 0
    static let epochLimit: UInt32 = (1 << 24) - 1
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
        if conditions.count != conditionCount || queryStates.count != queryCount || epoch == Self.epochLimit {
            conditions = [ConditionState](repeating: ConditionState(), count: conditionCount)
            queryStates = [UInt32](repeating: 0, count: queryCount)
            epoch = 0
        }
        epoch += 1
        tokens.removeAll()
        tokenPrefixes.removeAll(keepingCapacity: true)
        occurrenceToken.removeAll(keepingCapacity: true)
        occurrenceNext.removeAll(keepingCapacity: true)
        hits.removeAll(keepingCapacity: true)
        matched.removeAll(keepingCapacity: true)
    }

    /// Makes `tokenWord` and `tokenPrefixEnds` at least as long as the post's token count.
    mutating func sizeTokenArrays() {
        let missing = tokens.count - tokenWord.count
        guard missing > 0 else { return }
        tokenWord.append(contentsOf: repeatElement(-1, count: missing))
        tokenPrefixEnds.append(contentsOf: repeatElement(0, count: missing))
    }

    /// Records that `entry`'s condition occurs at token `token` of field `field` (-1 and 0 for site and language conditions).
    @inline(__always)
    mutating func recordHit(_ entry: WordTable.Entry, token: Int32, field: UInt8) {
        let index = Int(entry.condition)
        var state = conditions[index]
        if state.stamp >> 8 != epoch {
            state = ConditionState(stamp: epoch << 8, head: -1)
            hits.append(entry)
        }
        state.stamp |= UInt32(field)
        if token >= 0 {
            occurrenceToken.append(token)
            occurrenceNext.append(state.head)
            state.head = Int32(occurrenceToken.count - 1)
        }
        conditions[index] = state
    }

    /// Whether condition `condition` occurs in this post (in any field; site and language conditions too).
    @inline(__always)
    func isHit(_ condition: Int32) -> Bool {
        conditions[Int(condition)].stamp >> 8 == epoch
    }

    /// Fields where condition `condition` occurs in this post (0 when it does not).
    @inline(__always)
    func fields(of condition: Int32) -> UInt8 {
        let stamp = conditions[Int(condition)].stamp
        return stamp >> 8 == epoch ? UInt8(truncatingIfNeeded: stamp) : 0
    }

    /// Whether condition `condition` occurs in this post in one of `fields`.
    @inline(__always)
    func isHit(_ condition: Int32, fields: UInt8) -> Bool {
        self.fields(of: condition) & fields != 0
    }

    /// Head of the occurrence list of `condition` in this post, -1 when it does not occur.
    @inline(__always)
    func firstOccurrence(of condition: Int32) -> Int32 {
        let state = conditions[Int(condition)]
        return state.stamp >> 8 == epoch ? state.head : -1
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
