import Foundation
import Listening

/// A post as it arrives, from a feed item or an import line, before it is analysed and stored.
struct IncomingPost: Sendable, Equatable {
    /// The feed's id for it (guid, Atom id…), used as its key when it has no link.
    var itemID: String
    var url: URL?
    var title: String
    /// Plain text (HTML already stripped).
    var text: String
    var author: String
    /// The author's e-mail and profile URL, when the feed or the sender gives them (to recognise a member).
    var authorEmail: String? = nil
    var authorURL: String? = nil
    var publishedAt: Int64?
    /// The language the feed or the import declares (`fr-FR`), used when detection cannot tell.
    var declaredLanguage: String?

    /// Longest title and text kept; the rest of a very long article adds nothing to listening.
    static let maxTitle = 500
    static let maxText = 20_000

    /// A post from a parsed feed item.
    init(item: FeedItem, feedLanguage: String?) {
        itemID = item.id
        url = item.url
        title = String((item.title ?? "").prefix(Self.maxTitle))
        text = String((item.text ?? "").prefix(Self.maxText))
        author = String((item.author?.name ?? item.author?.email ?? "").prefix(200))
        authorEmail = item.author?.email.map { String($0.prefix(320)) }
        publishedAt = item.published.map(Clock.millis)
        declaredLanguage = feedLanguage
    }

    /// A post from other fields (imports); `text` may be HTML, which is stripped.
    init(itemID: String, url: URL?, title: String, html: String, author: String, authorEmail: String? = nil, authorURL: String? = nil,
         publishedAt: Int64?, language: String?) {
        self.itemID = itemID
        self.url = url
        self.title = String(HTMLText.plainText(fromHTML: title).prefix(Self.maxTitle))
        self.text = String(HTMLText.plainText(fromHTML: html).prefix(Self.maxText))
        self.author = String(author.prefix(200))
        self.authorEmail = authorEmail.map { String($0.prefix(320)) }
        self.authorURL = authorURL.map { String($0.prefix(2_000)) }
        self.publishedAt = publishedAt
        self.declaredLanguage = language
    }
}

/// A post ready to store: its de-duplication keys, language, sentiment and the queries it matches. Pure.
struct AnalysedPost: Sendable {
    var post: IncomingPost
    var urlKey: String
    var textKey: String?
    var host: String
    /// `fr`, `en`, another declared language, or nil.
    var language: String?
    var sentiment: SentimentScore
    var publishedAt: Int64
    var matches: [QueryMatch<Int64>]
    /// What the author can be recognised by among the brand's members.
    var authorKeys: PostAuthorKeys

    /// Analyses `post` for `sourceID`'s brand against its compiled queries.
    init(_ post: IncomingPost, sourceID: Int64?, matcher: QueryMatcher<Int64>, analyzer: SentimentAnalyzer?, now: Int64) {
        self.post = post
        urlKey = post.url.flatMap(PostIdentity.urlKey) ?? PostIdentity.itemKey(sourceID: sourceID, itemID: post.itemID)
        textKey = PostIdentity.textKey(title: post.title, text: post.text)
        host = post.url?.host?.lowercased() ?? ""
        authorKeys = PostAuthorKeys(author: post.author, authorEmail: post.authorEmail, authorURL: post.authorURL, postHost: host)
        let whole = post.title.isEmpty ? post.text : post.title + ".\n" + post.text
        let sample = String(whole.prefix(4_000))
        let detected = analyzer?.detectLanguage(text: sample)
        let declared = post.declaredLanguage?.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map { $0.lowercased() }
        language = detected.map { $0 == .french ? "fr" : "en" } ?? declared
        if let analyzer {
            let scoring: SentimentLanguage? = detected ?? (declared == "en" ? .english : declared == "fr" ? .french : nil)
            sentiment = scoring.map { analyzer.score(text: sample, language: $0) } ?? analyzer.score(text: sample)
        } else {
            sentiment = .neutral
        }
        // A date in the future (a wrong clock or time zone in the feed) counts as now.
        publishedAt = min(post.publishedAt ?? now, now)
        matches = matcher.match(ListeningPost(title: post.title, text: post.text, author: post.author, host: host, language: language))
    }

    /// The highlights of a match as the API shows them: field, UTF-16 offsets and the text.
    func highlights(of match: QueryMatch<Int64>) -> [MentionHighlight] {
        let listening = ListeningPost(title: post.title, text: post.text, author: post.author, host: host, language: language)
        return match.highlights.map { highlight in
            let range = highlight.utf16Range(in: listening)
            let text = String(listening.text(of: highlight.field)[highlight.range(in: listening)])
            return MentionHighlight(field: highlight.field.rawValue, start: range.lowerBound, end: range.upperBound, text: text)
        }
    }
}

/// A stretch of a mentioned post to highlight.
struct MentionHighlight: Codable, Sendable, Equatable {
    /// `title`, `text` or `author`.
    var field: String
    /// Offsets in UTF-16 code units in that field, as JavaScript counts.
    var start: Int
    var end: Int
    /// The highlighted words as written in the post.
    var text: String
}
