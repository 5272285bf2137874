import Foundation

/// Body of `POST /api/v1/segments` and `PUT /api/v1/segments/{id}`.
struct SegmentInput: APIInput {
    static let fieldNames: Set<String> = ["name", "match", "rules"]
    var name: String
    var match: String?
    var rules: [SegmentRuleJSON]?

    /// The trimmed name, or its problem.
    static func checkedName(_ name: String) -> Result<String, FieldErrorBox> {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.count > 100 { return .failure(.init(field: "name", message: "must be 1 to 100 characters")) }
        if trimmed.contains(where: { $0.isNewline || $0 == "\0" }) { return .failure(.init(field: "name", message: "must be on one line")) }
        return .success(trimmed)
    }

    /// The definition part of the body.
    var definition: SegmentDefinitionJSON { SegmentDefinitionJSON(match: match, rules: rules) }
}

/// Body of `POST /api/v1/segments/preview`: rules to count without saving them.
struct SegmentPreviewInput: APIInput {
    static let fieldNames: Set<String> = ["match", "rules"]
    var match: String?
    var rules: [SegmentRuleJSON]?
}

/// A segment as the API shows it; its `match` and `rules` can be sent back as they are.
struct SegmentDTO: Codable, Sendable {
    var id: Int64
    var name: String
    var match: SegmentMatch
    var rules: [SegmentRuleJSON]
    var createdAt: String
    var updatedAt: String

    init(_ segment: Segment) {
        id = segment.id
        name = segment.name
        match = segment.definition.match
        rules = segment.definition.rules.map(SegmentRuleJSON.init)
        createdAt = Clock.iso(segment.createdAt)
        updatedAt = Clock.iso(segment.updatedAt)
    }
}

/// How many members a segment holds now.
struct SegmentCountDTO: Codable, Sendable {
    var count: Int
    var countedAt: String
}
