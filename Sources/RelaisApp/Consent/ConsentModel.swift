/// How a brand may contact a member.
public enum ConsentChannel: String, Codable, Sendable, CaseIterable {
    case email, sms, messenger, post, phone
}

/// The state a consent record sets.
public enum ConsentStatus: String, Codable, Sendable {
    /// The member agreed (for e-mail: after confirming when double opt-in applies).
    case granted
    /// The member refused or took the agreement back.
    case withdrawn
    /// Agreement given, waiting for the e-mail confirmation (double opt-in).
    case pending
}

/// Where a consent record comes from.
public enum ConsentSource: String, Codable, Sendable {
    case form
    case `import`
    case apiKey = "api_key"
    case staff
    case preferenceCentre = "preference_centre"
    case doubleOptIn = "double_opt_in"
    case merge
    case erasure
}

/// Something a brand asks consent for (newsletter, partner offers, profiling…).
public struct ConsentPurpose: Sendable, Codable, Equatable {
    public var id: Int64
    public var brandID: Int64
    public var key: String
    public var label: String
    public var isMarketing: Bool
}

/// The exact text shown when consent was asked, versioned per purpose and language.
public struct ConsentWording: Sendable, Codable, Equatable {
    public var id: Int64
    public var purposeID: Int64
    public var version: Int
    public var language: String
    public var body: String
    public var sha256: String
}

/// One line of the append-only consent ledger, with its proof.
public struct ConsentRecord: Sendable, Codable, Equatable {
    public var id: Int64
    public var brandID: Int64
    public var memberID: Int64
    public var purposeKey: String
    public var channel: ConsentChannel
    public var status: ConsentStatus
    public var sourceKind: ConsentSource
    public var sourceLabel: String
    public var wordingVersion: Int?
    public var wordingLanguage: String?
    public var wordingSHA256: String?
    public var ipAddress: String?
    public var confirmationSentAt: Int64?
    public var confirmedAt: Int64?
    public var parentalConsent: Bool
    public var mergedFromMemberID: Int64?
    public var recordedAt: Int64
}

/// The current state of one purpose × channel for a member, derived from the ledger.
public struct ConsentState: Sendable, Codable, Equatable {
    public var purposeKey: String
    public var channel: ConsentChannel
    public var status: ConsentStatus
    public var since: Int64
    public var recordID: Int64
}

/// Key of a consent state: purpose × channel within a brand.
struct ConsentKey: Hashable, Sendable {
    var brandID: Int64
    var purposeID: Int64
    var channel: ConsentChannel
}
