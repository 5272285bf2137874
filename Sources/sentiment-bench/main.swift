// sentiment-bench: measures scoring throughput on one core (build with -c release).
//
//   sentiment-bench [FILE] [--rounds N]
//
// Scores every line of FILE (or a built-in set of tweet-length posts) repeatedly for about a second per round,
// and prints the posts per second of each round and their median. The rate is per second of this thread's
// CPU time, so other processes sharing the machine do not skew it; wall-clock rates are printed beside it.
import Foundation
import Listening

let arguments = Array(CommandLine.arguments.dropFirst())
var rounds = 7
if let flag = arguments.firstIndex(of: "--rounds"), flag + 1 < arguments.count, let value = Int(arguments[flag + 1]) {
    rounds = value
}
let file = arguments.first { !$0.hasPrefix("--") && Int($0) == nil }

let builtIn = [
    "Franchement trop bien le nouveau goût, je kiffe grave 😍 #miam",
    "Service client injoignable depuis 3 jours, c'est vraiment pas sérieux... @marque",
    "jsuis trop deçu, la livraison est arrivée cassée 😡 http://t.co/abc",
    "Pas mal du tout, mais un peu cher pour ce que c'est",
    "Le magasin ouvre samedi à 10h, plus d'infos sur le site",
    "Absolutely love the new flavour!!! Best thing ever :)",
    "The app keeps crashing, not happy at all #fail",
    "Store opening this Saturday at 10am, see you there",
    "It's kind of ok but honestly I expected more from them",
    "MDR c'est NUL ce truc, ne l'achetez jamais",
]
let posts: [(String, SentimentLanguage)]
if let file {
    guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
        FileHandle.standardError.write(Data("cannot read \(file)\n".utf8))
        exit(1)
    }
    posts = text.split(separator: "\n").map { line in
        let text = String(line.split(separator: "\t").last ?? line)
        return (text, .french)
    }
} else {
    posts = builtIn.map { ($0, LanguageDetectorProbe.language(of: $0)) }
}

/// Picks the language of built-in posts once, outside the timed loop.
enum LanguageDetectorProbe {
    static let analyzer: SentimentAnalyzer = {
        do { return try SentimentAnalyzer() } catch { fatalError("cannot load lexicons: \(error)") }
    }()
    static func language(of text: String) -> SentimentLanguage { analyzer.detectLanguage(text: text) ?? .french }
}

let analyzer = LanguageDetectorProbe.analyzer
let averageLength = posts.reduce(0) { $0 + $1.0.count } / max(1, posts.count)
print("posts: \(posts.count), mean length: \(averageLength) characters")
/// CPU time used by this thread, in seconds.
func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

var rates: [Double] = []
var checksum = 0.0
for round in 1...rounds {
    let wallStart = Date()
    let cpuStart = threadCPUSeconds()
    var scored = 0
    while threadCPUSeconds() - cpuStart < 1 {
        for (text, language) in posts { checksum += analyzer.score(text: text, language: language).score }
        scored += posts.count
    }
    let rate = Double(scored) / (threadCPUSeconds() - cpuStart)
    let wallRate = Double(scored) / Date().timeIntervalSince(wallStart)
    rates.append(rate)
    print("round \(round): \(Int(rate)) posts per CPU-second (\(Int(wallRate)) per wall-clock second)")
}
let median = rates.sorted()[rates.count / 2]
print("median: \(Int(median)) posts per CPU-second (checksum \(String(format: "%.3f", checksum)))")
