import Foundation
import Testing

@testable import Listening

/// Atom 0.3 and 1.0 read from fixtures, field by field.
@Suite("Atom feeds")
struct AtomFeedTests {
    @Test func atom10WithXHTMLContentAndFeedAuthor() throws {
        let feed = try Fixture.parse("atom10-basic.xml")
        #expect(feed.format == .atom10)
        #expect(feed.title == "Club Supporters Blog")
        #expect(feed.siteURL?.absoluteString == "https://club.example.com/")
        #expect(feed.language == "en")
        let first = feed.items[0]
        #expect(first.id == "tag:club.example.com,2016:post-1")
        #expect(first.url?.absoluteString == "https://club.example.com/posts/cup-final")
        #expect(first.title == "Cup final tickets")
        #expect(first.text == "Tickets for the cup final go on sale Monday at 9:00.\n\nMembers get priority & a discount.")
        #expect(first.author == FeedAuthor(name: "Sam Carter", email: nil))
        #expect(iso(first.published) == "2016-05-19T07:00:00Z")
        #expect(first.categories == ["Tickets", "cup"])
        let second = feed.items[1]
        #expect(second.title == "Squad announced & ready")
        #expect(second.text == "The coach named 23 players. \"a < b\" stays text.")
        #expect(second.author == FeedAuthor(name: "Club Media Team", email: "media@club.example.com"))
        #expect(second.published?.timeIntervalSince1970 == 1_463_572_800.25)
    }

    @Test func atom03FromBloggerWithEscapedAndBase64Content() throws {
        let feed = try Fixture.parse("atom03-blogger.xml")
        #expect(feed.format == .atom03)
        #expect(feed.title == "Mix & Match")
        #expect(feed.siteURL?.absoluteString == "http://mixandmatch.blogspot.example/")
        #expect(feed.language == "en-US")
        let first = feed.items[0]
        #expect(first.id == "tag:blogger.com,1999:blog-1234.post-111083")
        #expect(first.url?.absoluteString == "http://mixandmatch.blogspot.example/2005/03/cola-tasting.html")
        #expect(first.text == "We tasted six colas.\nThe winner surprised us.")
        #expect(first.author == FeedAuthor(name: "Tom", email: nil))
        #expect(iso(first.published) == "2005-03-14T21:14:00Z")  // issued, with its -08:00 offset
        #expect(feed.items[1].text == "A post encoded in base64.")
        #expect(iso(feed.items[1].published) == "2005-03-10T08:00:00Z")  // only modified
    }

    @Test func frenchBloggerAtom10() throws {
        let feed = try Fixture.parse("atom10-blogger-fr.xml")
        #expect(feed.title == "La cuisine de Mamie Lou")
        #expect(feed.siteURL?.absoluteString == "http://mamielou.blogspot.example/")
        let first = feed.items[0]
        #expect(first.url?.absoluteString == "http://mamielou.blogspot.example/2012/11/cocktail.html")
        #expect(first.title == "Cocktail maison au soda : la recette")
        #expect(first.text == "Pour 4 personnes : du soda bien frais, du citron vert et de la menthe.\n\nOn mélange, c'est prêt !")
        // Blogger's placeholder address is dropped; its "kind#post" category is not a label.
        #expect(first.author == FeedAuthor(name: "Mamie Lou", email: nil))
        #expect(first.categories == ["recettes"])
        #expect(iso(first.published) == "2012-11-04T17:20:00Z")
        #expect(feed.items[1].title == nil)
        #expect(feed.items[1].text == "Un petit mot sans titre.")
    }

    @Test func xmlBaseAtFeedEntryAndLinkLevels() throws {
        let feed = try Fixture.parse("atom10-xmlbase.xml", url: "https://fetched.example/feed.atom")
        #expect(feed.siteURL?.absoluteString == "https://example.org/blog/")
        #expect(feed.items.map { $0.url?.absoluteString } == [
            "https://example.org/blog/2020/01/first",
            "https://example.org/second?lang=fr&x=1",
            "https://example.org/archive/third",
            nil,  // javascript: is never a link
        ])
    }
}

/// Atom shapes from large platforms, inline.
@Suite("Atom platform feeds")
struct AtomPlatformFeedTests {
    @Test func youTubeChannelFeedTakesTheMediaGroupDescription() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns:media="http://search.yahoo.com/mrss/" xmlns="http://www.w3.org/2005/Atom">
             <title>Soda Channel</title>
             <link rel="alternate" href="https://www.youtube.com/channel/UC123"/>
             <entry>
              <id>yt:video:abc</id>
              <title>Unboxing</title>
              <link rel="alternate" href="https://www.youtube.com/watch?v=abc"/>
              <author><name>Soda Channel</name><uri>https://www.youtube.com/channel/UC123</uri></author>
              <published>2021-04-01T10:00:00+00:00</published>
              <media:group><media:title>Unboxing</media:title><media:description>We open the box.
            Then we drink.</media:description></media:group>
             </entry>
            </feed>
            """
        let feed = try FeedParser.parse(data: Data(xml.utf8), url: nil, contentType: "application/atom+xml")
        let entry = try #require(feed.items.first)
        #expect(entry.id == "yt:video:abc")
        #expect(entry.url?.absoluteString == "https://www.youtube.com/watch?v=abc")
        #expect(entry.text == "We open the box.\nThen we drink.")
        #expect(entry.author == FeedAuthor(name: "Soda Channel", email: nil))
        #expect(iso(entry.published) == "2021-04-01T10:00:00Z")
    }
}
