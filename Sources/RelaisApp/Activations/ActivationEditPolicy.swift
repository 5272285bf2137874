/// What may change in an activation, by status: everything before opening, only its texts and
/// cover image while live (every change is audited), nothing once closed. No I/O.
enum ActivationEditPolicy {
    /// A part of an activation an edit can touch.
    enum Part: String, CaseIterable, Sendable {
        case content, slug, unit, schedule, eligibility, prizes, rules, poll, quiz, idea
    }

    /// Parts that may change while the activation is in `status`.
    static func editable(_ status: ActivationStatus) -> Set<Part> {
        switch status {
        case .draft, .scheduled: Set(Part.allCases)
        case .live: [.content]
        case .closed, .resultsPublished, .archived: []
        }
    }

    /// The changed parts that may not change in `status`, sorted; empty when the edit is allowed.
    static func forbidden(_ changed: Set<Part>, status: ActivationStatus) -> [Part] {
        changed.subtracting(editable(status)).sorted { $0.rawValue < $1.rawValue }
    }

    /// As above for an activation of `kind`: a scheduled instant win's winning moments were derived from its period
    /// and prizes, so those change only after unscheduling (which draws new moments at the next scheduling).
    static func forbidden(_ changed: Set<Part>, status: ActivationStatus, kind: ActivationKind) -> [Part] {
        let fixed: Set<Part> = kind == .instantWin && status == .scheduled ? [.schedule, .prizes] : []
        return changed.subtracting(editable(status).subtracting(fixed)).sorted { $0.rawValue < $1.rawValue }
    }

    /// The parts that differ between two versions of an activation and its prizes.
    static func changes(from old: Activation, oldPrizes: [Prize], to new: Activation, newPrizes: [Prize], newRulesBody: String?) -> Set<Part> {
        var parts = Set<Part>()
        if old.content != new.content { parts.insert(.content) }
        if old.slug != new.slug { parts.insert(.slug) }
        if old.unitID != new.unitID { parts.insert(.unit) }
        if old.opensLocal != new.opensLocal || old.closesLocal != new.closesLocal || old.timeZone != new.timeZone { parts.insert(.schedule) }
        if old.eligibility != new.eligibility { parts.insert(.eligibility) }
        let shape = { (prizes: [Prize]) in prizes.map { "\($0.name)|\($0.quantity)|\($0.alternates)" } }
        if shape(oldPrizes) != shape(newPrizes) { parts.insert(.prizes) }
        if let body = newRulesBody, body != old.rules?.body { parts.insert(.rules) }
        // The announced public randomness is part of the draw's rules: fixed from opening on.
        if old.draw.randomnessSource != new.draw.randomnessSource { parts.insert(.rules) }
        if old.poll != new.poll { parts.insert(.poll) }
        if old.quiz != new.quiz { parts.insert(.quiz) }
        if old.idea != new.idea { parts.insert(.idea) }
        return parts
    }
}
