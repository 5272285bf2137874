import Foundation
import Testing

@testable import Listening

/// The broken shapes real feeds come in.
@Suite("Feed quirks")
struct FeedQuirksTests {
    @Test func entitiesHTMLInTitlesAndStrayAmpersands() throws {
        let feed = try Fixture.parse("rss20-html-entities.xml")
        #expect(feed.title == "Café & Co — le blog")
        #expect(feed.items.map(\.title) == [
            "L’été au café : nouveautés",
            "Numeric: “quotes” ’ ’s été",
            "Using <vector> in C++ & more",
            "Bad refs \u{FFFD} \u{FFFD} end",
        ])
        #expect(feed.items.map(\.text) == [
            "Crème brûlée & café\n\nPrix : 4€",
            "AT&T and Tom & Jerry; &unknownentity; stays; 5 < 6 and 7 > 3.",
            "Control chars:here. Café in CDATA is HTML too.",
            "Double&escaped <b> is text",
        ])
    }

    @Test func brokenMarkupIsRecovered() throws {
        let feed = try Fixture.parse("rss20-broken-markup.xml")
        #expect(feed.format == .rss20)
        #expect(feed.title == "Forum Bricolage > Béton")
        #expect(feed.isTruncated)  // </rss> is missing
        #expect(feed.items.map(\.title) == [
            "Ma bétonnière fait du bruit",
            "Réponse : Ma bétonnière fait du bruit",
            "Item without its end tag above",
        ])
        #expect(feed.items.map { $0.url?.absoluteString } == [
            "http://forum-bricolage.example.fr/viewtopic.php?t=55&p=9",
            "http://forum-bricolage.example.fr/viewtopic.php?t=55&p=10",
            "http://forum-bricolage.example.fr/viewtopic.php?t=56",
        ])
        #expect(feed.items.map(\.text) == [
            "Bonjour,\nma Mixo 300 grince.\n\nUne idée ?",
            "Graisse le roulement & ça repart.",
            "Undeclared content: prefix, unclosed tags\n\nstill read.",
        ])
        #expect(feed.items[0].author == FeedAuthor(name: "jeanbricole", email: nil))
        #expect(iso(feed.items[1].published) == "2010-03-13T20:02:00Z")
    }

    @Test func truncatedFeedKeepsTheCompleteItems() throws {
        let feed = try Fixture.parse("rss20-truncated.xml")
        #expect(feed.isTruncated)
        #expect(feed.items.map(\.title) == ["First complete", "Second complete"])
        #expect(feed.items.map(\.text) == ["One.", "Two."])
    }

    @Test func duplicateGuidsKeepTheFirstAndMissingGuidsGetStableIDs() throws {
        let feed = try Fixture.parse("rss20-duplicate-guids.xml")
        #expect(feed.items.map(\.title) == ["Original", "No guid, has link", "No guid, no link", nil])
        #expect(feed.items[0].id == "same-guid")
        #expect(feed.items[0].url?.absoluteString == "https://dup.example.com/a")
        #expect(feed.items[1].id == "https://dup.example.com/b")
        #expect(feed.items[2].text == "Only a title and a date.")
        #expect(feed.items[2].id == FeedItemIdentity.id(
            guid: nil, url: nil, title: "No guid, no link",
            published: Date(timeIntervalSince1970: 1_293_876_000), text: "anything"))
        #expect(feed.items[3].text == "Nothing but text.")
        // Parsing again gives the same ids: they can be stored and compared across polls.
        #expect(try Fixture.parse("rss20-duplicate-guids.xml").items.map(\.id) == feed.items.map(\.id))
    }

    @Test func relativeLinksResolveAgainstChannelLinkThenFeedURL() throws {
        let feed = try Fixture.parse("rss20-relative-links.xml", url: "https://www.example.com/feeds/lyon.xml")
        #expect(feed.siteURL?.absoluteString == "https://www.example.com/agences/lyon/")
        #expect(feed.items.map { $0.url?.absoluteString } == [
            "https://www.example.com/agences/lyon/actualites/samedi.html",
            "https://www.example.com/agences/lyon/portes%20ouvertes.html",
            "https://cdn.example.com/lyon/plan.html",
            "https://www.example.com/agences/lyon/permalien",
        ])
    }

    @Test func relativeLinksWithoutAnyBaseAreDropped() throws {
        let feed = try Fixture.parse("rss20-relative-links.xml", url: nil)
        #expect(feed.siteURL == nil)
        #expect(feed.items[0].url == nil)
        #expect(feed.items[2].url?.absoluteString == nil)  // "//cdn…" needs a scheme from somewhere
    }

    @Test func datesInTheWild() throws {
        let feed = try Fixture.parse("rss20-bad-dates.xml")
        let expected: [String: String?] = [
            "d01": "2002-10-02T13:00:00Z", "d02": "2002-10-02T13:00:00Z", "d03": "2002-10-02T13:00:00Z",
            "d04": "2002-10-02T13:00:00Z", "d05": "2002-10-02T13:00:00Z", "d06": "2002-10-02T13:00:00Z",
            "d07": "2002-10-02T13:00:00Z", "d08": "2002-10-02T13:00:00Z", "d09": nil, "d10": nil,
            "d11": "2002-10-02T13:00:00Z", "d12": nil, "d13": "2002-10-02T13:00:00Z", "d14": "2002-10-02T13:00:00Z",
        ]
        #expect(feed.items.count == expected.count)
        for item in feed.items {
            #expect(iso(item.published) == expected[item.id] ?? nil, "\(item.id) \(item.title ?? "")")
        }
    }
}
