import Foundation

/// The non-generic core of `QueryMatcher`: word tables, compiled queries, and the per-post hit collection.
final class MatchingEngine: Sendable {
    let program: CompiledQueries
    let words: WordTable
    let prefixes: WordTable
    /// Distinct byte lengths of the prefixes, ascending; a word is hashed once with a checkpoint at each.
    let prefixLengths: [Int]
    let sites: [String: Int32]
    let languages: [String: Int32]

    /// Compiles the queries and indexes their words.
    init(queries: [BrandQuery]) {
        program = CompiledQueries(queries)
        var wordEntries: [(key: String, value: Int32)] = []
        var prefixEntries: [(key: String, value: Int32)] = []
        var sites: [String: Int32] = [:]
        var languages: [String: Int32] = [:]
        for (id, condition) in program.conditions.enumerated() {
            switch condition {
            case .word(let word): wordEntries.append((word, Int32(id)))
            case .prefix(let prefix): prefixEntries.append((prefix, Int32(id)))
            case .site(let host): sites[host] = Int32(id)
            case .language(let code): languages[code] = Int32(id)
            }
        }
        words = WordTable(wordEntries)
        prefixes = WordTable(prefixEntries)
        prefixLengths = Set(prefixEntries.map(\.key.utf8.count)).sorted()
        self.sites = sites
        self.languages = languages
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
        for hit in scratch.hitConditions {
            for index in Int(program.postingStarts[Int(hit)]) ..< Int(program.postingStarts[Int(hit) + 1]) {
                let posting = program.postings[index]
                let query = Int(posting.query)
                var state = scratch.queryStates[query]
                if state.epoch != epoch { state = MatchScratch.QueryState(epoch: epoch, clauses: 0) }
                let before = state.clauses
                state.clauses |= posting.clauseBit
                scratch.queryStates[query] = state
                // Evaluate once, when the last clause gets hit.
                guard state.clauses == posting.allClauses, before != posting.allClauses else { continue }
                scratch.evaluatedQueries += 1
                if evaluate(program.roots[query], &scratch) { scratch.matched.append(posting.query) }
            }
        }
        for query in program.unconditional where evaluate(program.roots[Int(query)], &scratch) {
            scratch.matched.append(query)
        }
        scratch.matched.sort()
    }

    /// Looks every token up as a whole word and as each indexed prefix length, in one hashing pass per token.
    private func collectWordHits(_ scratch: inout MatchScratch) {
        let tokenCount = scratch.tokens.count
        let allBytes = scratch.tokens.bytes
        let tokenWords = scratch.tokens.words
        let lengths = prefixLengths
        let firstLength = lengths.first ?? .max
        // Sized up front and filled through pointers: appending element by element dominated this loop.
        scratch.tokenWord.append(contentsOf: repeatElement(-1, count: tokenCount))
        scratch.tokenPrefixEnds.append(contentsOf: repeatElement(0, count: tokenCount))
        allBytes.withUnsafeBufferPointer { bytes in
            var start = 0
            for token in 0 ..< tokenCount {
                let end = Int(tokenWords[token].byteEnd)
                let length = end - start
                var hash = WordTable.hashSeed
                if length < firstLength {
                    for offset in start ..< end { hash = (hash ^ UInt64(bytes[offset])) &* WordTable.hashPrime }
                } else {
                    var nextLength = firstLength
                    var lengthIndex = 0
                    for offset in 0 ..< length {
                        hash = (hash ^ UInt64(bytes[start + offset])) &* WordTable.hashPrime
                        guard offset + 1 == nextLength else { continue }
                        let prefix = prefixes.value(hash: hash, bytes: bytes, start: start, length: nextLength)
                        if prefix >= 0 {
                            scratch.tokenPrefixes.append(prefix)
                            scratch.recordHit(prefix, token: Int32(token))
                        }
                        lengthIndex += 1
                        nextLength = lengthIndex < lengths.count ? lengths[lengthIndex] : .max
                    }
                }
                scratch.tokenPrefixEnds[token] = Int32(scratch.tokenPrefixes.count)
                let word = words.value(hash: hash, bytes: bytes, start: start, length: length)
                if word >= 0 {
                    scratch.tokenWord[token] = word
                    scratch.recordHit(word, token: Int32(token))
                }
                start = end
            }
        }
    }

    /// Site conditions hit by the host and its parent domains; the language condition of the post.
    private func collectMetadataHits(_ post: ListeningPost, _ scratch: inout MatchScratch) {
        if !sites.isEmpty {
            let host = post.normalizedHost
            var suffix = Substring(host)
            while !suffix.isEmpty {
                if let id = sites[String(suffix)] { scratch.recordHit(id, token: -1) }
                guard let dot = suffix.firstIndex(of: ".") else { break }
                suffix = suffix[suffix.index(after: dot)...]
            }
        }
        if !languages.isEmpty, let code = post.languageCode, let id = languages[code] {
            scratch.recordHit(id, token: -1)
        }
    }
}
