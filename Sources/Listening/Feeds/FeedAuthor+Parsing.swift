import Foundation

/// Reading the author strings feeds write: `jane@example.com (Jane Doe)`, `Jane Doe <jane@example.com>`, `Jane Doe`.
extension FeedAuthor {
    /// Placeholder addresses that identify nobody (Blogger writes `noreply@blogger.com` for everyone).
    static let placeholderEmails: Set<String> = ["noreply@blogger.com", "nobody@blogger.com", "no-reply@blogger.com", "unknown@unknown.com", "invalid@example.com"]

    /// Parses a free-form author string; nil if it holds neither a name nor an email.
    init?(parsing raw: String?) {
        guard let raw = FeedText.plain(raw) else { return nil }
        var name: String?
        var email: String?
        if let open = raw.lastIndex(of: "("), raw.hasSuffix(")") {
            // "email (Name)" or "Name (email)"; a parenthesis without an address is part of the name.
            let outer = raw[..<open].trimmingCharacters(in: .whitespaces)
            let inner = raw[raw.index(after: open)..<raw.index(before: raw.endIndex)].trimmingCharacters(in: .whitespaces)
            if outer.contains("@") {
                (name, email) = (inner, outer)
            } else if inner.contains("@") {
                (name, email) = (outer, inner)
            } else {
                name = raw
            }
        } else if let open = raw.lastIndex(of: "<"), raw.hasSuffix(">") {
            name = raw[..<open].trimmingCharacters(in: CharacterSet(charactersIn: " \"'"))
            email = raw[raw.index(after: open)..<raw.index(before: raw.endIndex)].trimmingCharacters(in: .whitespaces)
        } else if raw.contains("@"), !raw.contains(" ") {
            email = raw
        } else {
            name = raw
        }
        self.init(name: name, email: email)
        guard cleaned() else { return nil }
    }

    /// Builds an author from separate name and email values (Atom's `<name>` and `<email>`).
    init?(name rawName: String?, rawEmail: String?) {
        self.init(name: FeedText.plain(rawName), email: FeedText.plain(rawEmail))
        guard cleaned() else { return nil }
    }

    /// Drops empty values and placeholder emails; false if nothing is left.
    private mutating func cleaned() -> Bool {
        if name?.isEmpty == true { name = nil }
        if let address = email?.lowercased() {
            if address.isEmpty || !address.contains("@") || Self.placeholderEmails.contains(address) { email = nil }
        }
        if email != nil, name == email { name = nil }
        return name != nil || email != nil
    }
}
