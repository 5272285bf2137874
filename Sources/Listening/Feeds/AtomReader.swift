import Foundation

/// Reads Atom 1.0 (RFC 4287) and Atom 0.3 documents.
struct AtomReader {
    /// The parsed document.
    let tree: XMLTree
    /// Where the feed was fetched from, the last resort for relative links.
    let documentURL: URL?

    /// Reads the feed rooted at `root` (a `feed` element).
    func read(root: Int, format: FeedFormat) -> ParsedFeed {
        let feedBase = FeedLinks.base(for: root, in: tree, documentURL: documentURL, fallback: nil)
        let siteURL = alternateLink(of: root, base: feedBase)
        let feedAuthor = author(in: root)
        let entries = tree.descendants(of: root) { $0.localName == "entry" && $0.namespace.isAtom }
        return ParsedFeed(
            format: format,
            title: FeedText.title(of: child(root, "title"), in: tree),
            siteURL: siteURL,
            language: FeedText.plain(tree.elements[root].attribute("xml:lang")
                ?? FeedText.raw(tree.child(of: root, named: "language", where: { $0 == .dc }), in: tree)),
            items: FeedItemIdentity.unique(entries.compactMap { readEntry($0, siteURL: siteURL, feedAuthor: feedAuthor) }),
            isTruncated: tree.isTruncated
        )
    }

    private func readEntry(_ entry: Int, siteURL: URL?, feedAuthor: FeedAuthor?) -> FeedItem? {
        guard tree.elements[entry].isComplete else { return nil }
        let xmlBase = FeedLinks.base(for: entry, in: tree, documentURL: documentURL, fallback: nil)
        let hasXMLBase = tree.ancestry(of: entry).contains { tree.elements[$0].attribute("xml:base") != nil }
        let url = alternateLink(of: entry, base: hasXMLBase ? xmlBase : (siteURL ?? documentURL))
        let title = FeedText.title(of: child(entry, "title"), in: tree)
        let content = child(entry, "content").flatMap { tree.elements[$0].attribute("src") == nil ? $0 : nil }
        let text = FeedText.body(of: content, in: tree, defaultIsHTML: false)
            ?? FeedText.body(of: child(entry, "summary"), in: tree, defaultIsHTML: false)
            ?? FeedText.body(of: mediaDescription(of: entry), in: tree, defaultIsHTML: false)
        let dates = ["published", "issued", "created", "updated", "modified"].compactMap { child(entry, $0) }
            + [tree.child(of: entry, named: "date", where: { $0 == .dc })].compactMap { $0 }
        let published = dates.lazy.compactMap { FeedText.raw($0, in: self.tree).flatMap(FeedDate.date(from:)) }.first
        let source = child(entry, "source")
        let author = author(in: entry)
            ?? FeedAuthor(parsing: FeedText.raw(tree.child(of: entry, named: "creator", where: { $0 == .dc }), in: tree))
            ?? source.flatMap(author(in:))
            ?? feedAuthor
        let guid = FeedText.raw(child(entry, "id"), in: tree)
        guard let id = FeedItemIdentity.id(guid: guid, url: url, title: title, published: published, text: text) else { return nil }
        return FeedItem(id: id, url: url, title: title, text: text, author: author,
                        published: published, categories: categories(of: entry))
    }

    /// `media:description`, directly in the entry or in a `media:group` (YouTube's channel feeds).
    private func mediaDescription(of entry: Int) -> Int? {
        let isMedia: (XMLNamespace) -> Bool = { $0 == .media }
        return tree.child(of: entry, named: "description", where: isMedia)
            ?? tree.child(of: entry, named: "group", where: isMedia).flatMap { tree.child(of: $0, named: "description", where: isMedia) }
    }

    /// The first `<author>` of an element, from its `<name>` and `<email>`.
    private func author(in element: Int) -> FeedAuthor? {
        guard let author = child(element, "author") else { return nil }
        if tree.elements[author].children.isEmpty {
            return FeedAuthor(parsing: FeedText.raw(author, in: tree))  // A bare name, as some generators write.
        }
        return FeedAuthor(name: FeedText.raw(child(author, "name"), in: tree),
                          rawEmail: FeedText.raw(child(author, "email"), in: tree))
    }

    private func categories(of entry: Int) -> [String] {
        let atom = tree.children(of: entry, named: "category", where: \.isAtom).compactMap {
            tree.elements[$0].attribute("label") ?? tree.elements[$0].attribute("term") ?? FeedText.raw($0, in: tree)
        }
        let dublinCore = tree.children(of: entry, named: "subject", where: { $0 == .dc }).compactMap { FeedText.raw($0, in: tree) }
        return FeedCategories.clean(atom + dublinCore)
    }

    /// The `rel="alternate"` link (the default relation), preferring an HTML one; each link may
    /// carry its own `xml:base`.
    private func alternateLink(of element: Int, base: URL?) -> URL? {
        let alternates = tree.children(of: element, named: "link", where: \.isAtom).filter {
            (tree.elements[$0].attribute("rel")?.lowercased() ?? "alternate") == "alternate"
        }
        let preferred = alternates.first { (tree.elements[$0].attribute("type")?.lowercased() ?? "text/html").contains("html") }
        for link in [preferred].compactMap({ $0 }) + alternates {
            let linkBase = tree.elements[link].attribute("xml:base").flatMap { FeedLinks.absoluteURL($0, relativeTo: base) } ?? base
            if let url = FeedLinks.webURL(tree.elements[link].attribute("href"), relativeTo: linkBase) { return url }
        }
        return nil
    }

    /// A child in either Atom namespace.
    private func child(_ element: Int, _ name: String) -> Int? {
        tree.child(of: element, named: name, where: \.isAtom)
    }
}
