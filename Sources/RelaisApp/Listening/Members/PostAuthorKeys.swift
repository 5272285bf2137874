import Foundation

/// The identity keys a post's author can be recognised by, in the form members' identity keys are
/// stored (`member_identities.match_key`). Pure.
///
/// - an e-mail address (the feed's author e-mail, or an author field that is an address);
/// - a social handle: from the author's profile URL (`https://twitter.com/malaxo_fan` → network
///   `twitter`, handle `malaxo_fan`), or from an author written `@handle` on a post of a known
///   network's site. The network is the site's name without `www.`, `m.` or its suffix
///   (`instagram.com` → `instagram`); `x.com` is `twitter`. A member's social identity matches
///   when its namespace is that network and its handle (case-insensitive, `@` dropped) is the same.
struct PostAuthorKeys: Sendable, Equatable {
    /// The e-mail match key, if any.
    var email: String?
    /// (network, lower-cased handle), if any.
    var social: (network: String, handle: String)?

    static func == (lhs: PostAuthorKeys, rhs: PostAuthorKeys) -> Bool {
        lhs.email == rhs.email && lhs.social?.network == rhs.social?.network && lhs.social?.handle == rhs.social?.handle
    }

    /// Nothing to look up.
    var isEmpty: Bool { email == nil && social == nil }

    /// The social handle as kept with the post: `network:handle`.
    var socialKey: String? { social.map { "\($0.network):\($0.handle)" } }

    /// Path segments that come before the handle in profile URLs (`linkedin.com/in/…`, `youtube.com/c/…`).
    static let profilePrefixes: Set<String> = ["in", "c", "user", "channel", "u", "profile", "people"]
    /// Sites whose name is not their network's name.
    static let networkAliases: [String: String] = ["x": "twitter", "fb": "facebook", "youtu": "youtube"]

    /// The keys of a post's author.
    init(author: String, authorEmail: String?, authorURL: String?, postHost: String) {
        let candidates = [authorEmail, author].compactMap { $0?.trimmingCharacters(in: .whitespaces) }
        email = candidates.lazy.compactMap { text -> String? in
            guard text.contains("@"), !text.hasPrefix("@"), case .success(let address) = EmailAddress.validate(text) else { return nil }
            return EmailAddress.matchKey(address)
        }.first
        if let authorURL, let url = URL(string: authorURL.trimmingCharacters(in: .whitespaces)), let host = url.host,
           let network = Self.network(host: host) {
            let segments = url.path.split(separator: "/").map(String.init).filter { !$0.isEmpty }
            let handle = segments.first.flatMap { Self.profilePrefixes.contains($0.lowercased()) && segments.count > 1 ? segments[1] : $0 }
            if let handle, let clean = Self.handle(handle) { social = (network, clean) }
        }
        let trimmed = author.trimmingCharacters(in: .whitespaces)
        if social == nil, trimmed.hasPrefix("@"), let network = Self.network(host: postHost), let clean = Self.handle(trimmed) {
            social = (network, clean)
        }
    }

    /// The network a site belongs to: its registrable name's first label.
    static func network(host: String) -> String? {
        var labels = host.lowercased().split(separator: ".").map(String.init)
        while let first = labels.first, ["www", "m", "mobile", "fr", "en"].contains(first), labels.count > 2 { labels.removeFirst() }
        guard labels.count >= 2, let name = labels.dropLast().last, !name.isEmpty else { return nil }
        return networkAliases[name] ?? name
    }

    /// A handle as stored in identities: without `@`, lower-cased; nil when it cannot be one.
    static func handle(_ text: String) -> String? {
        var value = text.trimmingCharacters(in: .whitespaces)
        if value.hasPrefix("@") { value.removeFirst() }
        guard !value.isEmpty, value.count <= 200, !value.contains(where: \.isWhitespace) else { return nil }
        return value.lowercased()
    }
}
