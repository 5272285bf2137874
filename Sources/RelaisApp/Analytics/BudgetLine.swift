import Foundation

/// What a budget line pays for.
enum BudgetCategory: String, Codable, Sendable, CaseIterable {
    case media, agency, prizes, production, platform, staff
}

/// One cost of an activation (or of the brand as a whole), planned then actual, in its own currency.
struct BudgetLine: Sendable, Equatable {
    var id: Int64
    var brandID: Int64
    /// Nil for a cost of the brand as a whole.
    var activationID: Int64?
    var category: BudgetCategory
    var label: String
    var plannedCents: Int64
    /// Nil until the invoice is known.
    var actualCents: Int64?
    /// ISO 4217 code.
    var currency: String
    var createdAt: Int64
    var updatedAt: Int64

    /// The amount the ratios use: the actual amount once known, the planned one until then.
    var costCents: Int64 { actualCents ?? plannedCents }
}

/// A budget line as asked for, checked before it is stored.
struct BudgetLineDraft: Sendable, Equatable {
    var category: BudgetCategory
    var label: String
    var plannedCents: Int64
    var actualCents: Int64?
    var currency: String

    /// Largest amount of one line: ten billion units of a currency.
    static let maximumCents: Int64 = 1_000_000_000_000

    /// The draft, or one message per wrong field (field names as the API spells them).
    static func validated(category: String?, label: String?, plannedCents: Int64?, actualCents: Int64?,
                          currency: String?) -> Result<BudgetLineDraft, AppError> {
        var errors: [FieldError] = []
        let parsedCategory = category.flatMap(BudgetCategory.init(rawValue:))
        if parsedCategory == nil {
            errors.append(FieldError("category", "must be one of \(BudgetCategory.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        let cleanLabel = (label ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if cleanLabel.count > 200 || cleanLabel.contains("\0") { errors.append(FieldError("label", "must be at most 200 characters")) }
        if let problem = amountProblem(plannedCents, required: true) { errors.append(FieldError("plannedCents", problem)) }
        if let problem = amountProblem(actualCents, required: false) { errors.append(FieldError("actualCents", problem)) }
        let code = CurrencyCode.validated(currency)
        if code == nil { errors.append(FieldError("currency", "must be an ISO 4217 code such as EUR or USD")) }
        guard errors.isEmpty, let parsedCategory, let plannedCents, let code else { return .failure(.validation(errors)) }
        return .success(BudgetLineDraft(category: parsedCategory, label: cleanLabel, plannedCents: plannedCents,
                                        actualCents: actualCents, currency: code))
    }

    /// What is wrong with an amount in cents, if anything.
    static func amountProblem(_ cents: Int64?, required: Bool) -> String? {
        guard let cents else { return required ? "is required" : nil }
        return cents < 0 || cents > maximumCents ? "must be a whole number of cents from 0 to \(maximumCents)" : nil
    }
}
