import Crypto
import Foundation
import Listening

/// The keys that make one article count once, however many feeds bring it and however often it
/// is re-published. Pure.
///
/// - `urlKey`: the canonical URL — scheme dropped (http and https are the same article), host
///   lower-cased without `www.`, default port, fragment and trailing `/` removed, tracking
///   parameters (`utm_*`, `fbclid`, `gclid`, `mc_cid`, `mc_eid`, `xtor`, `at_medium`…) removed and
///   the others sorted. A post without a link gets `item:<source>:<feed item id>` instead.
/// - `textKey`: SHA-256 of the normalised words (lower case, no accents, no punctuation, as the
///   query language sees them) of the title and the text, when there are at least `minimumWords`
///   of them: a re-publication with other markup, spacing or case gets the same key, while short
///   posts ("Merci !") are never merged for sharing their few words.
enum PostIdentity {
    /// Posts with fewer normalised words than this get no text key.
    static let minimumWords = 12

    /// Query parameters that only say where a click came from.
    static let trackingParameters: Set<String> = ["fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "xtor", "igshid",
                                                  "_hsenc", "_hsmi", "ref_src", "yclid", "at_medium", "at_campaign"]

    /// The canonical form of an article URL, as used for de-duplication.
    static func urlKey(_ url: URL) -> String? {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: true), let rawHost = components.host, !rawHost.isEmpty else {
            return nil
        }
        var host = rawHost.lowercased()
        if host.hasSuffix(".") { host.removeLast() }
        if host.hasPrefix("www.") { host.removeFirst(4) }
        let scheme = components.scheme?.lowercased()
        let port = components.port.flatMap { port -> Int? in
            (scheme == "http" && port == 80) || (scheme == "https" && port == 443) ? nil : port
        }
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        let parameters = (components.percentEncodedQueryItems ?? []).filter { item in
            let name = item.name.lowercased()
            return !name.hasPrefix("utm_") && !trackingParameters.contains(name)
        }.sorted { ($0.name, $0.value ?? "") < ($1.name, $1.value ?? "") }
        components.percentEncodedQueryItems = nil
        var key = host + (port.map { ":\($0)" } ?? "") + path
        if !parameters.isEmpty {
            let pairs: [String] = parameters.map { item in
                guard let value = item.value else { return item.name }
                return item.name + "=" + value
            }
            key += "?" + pairs.joined(separator: "&")
        }
        return key
    }

    /// The key of a post without a link: its feed and the feed's id for it.
    static func itemKey(sourceID: Int64?, itemID: String) -> String {
        "item:\(sourceID.map(String.init) ?? "import"):\(itemID)"
    }

    /// The near-duplicate key of a post's text, or nil when it is too short to tell.
    static func textKey(title: String, text: String) -> String? {
        let words = TextNormalizer.words(in: title) + TextNormalizer.words(in: text)
        guard words.count >= minimumWords else { return nil }
        let digest = SHA256.hash(data: Data(words.joined(separator: " ").utf8))
        return digest.map { String(format: "%02x", $0) }.joined()
    }
}
