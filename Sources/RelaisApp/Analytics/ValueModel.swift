/// What the brand says an outcome is worth: the explicit, editable side of its ROI.
struct ValueModel: Sendable, Equatable {
    /// ISO 4217 code of every value below.
    var currency = CurrencyCode.euro
    /// Value of one opt-in gained (one member × purpose × channel).
    var optInCents: Int64 = 0
    /// Value of one participant new to the brand.
    var newMemberCents: Int64 = 0
    /// Value of one store visit (a coupon of the activation used at a till).
    var storeVisitCents: Int64 = 0
    /// Whether a store visit whose receipt amount is known is worth that amount instead of the flat value.
    var countRevenue = true
    /// What one loyalty point costs the brand: rewards are costed as the points spent on them × this value.
    var pointCents: Int64 = 0
    /// When it was last changed; nil while the brand still has the default (everything worth 0).
    var updatedAt: Int64? = nil

    /// The model, or one message per wrong field.
    static func validated(currency: String?, optInCents: Int64?, newMemberCents: Int64?, storeVisitCents: Int64?,
                          countRevenue: Bool?, pointCents: Int64? = nil) -> Result<ValueModel, AppError> {
        var errors: [FieldError] = []
        let code = CurrencyCode.validated(currency)
        if code == nil { errors.append(FieldError("currency", "must be an ISO 4217 code such as EUR or USD")) }
        for (field, value) in [("optInCents", optInCents), ("newMemberCents", newMemberCents), ("storeVisitCents", storeVisitCents), ("pointCents", pointCents)] {
            if let problem = BudgetLineDraft.amountProblem(value, required: false) { errors.append(FieldError(field, problem)) }
        }
        guard errors.isEmpty, let code else { return .failure(.validation(errors)) }
        return .success(ValueModel(currency: code, optInCents: optInCents ?? 0, newMemberCents: newMemberCents ?? 0,
                                   storeVisitCents: storeVisitCents ?? 0, countRevenue: countRevenue ?? true, pointCents: pointCents ?? 0))
    }
}
