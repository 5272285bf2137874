/// A deliberately simple evaluator that walks the AST over the post's word lists (no index, no interning);
/// tests check the `QueryMatcher` against it.
public struct ReferenceEvaluator: Sendable {
    private let fieldWords: [TextField: [[UInt8]]]
    private let host: String
    private let language: String?

    /// Normalises the fields of `post` once.
    public init(post: ListeningPost) {
        var fieldWords: [TextField: [[UInt8]]] = [:]
        for field in TextField.allCases {
            fieldWords[field] = TextNormalizer.words(in: post.text(of: field)).map { Array($0.utf8) }
        }
        self.fieldWords = fieldWords
        host = post.normalizedHost
        language = post.languageCode
    }

    /// Whether `query` matches the post.
    public func matches(_ query: BrandQuery) -> Bool {
        matches(query, in: [.title, .text])
    }

    private func matches(_ query: BrandQuery, in fields: [TextField]) -> Bool {
        switch query {
        case .term, .prefix, .phrase:
            return !spans(query, in: fields).isEmpty
        case .near(let left, let right, let distance):
            let leftSpans = spans(left, in: fields)
            let rightSpans = spans(right, in: fields)
            return leftSpans.contains { a in
                rightSpans.contains { b in
                    guard a.field == b.field else { return false }
                    let gap = a.end < b.start ? b.start - a.end - 1 : (b.end < a.start ? a.start - b.end - 1 : -1)
                    return gap >= 0 && gap <= distance
                }
            }
        case .and(let items):
            return items.allSatisfy { matches($0, in: fields) }
        case .or(let items):
            return items.contains { matches($0, in: fields) }
        case .not(let inner):
            return !matches(inner, in: fields)
        case .field(let field, let inner):
            return matches(inner, in: [field])
        case .site(let site):
            return host == site || host.hasSuffix("." + site)
        case .language(let code):
            return language == code
        }
    }

    /// Occurrences (field, first word index, last word index) of a word, prefix, phrase, or an OR of them.
    private func spans(_ query: BrandQuery, in fields: [TextField]) -> [(field: TextField, start: Int, end: Int)] {
        switch query {
        case .term(let word):
            return spans(of: [.word(word)], in: fields)
        case .prefix(let prefix):
            return spans(of: [.prefix(prefix)], in: fields)
        case .phrase(let words):
            return spans(of: words, in: fields)
        case .or(let items):
            return items.flatMap { spans($0, in: fields) }
        case .field(let field, let inner):
            return spans(inner, in: [field])
        case .near, .and, .not, .site, .language:
            return []
        }
    }

    private func spans(of phrase: [PhraseWord], in fields: [TextField]) -> [(field: TextField, start: Int, end: Int)] {
        var result: [(field: TextField, start: Int, end: Int)] = []
        for field in fields {
            let words = fieldWords[field] ?? []
            guard words.count >= phrase.count else { continue }
            for start in 0 ... (words.count - phrase.count) {
                let fits = phrase.indices.allSatisfy { offset in
                    switch phrase[offset] {
                    case .word(let word): words[start + offset] == Array(word.utf8)
                    case .prefix(let prefix): words[start + offset].starts(with: prefix.utf8)
                    }
                }
                if fits { result.append((field, start, start + phrase.count - 1)) }
            }
        }
        return result
    }
}
