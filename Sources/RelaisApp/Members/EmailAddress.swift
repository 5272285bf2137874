/// E-mail addresses: validation and the match key that recognises the same mailbox.
///
/// The match key is lower-cased, drops a "+tag" from the local part, and for Gmail drops dots
/// and treats googlemail.com as gmail.com, so that `Jean.Dupont+promo@GoogleMail.com` and
/// `jeandupont@gmail.com` are recognised as one person. The address as given is kept.
enum EmailAddress {
    /// Domains where dots in the local part don't matter.
    static let dotInsensitiveDomains: Set<String> = ["gmail.com", "googlemail.com"]

    /// The trimmed address if it is valid, or a readable reason why not. Checked byte by byte: every
    /// character allowed before the @ is ASCII, and so are most domains (an internationalised domain's
    /// labels are checked as characters: letters and digits of any script).
    static func validate(_ raw: String) -> Result<String, FieldProblem> {
        let address = raw.trimmedText
        let bytes = address.utf8
        guard !bytes.isEmpty else { return .failure(.init("is empty")) }
        guard bytes.count <= 254 else { return .failure(.init("is longer than 254 characters")) }
        guard let at = bytes.firstIndex(of: UInt8(ascii: "@")), !bytes[bytes.index(after: at)...].contains(UInt8(ascii: "@")) else {
            return .failure(.init("must contain exactly one @"))
        }
        let local = bytes[..<at], domain = address[address.utf8.index(after: at)...]
        guard !local.isEmpty, local.count <= 64 else { return .failure(.init("has an empty or too long part before the @")) }
        let dot = UInt8(ascii: ".")
        guard local.first != dot, local.last != dot, !zip(local, local.dropFirst()).contains(where: { $0 == dot && $1 == dot }) else {
            return .failure(.init("has misplaced dots before the @"))
        }
        guard local.allSatisfy({ $0 < 0x80 && allowedLocal[Int($0)] }) else {
            return .failure(.init("has characters that are not allowed before the @"))
        }
        if domain.utf8.allSatisfy({ $0 < 0x80 }) {
            return asciiDomainProblem(domain.utf8).map { .failure($0) } ?? .success(address)
        }
        return domainProblem(domain).map { .failure($0) } ?? .success(address)
    }

    /// What is wrong with a domain, checked by character (an internationalised domain); nil when nothing.
    static func domainProblem(_ domain: Substring) -> FieldProblem? {
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return .init("must have a domain such as example.com") }
        for label in labels {
            guard !label.isEmpty, label.count <= 63, !label.hasPrefix("-"), !label.hasSuffix("-"), isDomainLabel(label)
            else { return .init("has an invalid domain") }
        }
        guard let tld = labels.last, tld.count >= 2, tld.allSatisfy({ $0.isLetter || $0.isNumber }) else {
            return .init("has an invalid domain")
        }
        return nil
    }

    /// The same checks as `domainProblem` for an ASCII domain, byte by byte (almost every address).
    static func asciiDomainProblem(_ domain: Substring.UTF8View) -> FieldProblem? {
        let dot = UInt8(ascii: "."), hyphen = UInt8(ascii: "-")
        var labels = 0
        var start = domain.startIndex
        var lastLabel = domain[start..<start]
        while true {
            let end = domain[start...].firstIndex(of: dot) ?? domain.endIndex
            let label = domain[start..<end]
            labels += 1
            guard !label.isEmpty, label.count <= 63, label.first != hyphen, label.last != hyphen,
                  label.allSatisfy({ isASCIILetterOrDigit($0) || $0 == hyphen }) else {
                return labels == 1 && end == domain.endIndex ? .init("must have a domain such as example.com") : .init("has an invalid domain")
            }
            lastLabel = label
            guard end != domain.endIndex else { break }
            start = domain.index(after: end)
        }
        guard labels >= 2 else { return .init("must have a domain such as example.com") }
        guard lastLabel.count >= 2, lastLabel.allSatisfy(isASCIILetterOrDigit) else { return .init("has an invalid domain") }
        return nil
    }

    private static func isASCIILetterOrDigit(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    /// The bytes allowed before the @ (RFC 5322's atom characters and the dot), indexed by byte.
    private static let allowedLocal: [Bool] = {
        var table = [Bool](repeating: false, count: 128)
        for byte in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.!#$%&'*+/=?^_`{|}~-".utf8 { table[Int(byte)] = true }
        return table
    }()

    /// Letters, digits and hyphens: ASCII checked by byte, anything else by character.
    private static func isDomainLabel(_ label: Substring) -> Bool {
        let ascii = label.utf8.allSatisfy { $0 < 0x80 }
        guard ascii else { return label.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } }
        return label.utf8.allSatisfy { isASCIILetterOrDigit($0) || $0 == UInt8(ascii: "-") }
    }

    /// The de-duplication key of a valid address.
    static func matchKey(_ address: String) -> String {
        guard address.utf8.allSatisfy({ $0 < 0x80 }) else { return matchKeyByCharacters(address) }
        // ASCII, byte by byte: lower-cased as `lowercased()` would, the same cuts as below.
        var bytes = address.utf8.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }
        guard let at = bytes.lastIndex(of: UInt8(ascii: "@")) else { return String(decoding: bytes, as: UTF8.self) }
        var local = bytes[..<at]
        if let plus = local.firstIndex(of: UInt8(ascii: "+")), plus != local.startIndex { local = local[..<plus] }
        let domain = bytes[(at + 1)...]
        if dotInsensitiveDomains.contains(String(decoding: domain, as: UTF8.self)) {
            bytes = local.filter { $0 != UInt8(ascii: ".") } + Array("@gmail.com".utf8)
        } else {
            bytes = Array(local) + [UInt8(ascii: "@")] + Array(domain)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The de-duplication key of any valid address, by character.
    static func matchKeyByCharacters(_ address: String) -> String {
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
