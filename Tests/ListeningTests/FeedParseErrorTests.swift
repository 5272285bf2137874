import Foundation
import Testing

@testable import Listening

/// What the parser says when the input is not a feed.
@Suite("Feed parse errors")
struct FeedParseErrorTests {
    @Test func emptyAndBlankInput() {
        #expect(throws: FeedParseError.empty) { try FeedParser.parse(data: Data(), url: nil, contentType: nil) }
        #expect(throws: FeedParseError.empty) { try FeedParser.parse(data: Data(" \n\t".utf8), url: nil, contentType: nil) }
        #expect(throws: FeedParseError.empty) { try FeedParser.parse(data: Data([0xEF, 0xBB, 0xBF]), url: nil, contentType: nil) }
    }

    @Test func htmlPageReportsTheFeedsItAdvertises() throws {
        let error = try Fixture.error("html-page.html", url: "https://www.marque.example/blog")
        #expect(error == .htmlPage(alternateFeeds: [
            try #require(URL(string: "https://www.marque.example/blog/feed/")),
            try #require(URL(string: "https://www.marque.example/comments.atom")),
        ]))
        #expect(error?.message == "This address is a web page, not a feed. The page advertises: https://www.marque.example/blog/feed/, https://www.marque.example/comments.atom")
    }

    @Test func htmlPageWithoutFeeds() throws {
        let error = try Fixture.error("html-page-no-feed.html")
        #expect(error == .htmlPage(alternateFeeds: []))
        #expect(error?.message == "This address is a web page, not a feed, and the page advertises no feed.")
    }

    @Test func plainTextIsNotXML() throws {
        let error = try Fixture.error("garbage.txt")
        #expect(error == .notXML(detail: "it starts with “This is not a feed at all. Just some tex…”"))
    }

    @Test func jsonFeedIsNamed() throws {
        #expect(try Fixture.error("feed.json") == .notXML(detail: "it is a JSON Feed, which is not supported"))
    }

    @Test func otherXMLIsNotAFeed() throws {
        let error = try Fixture.error("sitemap.xml")
        #expect(error == .notAFeed(rootElement: "urlset"))
        #expect(error?.message == "This XML document is neither RSS nor Atom (its root element is <urlset>).")
    }

    @Test func binaryNoiseIsNotXML() {
        let noise = Data((0..<4_096).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) })
        #expect(throws: FeedParseError.self) { try FeedParser.parse(data: noise, url: nil, contentType: nil) }
    }
}
