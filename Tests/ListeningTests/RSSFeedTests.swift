import Foundation
import Testing

@testable import Listening

/// RSS 0.90 to 2.0 and RSS 1.0 read from fixtures, field by field.
@Suite("RSS feeds")
struct RSSFeedTests {
    @Test func netscapeRSS091WithDoctypeAndHTMLEntities() throws {
        let feed = try Fixture.parse("rss091-netscape.xml")
        #expect(feed.format == .rss091)
        #expect(feed.title == "Le Journal du Béton")
        #expect(feed.siteURL?.absoluteString == "http://www.journal-beton.example/")
        #expect(feed.language == "fr")
        #expect(feed.items.map(\.title) == ["Nouvelle bétonnière « Mixo 300 »", "Salon Intermat : les nouveautés"])
        let first = try #require(feed.items.first)
        #expect(first.id == "http://www.journal-beton.example/2004/03/mixo-300.html")
        #expect(first.url?.absoluteString == "http://www.journal-beton.example/2004/03/mixo-300.html")
        #expect(first.text == "La bétonnière Mixo 300 arrive chez les loueurs.")
        #expect(first.published == nil)
        #expect(first.author == nil)
    }

    @Test func userlandRSS092ItemsWithoutTitleOrLink() throws {
        let feed = try Fixture.parse("rss092-userland.xml")
        #expect(feed.format == .rss092)
        #expect(feed.title == "Scripting News")
        #expect(feed.items.count == 2)
        #expect(feed.items[0].title == nil)
        #expect(feed.items[0].url == nil)
        #expect(feed.items[0].text == "Dave asks a question about weblogs.")
        #expect(feed.items[0].id.hasPrefix("relais:item:"))
        #expect(feed.items[1].title == "Podcast test")
        #expect(feed.items[1].categories == ["Audio"])
    }

    @Test func netscapeRSS090InRDF() throws {
        let feed = try Fixture.parse("rss090.xml")
        #expect(feed.format == .rss090)
        #expect(feed.title == "Mozilla Dot Org")
        #expect(feed.siteURL?.absoluteString == "http://www.mozilla.org")
        #expect(feed.items.map(\.title) == ["New Status Updates", "Bugzilla Reorganized"])
        #expect(feed.items.map { $0.url?.absoluteString } == ["http://www.mozilla.org/status/", "http://www.mozilla.org/bugs/"])
    }

    @Test func rss10WithDublinCore() throws {
        let feed = try Fixture.parse("rss10-rdf.xml")
        #expect(feed.format == .rss10)
        #expect(feed.title == "Mixer Owners Forum")
        #expect(feed.language == "en")
        #expect(feed.items.count == 2)
        let first = feed.items[0]
        #expect(first.id == "http://forum.example.org/t/101")
        #expect(first.title == "Drum bearing noise on the Mixo 300")
        #expect(first.text == "Anyone else hearing a squeak after 200 hours?")
        #expect(first.author == FeedAuthor(name: "bob_the_builder", email: nil))
        #expect(iso(first.published) == "2009-03-04T09:15:00Z")
        #expect(first.categories == ["Maintenance"])
        #expect(iso(feed.items[1].published) == "2009-03-05T00:00:00Z")
        #expect(feed.items[1].text == nil)
    }

    @Test func rss20WithGuidsAuthorAndCategories() throws {
        let feed = try Fixture.parse("rss20-basic.xml")
        #expect(feed.format == .rss20)
        #expect(feed.title == "Soda News")
        #expect(feed.siteURL?.absoluteString == "https://news.soda.example/")
        #expect(feed.language == "en-us")
        #expect(feed.isTruncated == false)
        let first = feed.items[0]
        #expect(first.id == "https://news.soda.example/2018/06/new-flavour")
        #expect(first.title == "New flavour launched")
        #expect(first.text == "Our new flavour is out.")
        #expect(first.author == FeedAuthor(name: "Jane Doe", email: "press@soda.example"))
        #expect(iso(first.published) == "2018-06-12T09:30:00Z")
        #expect(first.categories == ["Launch", "Flavours"])
        let second = feed.items[1]
        #expect(second.id == "soda-2018-07-contest")
        #expect(second.url?.absoluteString == "https://news.soda.example/2018/07/contest")
        #expect(iso(second.published) == "2018-07-02T12:00:00Z")
    }

    @Test func frenchWordPressWithContentEncodedCDATA() throws {
        let feed = try Fixture.parse("rss20-wordpress-fr.xml")
        #expect(feed.title == "Les carnets d'une community manager")
        #expect(feed.siteURL?.absoluteString == "https://carnets.example.fr")
        #expect(feed.language == "fr-FR")
        let first = feed.items[0]
        #expect(first.id == "https://carnets.example.fr/?p=412")
        #expect(first.url?.absoluteString == "https://carnets.example.fr/2010/10/12/marques-blogueurs/")
        #expect(first.author == FeedAuthor(name: "Claire Martin", email: nil))
        #expect(iso(first.published) == "2010-10-12T07:30:00Z")
        #expect(first.categories == ["Marketing", "Blogs & marques"])
        // content:encoded wins over description; the script and the style are gone.
        #expect(first.text == """
            Hier soir, une marque de soda invitait une vingtaine de blogueurs à découvrir sa nouvelle boisson.

            Ce qu’on a retenu

            Une rencontre sincère
            Des goodies & des questions

            À suivre !
            Claire
            """)
        #expect(feed.items[1].title == "Le community manager d’une PME de bétonnières")
        #expect(feed.items[1].text == "Portrait d’un CM pas comme les autres.")
    }

    @Test func frenchOverblogWithFrenchDates() throws {
        let feed = try Fixture.parse("overblog-fr.xml")
        #expect(feed.title == "Le blog de Nathalie – bons plans et jeux-concours")
        #expect(feed.items.map(\.title) == [
            "Jeu-concours : gagnez un an de soda !", "Déçue par le service client", "Bilan de l'été", "Spécial fêtes",
        ])
        #expect(feed.items.map { iso($0.published) } == [
            "2010-10-12T12:32:10Z", "2010-10-05T07:05:00Z", "2010-09-01T18:00:00Z", "2010-12-24T08:00:00Z",
        ])
        #expect(feed.items[0].text == "J'ai participé au jeu-concours de la marque…\nTirage au sort le 15 octobre !\n\nLire la suite")
        #expect(feed.items[0].author == FeedAuthor(name: "Nathalie", email: nil))
        #expect(feed.items[1].text == "Trois semaines sans réponse… pas terrible.")
        #expect(feed.items[1].categories == ["Avis"])
    }
}
