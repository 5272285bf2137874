import Draws
import Foundation
import Testing

/// Runs the independent Python verifier (tools/verify_draw.py) on JSON produced by the Swift code.
/// Skipped, with a message saying so, on a machine without python3.
@Suite("Python verifier agrees with Swift", .enabled(if: PythonRunner.python3 != nil, "python3 not found on PATH: skipping the cross-check"))
struct PythonVerifierTests {
    @Test("random sweepstakes, quizzes and instant wins all verify in Python")
    func randomDrawsVerify() throws {
        let files = try PythonRunner.write(Self.randomDraws())
        let run = try PythonRunner.verify(files)
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.components(separatedBy: "\n").filter { $0 == "VERIFIED" }.count == files.count, "\(run.output)")
    }

    @Test("a tampered draw fails in Python with a non-zero exit status")
    func tamperedDrawFails() throws {
        var published = Self.randomDraws()[0]
        published.winners = published.winners.map { Array($0.reversed()) }
        published.winners?.append(DrawPick(index: 0, token: "x"))
        let run = try PythonRunner.verify(try PythonRunner.write([published]))
        #expect(run.status == 1, "\(run.output)")
        #expect(run.output.contains("FAIL winners"))
    }

    @Test("the examples shipped in docs/examples verify in Python and in Swift")
    func shippedExamples() throws {
        let root = try #require(packageRoot())
        let folder = root.appendingPathComponent("docs/examples")
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
        #expect(files.count == 3)
        for file in files {
            let published = try JSONDecoder().decode(PublishedDraw.self, from: Data(contentsOf: file))
            #expect(DrawVerifier.verify(published).isValid, "\(file.lastPathComponent)")
        }
        let run = try PythonRunner.verify(files)
        #expect(run.status == 0, "\(run.output)")
    }

    /// Draws with fresh random seeds (so CI explores new cases) across sizes, counts and randomness.
    static func randomDraws() -> [PublishedDraw] {
        var generator = SystemRandomNumberGenerator()
        var draws: [PublishedDraw] = []
        for size in [0, 1, 2, 7, 64, 500] {
            let tokens = (0..<size).map { _ in hex16(UInt64.random(in: .min ... .max, using: &generator)) }
            let randomness = Bool.random(using: &generator) ? "drand:quicknet:\(size):\(hex16(UInt64.random(in: .min ... .max, using: &generator)))" : ""
            // Safe below: counts are non-negative and randomness is printable ASCII; tokens are random
            // 16-hex-digit strings, distinct but with probability ~2^-45 for 500 of them.
            let request = try! DrawRequest(
                seed: DrawSeed(), publicRandomness: try! PublicRandomness(randomness), pool: try! EntryPool(tokens: tokens),
                winners: Int.random(in: 0...5, using: &generator), alternates: Int.random(in: 0...5, using: &generator)
            )
            draws.append(.sweepstake(request, result: Draw.run(request), includeTokens: size != 64))
            let entries = tokens.map {
                ScoredEntry(token: $0, score: Int64.random(in: -2...3, using: &generator), distance: UInt64.random(in: 0...2, using: &generator))
            }
            let quiz = try! QuizDrawRequest(
                seed: DrawSeed(), publicRandomness: request.publicRandomness, pool: try! ScoredEntryPool(entries: entries),
                winners: request.winners, alternates: request.alternates
            )
            draws.append(.quiz(quiz, result: QuizDraw.run(quiz)))
            let seed = DrawSeed()
            let opensAt = Int64.random(in: 1_700_000_000_000...1_800_000_000_000, using: &generator)
            let closesAt = opensAt + Int64(size + 1) * 3_600_000
            draws.append(.instantWin(try! WinningMoments(seed: seed, activationID: "act-\(size)", opensAt: opensAt, closesAt: closesAt, count: size), seed: seed))
        }
        return draws
    }
}

/// Finds python3 and runs tools/verify_draw.py.
enum PythonRunner {
    /// Path of python3 on PATH, or nil.
    static let python3: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Writes each draw to its own JSON file in a fresh temporary folder.
    static func write(_ draws: [PublishedDraw]) throws -> [URL] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("relais-draws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try draws.enumerated().map { index, draw in
            let file = folder.appendingPathComponent("draw-\(index).json")
            try encoder.encode(draw).write(to: file)
            return file
        }
    }

    /// Runs the verifier on `files`, then removes the folders `write` made for them; returns its
    /// exit status and combined output.
    static func verify(_ files: [URL]) throws -> (status: Int32, output: String) {
        defer {
            for folder in Set(files.map { $0.deletingLastPathComponent() }) where folder.lastPathComponent.hasPrefix("relais-draws-") {
                try? FileManager.default.removeItem(at: folder)
            }
        }
        let root = try #require(packageRoot(), "tools/verify_draw.py not found above \(#filePath)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(python3))
        process.arguments = [root.appendingPathComponent("tools/verify_draw.py").path] + files.map(\.path)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}

/// 16 lowercase hex digits of a word.
private func hex16(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
}
