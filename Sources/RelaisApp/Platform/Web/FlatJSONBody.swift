/// A request body read without `JSONDecoder` when it is a flat JSON object of plain values — the
/// shape of the bodies the busiest endpoints receive (a points movement: a kind, a number of
/// points, a reason; an entry: a few profile fields, and its consents as a list of small objects).
///
/// It only reads what it can read exactly as `JSONDecoder` would: UTF-8 text, strings without
/// escapes or control characters, integers without fraction or exponent, `true`, `false` and
/// `null`, lists of objects of such values, each key once. Anything else — deeper nesting, lists
/// of other values, escapes, other numbers, invalid UTF-8, a syntax error — gives nil, and the
/// body goes through `JSONDecoder`, which reads it or says precisely what is wrong.
struct FlatJSONBody: Sendable, Equatable {
    enum Value: Sendable, Equatable {
        case string(String)
        case integer(Int64)
        case bool(Bool)
        case null
        /// A list of flat objects (`[{"purpose":"newsletter","wordingVersion":1}]`).
        case objects([[String: Value]])
    }

    private(set) var fields: [String: Value] = [:]

    subscript(key: String) -> Value? { fields[key] }

    /// The names of the fields present.
    var keys: Dictionary<String, Value>.Keys { fields.keys }

    /// The body's object, or nil when it is not a flat object this reader takes.
    init?(_ bytes: some Collection<UInt8>) {
        var reader = Reader(bytes: Array(bytes))
        guard let fields = reader.object(), reader.end() else { return nil }
        self.fields = fields
    }

    private struct Reader {
        let bytes: [UInt8]
        var at = 0

        /// An object; inside a list (`nested`), its values are plain ones.
        mutating func object(nested: Bool = false) -> [String: Value]? {
            skipSpace()
            guard take(UInt8(ascii: "{")) else { return nil }
            var fields: [String: Value] = [:]
            skipSpace()
            if take(UInt8(ascii: "}")) { return fields }
            while true {
                skipSpace()
                guard let key = string() else { return nil }
                skipSpace()
                guard take(UInt8(ascii: ":")) else { return nil }
                skipSpace()
                guard let value = value(nested: nested), fields.updateValue(value, forKey: key) == nil else { return nil }
                skipSpace()
                if take(UInt8(ascii: ",")) { continue }
                return take(UInt8(ascii: "}")) ? fields : nil
            }
        }

        /// A list of flat objects.
        private mutating func objects() -> [[String: Value]]? {
            guard take(UInt8(ascii: "[")) else { return nil }
            var list: [[String: Value]] = []
            skipSpace()
            if take(UInt8(ascii: "]")) { return list }
            while true {
                guard let object = object(nested: true) else { return nil }
                list.append(object)
                skipSpace()
                if take(UInt8(ascii: ",")) { continue }
                return take(UInt8(ascii: "]")) ? list : nil
            }
        }

        /// Nothing but white space after the object.
        mutating func end() -> Bool {
            skipSpace()
            return at == bytes.count
        }

        private mutating func value(nested: Bool) -> Value? {
            guard at < bytes.count else { return nil }
            switch bytes[at] {
            case UInt8(ascii: "["): return nested ? nil : objects().map(Value.objects)
            case UInt8(ascii: "\""): return string().map(Value.string)
            case UInt8(ascii: "t"): return word("true") ? .bool(true) : nil
            case UInt8(ascii: "f"): return word("false") ? .bool(false) : nil
            case UInt8(ascii: "n"): return word("null") ? .null : nil
            default: return integer().map(Value.integer)
            }
        }

        /// A string without escapes or control characters, of valid UTF-8.
        private mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = at
            var ascii = true
            while at < bytes.count {
                let byte = bytes[at]
                if byte == UInt8(ascii: "\"") {
                    defer { at += 1 }
                    let text = bytes[start..<at]
                    return ascii ? String(decoding: text, as: UTF8.self) : String(validating: text, as: UTF8.self)
                }
                guard byte >= 0x20, byte != UInt8(ascii: "\\") else { return nil }
                if byte >= 0x80 { ascii = false }
                at += 1
            }
            return nil
        }

        /// An integer as JSON writes it: an optional minus, then 0 or digits not starting with 0; nothing after it that would make it another number.
        private mutating func integer() -> Int64? {
            let negative = take(UInt8(ascii: "-"))
            let start = at
            var magnitude: UInt64 = 0
            while at < bytes.count, bytes[at] >= UInt8(ascii: "0"), bytes[at] <= UInt8(ascii: "9") {
                let (times, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times.addingReportingOverflow(UInt64(bytes[at] - UInt8(ascii: "0")))
                guard !overflow1, !overflow2 else { return nil }
                magnitude = sum
                at += 1
            }
            let digits = at - start
            guard digits > 0, digits == 1 || bytes[start] != UInt8(ascii: "0") else { return nil }
            if at < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[at]) { return nil }
            if negative {
                guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
                return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
            }
            guard magnitude <= UInt64(Int64.max) else { return nil }
            return Int64(magnitude)
        }

        private mutating func word(_ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard at + count <= bytes.count else { return false }
            for index in 0..<count where bytes[at + index] != text.utf8Start[index] { return false }
            at += count
            return true
        }

        private mutating func take(_ byte: UInt8) -> Bool {
            guard at < bytes.count, bytes[at] == byte else { return false }
            at += 1
            return true
        }

        private mutating func skipSpace() {
            while at < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[at]) { at += 1 }
        }
    }
}

/// An optional field of a flat body as `JSONDecoder` reads it: absent or `null` is `.some(nil)`,
/// the value when it has the type, and nil (the outer optional) when it has another type.
extension Optional where Wrapped == FlatJSONBody.Value {
    var optionalText: String?? {
        switch self {
        case nil, .null?: .some(nil)
        case .string(let value)?: .some(value)
        default: nil
        }
    }

    var optionalInteger: Int64?? {
        switch self {
        case nil, .null?: .some(nil)
        case .integer(let value)?: .some(value)
        default: nil
        }
    }

    /// An optional integer that must fit an `Int`.
    var optionalInt: Int?? {
        guard let value = optionalInteger else { return nil }
        guard let value else { return .some(nil) }
        return Int(exactly: value).map { .some($0) }
    }

    var optionalObjects: [[String: FlatJSONBody.Value]]?? {
        switch self {
        case nil, .null?: .some(nil)
        case .objects(let list)?: .some(list)
        default: nil
        }
    }
}
