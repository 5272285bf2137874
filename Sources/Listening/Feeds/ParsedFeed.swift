import Foundation

/// A feed read by `FeedParser`: its channel-level fields and its items in document order.
public struct ParsedFeed: Sendable, Equatable {
    /// The dialect the document was written in.
    public var format: FeedFormat
    /// The feed's title as plain text, if it has one.
    public var title: String?
    /// The web site the feed belongs to (RSS `<link>`, Atom `rel="alternate"`), absolute.
    public var siteURL: URL?
    /// The declared language (`<language>`, `dc:language`, `xml:lang`), e.g. `"fr-FR"`.
    public var language: String?
    /// The items, in document order, without duplicates (the first of a repeated id wins).
    public var items: [FeedItem]
    /// True when the document ended in the middle of the feed; `items` then holds only complete items.
    public var isTruncated: Bool

    /// Creates a feed value; the parser is the usual source of these.
    public init(
        format: FeedFormat, title: String?, siteURL: URL?, language: String?,
        items: [FeedItem], isTruncated: Bool
    ) {
        self.format = format
        self.title = title
        self.siteURL = siteURL
        self.language = language
        self.items = items
        self.isTruncated = isTruncated
    }
}

/// The feed dialects the parser recognises.
public enum FeedFormat: String, Sendable, Equatable, CaseIterable {
    /// Netscape RSS 0.90 (RDF-based, `my.netscape.com/rdf/simple/0.9/` namespace).
    case rss090
    /// Netscape/UserLand RSS 0.91.
    case rss091
    /// UserLand RSS 0.92 (also used for the short-lived 0.93 and 0.94).
    case rss092
    /// RSS 2.0 (and `<rss>` without a version).
    case rss20
    /// RSS 1.0, the RDF Site Summary.
    case rss10
    /// Atom 0.3 (`purl.org/atom/ns#`), the pre-standard draft Blogger long used.
    case atom03
    /// Atom 1.0, RFC 4287.
    case atom10
}

/// One entry of a feed, reduced to what listening needs.
public struct FeedItem: Sendable, Equatable {
    /// A stable identifier: the guid or Atom id when present, else the link, else a hash of title and date.
    public var id: String
    /// The item's web page, absolute (`http` or `https` only).
    public var url: URL?
    /// The title as one line of plain text.
    public var title: String?
    /// The body as plain text: paragraphs separated by line breaks, no markup.
    public var text: String?
    /// Who wrote it, when the feed says so.
    public var author: FeedAuthor?
    /// When it was published (or, failing that, last updated).
    public var published: Date?
    /// Category labels, in document order, without duplicates.
    public var categories: [String]

    /// Creates an item value; the parser is the usual source of these.
    public init(
        id: String, url: URL?, title: String?, text: String?, author: FeedAuthor?,
        published: Date?, categories: [String]
    ) {
        self.id = id
        self.url = url
        self.title = title
        self.text = text
        self.author = author
        self.published = published
        self.categories = categories
    }
}

/// The author of an item: a name, an email, or both.
public struct FeedAuthor: Sendable, Equatable {
    /// Display name, e.g. `"Marie Dupont"`.
    public var name: String?
    /// Email address, when given and not a placeholder such as `noreply@blogger.com`.
    public var email: String?

    /// Creates an author; returns an author with both fields nil only if you pass nils.
    public init(name: String?, email: String?) {
        self.name = name
        self.email = email
    }
}
