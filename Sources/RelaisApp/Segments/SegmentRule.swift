/// A saved set of rules over members: every rule must hold (`all`) or at least one (`any`).
/// No rules at all means every member the caller can see.
struct SegmentDefinition: Sendable, Equatable {
    /// How the rules combine.
    var match: SegmentMatch
    /// The rules, at most `SegmentDefinition.maxRules`.
    var rules: [SegmentRule]

    /// The most rules a segment may hold (keeps the compiled query small).
    static let maxRules = 20
}

/// How the rules of a segment combine.
enum SegmentMatch: String, Sendable, Codable, CaseIterable {
    case all, any
}

/// One condition on a member.
enum SegmentRule: Sendable, Equatable {
    /// A standard profile field compared with a value.
    case field(ProfileField, TextCondition)
    /// A custom attribute of the brand compared with a value.
    case attribute(key: String, TextCondition)
    /// The member has this tag of the brand.
    case hasTag(String)
    /// The member does not have this tag of the brand.
    case lacksTag(String)
    /// The current consent state (latest ledger record) of a purpose × channel of the brand.
    case consent(purpose: String, channel: ConsentChannel, status: SegmentConsentStatus)
    /// Age in whole years, from the birth date; members without a birth date never match.
    case age(min: Int?, max: Int?)
    /// At least `atLeast` timeline events of this kind (or kind prefix), within the last `days` days when given.
    case event(kind: String, prefix: Bool, atLeast: Int, days: Int?)
    /// When the member joined the brand: within the last `days` days, or before that.
    case memberSince(MemberSinceCondition, days: Int)
}

/// A profile field a rule can test, with its column in `members`.
enum ProfileField: String, Sendable, CaseIterable {
    case firstName, lastName, city, postalCode, country, language

    /// The column of `members` holding the field.
    var column: String {
        switch self {
        case .firstName: "first_name"
        case .lastName: "last_name"
        case .city: "city"
        case .postalCode: "postal_code"
        case .country: "country"
        case .language: "language"
        }
    }

    /// Whether values are compared ignoring letter case (names and cities); codes are stored normalised.
    var ignoresCase: Bool {
        switch self {
        case .firstName, .lastName, .city: true
        case .postalCode, .country, .language: false
        }
    }
}

/// How a text value is compared.
enum TextOperator: String, Sendable, CaseIterable {
    case equals, notEquals, startsWith, isSet, isNotSet

    /// Whether the operator needs a value.
    var needsValue: Bool { self == .equals || self == .notEquals || self == .startsWith }
}

/// A text comparison with its value.
enum TextCondition: Sendable, Equatable {
    case equals(String)
    /// Matches a different value and an unknown one.
    case notEquals(String)
    case startsWith(String)
    case isSet
    case isNotSet

    /// The operator of the comparison.
    var op: TextOperator {
        switch self {
        case .equals: .equals
        case .notEquals: .notEquals
        case .startsWith: .startsWith
        case .isSet: .isSet
        case .isNotSet: .isNotSet
        }
    }

    /// The value compared with, if any.
    var value: String? {
        switch self {
        case .equals(let value), .notEquals(let value), .startsWith(let value): value
        case .isSet, .isNotSet: nil
        }
    }

    /// The comparison of an operator and a value already checked to fit it.
    init(_ op: TextOperator, value: String?) {
        switch op {
        case .equals: self = .equals(value ?? "")
        case .notEquals: self = .notEquals(value ?? "")
        case .startsWith: self = .startsWith(value ?? "")
        case .isSet: self = .isSet
        case .isNotSet: self = .isNotSet
        }
    }
}

/// A consent state a rule can ask for; `none` means no record at all for the purpose × channel.
enum SegmentConsentStatus: String, Sendable, CaseIterable {
    case granted, withdrawn, pending, none
}

/// Whether a member joined the brand recently or long ago.
enum MemberSinceCondition: String, Sendable, CaseIterable {
    /// Joined within the last N days.
    case within
    /// Joined more than N days ago.
    case before
}
