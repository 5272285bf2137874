/// A positive condition that can be looked up in an index: at least one holds in every post a query matches.
enum TriggerCondition: Hashable, Sendable {
    case word(String)
    case prefix(String)
    case site(String)
    case language(String)
}

extension BrandQuery {
    /// Whether the query denotes word positions (a word, prefix, phrase, or an OR of them), as NEAR requires.
    var isPositional: Bool {
        switch self {
        case .term, .prefix, .phrase: true
        case .field(_, let inner): inner.isPositional
        case .or(let items): items.allSatisfy(\.isPositional)
        case .near, .and, .not, .site, .language: false
        }
    }

    /// A set of conditions, one of which holds in every matching post; nil when the query can match by exclusion alone.
    ///
    /// The matcher evaluates a query only for posts that hit one of these conditions, so it picks small sets:
    /// for AND the smallest child set, for a phrase its longest word.
    func triggerConditions() -> Set<TriggerCondition>? {
        switch self {
        case .term(let word):
            return [.word(word)]
        case .prefix(let prefix):
            return [.prefix(prefix)]
        case .phrase(let words):
            let best = words.max { Self.selectivity($0) < Self.selectivity($1) }
            switch best {
            case .word(let word)?: return [.word(word)]
            case .prefix(let prefix)?: return [.prefix(prefix)]
            case nil: return nil
            }
        case .near(let left, let right, _):
            return [left.triggerConditions(), right.triggerConditions()].compactMap { $0 }.min { $0.count < $1.count }
        case .and(let items):
            return items.compactMap { $0.triggerConditions() }.min { $0.count < $1.count }
        case .or(let items):
            var union: Set<TriggerCondition> = []
            for item in items {
                guard let conditions = item.triggerConditions() else { return nil }
                union.formUnion(conditions)
            }
            return union
        case .not:
            return nil
        case .field(_, let inner):
            return inner.triggerConditions()
        case .site(let host):
            return [.site(host)]
        case .language(let code):
            return [.language(code)]
        }
    }

    /// Rough rarity of a phrase word: whole words beat prefixes, longer beats shorter.
    private static func selectivity(_ word: PhraseWord) -> Int {
        switch word {
        case .word(let text): 1000 + text.utf8.count
        case .prefix(let text): text.utf8.count
        }
    }
}
