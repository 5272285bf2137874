import Foundation

/// Reads RSS (0.90 to 2.0, and 1.0/RDF) and Atom (0.3 and 1.0) feeds, tolerating the
/// broken encodings, markup and dates found in the wild. Pure: no I/O, no shared state.
public enum FeedParser {
    /// Parses a fetched feed. `url` (where it was fetched from) resolves relative links;
    /// `contentType` (the HTTP header) is one of the hints for the character encoding.
    public static func parse(data: Data, url: URL?, contentType: String?) throws(FeedParseError) -> ParsedFeed {
        let bytes = TextEncodingSniffer.decode(data, contentType: contentType).utf8
        guard let first = bytes.firstIndex(where: { !ASCII.isSpace($0) }) else { throw .empty }
        let tree = XMLTreeBuilder.build(bytes)

        if let (root, format) = feedRoot(in: tree) {
            switch format {
            case .atom03, .atom10:
                return AtomReader(tree: tree, documentURL: url).read(root: root, format: format)
            case .rss090, .rss091, .rss092, .rss20, .rss10:
                return RSSReader(tree: tree, documentURL: url).read(root: root, format: format)
            }
        }
        if HTMLPageInspector.isHTMLPage(tree) {
            throw .htmlPage(alternateFeeds: HTMLPageInspector.alternateFeeds(in: bytes, pageURL: url))
        }
        guard bytes[first] == ASCII.lessThan, let top = tree.topLevel.first else {
            throw .notXML(detail: describe(bytes[first...]))
        }
        throw .notAFeed(rootElement: tree.elements[top].qualifiedName)
    }

    /// The first feed root element (`rss`, `rdf:RDF`, `feed`, or a bare `channel`) no deeper than
    /// two levels, which skips junk a server printed before the feed (a PHP warning in `<b>`).
    static func feedRoot(in tree: XMLTree) -> (Int, FeedFormat)? {
        for (index, element) in tree.elements.enumerated() {
            guard ["rss", "RDF", "feed", "channel"].contains(element.localName),
                  tree.depth(of: index, upTo: 3) <= 2,
                  let format = format(of: index, in: tree) else { continue }
            return (index, format)
        }
        return nil
    }

    private static func format(of index: Int, in tree: XMLTree) -> FeedFormat? {
        let element = tree.elements[index]
        switch element.localName {
        case "rss" where element.namespace.isRSS:
            switch element.attribute("version")?.trimmingMarkupWhitespace {
            case "0.90": return .rss090
            case "0.91": return .rss091
            case "0.92", "0.93", "0.94": return .rss092
            default: return .rss20
            }
        case "RDF" where element.namespace == .rdf:
            let channel = tree.child(of: index, named: "channel") { _ in true }
            let namespace = channel.map { tree.elements[$0].namespace } ?? element.namespace
            return namespace == .rss090 ? .rss090 : .rss10
        case "feed" where element.namespace.isAtom:
            return element.namespace == .atom03 || element.attribute("version") == "0.3" ? .atom03 : .atom10
        case "channel" where element.namespace.isRSS && element.parent == nil:
            return .rss20
        default:
            return nil
        }
    }

    /// What non-XML input looks like, for the error message.
    private static func describe(_ bytes: ArraySlice<UInt8>) -> String {
        let text = String(decoding: bytes.prefix(200), as: UTF8.self)
        if text.hasPrefix("{") || text.hasPrefix("[") {
            return text.contains("jsonfeed.org") ? "it is a JSON Feed, which is not supported" : "it looks like JSON"
        }
        let snippet = text.prefix(40).replacingOccurrences(of: "\n", with: " ")
        return "it starts with “\(snippet)\(text.count > 40 ? "…" : "")”"
    }
}
