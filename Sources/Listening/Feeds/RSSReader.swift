import Foundation

/// Reads RSS 0.9x, 2.0 and 1.0 (RDF) documents, with the Dublin Core, content, iTunes, Media RSS
/// and Atom elements that RSS feeds borrow.
struct RSSReader {
    /// The parsed document.
    let tree: XMLTree
    /// Where the feed was fetched from, the last resort for relative links.
    let documentURL: URL?

    /// Reads the feed rooted at `root` (`rss`, `rdf:RDF` or a bare `channel`).
    func read(root: Int, format: FeedFormat) -> ParsedFeed {
        let rootElement = tree.elements[root]
        let channel = rootElement.localName == "channel" ? root : tree.child(of: root, named: "channel", where: \.isRSS)
        let channelOrRoot = channel ?? root
        let channelBase = FeedLinks.base(for: channelOrRoot, in: tree, documentURL: documentURL, fallback: nil)
        let siteURL = FeedLinks.webURL(FeedText.raw(child(channelOrRoot, "link"), in: tree), relativeTo: channelBase)
            ?? atomAlternateLink(of: channelOrRoot, base: channelBase)
        let language = FeedText.plain(FeedText.raw(child(channelOrRoot, "language"), in: tree)
            ?? FeedText.raw(tree.child(of: channelOrRoot, named: "language", where: { $0 == .dc }), in: tree)
            ?? rootElement.attribute("xml:lang"))

        let items = tree.descendants(of: root) { $0.localName == "item" && $0.namespace.isRSS }
        return ParsedFeed(
            format: format,
            title: FeedText.title(of: child(channelOrRoot, "title"), in: tree),
            siteURL: siteURL,
            language: language,
            items: FeedItemIdentity.unique(items.compactMap { readItem($0, siteURL: siteURL) }),
            isTruncated: tree.isTruncated
        )
    }

    private func readItem(_ item: Int, siteURL: URL?) -> FeedItem? {
        guard tree.elements[item].isComplete else { return nil }
        let base = FeedLinks.base(for: item, in: tree, documentURL: documentURL, fallback: siteURL)
        let guidElement = child(item, "guid")
        let guid = FeedText.raw(guidElement, in: tree) ?? tree.elements[item].attribute("rdf:about")
        let guidIsPermaLink = guidElement.flatMap { tree.elements[$0].attribute("isPermaLink")?.lowercased() } != "false"
        let url = FeedLinks.webURL(FeedText.raw(child(item, "link"), in: tree), relativeTo: base)
            ?? atomAlternateLink(of: item, base: base)
            ?? (guidIsPermaLink ? FeedLinks.webURL(guid, relativeTo: nil) : nil)
            ?? FeedLinks.webURL(tree.elements[item].attribute("rdf:about"), relativeTo: nil)
        let title = FeedText.title(of: child(item, "title"), in: tree)
            ?? FeedText.title(of: tree.child(of: item, named: "title", where: { $0 == .dc || $0 == .atom10 }), in: tree)
        let text = textCandidates(of: item).lazy.compactMap { FeedText.body(of: $0, in: self.tree, defaultIsHTML: true) }.first
        let published = dateCandidates(of: item).lazy.compactMap { FeedText.raw($0, in: self.tree).flatMap(FeedDate.date(from:)) }.first
        guard let id = FeedItemIdentity.id(guid: guid, url: url, title: title, published: published, text: text) else { return nil }
        return FeedItem(id: id, url: url, title: title, text: text, author: author(of: item),
                        published: published, categories: categories(of: item))
    }

    /// Where the body may be, richest first.
    private func textCandidates(of item: Int) -> [Int] {
        [
            tree.child(of: item, named: "encoded", where: { $0 == .content }),
            child(item, "description"),
            tree.child(of: item, named: "content", where: { $0 == .atom10 }),
            tree.child(of: item, named: "summary", where: { $0 == .atom10 || $0 == .itunes }),
            tree.child(of: item, named: "description", where: { $0 == .dc || $0 == .media }),
        ].compactMap { $0 }
    }

    /// Where the date may be, publication first, modification last.
    private func dateCandidates(of item: Int) -> [Int] {
        [
            child(item, "pubDate"),
            tree.child(of: item, named: "date", where: { $0 == .dc }),
            tree.child(of: item, named: "issued", where: { $0 == .dcterms }),
            tree.child(of: item, named: "created", where: { $0 == .dcterms }),
            tree.child(of: item, named: "published", where: { $0 == .atom10 }),
            tree.child(of: item, named: "updated", where: { $0 == .atom10 }),
            tree.child(of: item, named: "modified", where: { $0 == .dcterms }),
        ].compactMap { $0 }
    }

    private func author(of item: Int) -> FeedAuthor? {
        for candidate in [child(item, "author"),
                          tree.child(of: item, named: "creator", where: { $0 == .dc }),
                          tree.child(of: item, named: "author", where: { $0 == .itunes })] {
            if let author = FeedAuthor(parsing: FeedText.raw(candidate, in: tree)) { return author }
        }
        if let atomAuthor = tree.child(of: item, named: "author", where: { $0 == .atom10 }) {
            return FeedAuthor(
                name: FeedText.raw(tree.child(of: atomAuthor, named: "name", where: \.isAtom), in: tree),
                rawEmail: FeedText.raw(tree.child(of: atomAuthor, named: "email", where: \.isAtom), in: tree)
            )
        }
        return nil
    }

    private func categories(of item: Int) -> [String] {
        var labels = tree.children(of: item, named: "category", where: \.isRSS).compactMap { FeedText.raw($0, in: tree) }
        labels += tree.children(of: item, named: "subject", where: { $0 == .dc }).compactMap { FeedText.raw($0, in: tree) }
        labels += tree.children(of: item, named: "category", where: { $0 == .atom10 }).compactMap {
            tree.elements[$0].attribute("label") ?? tree.elements[$0].attribute("term")
        }
        return FeedCategories.clean(labels)
    }

    /// `<atom:link rel="alternate" href="…"/>`, which some RSS feeds use instead of `<link>`.
    private func atomAlternateLink(of element: Int, base: URL?) -> URL? {
        for link in tree.children(of: element, named: "link", where: { $0 == .atom10 }) {
            let rel = tree.elements[link].attribute("rel")?.lowercased() ?? "alternate"
            if rel == "alternate", let url = FeedLinks.webURL(tree.elements[link].attribute("href"), relativeTo: base) { return url }
        }
        return nil
    }

    /// A child in RSS's own namespace (none, 0.90 or 1.0).
    private func child(_ element: Int, _ name: String) -> Int? {
        tree.child(of: element, named: name, where: \.isRSS)
    }
}

/// Cleans category labels: plain text, no duplicates, no machine URIs (Blogger's "kind#post").
enum FeedCategories {
    /// The labels that are worth showing, in order, each once.
    static func clean(_ labels: [String]) -> [String] {
        var seen = Set<String>()
        return labels.compactMap(FeedText.plain).filter { label in
            !(label.hasPrefix("http://") || label.hasPrefix("https://")) && seen.insert(label).inserted
        }
    }
}
