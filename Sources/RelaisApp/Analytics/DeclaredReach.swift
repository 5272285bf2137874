import Foundation

/// The reach a medium or network announced for an activation, as staff typed it.
struct DeclaredReach: Sendable, Equatable {
    var id: Int64
    var activationID: Int64
    /// Who announced it ("Instagram campaign", "NRJ radio spots").
    var source: String
    var impressions: Int64?
    var potentialReach: Int64?
    var createdAt: Int64
    var updatedAt: Int64
}

/// A declared reach as asked for, checked before it is stored.
struct DeclaredReachDraft: Sendable, Equatable {
    var source: String
    var impressions: Int64?
    var potentialReach: Int64?

    /// Largest figure accepted: more than the people on Earth, fewer than an overflow.
    static let maximum: Int64 = 1_000_000_000_000

    /// The draft, or one message per wrong field.
    static func validated(source: String?, impressions: Int64?, potentialReach: Int64?) -> Result<DeclaredReachDraft, AppError> {
        var errors: [FieldError] = []
        let cleanSource = (source ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if cleanSource.isEmpty || cleanSource.count > 200 || cleanSource.contains("\0") {
            errors.append(FieldError("source", "is required (at most 200 characters)"))
        }
        for (field, value) in [("impressions", impressions), ("potentialReach", potentialReach)] {
            if let value, value < 0 || value > maximum { errors.append(FieldError(field, "must be a whole number from 0 to \(maximum)")) }
        }
        if impressions == nil && potentialReach == nil { errors.append(FieldError("impressions", "give impressions, a potential reach or both")) }
        guard errors.isEmpty else { return .failure(.validation(errors)) }
        return .success(DeclaredReachDraft(source: cleanSource, impressions: impressions, potentialReach: potentialReach))
    }
}
