// sentiment-eval: scores one post per line and prints "label<TAB>score" for each (used by tools/evaluate_sentiment.py).
//
//   sentiment-eval fr|en [FILE] [--features] [--explain]
//
// Reads FILE (or standard input). With --features, also prints the sum of positive valences, the sum of
// negative valences, the number of lexical tokens and the punctuation emphasis; with --explain, the
// valence of each sentiment-bearing token.
import Foundation
import Listening

let arguments = Array(CommandLine.arguments.dropFirst())
let showsFeatures = arguments.contains("--features")
let explains = arguments.contains("--explain")
let positional = arguments.filter { !$0.hasPrefix("--") }
guard let code = positional.first, let language = SentimentLanguage(rawValue: code) else {
    FileHandle.standardError.write(Data("usage: sentiment-eval fr|en [FILE] [--features] [--explain]\n".utf8))
    exit(2)
}
let input: String
if positional.count > 1 {
    guard let text = try? String(contentsOfFile: positional[1], encoding: .utf8) else {
        FileHandle.standardError.write(Data("cannot read \(positional[1])\n".utf8))
        exit(1)
    }
    input = text
} else {
    input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
}

let analyzer = try SentimentAnalyzer()
var output = ""
for line in input.split(separator: "\n", omittingEmptySubsequences: false).dropLast(input.hasSuffix("\n") ? 1 : 0) {
    let text = String(line)
    let score = analyzer.score(text: text, language: language)
    output += "\(score.label.rawValue)\t\(score.score)"
    if showsFeatures {
        let features = analyzer.features(text: text, language: language)
        output += "\t" + features.map { String($0) }.joined(separator: "\t")
    }
    if explains {
        let parts = analyzer.contributions(text: text, language: language)
        output += "\t" + parts.map { "\($0.token)=\(String(format: "%.2f", $0.valence))" }.joined(separator: " ")
    }
    output += "\n"
}
FileHandle.standardOutput.write(Data(output.utf8))
