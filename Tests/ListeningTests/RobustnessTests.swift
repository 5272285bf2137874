import Foundation
import Testing

@testable import Listening

/// Hostile or huge input: no crash, no stack overflow, no quadratic blow-up.
@Suite("Robustness")
struct RobustnessTests {
    @Test func deepNestingDoesNotOverflowTheStack() throws {
        let depth = 200_000
        let xml = "<rss><channel><item><guid>1</guid><description>" + String(repeating: "<a>", count: depth) + "x"
            + String(repeating: "</a>", count: depth) + "</description></item></channel></rss>"
        let feed = try FeedParser.parse(data: Data(xml.utf8), url: nil, contentType: nil)
        #expect(feed.items.count == 1)
        #expect(feed.items[0].text == "x")
    }

    @Test func unclosedNestingAtEndOfInput() throws {
        let xml = "<rss><channel><title>T</title>" + String(repeating: "<item>", count: 100_000)
        let feed = try FeedParser.parse(data: Data(xml.utf8), url: nil, contentType: nil)
        #expect(feed.title == "T")
        #expect(feed.items.isEmpty)
        #expect(feed.isTruncated)
    }

    @Test func manyAttributesAndNamespaces() throws {
        let attributes = (0..<50_000).map { " xmlns:p\($0)=\"urn:\($0)\" a\($0)=\"\($0)\"" }.joined()
        let xml = "<rss\(attributes)><channel><item\(attributes)><guid>g</guid></item></channel></rss>"
        let feed = try FeedParser.parse(data: Data(xml.utf8), url: nil, contentType: nil)
        #expect(feed.items.map(\.id) == ["g"])
    }

    @Test func manyUnmatchedEndTagsAndStrayBrackets() throws {
        let noise = String(repeating: "</nope><<& &#; &#x; ]]> <!-- ", count: 20_000)
        let xml = "<rss><channel><item><guid>g</guid><title>ok</title></item>\(noise)</channel></rss>"
        let feed = try FeedParser.parse(data: Data(xml.utf8), url: nil, contentType: nil)
        #expect(feed.items.map(\.title) == ["ok"])
    }

    @Test func entityExpansionIsNotRecursive() throws {
        let xml = """
            <!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY brand "Relais">]>
            <rss><channel><item><guid>1</guid><title>&b; &brand;</title></item></channel></rss>
            """
        let feed = try FeedParser.parse(data: Data(xml.utf8), url: nil, contentType: nil)
        #expect(feed.items.first?.title == "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a; Relais")
    }

    @Test func hostileDoctypeStaysCheap() {
        let xml = "<!DOCTYPE rss [" + String(repeating: "<!ENTITY ", count: 200_000) + "<rss><channel><item><guid>1</guid></item></channel></rss>"
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            // The unterminated DOCTYPE swallows the rest: there is no feed left to find.
            #expect(throws: FeedParseError.self) { try FeedParser.parse(data: Data(xml.utf8), url: nil, contentType: nil) }
        }
        #expect(elapsed < .seconds(10))
    }

    @Test func everyPrefixOfAFeedParsesOrFailsCleanly() throws {
        let data = try Fixture.data("rss20-wordpress-fr.xml")
        var itemCounts: [Int] = []
        for length in stride(from: 0, through: data.count, by: 7) {
            let prefix = data.prefix(length)
            if let feed = try? FeedParser.parse(data: prefix, url: nil, contentType: nil) {
                itemCounts.append(feed.items.count)
            }
        }
        #expect(itemCounts.max() == 2)
        #expect(itemCounts == itemCounts.sorted())  // items only ever appear as the input grows
    }
}
