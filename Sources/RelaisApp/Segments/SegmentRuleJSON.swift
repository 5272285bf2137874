import Foundation

/// A rule as written in JSON (API bodies and the `segments.rules` column): a flat object whose
/// `kind` says which of the other fields apply. Unknown fields are refused with their path.
struct SegmentRuleJSON: Codable, Sendable, Equatable {
    var kind: String?
    var field: String?
    var key: String?
    var op: String?
    var value: String?
    var tag: String?
    var purpose: String?
    var channel: String?
    var status: String?
    var min: Int?
    var max: Int?
    var eventKind: String?
    var prefix: Bool?
    var atLeast: Int?
    var days: Int?

    /// Every field a rule object may contain.
    static let fieldNames: Set<String> = [
        "kind", "field", "key", "op", "value", "tag", "purpose", "channel", "status", "min", "max",
        "eventKind", "prefix", "atLeast", "days",
    ]

    /// A rule object with the given fields.
    init(kind: String? = nil, field: String? = nil, key: String? = nil, op: String? = nil, value: String? = nil,
         tag: String? = nil, purpose: String? = nil, channel: String? = nil, status: String? = nil, min: Int? = nil,
         max: Int? = nil, eventKind: String? = nil, prefix: Bool? = nil, atLeast: Int? = nil, days: Int? = nil) {
        self.kind = kind; self.field = field; self.key = key; self.op = op; self.value = value; self.tag = tag
        self.purpose = purpose; self.channel = channel; self.status = status; self.min = min; self.max = max
        self.eventKind = eventKind; self.prefix = prefix; self.atLeast = atLeast; self.days = days
    }

    /// Decodes strictly: a field this object does not know is an error at its own path (`rules[2].colour`).
    init(from decoder: any Decoder) throws {
        let names = try decoder.container(keyedBy: AnyKey.self)
        if let unknown = names.allKeys.first(where: { !Self.fieldNames.contains($0.stringValue) }) {
            throw DecodingError.dataCorrupted(.init(codingPath: names.codingPath + [unknown as any CodingKey], debugDescription: "is not a known field"))
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decodeIfPresent(String.self, forKey: .kind)
        field = try c.decodeIfPresent(String.self, forKey: .field)
        key = try c.decodeIfPresent(String.self, forKey: .key)
        op = try c.decodeIfPresent(String.self, forKey: .op)
        value = try c.decodeIfPresent(String.self, forKey: .value)
        tag = try c.decodeIfPresent(String.self, forKey: .tag)
        purpose = try c.decodeIfPresent(String.self, forKey: .purpose)
        channel = try c.decodeIfPresent(String.self, forKey: .channel)
        status = try c.decodeIfPresent(String.self, forKey: .status)
        min = try c.decodeIfPresent(Int.self, forKey: .min)
        max = try c.decodeIfPresent(Int.self, forKey: .max)
        eventKind = try c.decodeIfPresent(String.self, forKey: .eventKind)
        prefix = try c.decodeIfPresent(Bool.self, forKey: .prefix)
        atLeast = try c.decodeIfPresent(Int.self, forKey: .atLeast)
        days = try c.decodeIfPresent(Int.self, forKey: .days)
    }

    /// The JSON form of a validated rule.
    init(_ rule: SegmentRule) {
        switch rule {
        case .field(let field, let condition):
            self.init(kind: "field", field: field.rawValue, op: condition.op.rawValue, value: condition.value)
        case .attribute(let key, let condition):
            self.init(kind: "attribute", key: key, op: condition.op.rawValue, value: condition.value)
        case .hasTag(let tag):
            self.init(kind: "hasTag", tag: tag)
        case .lacksTag(let tag):
            self.init(kind: "lacksTag", tag: tag)
        case .consent(let purpose, let channel, let status):
            self.init(kind: "consent", purpose: purpose, channel: channel.rawValue, status: status.rawValue)
        case .age(let min, let max):
            self.init(kind: "age", min: min, max: max)
        case .event(let kind, let prefix, let atLeast, let days):
            self.init(kind: "event", eventKind: kind, prefix: prefix, atLeast: atLeast, days: days)
        case .memberSince(let condition, let days):
            self.init(kind: "memberSince", op: condition.rawValue, days: days)
        }
    }

    /// Any JSON object key.
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

/// A definition as written in JSON: `{"match": "all", "rules": [...]}`.
struct SegmentDefinitionJSON: Codable, Sendable, Equatable {
    var match: String?
    var rules: [SegmentRuleJSON]?

    /// The JSON form of a validated definition.
    init(_ definition: SegmentDefinition) {
        match = definition.match.rawValue
        rules = definition.rules.map(SegmentRuleJSON.init)
    }

    /// A definition object with the given fields.
    init(match: String?, rules: [SegmentRuleJSON]?) {
        self.match = match
        self.rules = rules
    }

    /// The text stored in `segments.rules`.
    func storedText() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings, integers and Booleans cannot fail.
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// Reads the text stored in `segments.rules`.
    static func stored(_ text: String) throws -> SegmentDefinitionJSON {
        try JSONDecoder().decode(SegmentDefinitionJSON.self, from: Data(text.utf8))
    }
}
