/// The parts of an incoming post (article, forum post, tweet) that brand queries look at.
public struct ListeningPost: Hashable, Sendable {
    /// Title; empty for tweets.
    public var title: String
    /// Body text.
    public var text: String
    /// Author's display name, searched only through `author:`.
    public var author: String
    /// Host name of the post's URL, e.g. `www.lemonde.fr`.
    public var host: String
    /// Language code (`fr`, `en`, `fr-FR`…), nil when unknown.
    public var language: String?

    /// Creates a post.
    public init(title: String = "", text: String, author: String = "", host: String = "", language: String? = nil) {
        self.title = title
        self.text = text
        self.author = author
        self.host = host
        self.language = language
    }

    /// The text of one field.
    public func text(of field: TextField) -> String {
        switch field {
        case .title: title
        case .text: text
        case .author: author
        }
    }

    /// Lower-cased host without a trailing dot.
    var normalizedHost: String {
        var host = host.lowercased()
        if host.hasSuffix(".") { host.removeLast() }
        return host
    }

    /// Primary language subtag, lower-cased (`fr-FR` → `fr`).
    var languageCode: String? {
        guard let language, let primary = language.split(whereSeparator: { $0 == "-" || $0 == "_" }).first else { return nil }
        return primary.lowercased()
    }
}
