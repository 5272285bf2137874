/// One node of a compiled query; all queries' nodes live in one flat array.
struct CompiledNode: Sendable {
    /// What the node tests.
    enum Operation: UInt8, Sendable {
        /// A word or prefix (`first` = condition id) in a field of `fields`.
        case condition
        /// A site or language condition (`first` = condition id).
        case metadata
        /// Consecutive words: condition ids `phraseWords[first ..< first + second]`.
        case phrase
        /// Nodes `first` and `second` within `third` words.
        case near
        /// Children: nodes `first ..< first + second` (laid out side by side).
        case and
        /// Children: nodes `first ..< first + second` (laid out side by side).
        case or
        /// Negation of node `first`.
        case not
    }

    var operation: Operation
    /// Field bits (`TextField.bit`) where the words of this node may occur.
    var fields: UInt8
    var first: Int32
    var second: Int32 = 0
    var third: Int32 = 0
}

/// An entry of a condition's posting list: the condition satisfies clause `clauseBit` of query `query`.
struct Posting: Sendable {
    var query: Int32
    var clauseBit: UInt8
    /// All clause bits of the query: once the post has hit each clause, the query is worth evaluating.
    var allClauses: UInt8
    /// Fields where the condition must occur to hit the clause (`CompiledQueries.anyField` for a mere trigger).
    var fields: UInt8
    /// Whether this is the condition's last posting (the walk needs no end index, so no extra load).
    var isLast = false
}

/// Queries compiled to flat nodes over interned conditions, with the condition → query postings.
///
/// A query's positive requirements are split into up to 8 clauses (the positive operands of a top-level AND,
/// else the whole query), each a set of conditions one of which must occur. A query is evaluated only once
/// the post has hit every clause — cheap counting that spares most tree walks.
struct CompiledQueries: Sendable {
    /// Most clauses tracked per query (bits of a `UInt8`).
    static let maximumClauses = 8

    /// Nodes of all queries; each query's nodes form one block, and the children of a node sit side by side,
    /// so a tree walk reads a few consecutive cache lines and no separate child index.
    var nodes: [CompiledNode] = []
    var phraseWords: [Int32] = []
    /// Root node of each query.
    var roots: [Int32] = []
    /// What is left to evaluate of each query once the post hits all its clauses: the root of an AND of the
    /// operands that clause bits do not settle, -1 when they settle everything (the query then matches).
    var residualRoots: [Int32] = []
    /// Interned conditions, in id order.
    var conditions: [TriggerCondition] = []
    var conditionIDs: [TriggerCondition: Int32] = [:]
    /// Clauses satisfied by each condition (CSR layout): `postings[postingStarts[c] ..< postingStarts[c + 1]]`.
    var postingStarts: [Int32] = []
    var postings: [Posting] = []
    /// Queries with no positive condition (possible only for hand-built ASTs); evaluated on every post.
    var unconditional: [Int32] = []
    /// Whether some query looks at the author field.
    var usesAuthor = false

    /// Compiles `queries` (in order; their index is the internal query number).
    init(_ queries: [BrandQuery]) {
        var entries: [(condition: Int32, posting: Posting)] = []
        for query in queries {
            let number = Int32(roots.count)
            roots.append(Int32(nodes.count))
            nodes.append(CompiledNode(operation: .not, fields: 0, first: 0))
            place(query, fields: TextField.defaultMask, at: nodes.count - 1)
            let (clauses, residual) = Self.plan(query)
            guard !clauses.isEmpty else {
                unconditional.append(number)
                residualRoots.append(roots[Int(number)])
                continue
            }
            switch residual.count {
            case 0:
                residualRoots.append(-1)
            case 1:
                residualRoots.append(Int32(reserve(1)))
                place(residual[0].query, fields: residual[0].fields, at: Int(residualRoots[Int(number)]))
            default:
                residualRoots.append(Int32(reserve(1)))
                // Operands of one AND share their fields.
                place(.and(residual.map(\.query)), fields: residual[0].fields, at: Int(residualRoots[Int(number)]))
            }
            let allClauses = UInt8(truncatingIfNeeded: (1 << clauses.count) - 1)
            for (index, clause) in clauses.enumerated() {
                for member in clause.members {
                    let posting = Posting(query: number, clauseBit: 1 << index, allClauses: allClauses, fields: member.fields)
                    entries.append((intern(member.condition), posting))
                }
            }
        }
        var starts = [Int32](repeating: 0, count: conditions.count + 1)
        for entry in entries { starts[Int(entry.condition) + 1] += 1 }
        for index in 1 ..< starts.count { starts[index] += starts[index - 1] }
        postingStarts = starts
        postings = [Posting](repeating: Posting(query: 0, clauseBit: 0, allClauses: 0, fields: 0), count: entries.count)
        var fill = starts
        for entry in entries {
            postings[Int(fill[Int(entry.condition)])] = entry.posting
            fill[Int(entry.condition)] += 1
        }
        for condition in conditions.indices where starts[condition + 1] > starts[condition] {
            postings[Int(starts[condition + 1]) - 1].isLast = true
        }
    }

    /// Where the postings of `condition` start, -1 when it has none (it only appears under NOT, say).
    func postingStart(of condition: Int32) -> Int32 {
        let start = postingStarts[Int(condition)]
        return postingStarts[Int(condition) + 1] > start ? start : -1
    }

    private mutating func intern(_ condition: TriggerCondition) -> Int32 {
        if let id = conditionIDs[condition] { return id }
        let id = Int32(conditions.count)
        conditions.append(condition)
        conditionIDs[condition] = id
        return id
    }

    /// Reserves `count` consecutive nodes (filled in by `place`) and returns the first one's index.
    private mutating func reserve(_ count: Int) -> Int {
        let start = nodes.count
        nodes.append(contentsOf: repeatElement(CompiledNode(operation: .not, fields: 0, first: 0), count: count))
        return start
    }

    /// Compiles `query` into the reserved node `index`, its children into a new block after it.
    private mutating func place(_ query: BrandQuery, fields: UInt8, at index: Int) {
        switch query {
        case .term(let word):
            nodes[index] = CompiledNode(operation: .condition, fields: fields, first: intern(.word(word)))
        case .prefix(let prefix):
            nodes[index] = CompiledNode(operation: .condition, fields: fields, first: intern(.prefix(prefix)))
        case .phrase(let words):
            let ids = words.map { word in
                switch word {
                case .word(let text): intern(.word(text))
                case .prefix(let text): intern(.prefix(text))
                }
            }
            let start = Int32(phraseWords.count)
            phraseWords += ids
            nodes[index] = CompiledNode(operation: .phrase, fields: fields, first: start, second: Int32(ids.count))
        case .near(let left, let right, let distance):
            let start = reserve(2)
            place(left, fields: fields, at: start)
            place(right, fields: fields, at: start + 1)
            nodes[index] = CompiledNode(operation: .near, fields: fields, first: Int32(start), second: Int32(start + 1), third: Int32(distance))
        case .and(let items), .or(let items):
            let start = reserve(items.count)
            for (offset, item) in items.enumerated() { place(item, fields: fields, at: start + offset) }
            let operation: CompiledNode.Operation = if case .and = query { .and } else { .or }
            nodes[index] = CompiledNode(operation: operation, fields: fields, first: Int32(start), second: Int32(items.count))
        case .not(let inner):
            let start = reserve(1)
            place(inner, fields: fields, at: start)
            nodes[index] = CompiledNode(operation: .not, fields: fields, first: Int32(start))
        case .field(let field, let inner):
            if field == .author { usesAuthor = true }
            place(inner, fields: field.bit, at: index)
        case .site(let host):
            nodes[index] = CompiledNode(operation: .metadata, fields: fields, first: intern(.site(host)))
        case .language(let code):
            nodes[index] = CompiledNode(operation: .metadata, fields: fields, first: intern(.language(code)))
        }
    }
}
