import Foundation

/// Why a document could not be read as a feed.
public enum FeedParseError: Error, Sendable, Equatable {
    /// The input was empty or held only whitespace.
    case empty
    /// The input is not markup at all (`detail` says what it looked like, e.g. JSON).
    case notXML(detail: String)
    /// The input is a web page; `alternateFeeds` lists the feeds it advertises with `<link rel="alternate">`.
    case htmlPage(alternateFeeds: [URL])
    /// The input is XML but neither RSS nor Atom; `rootElement` is its first element's name.
    case notAFeed(rootElement: String)

    /// A sentence for logs and for the user interface.
    public var message: String {
        switch self {
        case .empty:
            return "The feed is empty."
        case .notXML(let detail):
            return "This is not a feed: the content is not XML (\(detail))."
        case .htmlPage(let feeds) where feeds.isEmpty:
            return "This address is a web page, not a feed, and the page advertises no feed."
        case .htmlPage(let feeds):
            let list = feeds.map(\.absoluteString).joined(separator: ", ")
            return "This address is a web page, not a feed. The page advertises: \(list)"
        case .notAFeed(let root):
            return "This XML document is neither RSS nor Atom (its root element is <\(root)>)."
        }
    }
}

extension FeedParseError: LocalizedError {
    /// Same as `message`, for code that shows `localizedDescription`.
    public var errorDescription: String? { message }
}
