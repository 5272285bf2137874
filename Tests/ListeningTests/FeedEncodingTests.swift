import Foundation
import Testing

@testable import Listening

/// Character encodings: declared, undeclared, wrong, and the HTTP header.
@Suite("Feed encodings")
struct FeedEncodingTests {
    @Test(arguments: [
        ("rss20-iso-8859-1.xml", "Été à Noël", "L’œuvre coûte 5 €."),
        ("rss20-windows-1252-undeclared.xml", "“Guillemets” et l’apostrophe", "Prix : 10 € – soldes…"),
        ("rss20-utf8-bom.xml", "Déjà vu ✓", "Ça marche."),
        ("rss20-declared-latin1-actually-utf8.xml", "Château d’eau", "Très bien."),
        ("rss20-declared-utf8-actually-cp1252.xml", "Réunion à Paris", "L’agenda… complet."),
        ("rss20-utf16le.xml", "Ñandú and 日本", "Wide text."),
    ])
    func decodesTheTextWhateverTheLabels(fixture: String, title: String, text: String) throws {
        let feed = try Fixture.parse(fixture)
        #expect(feed.items.first?.title == title)
        #expect(feed.items.first?.text == text)
    }

    @Test func httpCharsetIsUsedWhenTheBytesAreNotUTF8() throws {
        // "Vis-à-vis €" in ISO-8859-15: à is 0xE0, € is 0xA4.
        var data = Data("<rss><channel><item><guid>1</guid><title>Vis-".utf8)
        data += [0xE0] + Data("-vis ".utf8) + [0xA4] + Data("</title></item></channel></rss>".utf8)
        let feed = try FeedParser.parse(data: data, url: nil, contentType: "application/rss+xml; charset=\"ISO-8859-15\"")
        #expect(feed.items.first?.title == "Vis-à-vis €")
    }

    @Test func validUTF8WinsOverAWrongHTTPCharset() throws {
        let data = Data("<rss><channel><item><title>Noël</title><guid>1</guid></item></channel></rss>".utf8)
        let feed = try FeedParser.parse(data: data, url: nil, contentType: "text/xml; charset=iso-8859-1")
        #expect(feed.items.first?.title == "Noël")
    }

    @Test func sniffer() {
        let utf8 = TextEncodingSniffer.decode(Data("<a>é</a>".utf8), contentType: nil)
        #expect(utf8.encoding == "UTF-8")
        let cp1252 = TextEncodingSniffer.decode(Data([0x3C, 0x61, 0x3E, 0xE9, 0x92]), contentType: nil)
        #expect(cp1252.encoding == "windows-1252")
        #expect(String(decoding: cp1252.utf8, as: UTF8.self) == "<a>é’")
        // Mostly UTF-8 with one stray Latin-1 byte: each part decoded as what it is.
        let mixed = TextEncodingSniffer.decode(Data([0xC3, 0xA9, 0x20, 0xE9, 0x20, 0xC3, 0xA8]), contentType: "text/xml; charset=iso-8859-1")
        #expect(String(decoding: mixed.utf8, as: UTF8.self) == "é é è")
        // C1 controls left by a Windows-1252 text decoded as Latin-1 are read as Windows-1252.
        let c1 = TextEncodingSniffer.decode(Data([0x6C, 0xC2, 0x92, 0x61, 0x00, 0x07]), contentType: nil)
        #expect(String(decoding: c1.utf8, as: UTF8.self) == "l’a")
        #expect(TextEncodingSniffer.charset(fromContentType: "text/xml;charset='UTF-8'") == "UTF-8")
        #expect(TextEncodingSniffer.xmlDeclaredEncoding(Array("<?xml version='1.0' encoding = 'latin1' ?><a/>".utf8)) == "latin1")
    }
}
