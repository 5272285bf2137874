import Foundation

/// Resolves the links a feed holds into absolute web addresses.
enum FeedLinks {
    /// `raw` resolved against `base`, if the result is an absolute `http` or `https` URL.
    /// Surrounding whitespace is ignored and spaces or non-ASCII characters are percent-encoded,
    /// as browsers do; `javascript:`, `data:` and other schemes give nil.
    static func webURL(_ raw: String?, relativeTo base: URL?) -> URL? {
        guard let url = absoluteURL(raw, relativeTo: base), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", url.host != nil else { return nil }
        return url
    }

    /// `raw` resolved against `base`, whatever its scheme; nil if the result is not absolute.
    static func absoluteURL(_ raw: String?, relativeTo base: URL?) -> URL? {
        guard let raw else { return nil }
        let trimmed = raw.trimmingMarkupWhitespace
        guard !trimmed.isEmpty, let url = URL(string: trimmed, relativeTo: base) else { return nil }
        // Re-parse the absolute string so the value carries no `baseURL` and compares as written.
        guard let absolute = URL(string: url.absoluteString), absolute.scheme != nil else { return nil }
        return absolute
    }

    /// The base URL in force for `element`: its and its ancestors' `xml:base` attributes applied
    /// outermost first on top of `documentURL`, or `fallback` when none of them has one.
    static func base(for element: Int, in tree: XMLTree, documentURL: URL?, fallback: URL?) -> URL? {
        let chain = tree.ancestry(of: element).reversed()
        let bases = chain.compactMap { tree.elements[$0].attribute("xml:base") }
        guard !bases.isEmpty else { return fallback ?? documentURL }
        var base = documentURL
        for value in bases {
            base = absoluteURL(value, relativeTo: base) ?? base
        }
        return base
    }
}
