import Foundation
import Listening

/// Sentences of the sentiment corpus, by language, read at run time.
struct BenchCorpus {
    var sentences: [String: [String]] = [:]

    /// Reads `DIR/{fr,en}/*.tsv` (label TAB text) and splits the texts into sentences.
    init(directory: String) throws {
        for language in ["fr", "en"] {
            let folder = URL(fileURLWithPath: directory).appendingPathComponent(language)
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tsv") }.sorted()
            var result: [String] = []
            for file in files {
                let content = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                for line in content.split(separator: "\n") {
                    guard let tab = line.firstIndex(of: "\t") else { continue }
                    let text = Self.clean(line[line.index(after: tab)...])
                    result += Self.sentences(of: text)
                }
            }
            sentences[language] = result
        }
    }

    /// Undoes the TSV quoting (`""`), literal `\uXXXX` escapes, surrounding quotes.
    static func clean(_ raw: Substring) -> String {
        var text = String(raw).trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = String(text.dropFirst().dropLast()) }
        text = text.replacingOccurrences(of: "\"\"", with: "\"")
        guard text.contains("\\u") else { return text }
        var output = ""
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "\\", text[index...].hasPrefix("\\u"),
               let end = text.index(index, offsetBy: 6, limitedBy: text.endIndex),
               let value = UInt32(text[text.index(index, offsetBy: 2) ..< end], radix: 16),
               let scalar = Unicode.Scalar(value) {
                output.unicodeScalars.append(scalar)
                index = end
            } else {
                output.append(text[index])
                index = text.index(after: index)
            }
        }
        return output
    }

    /// Splits on `.`, `!`, `?` followed by a space; keeps pieces of at least 3 words.
    static func sentences(of text: String) -> [String] {
        var result: [String] = []
        var current = ""
        var previous: Character = " "
        for character in text {
            if character == " ", previous == "." || previous == "!" || previous == "?" {
                result.append(current)
                current = ""
            } else {
                current.append(character)
            }
            previous = character
        }
        result.append(current)
        return result.filter { $0.split(separator: " ").count >= 3 }
    }

    /// Posts recombined from random sentences of one language: an optional title and 1–2 sentences of text.
    func posts(count: Int, random: inout SplitMix64) -> [ListeningPost] {
        let hosts = ["www.lemonde.fr", "forum.doctissimo.fr", "twitter.com", "blog.example.com", "www.lefigaro.fr", "reddit.com"]
        let authors = ["Jean Dupont", "Marie Curie", "jdoe", "La Rédaction", "Sam Smith"]
        let french = sentences["fr"] ?? []
        let english = sentences["en"] ?? []
        return (0 ..< count).map { _ in
            let language = random.next() % 2 == 0 ? "fr" : "en"
            let pool = language == "fr" ? french : english
            let title = random.next() % 2 == 0 ? String(pool[random.below(pool.count)].prefix(90)) : ""
            let body = (0 ... random.below(2)).map { _ in pool[random.below(pool.count)] }.joined(separator: " ")
            return ListeningPost(title: title, text: body, author: authors[random.below(authors.count)],
                                 host: hosts[random.below(hosts.count)], language: language)
        }
    }
}

/// SplitMix64, seeded, so every run generates the same posts and queries.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0 ..< bound`.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
