import Foundation

/// Who may enter an activation. No I/O.
struct EligibilityRules: Equatable, Sendable {
    /// Minimum age in whole years on the day of entry (0: no minimum).
    var minimumAge: Int = 0
    /// ISO country codes allowed (empty: every country).
    var countries: [String] = []
    /// Only people already in the brand's community may enter.
    var membersOnly: Bool = false
    /// How often one member may enter.
    var frequency: EntryFrequency = .once
    /// At most this many valid entries in all (nil: no cap).
    var cap: Int? = nil
    /// An entry counts (in the draw, the results) only once its e-mail address is confirmed.
    var confirmEmail: Bool = false
}

/// Why an entry is refused; each case has a stable code and a message for the entrant.
enum EntryRefusal: Error, Equatable, Sendable {
    case notYetOpen(opensAt: Int64)
    case closed
    case notOpen
    case birthDateRequired
    case tooYoung(minimum: Int)
    case countryRequired
    case countryNotAllowed
    case membersOnly
    case rulesNotAccepted
    case rulesOutdated(current: Int)
    case alreadyEntered(nextAt: Int64?)
    case capReached
    case rejected

    /// Stable code, used as the problem code and to find the message in the interface strings.
    var code: String {
        switch self {
        case .notYetOpen: "not_yet_open"
        case .closed: "closed"
        case .notOpen: "not_open"
        case .birthDateRequired: "birth_date_required"
        case .tooYoung: "too_young"
        case .countryRequired: "country_required"
        case .countryNotAllowed: "country_not_allowed"
        case .membersOnly: "members_only"
        case .rulesNotAccepted: "rules_not_accepted"
        case .rulesOutdated: "rules_outdated"
        case .alreadyEntered: "already_entered"
        case .capReached: "cap_reached"
        case .rejected: "rejected"
        }
    }

    /// The form field the refusal is about, if any.
    var field: String? {
        switch self {
        case .birthDateRequired, .tooYoung: "birthDate"
        case .countryRequired, .countryNotAllowed: "country"
        case .membersOnly: "email"
        case .rulesNotAccepted, .rulesOutdated: "acceptRules"
        default: nil
        }
    }

    /// The entry refusal as an API error: 409 when the activation's state forbids it, 422 when the entrant does.
    var appError: AppError {
        let conflict: Bool = switch self {
        case .notYetOpen, .closed, .notOpen, .alreadyEntered, .capReached: true
        default: false
        }
        return AppError(status: conflict ? .conflict : .unprocessableContent, code: code, title: title, detail: englishDetail,
                        fieldErrors: field.map { [FieldError($0, englishDetail)] } ?? [])
    }

    private var title: String {
        switch self {
        case .notYetOpen: "Not yet open"
        case .closed, .notOpen: "Closed"
        case .tooYoung: "Too young"
        case .alreadyEntered: "Already entered"
        case .capReached: "No more entries"
        default: "Entry refused"
        }
    }

    /// Detail in English for API clients.
    var englishDetail: String {
        switch self {
        case .notYetOpen(let at): "This activation opens at \(Clock.iso(at)); entries are not accepted yet."
        case .closed: "This activation is closed; entries are no longer accepted."
        case .notOpen: "This activation is not open for entries."
        case .birthDateRequired: "A birth date is needed to check the minimum age."
        case .tooYoung(let minimum): "You must be at least \(minimum) to take part."
        case .countryRequired: "A country is needed to check who may take part."
        case .countryNotAllowed: "This activation is not open to residents of this country."
        case .membersOnly: "This activation is reserved for members of the community."
        case .rulesNotAccepted: "The official rules must be accepted to take part."
        case .rulesOutdated(let current): "The official rules changed (now version \(current)); read and accept the current version."
        case .alreadyEntered(let next): next.map { "You have already taken part; you can take part again from \(Clock.iso($0))." }
            ?? "You have already taken part in this activation."
        case .capReached: "The maximum number of entries has been reached."
        case .rejected: "This entry could not be accepted."
        }
    }
}

/// What is known about an entrant when eligibility is checked.
struct Entrant: Equatable, Sendable {
    var birthDate: String?
    var country: String?
    var isKnownMember: Bool
    var acceptedRulesVersion: Int?
}

/// The pure eligibility check, in the order an entrant would want to hear about problems.
enum Eligibility {
    /// The first refusal that applies to `entrant` entering at `now`, or nil when they may enter.
    static func check(
        _ entrant: Entrant, rules: EligibilityRules, status: ActivationStatus, opensAt: Int64,
        currentRulesVersion: Int?, now: Date
    ) -> EntryRefusal? {
        switch status {
        case .live: break
        case .scheduled: return .notYetOpen(opensAt: opensAt)
        case .closed, .resultsPublished, .archived: return .closed
        case .draft: return .notOpen
        }
        if rules.membersOnly && !entrant.isKnownMember { return .membersOnly }
        if rules.minimumAge > 0 {
            guard let text = entrant.birthDate, let birth = AgeRules.parseBirthDate(text, today: now) else { return .birthDateRequired }
            if AgeRules.age(birth: birth, today: now) < rules.minimumAge { return .tooYoung(minimum: rules.minimumAge) }
        }
        if !rules.countries.isEmpty {
            guard let country = entrant.country?.uppercased() else { return .countryRequired }
            if !rules.countries.contains(country) { return .countryNotAllowed }
        }
        if let current = currentRulesVersion {
            guard let accepted = entrant.acceptedRulesVersion else { return .rulesNotAccepted }
            if accepted != current { return .rulesOutdated(current: current) }
        }
        return nil
    }
}
