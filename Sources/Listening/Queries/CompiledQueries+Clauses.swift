/// How a query's top-level requirements become indexed clauses, and what is left to evaluate once they hold.
extension CompiledQueries {
    /// Field mask of a posting that counts wherever its condition occurs.
    static let anyField: UInt8 = 0xFF
    /// Field bit recorded for site and language hits (no text field).
    static let metadataField: UInt8 = 0x80

    /// One operand of a query's top-level AND, planned as a clause.
    struct Clause {
        /// Conditions one of which must occur, each with the fields where it counts.
        var members: [(condition: TriggerCondition, fields: UInt8)]
        /// Whether "a member occurs in its fields" is exactly the operand's truth, so it needs no tree walk.
        var isExact: Bool
        /// Position of the operand in the top-level AND.
        var operand: Int
    }

    /// Operands of the top-level AND (or the query itself as the single operand), with the fields they search.
    static func operands(of query: BrandQuery, fields: UInt8) -> [(query: BrandQuery, fields: UInt8)] {
        switch query {
        case .field(let field, let inner): operands(of: inner, fields: field.bit)
        case .and(let items): items.map { ($0, fields) }
        default: [(query, fields)]
        }
    }

    /// Members of an operand made only of words, prefixes, sites and languages joined by OR; nil otherwise.
    static func exactMembers(of query: BrandQuery, fields: UInt8) -> [(condition: TriggerCondition, fields: UInt8)]? {
        switch query {
        case .term(let word): return [(.word(word), fields)]
        case .prefix(let prefix): return [(.prefix(prefix), fields)]
        case .site(let host): return [(.site(host), metadataField)]
        case .language(let code): return [(.language(code), metadataField)]
        case .field(let field, let inner): return exactMembers(of: inner, fields: field.bit)
        case .or(let items):
            var members: [(condition: TriggerCondition, fields: UInt8)] = []
            for item in items {
                guard let more = exactMembers(of: item, fields: fields) else { return nil }
                members += more
            }
            return members
        case .phrase, .near, .and, .not: return nil
        }
    }

    /// The clauses of a query (the most selective 8 positive operands) and the operands still to evaluate once
    /// every clause is hit: negations, phrases, NEAR, nested groups, and operands beyond the 8 clauses.
    ///
    /// No clauses means the query can match by exclusion alone (only hand-built ASTs): it is evaluated on every post.
    static func plan(_ query: BrandQuery) -> (clauses: [Clause], residual: [(query: BrandQuery, fields: UInt8)]) {
        let operands = operands(of: query, fields: TextField.defaultMask)
        var candidates: [Clause] = []
        for (index, operand) in operands.enumerated() {
            if let members = exactMembers(of: operand.query, fields: operand.fields) {
                candidates.append(Clause(members: members, isExact: true, operand: index))
            } else if let triggers = operand.query.triggerConditions() {
                candidates.append(Clause(members: triggers.map { ($0, anyField) }, isExact: false, operand: index))
            }
        }
        let clauses = Array(candidates.sorted { ($0.members.count, $0.operand) < ($1.members.count, $1.operand) }.prefix(maximumClauses))
        let covered = Set(clauses.filter(\.isExact).map(\.operand))
        let residual = operands.indices.filter { !covered.contains($0) }.map { operands[$0] }
        return (clauses, residual)
    }
}
