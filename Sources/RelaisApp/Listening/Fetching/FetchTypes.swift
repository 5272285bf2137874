import Foundation

/// The bounds every feed fetch keeps to, whatever the server does.
struct FetchLimits: Sendable {
    /// Redirects followed before giving up.
    var maxRedirects = 5
    /// Largest body read, after decompression.
    var maxBytes = 5 * 1024 * 1024
    /// Time for the whole fetch: resolution, redirects and body.
    var timeout: Duration = .seconds(10)

    /// The limits of the product: 5 redirects, 5 MiB, 10 s.
    static let standard = FetchLimits()
}

/// What a previous answer said about its version, sent back for a conditional GET.
struct FetchValidators: Sendable, Equatable {
    /// The `ETag` header, sent back as `If-None-Match`.
    var etag: String?
    /// The `Last-Modified` header, sent back as `If-Modified-Since`.
    var lastModified: String?

    /// No validators: an unconditional GET.
    static let none = FetchValidators(etag: nil, lastModified: nil)
}

/// A fetched document.
struct FetchedDocument: Sendable {
    /// The bytes of the body, decompressed.
    var body: Data
    /// The `Content-Type` header, a hint for the encoding.
    var contentType: String?
    /// Where the body came from, after redirects (relative links resolve against it).
    var url: URL
    /// What to send back next time.
    var validators: FetchValidators
}

/// How a fetch ended when it did not fail.
enum FetchResult: Sendable {
    /// A new version of the document.
    case fetched(FetchedDocument)
    /// The server said the document has not changed since the validators were given (304).
    case notModified
}

/// Why a fetch failed: a stable code and a sentence for the source's status.
struct FetchFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable identifier: `invalid_url`, `scheme_refused`, `address_refused`, `unresolved`,
    /// `too_many_redirects`, `too_large`, `timed_out`, `http_status`, `connection`, `disabled`.
    var code: String
    /// What happened, in English, for the source's status and logs.
    var message: String

    /// A failure with its code and message.
    init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    /// Same as `message`.
    var description: String { message }
}
