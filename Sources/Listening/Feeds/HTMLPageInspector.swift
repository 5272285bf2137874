import Foundation

/// Recognises a web page served where a feed was expected, and finds the feeds it advertises.
enum HTMLPageInspector {
    /// True when the document is HTML: an HTML doctype, or `html`, `head` or `body` as first element.
    static func isHTMLPage(_ tree: XMLTree) -> Bool {
        if let doctype = tree.doctype?.trimmingCharacters(in: .whitespacesAndNewlines).lowercased(), doctype.hasPrefix("html") {
            return true
        }
        guard let first = tree.topLevel.first else { return false }
        return ["html", "head", "body"].contains(tree.elements[first].localName.lowercased())
    }

    /// The absolute URLs of `<link rel="alternate" type="application/rss+xml|atom+xml" href>` tags,
    /// resolved against `<base href>` and the page's URL, in order, each once.
    static func alternateFeeds(in bytes: [UInt8], pageURL: URL?) -> [URL] {
        var tokenizer = XMLTokenizer(bytes: bytes)
        var base = pageURL
        var feeds: [URL] = []
        while let token = tokenizer.next(), feeds.count < 20 {
            guard case .startTag(let name, let attributes, _) = token else { continue }
            func value(_ attribute: String) -> String? {
                attributes.first { $0.name.lowercased() == attribute }?.value
            }
            switch name.lowercased() {
            case "base":
                base = FeedLinks.webURL(value("href"), relativeTo: pageURL) ?? base
            case "link":
                let relations = (value("rel") ?? "").lowercased().split(whereSeparator: \.isWhitespace)
                let type = (value("type") ?? "").lowercased()
                guard relations.contains("alternate"), type.contains("rss") || type.contains("atom") || type.contains("rdf"),
                      let url = FeedLinks.webURL(value("href"), relativeTo: base), !feeds.contains(url) else { continue }
                feeds.append(url)
            default:
                continue
            }
        }
        return feeds
    }
}
