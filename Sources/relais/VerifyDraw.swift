import ArgumentParser
import Draws
import Foundation

/// `relais verify-draw`: recomputes published draws (the JSON of an activation's `…/draw.json`), like `tools/verify_draw.py`.
struct VerifyDraw: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-draw",
        abstract: "Recompute a published draw from its JSON (docs/DRAWS.md §11); exit 0 when every file verifies, 1 when a check fails, 2 when a file cannot be read."
    )

    @Argument(help: "Published draw files (\"-\" reads standard input).")
    var files: [String]

    func run() throws {
        var failed = false
        for file in files {
            let data: Data
            do {
                data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                print("\(file): cannot be read")
                throw ExitCode(2)
            }
            guard let published = try? JSONDecoder().decode(PublishedDraw.self, from: data) else {
                print("\(file): not a published draw (JSON of docs/DRAWS.md §11)")
                throw ExitCode(2)
            }
            let report = DrawVerifier.verify(published)
            print("== \(file)\n\(report.summary)")
            failed = failed || !report.isValid
        }
        if failed { throw ExitCode(1) }
    }
}
