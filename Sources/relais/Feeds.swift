import ArgumentParser
import Foundation
import RelaisApp

/// `relais feeds …`: looking at feeds the way listening reads them.
struct Feeds: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Look at feeds the way listening reads them.", subcommands: [FeedsParse.self])
}

/// `relais feeds parse FILE|URL`: prints the posts read from a feed as JSON.
struct FeedsParse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Print the posts Relais reads from a feed file or URL, as JSON (a URL is fetched with the safe-fetching rules)."
    )

    @Argument(help: "A feed file, or an http/https URL.")
    var location: String

    @Flag(help: "Allow a URL on a private, loopback or link-local address (an intranet feed).")
    var allowPrivateNetwork = false

    func run() async throws {
        do {
            print(try await FeedInspection.json(location: location, allowPrivateNetwork: allowPrivateNetwork))
        } catch let failure as FeedInspection.Failure {
            FileHandle.standardError.write(Data("relais feeds parse: \(failure.description)\n".utf8))
            throw ExitCode(1)
        }
    }
}
