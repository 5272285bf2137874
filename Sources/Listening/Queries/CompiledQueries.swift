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
        /// Children `children[first ..< first + second]`.
        case and
        /// Children `children[first ..< first + second]`.
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
}

/// Queries compiled to flat nodes over interned conditions, with the condition → query postings.
///
/// A query's positive requirements are split into up to 8 clauses (the positive operands of a top-level AND,
/// else the whole query), each a set of conditions one of which must occur. A query is evaluated only once
/// the post has hit every clause — cheap counting that spares most tree walks.
struct CompiledQueries: Sendable {
    /// Most clauses tracked per query (bits of a `UInt8`).
    static let maximumClauses = 8

    var nodes: [CompiledNode] = []
    var children: [Int32] = []
    var phraseWords: [Int32] = []
    /// Root node of each query.
    var roots: [Int32] = []
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
            roots.append(compile(query, fields: TextField.defaultMask))
            let clauses = Self.clauses(of: query)
            guard !clauses.isEmpty else {
                unconditional.append(number)
                continue
            }
            let allClauses = UInt8(truncatingIfNeeded: (1 << clauses.count) - 1)
            for (index, clause) in clauses.enumerated() {
                for condition in clause {
                    entries.append((intern(condition), Posting(query: number, clauseBit: 1 << index, allClauses: allClauses)))
                }
            }
        }
        var starts = [Int32](repeating: 0, count: conditions.count + 1)
        for entry in entries { starts[Int(entry.condition) + 1] += 1 }
        for index in 1 ..< starts.count { starts[index] += starts[index - 1] }
        postingStarts = starts
        postings = [Posting](repeating: Posting(query: 0, clauseBit: 0, allClauses: 0), count: entries.count)
        var fill = starts
        for entry in entries {
            postings[Int(fill[Int(entry.condition)])] = entry.posting
            fill[Int(entry.condition)] += 1
        }
    }

    /// The condition sets that must each be hit for `query` to match: the positive operands of a top-level AND
    /// (the most selective 8), or the whole query's trigger set; empty when it can match by exclusion alone.
    static func clauses(of query: BrandQuery) -> [Set<TriggerCondition>] {
        switch query {
        case .field(_, let inner):
            return clauses(of: inner)
        case .and(let items):
            let sets = items.compactMap { $0.triggerConditions() }.sorted { $0.count < $1.count }
            return Array(sets.prefix(maximumClauses))
        default:
            return query.triggerConditions().map { [$0] } ?? []
        }
    }

    private mutating func intern(_ condition: TriggerCondition) -> Int32 {
        if let id = conditionIDs[condition] { return id }
        let id = Int32(conditions.count)
        conditions.append(condition)
        conditionIDs[condition] = id
        return id
    }

    private mutating func add(_ node: CompiledNode) -> Int32 {
        nodes.append(node)
        return Int32(nodes.count - 1)
    }

    private mutating func compile(_ query: BrandQuery, fields: UInt8) -> Int32 {
        switch query {
        case .term(let word):
            return add(CompiledNode(operation: .condition, fields: fields, first: intern(.word(word))))
        case .prefix(let prefix):
            return add(CompiledNode(operation: .condition, fields: fields, first: intern(.prefix(prefix))))
        case .phrase(let words):
            let ids = words.map { word in
                switch word {
                case .word(let text): intern(.word(text))
                case .prefix(let text): intern(.prefix(text))
                }
            }
            let start = Int32(phraseWords.count)
            phraseWords += ids
            return add(CompiledNode(operation: .phrase, fields: fields, first: start, second: Int32(ids.count)))
        case .near(let left, let right, let distance):
            let leftNode = compile(left, fields: fields)
            let rightNode = compile(right, fields: fields)
            return add(CompiledNode(operation: .near, fields: fields, first: leftNode, second: rightNode, third: Int32(distance)))
        case .and(let items), .or(let items):
            let compiled = items.map { compile($0, fields: fields) }
            let start = Int32(children.count)
            children += compiled
            let operation: CompiledNode.Operation = if case .and = query { .and } else { .or }
            return add(CompiledNode(operation: operation, fields: fields, first: start, second: Int32(compiled.count)))
        case .not(let inner):
            return add(CompiledNode(operation: .not, fields: fields, first: compile(inner, fields: fields)))
        case .field(let field, let inner):
            if field == .author { usesAuthor = true }
            return compile(inner, fields: field.bit)
        case .site(let host):
            return add(CompiledNode(operation: .metadata, fields: fields, first: intern(.site(host))))
        case .language(let code):
            return add(CompiledNode(operation: .metadata, fields: fields, first: intern(.language(code))))
        }
    }
}
