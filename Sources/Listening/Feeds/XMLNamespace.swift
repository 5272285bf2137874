/// The XML namespaces a feed reader cares about, recognised by URI (or, when a feed forgets
/// to declare a prefix, by the prefix everybody uses for it).
enum XMLNamespace: Sendable, Equatable {
    case none, rss090, rss10, rdf, atom10, atom03, content, dc, dcterms, itunes, media, xhtml, xml, other

    /// True for the namespaces RSS's own elements appear in across versions.
    var isRSS: Bool { self == .none || self == .rss090 || self == .rss10 }

    /// True for either Atom namespace (and no namespace, for Atom feeds that forgot theirs).
    var isAtom: Bool { self == .atom10 || self == .atom03 || self == .none }

    /// Recognises a namespace URI; case, scheme and a trailing `/` or `#` do not matter.
    init(uri: String) {
        var key = uri.lowercased().trimmingMarkupWhitespace
        for scheme in ["http://", "https://"] where key.hasPrefix(scheme) { key.removeFirst(scheme.count) }
        while key.hasSuffix("/") || key.hasSuffix("#") { key.removeLast() }
        self = Self.byURI[key] ?? .other
    }

    /// The namespace conventionally bound to `prefix`, for feeds that use it undeclared.
    init(conventionalPrefix prefix: String) {
        self = Self.byPrefix[prefix.lowercased()] ?? .other
    }

    private static let byURI: [String: XMLNamespace] = [
        "my.netscape.com/rdf/simple/0.9": .rss090,
        "purl.org/rss/1.0": .rss10,
        "backend.userland.com/rss2": .none,
        "backend.userland.com/rss": .none,
        "www.w3.org/1999/02/22-rdf-syntax-ns": .rdf,
        "www.w3.org/2005/atom": .atom10,
        "purl.org/atom/ns": .atom03,
        "purl.org/rss/1.0/modules/content": .content,
        "purl.org/dc/elements/1.1": .dc,
        "purl.org/dc/terms": .dcterms,
        "www.itunes.com/dtds/podcast-1.0.dtd": .itunes,
        "search.yahoo.com/mrss": .media,
        "www.w3.org/1999/xhtml": .xhtml,
        "www.w3.org/xml/1998/namespace": .xml,
    ]

    private static let byPrefix: [String: XMLNamespace] = [
        "rdf": .rdf, "atom": .atom10, "content": .content, "dc": .dc, "dcterms": .dcterms,
        "itunes": .itunes, "media": .media, "xhtml": .xhtml, "xml": .xml,
    ]
}
