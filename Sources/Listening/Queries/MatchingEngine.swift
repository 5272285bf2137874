import Foundation

/// The non-generic core of `QueryMatcher`: word tables, compiled queries, and the per-post hit collection.
final class MatchingEngine: Sendable {
    let program: CompiledQueries
    let words: WordTable
    let prefixes: WordTable
    /// Distinct byte lengths of the prefixes, ascending.
    let prefixLengths: [Int]
    /// Bit filter over the first 3 bytes of every prefix (4 KiB): a word whose start no prefix shares
    /// skips all prefix lookups.
    let prefixStems: [UInt64]
    static let stemFilterBits = 1 << 15
    let sites: [String: Int32]
    /// Language conditions by their packed code (`packedQueryCode`), and the few codes that do not pack.
    let languages: [UInt64: Int32]
    let otherLanguages: [String: Int32]

    /// Compiles the queries and indexes their words.
    init(queries: [BrandQuery]) {
        let program = CompiledQueries(queries)
        var wordEntries: [(key: String, entry: WordTable.Entry)] = []
        var prefixEntries: [(key: String, entry: WordTable.Entry)] = []
        var sites: [String: Int32] = [:]
        var languages: [UInt64: Int32] = [:]
        var otherLanguages: [String: Int32] = [:]
        var stems = [UInt64](repeating: 0, count: Self.stemFilterBits / 64)
        for (id, condition) in program.conditions.enumerated() {
            let entry = WordTable.Entry(condition: Int32(id), postingStart: program.postingStart(of: Int32(id)))
            switch condition {
            case .word(let word): wordEntries.append((word, entry))
            case .prefix(let prefix):
                prefixEntries.append((prefix, entry))
                if prefix.utf8.count < 3 {
                    // Only hand-built queries have such short prefixes: then every word is a candidate.
                    stems = [UInt64](repeating: .max, count: stems.count)
                } else {
                    let bit = Self.stemBit(WordKey(prefix))
                    stems[bit >> 6] |= 1 << UInt64(bit & 63)
                }
            case .site(let host): sites[host] = Int32(id)
            case .language(let code):
                if let packed = Self.packedQueryCode(code) { languages[packed] = Int32(id) } else { otherLanguages[code] = Int32(id) }
            }
        }
        self.program = program
        words = WordTable(wordEntries)
        prefixes = WordTable(prefixEntries)
        prefixLengths = Set(prefixEntries.map(\.key.utf8.count)).sorted()
        prefixStems = stems
        self.sites = sites
        self.languages = languages
        self.otherLanguages = otherLanguages
    }

    /// Bit of a word's first 3 bytes in `prefixStems` (prefixes have at least 3 letters, so 3 bytes).
    @inline(__always)
    static func stemBit(_ key: WordKey) -> Int {
        Int(truncatingIfNeeded: key.prefix(3).packedHash >> 49)
    }

    /// Number of compiled queries.
    var queryCount: Int { program.roots.count }

    /// Finds the queries matching `post`; their internal numbers end up in `scratch.matched`, ascending.
    func run(_ post: ListeningPost, _ scratch: inout MatchScratch) {
        scratch.beginPost(conditionCount: program.conditions.count, queryCount: program.roots.count)
        scratch.tokens.append(post.title, field: TextField.title.bit)
        scratch.tokens.append(post.text, field: TextField.text.bit)
        if program.usesAuthor { scratch.tokens.append(post.author, field: TextField.author.bit) }
        collectWordHits(&scratch)
        collectMetadataHits(post, &scratch)
        let epoch = scratch.epoch
        for hit in scratch.hits where hit.postingStart >= 0 {
            let hitFields = scratch.fields(of: hit.condition)
            var index = Int(hit.postingStart)
            while true {
                let posting = program.postings[index]
                index += 1
                if hitFields & posting.fields != 0 {
                    let query = Int(posting.query)
                    let state = scratch.queryStates[query]
                    let before = state >> 8 == epoch ? UInt8(truncatingIfNeeded: state) : 0
                    let clauses = before | posting.clauseBit
                    scratch.queryStates[query] = epoch << 8 | UInt32(clauses)
                    // Decide once, when the last clause gets hit.
                    if clauses == posting.allClauses, before != posting.allClauses {
                        let residual = program.residualRoots[query]
                        if residual < 0 {
                            scratch.matched.append(posting.query)
                        } else {
                            scratch.evaluatedQueries += 1
                            if evaluate(residual, &scratch) { scratch.matched.append(posting.query) }
                        }
                    }
                }
                if posting.isLast { break }
            }
        }
        for query in program.unconditional where evaluate(program.roots[Int(query)], &scratch) {
            scratch.matched.append(query)
        }
        scratch.matched.sort()
    }

    /// Looks every token up as a whole word and, when its first bytes start some prefix, at each prefix length.
    ///
    /// Two passes: the first hashes every token and keeps those that pass the tables' bit filters, without
    /// branching on the outcome; the second probes the slots of the survivors. Their slot loads are then
    /// independent of one another, so the processor overlaps the cache misses instead of paying them in turn.
    private func collectWordHits(_ scratch: inout MatchScratch) {
        let tokenCount = scratch.tokens.count
        guard tokenCount > 0 else { return }
        scratch.sizeTokenArrays()
        var tokens = TokenBuffer()
        var candidates: [Int32] = []
        swap(&tokens, &scratch.tokens)
        swap(&candidates, &scratch.candidates)
        defer {
            swap(&tokens, &scratch.tokens)
            swap(&candidates, &scratch.candidates)
            }
        if candidates.count < 2 * tokenCount + 2 {
            candidates.append(contentsOf: repeatElement(0, count: 2 * tokenCount + 2 - candidates.count))
        }

        let firstLength = prefixes.isEmpty ? Int.max : prefixLengths[0]
        scratch.tokenWord.withUnsafeMutableBufferPointer { tokenWord in
            for token in 0 ..< tokenCount { tokenWord[token] = -1 }
        }
        tokens.bytes.withUnsafeBufferPointer { bytes in
            var wordCount = 0
            // Prefix candidates fill the buffer from its end, downwards.
            var prefixEnd = candidates.count
            candidates.withUnsafeMutableBufferPointer { candidates in
                tokens.words.withUnsafeBufferPointer { words in
                    var start = 0
                    for token in 0 ..< tokenCount {
                        let end = Int(words[token].byteEnd)
                        let key = WordKey(first: words[token].first, second: words[token].second, length: end - start)
                        candidates[wordCount] = Int32(truncatingIfNeeded: token)
                        wordCount &+= self.words.mayContain(key.hash(bytes, start: start)) ? 1 : 0
                        let stem = Self.stemBit(key)
                        let mayStartPrefix = key.length >= firstLength && prefixStems[stem >> 6] & (1 << UInt64(stem & 63)) != 0
                        candidates[prefixEnd &- 1] = Int32(truncatingIfNeeded: token)
                        prefixEnd &-= mayStartPrefix ? 1 : 0
                        start = end
                    }
                }
            }
            for index in 0 ..< wordCount {
                let token = Int(candidates[index])
                let start = tokens.byteStart(of: token)
                let word = tokens.words[token]
                let key = WordKey(first: word.first, second: word.second, length: Int(word.byteEnd) - start)
                if let entry = words.entry(key, hash: key.hash(bytes, start: start), bytes: bytes, start: start) {
                    scratch.tokenWord[token] = entry.condition
                    scratch.recordHit(entry, token: Int32(token), field: word.field)
                }
            }
            // Prefix candidates, in token order (from the end of the buffer back to `prefixEnd`).
            var filled = 0
            for index in stride(from: candidates.count - 1, through: prefixEnd, by: -1) {
                let token = Int(candidates[index])
                while filled < token {
                    scratch.tokenPrefixEnds[filled] = Int32(scratch.tokenPrefixes.count)
                    filled += 1
                }
                let start = tokens.byteStart(of: token)
                let word = tokens.words[token]
                let key = WordKey(first: word.first, second: word.second, length: Int(word.byteEnd) - start)
                for length in prefixLengths {
                    guard length <= key.length else { break }
                    if let prefix = prefixes.entry(key.prefix(length), bytes: bytes, start: start) {
                        scratch.tokenPrefixes.append(prefix.condition)
                        scratch.recordHit(prefix, token: Int32(token), field: word.field)
                    }
                }
                scratch.tokenPrefixEnds[token] = Int32(scratch.tokenPrefixes.count)
                filled = token + 1
            }
            while filled < tokenCount {
                scratch.tokenPrefixEnds[filled] = Int32(scratch.tokenPrefixes.count)
                filled += 1
            }
        }
    }

    /// Site conditions hit by the host and its parent domains; the language condition of the post.
    private func collectMetadataHits(_ post: ListeningPost, _ scratch: inout MatchScratch) {
        if !sites.isEmpty {
            let host = post.normalizedHost
            var suffix = Substring(host)
            while !suffix.isEmpty {
                if let id = sites[String(suffix)] { recordMetadataHit(id, &scratch) }
                guard let dot = suffix.firstIndex(of: ".") else { break }
                suffix = suffix[suffix.index(after: dot)...]
            }
        }
        guard !languages.isEmpty || !otherLanguages.isEmpty, let language = post.language else { return }
        if let code = Self.primaryLanguageCode(language) {
            if let id = languages[code] { recordMetadataHit(id, &scratch) }
        } else if let code = post.languageCode {
            // Unicode lower-casing can still give an ASCII code (the Kelvin sign K becomes k).
            if let id = Self.packedQueryCode(code).flatMap({ languages[$0] }) ?? otherLanguages[code] { recordMetadataHit(id, &scratch) }
        }
    }

    private func recordMetadataHit(_ condition: Int32, _ scratch: inout MatchScratch) {
        scratch.recordHit(WordTable.Entry(condition: condition, postingStart: program.postingStart(of: condition)), token: -1, field: CompiledQueries.metadataField)
    }

    /// The primary subtag of an ASCII language tag, lower-cased and packed (`fr-FR` → `fr`), without allocating;
    /// nil for tags that are not plain ASCII letters and digits (then `ListeningPost.languageCode` decides).
    static func primaryLanguageCode(_ language: String) -> UInt64? {
        var packed: UInt64 = 0
        var length = 0
        for byte in language.utf8 {
            if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") {
                if length > 0 { break } else { continue }
            }
            let lower = byte &- 65 < 26 ? byte | 0x20 : byte
            guard lower &- 97 < 26 || lower &- 48 < 10, length < 8 else { return nil }
            packed |= UInt64(lower) << UInt64(length * 8)
            length += 1
        }
        return length > 0 ? packed : nil
    }

    /// A language condition's code packed like `primaryLanguageCode` output; nil unless lower-case ASCII letters
    /// and digits, at most 8 (the parser only makes 2–3 letter codes).
    static func packedQueryCode(_ code: String) -> UInt64? {
        guard !code.isEmpty, code.utf8.count <= 8 else { return nil }
        var packed: UInt64 = 0
        for (offset, byte) in code.utf8.enumerated() {
            guard byte &- 97 < 26 || byte &- 48 < 10 else { return nil }
            packed |= UInt64(byte) << UInt64(offset * 8)
        }
        return packed
    }
}
