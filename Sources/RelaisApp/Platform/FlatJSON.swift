/// A JSON object of string values, written directly: timeline events and audit lines carry a few
/// short strings each, written inside the one writer's transaction, where a `JSONEncoder` (boxing
/// every value, then sorting) cost more than the row. Keys are sorted, as `JSONEncoder` with
/// `.sortedKeys` would; any JSON reader decodes the result the same.
enum FlatJSON {
    /// `{"key":"value",…}` with the keys in order.
    static func object(_ fields: [String: String]) -> String {
        guard !fields.isEmpty else { return "{}" }
        var text = "{"
        for (index, key) in fields.keys.sorted().enumerated() {
            if index > 0 { text += "," }
            append(key, to: &text)
            text += ":"
            append(fields[key] ?? "", to: &text)
        }
        text += "}"
        return text
    }

    /// An object written field by field, keys in sorted order, for answers sent thousands of times
    /// a second: the same bytes as `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes`,
    /// absent optionals left out as it leaves them out.
    struct Object {
        private var text = "{"
        private var lastKey: String? = nil

        init() {
            text.reserveCapacity(256)
        }

        mutating func add(_ key: String, _ value: String?) {
            guard let value else { return }
            open(key)
            FlatJSON.append(value, to: &text)
        }

        mutating func add(_ key: String, _ value: Int64) {
            open(key)
            text += String(value)
        }

        mutating func add(_ key: String, _ value: Bool?) {
            guard let value else { return }
            open(key)
            text += value ? "true" : "false"
        }

        mutating func add(_ key: String, _ value: Object?) {
            guard let value else { return }
            open(key)
            text += value.json
        }

        /// The object's JSON text.
        var json: String { text + "}" }

        private mutating func open(_ key: String) {
            assert(lastKey.map { $0 < key } ?? true, "keys must be added in sorted order: \(key) after \(lastKey ?? "")")
            if lastKey != nil { text += "," }
            lastKey = key
            FlatJSON.append(key, to: &text)
            text += ":"
        }
    }

    /// A JSON string: quotes, backslashes and control characters escaped (RFC 8259 §7).
    static func append(_ value: String, to text: inout String) {
        text += "\""
        // Most values need no escape: appended whole rather than scalar by scalar.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            text += value
            text += "\""
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\u{08}": text += "\\b"
            case "\u{0C}": text += "\\f"
            case let control where control.value < 0x20:
                let hex = String(control.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}
