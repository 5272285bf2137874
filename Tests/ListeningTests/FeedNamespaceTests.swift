import Foundation
import Testing

@testable import Listening

/// Feeds whose elements carry namespace prefixes other than the usual ones: elements are known by
/// their namespace, not by the prefix a publisher chose.
@Suite("Feed namespaces")
struct FeedNamespaceTests {
    @Test func atomWithAPrefixOnEveryElement() throws {
        let feed = try Fixture.parse("atom10-prefixed.xml")
        #expect(feed.format == .atom10)
        #expect(feed.title == "Le fil préfixé")
        let item = try #require(feed.items.first)
        #expect(item.title == "Malaxo en panne")
        #expect(item.url?.absoluteString == "https://prefixe.example/2026/panne")
        #expect(item.text == "La bétonnière Malaxo ne démarre plus.")
        #expect(item.author?.name == "Camille" && item.author?.email == "camille@prefixe.example")
        #expect(item.published == ISO8601DateFormatter().date(from: "2026-11-30T08:15:00Z"))
    }

    @Test func rssWithDublinCoreAndContentUnderOtherPrefixesAndCDATATitles() throws {
        let feed = try Fixture.parse("rss20-odd-prefixes.xml")
        #expect(feed.format == .rss20)
        #expect(feed.title == "Chantiers & Cie")
        let item = try #require(feed.items.first)
        #expect(item.title == "Test : la <Malaxo> 350")
        #expect(item.author?.name == "Jean Martin")
        #expect(item.published == ISO8601DateFormatter().date(from: "2026-11-29T08:30:00Z"))
        #expect(item.text == "Le test complet de la Malaxo 350.", "content:encoded wins over the description, whatever its prefix")
    }
}
