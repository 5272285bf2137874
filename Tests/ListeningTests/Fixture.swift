import Foundation
import Testing

@testable import Listening

/// Loads the hand-written feeds under `Fixtures/feeds/`.
enum Fixture {
    /// The raw bytes of a fixture file.
    static func data(_ name: String) throws -> Data {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures/feeds"),
            "missing fixture \(name)"
        )
        return try Data(contentsOf: url)
    }

    /// A fixture parsed as if fetched from `url` with the given `Content-Type`.
    static func parse(_ name: String, url: String? = nil, contentType: String? = nil) throws -> ParsedFeed {
        try FeedParser.parse(data: data(name), url: url.flatMap(URL.init(string:)), contentType: contentType)
    }

    /// The error a fixture raises, or nil if it parses.
    static func error(_ name: String, url: String? = nil) throws -> FeedParseError? {
        let data = try data(name)
        do {
            _ = try FeedParser.parse(data: data, url: url.flatMap(URL.init(string:)), contentType: nil)
            return nil
        } catch {
            return error
        }
    }
}

/// A date as an ISO 8601 UTC string (whole seconds), the form the assertions use.
func iso(_ date: Date?) -> String? {
    date?.formatted(.iso8601)
}
