/// The pure rules of the lifecycle: which action is allowed from which status, and what the
/// activation must hold before it may be scheduled. No I/O.
enum ActivationLifecycle {
    /// Why a lifecycle action was refused.
    struct Refusal: Error, Equatable {
        /// Stable code, also used as the problem code.
        var code: String
        /// What is wrong, for a person.
        var message: String
        /// Field-level problems (for `not_ready`).
        var fieldErrors: [FieldError] = []
    }

    /// What an action does: the status to store, and whether the closing instant becomes now.
    struct Outcome: Equatable {
        var status: ActivationStatus
        var closesNow: Bool = false
    }

    /// The outcome of `action` on an activation whose status at `now` is `current`.
    static func apply(_ action: LifecycleAction, current: ActivationStatus, readiness: [FieldError], drawn: Bool) -> Result<Outcome, Refusal> {
        func refuse(_ allowedFrom: String) -> Result<Outcome, Refusal> {
            .failure(Refusal(code: "invalid_transition",
                             message: "\(action.rawValue) is only possible from \(allowedFrom); the activation is \(current.rawValue)."))
        }
        switch action {
        case .schedule:
            guard current == .draft else { return refuse("draft") }
            guard readiness.isEmpty else {
                return .failure(Refusal(code: "not_ready", message: "The activation is not complete enough to be scheduled.", fieldErrors: readiness))
            }
            return .success(Outcome(status: .scheduled))
        case .unschedule:
            guard current == .scheduled else { return refuse("scheduled, before opening") }
            return .success(Outcome(status: .draft))
        case .close:
            guard current == .live else { return refuse("live") }
            return .success(Outcome(status: .closed, closesNow: true))
        case .publishResults:
            guard current == .closed else { return refuse("closed") }
            guard drawn else {
                return .failure(Refusal(code: "not_drawn", message: "Draw the winners before publishing the results."))
            }
            return .success(Outcome(status: .resultsPublished))
        case .archive:
            guard [.draft, .closed, .resultsPublished].contains(current) else { return refuse("draft, closed or results published") }
            return .success(Outcome(status: .archived))
        }
    }

    /// What is missing before an activation may be scheduled; empty when it is ready.
    static func readiness(of activation: Activation, prizes: [Prize], now: Int64) -> [FieldError] {
        var problems: [FieldError] = []
        if activation.closesAt <= now { problems.append(FieldError("closesAt", "must be in the future")) }
        if activation.closesAt <= activation.opensAt { problems.append(FieldError("closesAt", "must be after the opening")) }
        if activation.kind.needsRules && activation.rules == nil {
            problems.append(FieldError("rules", "the official rules (règlement) must be written before scheduling"))
        }
        if activation.kind.hasPrizes && prizes.isEmpty {
            problems.append(FieldError("prizes", "a \(activation.kind.rawValue) needs at least one prize"))
        }
        // The moments fall between the scheduling (or the opening, when later) and the closing.
        if activation.kind == .instantWin && Int64(prizes.reduce(0) { $0 + $1.quantity }) > activation.closesAt - max(activation.opensAt, now) {
            problems.append(FieldError("prizes", "there are more prizes than milliseconds between opening and closing"))
        }
        return problems
    }
}
