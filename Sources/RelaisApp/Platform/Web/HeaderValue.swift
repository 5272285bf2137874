/// Header values as the API reads them.
enum HeaderValue {
    /// `value` without the spaces and tabs HTTP allows around it: an API key or idempotency key
    /// read on every call, trimmed without Foundation's character sets.
    static func trimmed(_ value: Substring) -> String {
        let bytes = value.utf8
        func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = bytes.firstIndex(where: { !isBlank($0) }), let last = bytes.lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(value[first...last])
    }

    /// The credential of an `Authorization: Bearer …` header (scheme in any case), or nil for another scheme.
    static func bearer(_ header: String) -> String? {
        let scheme = "bearer "
        guard header.utf8.count >= scheme.utf8.count,
              zip(header.utf8, scheme.utf8).allSatisfy({ $0 == $1 || ($1 != UInt8(ascii: " ") && $0 | 0x20 == $1) }) else { return nil }
        // Dropped by bytes: a combining mark after the space would make it one character with it.
        return trimmed(Substring(header.utf8.dropFirst(scheme.utf8.count)))
    }
}
