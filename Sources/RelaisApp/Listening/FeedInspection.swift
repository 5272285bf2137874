import Foundation
import Listening

/// What `relais feeds parse` shows: the posts Relais reads from a feed file or URL, as JSON, so
/// that a user can see why a source looks wrong. A URL goes through the same safe fetcher as polling.
public enum FeedInspection {
    /// Why a feed could not be inspected, in words for the terminal.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        public let description: String
    }

    /// The JSON description of the feed at `location` (a file path, or an http/https URL).
    public static func json(location: String, allowPrivateNetwork: Bool = false) async throws -> String {
        let data: Data
        let url: URL?
        var contentType: String? = nil
        if location.lowercased().hasPrefix("http://") || location.lowercased().hasPrefix("https://") {
            guard let remote = URL(string: location) else { throw Failure(description: "\(location) is not a valid URL.") }
            do {
                switch try await FeedFetcher().fetch(remote, allowPrivateNetwork: allowPrivateNetwork) {
                case .fetched(let document):
                    data = document.body
                    url = document.url
                    contentType = document.contentType
                case .notModified:
                    throw Failure(description: "The server answered 304 Not Modified to an unconditional request.")
                }
            } catch {
                throw Failure(description: error.message)
            }
        } else {
            guard let contents = FileManager.default.contents(atPath: location) else { throw Failure(description: "Cannot read the file \(location).") }
            data = contents
            url = nil
        }
        let feed: ParsedFeed
        do {
            feed = try FeedParser.parse(data: data, url: url, contentType: contentType)
        } catch {
            throw Failure(description: error.message)
        }
        let analyzer = PostIngestion.analyzer
        let report = InspectedFeed(
            format: feed.format.rawValue, title: feed.title, siteURL: feed.siteURL?.absoluteString, language: feed.language, truncated: feed.isTruncated,
            items: feed.items.map { item in
                let post = IncomingPost(item: item, feedLanguage: feed.language)
                let analysed = AnalysedPost(post, sourceID: nil, matcher: QueryMatcher(queries: []), analyzer: analyzer, now: Clock.nowMillis())
                return InspectedFeed.Item(id: item.id, url: item.url?.absoluteString, canonicalURL: item.url.flatMap(PostIdentity.urlKey),
                                          title: item.title, text: item.text, author: item.author?.name, authorEmail: item.author?.email,
                                          published: item.published.map { Clock.iso(Clock.millis($0)) }, categories: item.categories,
                                          language: analysed.language, sentiment: analysed.sentiment.label.rawValue,
                                          sentimentScore: (analysed.sentiment.score * 1_000).rounded() / 1_000)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }
}

/// The JSON shape `relais feeds parse` prints.
private struct InspectedFeed: Encodable {
    struct Item: Encodable {
        var id: String
        var url: String?
        var canonicalURL: String?
        var title: String?
        var text: String?
        var author: String?
        var authorEmail: String?
        var published: String?
        var categories: [String]
        var language: String?
        var sentiment: String
        var sentimentScore: Double
    }

    var format: String
    var title: String?
    var siteURL: String?
    var language: String?
    var truncated: Bool
    var items: [Item]
}

private extension Error {
    /// The message of a fetch or parse failure.
    var message: String {
        if let failure = self as? FetchFailure { return failure.message }
        if let failure = self as? FeedParseError { return failure.message }
        if let failure = self as? FeedInspection.Failure { return failure.description }
        return String(describing: self)
    }
}
