import Listening

/// Generates realistic brand queries from frequent-ish words and word pairs of the corpus.
struct BenchQueryGenerator {
    private let words: [String]
    private let bigrams: [String]
    private let prefixes: [String]

    /// Builds the vocabulary: words ranked `skip ..< skip + size` by frequency, 3+ letters; pairs of uncommon words; rare stems.
    init(corpus: BenchCorpus, skip: Int, size: Int) {
        var counts: [String: Int] = [:]
        var pairCounts: [String: Int] = [:]
        for sentence in corpus.sentences.values.joined() {
            let tokens = TextNormalizer.words(in: sentence)
            for (index, token) in tokens.enumerated() {
                counts[token, default: 0] += 1
                if index > 0 { pairCounts[tokens[index - 1] + " " + token, default: 0] += 1 }
            }
        }
        let ranked = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)
        let vocabulary = ranked.dropFirst(skip).prefix(size).filter { $0.count >= 3 && !$0.allSatisfy(\.isNumber) }
        words = Array(vocabulary)
        // Prefixes: stems of long vocabulary words whose completions stay rare in the corpus (not "film*").
        let sortedWords = counts.keys.sorted()
        var stems: [String] = []
        for word in vocabulary where word.count >= 7 && stems.count < 1500 {
            let stem = String(word.prefix(word.count - 2))
            var index = sortedWords.partitionPoint { $0 < stem }
            var total = 0
            while index < sortedWords.count, sortedWords[index].hasPrefix(stem) {
                total += counts[sortedWords[index], default: 0]
                index += 1
            }
            if total <= 40 { stems.append(stem) }
        }
        prefixes = stems
        // Phrases: word pairs seen at least twice, made of two words past the 300 most frequent (no "of the").
        let common = Set(ranked.prefix(300))
        let known = Set(vocabulary)
        bigrams = pairCounts.filter { $0.value >= 2 }
            .filter { pair in
                let parts = pair.key.split(separator: " ").map(String.init)
                return parts.allSatisfy { !common.contains($0) } && parts.contains { known.contains($0) }
            }
            .sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(3000).map(\.key)
    }

    var vocabularySize: Int { words.count }
    var summary: String { "\(words.count) words, \(bigrams.count) phrases, \(prefixes.count) prefixes" }

    /// `count` queries: 2–5 OR terms, 0–2 AND groups, 0–2 NOT terms; some phrases, prefixes, NEAR, title: and lang:.
    func queries(count: Int, random: inout SplitMix64) -> [BrandQuery] {
        (0 ..< count).map { _ in query(&random) }
    }

    private func query(_ random: inout SplitMix64) -> BrandQuery {
        var parts: [BrandQuery] = [group(terms: 2 + random.below(4), &random)]
        for _ in 0 ..< random.below(3) { parts.append(group(terms: 1 + random.below(3), &random)) }
        for _ in 0 ..< random.below(3) { parts.append(.not(term(&random))) }
        switch random.below(20) {
        case 0: parts.append(.language(random.below(2) == 0 ? "fr" : "en"))
        case 1: parts[0] = .field(.title, parts[0])
        case 2: parts.append(.near(term(&random), term(&random), distance: 1 + random.below(10)))
        default: break
        }
        return parts.count == 1 ? parts[0] : .and(parts)
    }

    private func group(terms: Int, _ random: inout SplitMix64) -> BrandQuery {
        let items = (0 ..< terms).map { _ in term(&random) }
        return items.count == 1 ? items[0] : .or(items)
    }

    /// A word (80%), a phrase (12%) or a prefix (8%).
    private func term(_ random: inout SplitMix64) -> BrandQuery {
        let roll = random.below(100)
        if roll < 12, !bigrams.isEmpty {
            return .phrase(bigrams[random.below(bigrams.count)].split(separator: " ").map { .word(String($0)) })
        }
        if roll < 20, !prefixes.isEmpty { return .prefix(prefixes[random.below(prefixes.count)]) }
        return .term(words[random.below(words.count)])
    }
}

extension Array {
    /// Index of the first element not in the first partition (the array must be partitioned by the predicate).
    func partitionPoint(_ belongsInFirstPartition: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if belongsInFirstPartition(self[middle]) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
