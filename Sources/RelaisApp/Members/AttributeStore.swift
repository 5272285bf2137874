import Foundation
import SQLKit

/// The custom attributes defined per brand.
struct AttributeStore: Sendable {
    let database: Database

    /// Definitions of a brand, by key.
    func definitions(brandID: Int64, on sql: any SQLDatabase) async throws -> [AttributeDefinition] {
        try await sql.raw("SELECT * FROM attribute_definitions WHERE brand_id = \(bind: brandID) ORDER BY key").all().map { row in
            let choices = try row.decode(column: "choices", as: String.self)
            return AttributeDefinition(
                id: try row.decode(column: "id", as: Int64.self),
                key: try row.decode(column: "key", as: String.self),
                label: try row.decode(column: "label", as: String.self),
                valueType: AttributeType(rawValue: try row.decode(column: "value_type", as: String.self)) ?? .text,
                choices: (try? JSONDecoder().decode([String].self, from: Data(choices.utf8))) ?? []
            )
        }
    }

    /// Defines a new attribute of a brand.
    func define(brandID: Int64, key: String, label: String, type: AttributeType, choices: [String], on sql: any SQLDatabase) async throws -> AttributeDefinition {
        var errors: [FieldError] = []
        if !MemberInput.isValidKey(key) { errors.append(FieldError("key", "must be 1 to 40 lower-case letters, digits or _")) }
        let cleanLabel = label.trimmingCharacters(in: .whitespacesAndNewlines)
        if cleanLabel.isEmpty || cleanLabel.count > 100 { errors.append(FieldError("label", "must be 1 to 100 characters")) }
        let cleanChoices = choices.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if type == .choice && (cleanChoices.isEmpty || cleanChoices.count > 50) { errors.append(FieldError("choices", "must list 1 to 50 choices")) }
        if type != .choice && !cleanChoices.isEmpty { errors.append(FieldError("choices", "only apply to the choice type")) }
        if !errors.isEmpty { throw AppError.validation(errors) }
        if try await sql.raw("SELECT id FROM attribute_definitions WHERE brand_id = \(bind: brandID) AND key = \(bind: key)").first() != nil {
            throw AppError.conflict("The brand already has an attribute with the key \(key).")
        }
        let json = String(decoding: try JSONEncoder().encode(cleanChoices), as: UTF8.self)
        let row = try await sql.raw("""
            INSERT INTO attribute_definitions (brand_id, key, label, value_type, choices, created_at)
            VALUES (\(bind: brandID), \(bind: key), \(bind: cleanLabel), \(bind: type.rawValue), \(bind: json), \(bind: Clock.nowMillis())) RETURNING id
            """).first()
        return AttributeDefinition(id: try row!.decode(column: "id", as: Int64.self), key: key, label: cleanLabel, valueType: type, choices: cleanChoices)
    }
}
