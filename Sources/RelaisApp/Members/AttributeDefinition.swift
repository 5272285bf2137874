import Foundation

/// A custom attribute a brand collects on member profiles (shoe size, favourite team, trade…).
public struct AttributeDefinition: Sendable, Codable, Equatable {
    public var id: Int64
    public var key: String
    public var label: String
    public var valueType: AttributeType
    public var choices: [String]
}

/// The kind of value an attribute holds.
public enum AttributeType: String, Sendable, Codable, CaseIterable {
    case text, number, boolean, date, choice

    /// The stored form of a value, or a readable reason why it does not fit.
    func normalize(_ value: String, choices: [String]) -> Result<String, FieldProblem> {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        switch self {
        case .text:
            return trimmed.count <= 500 ? .success(trimmed) : .failure(.init("must be at most 500 characters"))
        case .number:
            let text = trimmed.replacingOccurrences(of: ",", with: ".")
            guard let number = Double(text), number.isFinite else { return .failure(.init("must be a number")) }
            return .success(number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number))
        case .boolean:
            switch trimmed.lowercased() {
            case "true", "yes", "oui", "1": return .success("true")
            case "false", "no", "non", "0": return .success("false")
            default: return .failure(.init("must be true or false"))
            }
        case .date:
            return AgeRules.parseBirthDate(trimmed, today: .distantFuture) != nil ? .success(trimmed) : .failure(.init("must be a date written YYYY-MM-DD"))
        case .choice:
            return choices.contains(trimmed) ? .success(trimmed) : .failure(.init("must be one of: \(choices.joined(separator: ", "))"))
        }
    }
}

/// Checks attribute values of an upsert against the brand's definitions.
enum AttributeValidation {
    /// The values in stored form, or field errors (unknown keys, wrong types).
    static func validate(_ values: [String: String], definitions: [AttributeDefinition]) -> Result<[String: String], AppError> {
        var result: [String: String] = [:]
        var errors: [FieldError] = []
        let byKey = Dictionary(uniqueKeysWithValues: definitions.map { ($0.key, $0) })
        for (key, value) in values.sorted(by: { $0.key < $1.key }) {
            guard let definition = byKey[key] else {
                errors.append(FieldError("attributes.\(key)", "is not an attribute of this brand (define it first)"))
                continue
            }
            switch definition.valueType.normalize(value, choices: definition.choices) {
            case .success(let stored): result[key] = stored
            case .failure(let problem): errors.append(FieldError("attributes.\(key)", problem.message))
            }
        }
        return errors.isEmpty ? .success(result) : .failure(.validation(errors))
    }
}
