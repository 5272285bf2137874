/// E-mail addresses: validation and the match key that recognises the same mailbox.
///
/// The match key is lower-cased, drops a "+tag" from the local part, and for Gmail drops dots
/// and treats googlemail.com as gmail.com, so that `Jean.Dupont+promo@GoogleMail.com` and
/// `jeandupont@gmail.com` are recognised as one person. The address as given is kept.
enum EmailAddress {
    /// Domains where dots in the local part don't matter.
    static let dotInsensitiveDomains: Set<String> = ["gmail.com", "googlemail.com"]

    /// The trimmed address if it is valid, or a readable reason why not.
    static func validate(_ raw: String) -> Result<String, FieldProblem> {
        let address = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !address.isEmpty else { return .failure(.init("is empty")) }
        guard address.utf8.count <= 254 else { return .failure(.init("is longer than 254 characters")) }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return .failure(.init("must contain exactly one @")) }
        let local = parts[0], domain = parts[1]
        guard !local.isEmpty, local.utf8.count <= 64 else { return .failure(.init("has an empty or too long part before the @")) }
        guard !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else {
            return .failure(.init("has misplaced dots before the @"))
        }
        let allowedLocal = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.!#$%&'*+/=?^_`{|}~-")
        guard local.allSatisfy({ allowedLocal.contains($0) }) else {
            return .failure(.init("has characters that are not allowed before the @"))
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return .failure(.init("must have a domain such as example.com")) }
        for label in labels {
            guard !label.isEmpty, label.count <= 63, !label.hasPrefix("-"), !label.hasSuffix("-"),
                  label.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" })
            else { return .failure(.init("has an invalid domain")) }
        }
        guard let tld = labels.last, tld.count >= 2, tld.allSatisfy({ $0.isLetter || $0.isNumber }) else {
            return .failure(.init("has an invalid domain"))
        }
        return .success(address)
    }

    /// The de-duplication key of a valid address.
    static func matchKey(_ address: String) -> String {
        let lowered = address.lowercased()
        guard let at = lowered.lastIndex(of: "@") else { return lowered }
        var local = String(lowered[..<at])
        var domain = String(lowered[lowered.index(after: at)...])
        if let plus = local.firstIndex(of: "+"), plus != local.startIndex {
            local = String(local[..<plus])
        }
        if dotInsensitiveDomains.contains(domain) {
            local = local.replacingOccurrences(of: ".", with: "")
            domain = "gmail.com"
        }
        return local + "@" + domain
    }
}

/// A validation problem on one value, before it is attached to a field name.
struct FieldProblem: Error, Equatable {
    let message: String
    init(_ message: String) { self.message = message }
}
