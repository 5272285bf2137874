@testable import Listening

/// SplitMix64: a small seeded generator so random tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random valid queries and posts over a tiny vocabulary, so that queries match often and in varied ways.
struct RandomQueryGenerator {
    /// Normalised words, how each may be spelled in posts, and the prefixes queries use.
    struct Vocabulary {
        var words: [String]
        var spellings: [String: [String]]
        var prefixes: [String]
    }

    /// Words sharing prefixes on purpose (grue / grues / gruyere, beton / betonniere).
    static let everyday = Vocabulary(
        words: ["grue", "grues", "gruyere", "beton", "betonniere", "service", "client", "panne", "prix", "top", "l", "e"],
        // How the vocabulary may appear in posts: accents, capitals, elisions.
        spellings: [
            "grue": ["grue", "Grue", "GRUE"], "grues": ["grues", "#grues"], "gruyere": ["gruyère", "Gruyere"],
            "beton": ["béton", "Beton"], "betonniere": ["bétonnière", "BÉTONNIÈRE"], "service": ["service", "Service"],
            "client": ["client", "@client"], "panne": ["panne", "panne!"], "prix": ["prix", "Prix"], "top": ["top", "TOP"],
            "l": ["l'", "L'"], "e": ["e-", "é"],
        ],
        prefixes: ["gru", "grue", "bet", "beton", "ser", "cli", "pan", "pri"]
    )

    /// Words and prefixes around the lengths where the matcher packs words (8 and 16 bytes) or compares their
    /// bytes (over 16), with letters that fold to two bytes (ß → ss, œ → oe) across those boundaries, and
    /// words that share their first 3 bytes with a prefix without starting with it.
    static let longWords = Vocabulary(
        words: ["abcdefgh", "abcdefghi", "abcdefghijklmnop", "abcdefghijklmnopq", "anticonstitutionnellement",
                "anticonstitution", "antidote", "strassenbahnhaltestelle", "strassenbahn", "coeurdeboeuf", "x7"],
        spellings: [
            "abcdefgh": ["abcdefgh", "ABCDEFGH"], "abcdefghi": ["abcdefghi", "AbcDefGhi"],
            "abcdefghijklmnop": ["abcdefghijklmnop", "ABCDEFGHIJKLMNOP"], "abcdefghijklmnopq": ["abcdefghijklmnopq"],
            "anticonstitutionnellement": ["anticonstitutionnellement", "Anticonstitutionnellement!"],
            "anticonstitution": ["anticonstitution", "#anticonstitution"], "antidote": ["antidote", "Antidote"],
            "strassenbahnhaltestelle": ["Straßenbahnhaltestelle", "strassenbahnhaltestelle"],
            "strassenbahn": ["Straßenbahn", "STRASSENBAHN"], "coeurdeboeuf": ["cœurdebœuf", "Coeurdeboeuf"], "x7": ["x7", "X7"],
        ],
        prefixes: ["abcdefg", "abcdefgh", "abcdefghijklmno", "abcdefghijklmnop", "abcdefghijklmnopq", "anticonstitutionnel",
                   "anticonstitu", "anti", "strassenbahnh", "strassenbahnhaltestell", "strass", "coeurde", "abc"]
    )

    static let sites = ["lemonde.fr", "www.lemonde.fr", "forum.fr", "example.com"]
    static let languages = ["fr", "en"]

    var random: SeededGenerator
    let vocabulary: Vocabulary

    init(seed: UInt64, vocabulary: Vocabulary = Self.everyday) {
        random = SeededGenerator(seed: seed)
        self.vocabulary = vocabulary
    }

    /// A query the parser accepts (it can match without exclusion alone).
    mutating func query() -> BrandQuery {
        while true {
            let candidate = node(depth: 3)
            if candidate.triggerConditions() != nil { return candidate }
        }
    }

    private mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0 ..< items.count, using: &random)] }

    private mutating func node(depth: Int) -> BrandQuery {
        let roll = Int.random(in: 0 ..< (depth == 0 ? 4 : 11), using: &random)
        switch roll {
        case 0, 1, 2, 3: return positional(depth: 0)
        case 4: return .and((0 ..< Int.random(in: 2 ... 3, using: &random)).map { _ in node(depth: depth - 1) })
        case 5: return .or((0 ..< Int.random(in: 2 ... 3, using: &random)).map { _ in node(depth: depth - 1) })
        case 6: return .not(node(depth: depth - 1))
        case 7: return .near(positional(depth: 1), positional(depth: 1), distance: Int.random(in: 1 ... 4, using: &random))
        case 8: return .field(pick(TextField.allCases), node(depth: depth - 1))
        case 9: return .site(pick(Self.sites))
        default: return Bool.random(using: &random) ? .language(pick(Self.languages)) : positional(depth: 1)
        }
    }

    private mutating func positional(depth: Int) -> BrandQuery {
        switch Int.random(in: 0 ..< (depth == 0 ? 3 : 5), using: &random) {
        case 0: return .term(pick(vocabulary.words))
        case 1: return .prefix(pick(vocabulary.prefixes))
        case 2:
            return .phrase((0 ..< Int.random(in: 2 ... 3, using: &random)).map { _ in
                Int.random(in: 0 ..< 4, using: &random) == 0 ? .prefix(pick(vocabulary.prefixes)) : .word(pick(vocabulary.words))
            })
        case 3: return .or([positional(depth: depth - 1), positional(depth: depth - 1)])
        default: return .field(pick(TextField.allCases), positional(depth: depth - 1))
        }
    }

    /// A post of random spellings of the vocabulary mixed with filler words and punctuation.
    mutating func post() -> ListeningPost {
        ListeningPost(
            title: text(words: Int.random(in: 0 ... 4, using: &random)),
            text: text(words: Int.random(in: 0 ... 14, using: &random)),
            author: text(words: Int.random(in: 0 ... 2, using: &random)),
            host: Bool.random(using: &random) ? pick(Self.sites + ["blog.lemonde.fr", "notlemonde.fr"]) : "",
            language: pick(["fr", "en", "fr-FR", "FR", "en_GB", "-fr", "", "français", nil])
        )
    }

    private mutating func text(words: Int) -> String {
        var parts: [String] = []
        for _ in 0 ..< words {
            if Int.random(in: 0 ..< 4, using: &random) == 0 {
                parts.append(pick(["la", "une", "très", "—", "...", "😡", "2024", "vraiment"]))
            } else {
                // Safe: every vocabulary word has spellings.
                parts.append(pick(vocabulary.spellings[pick(vocabulary.words)]!))
            }
        }
        return parts.joined(separator: pick([" ", " ", ", "]))
    }
}
