/// Boolean evaluation of compiled queries over the hits of the current post, and highlight collection.
extension MatchingEngine {
    /// Whether node `index` matches the current post.
    func evaluate(_ index: Int32, _ scratch: inout MatchScratch) -> Bool {
        let node = program.nodes[Int(index)]
        switch node.operation {
        case .condition:
            return scratch.isHit(node.first, fields: node.fields)
        case .metadata:
            return scratch.isHit(node.first)
        case .phrase:
            for word in Int(node.first) ..< Int(node.first + node.second)
            where !scratch.isHit(program.phraseWords[word], fields: node.fields) {
                return false
            }
            var found = false
            forEachPhraseSpan(node, scratch) { _ in found = true; return false }
            return found
        case .near:
            return nearPairs(node, &scratch, collect: false)
        case .and:
            for child in Int(node.first) ..< Int(node.first + node.second) where !evaluate(Int32(child), &scratch) {
                return false
            }
            return true
        case .or:
            for child in Int(node.first) ..< Int(node.first + node.second) where evaluate(Int32(child), &scratch) {
                return true
            }
            return false
        case .not:
            return !evaluate(node.first, &scratch)
        }
    }

    /// Calls `body` with each occurrence of phrase `node` in its fields until `body` returns false.
    private func forEachPhraseSpan(_ node: CompiledNode, _ scratch: MatchScratch, _ body: (MatchScratch.Span) -> Bool) {
        let firstWord = program.phraseWords[Int(node.first)]
        let length = Int(node.second)
        var occurrence = scratch.firstOccurrence(of: firstWord)
        while occurrence >= 0 {
            let start = Int(scratch.occurrenceToken[Int(occurrence)])
            occurrence = scratch.occurrenceNext[Int(occurrence)]
            let field = scratch.tokens.words[start].field
            guard field & node.fields != 0, start + length <= scratch.tokens.count else { continue }
            var matches = true
            for offset in 1 ..< length {
                let token = start + offset
                if scratch.tokens.words[token].field != field
                    || !scratch.token(token, matches: program.phraseWords[Int(node.first) + offset]) {
                    matches = false
                    break
                }
            }
            if matches, !body(MatchScratch.Span(start: Int32(start), end: Int32(start + length - 1))) { return }
        }
    }

    /// Appends the occurrences of positional node `index` (word, prefix, phrase, OR of them) to `spans`.
    private func collectSpans(_ index: Int32, _ scratch: MatchScratch, into spans: inout [MatchScratch.Span]) {
        let node = program.nodes[Int(index)]
        switch node.operation {
        case .condition:
            var occurrence = scratch.firstOccurrence(of: node.first)
            while occurrence >= 0 {
                let token = scratch.occurrenceToken[Int(occurrence)]
                if scratch.tokens.words[Int(token)].field & node.fields != 0 { spans.append(.init(start: token, end: token)) }
                occurrence = scratch.occurrenceNext[Int(occurrence)]
            }
        case .phrase:
            forEachPhraseSpan(node, scratch) { span in spans.append(span); return true }
        case .or:
            for child in Int(node.first) ..< Int(node.first + node.second) {
                collectSpans(Int32(child), scratch, into: &spans)
            }
        case .metadata, .near, .and, .not:
            // The parser only lets positional queries under NEAR.
            break
        }
    }

    /// Whether NEAR `node` has a qualifying pair; with `collect`, appends every such pair to `scratch.highlightSpans`.
    private func nearPairs(_ node: CompiledNode, _ scratch: inout MatchScratch, collect: Bool) -> Bool {
        var left = [MatchScratch.Span]()
        var right = [MatchScratch.Span]()
        swap(&left, &scratch.leftSpans)
        swap(&right, &scratch.rightSpans)
        defer {
            swap(&left, &scratch.leftSpans)
            swap(&right, &scratch.rightSpans)
        }
        left.removeAll(keepingCapacity: true)
        right.removeAll(keepingCapacity: true)
        collectSpans(node.first, scratch, into: &left)
        guard !left.isEmpty else { return false }
        collectSpans(node.second, scratch, into: &right)
        let distance = node.third
        var found = false
        for a in left {
            for b in right where scratch.tokens.words[Int(a.start)].field == scratch.tokens.words[Int(b.start)].field {
                let gap = a.end < b.start ? b.start - a.end - 1 : (b.end < a.start ? a.start - b.end - 1 : -1)
                guard gap >= 0, gap <= distance else { continue }
                if !collect { return true }
                found = true
                scratch.highlightSpans.append(a)
                scratch.highlightSpans.append(b)
            }
        }
        return found
    }

    /// Occurrences of the positive (not negated) words, phrases and NEAR pairs of node `index`, into `scratch.highlightSpans`.
    func collectHighlights(_ index: Int32, _ scratch: inout MatchScratch) {
        let node = program.nodes[Int(index)]
        switch node.operation {
        case .condition, .phrase:
            var spans = [MatchScratch.Span]()
            swap(&spans, &scratch.highlightSpans)
            collectSpans(index, scratch, into: &spans)
            swap(&spans, &scratch.highlightSpans)
        case .near:
            _ = nearPairs(node, &scratch, collect: true)
        case .and, .or:
            for child in Int(node.first) ..< Int(node.first + node.second) {
                collectHighlights(Int32(child), &scratch)
            }
        case .metadata, .not:
            break
        }
    }
}
