/// Everything an upsert may carry: keys to recognise the person, profile fields, attributes,
/// tags and consents, as validated input.
struct MemberUpsert: Sendable {
    var identities: [IdentityKey]
    var profile: ProfileFields
    var attributes: [String: String] = [:]
    var tags: [String] = []
    var consents: [ConsentChange] = []
    /// BrandUnit to link the member to (forced to the caller's unit for unit-scoped callers).
    var unitID: Int64?
    /// The identities' suppression digests, when worked out before a writer's turn (used only if
    /// they are of these identities in the caller's organisation).
    var erasedProbe: SuppressionList.Probe? = nil
}

/// A consent given or withdrawn, with what the member was shown.
struct ConsentChange: Sendable {
    var purposeKey: String
    var channel: ConsentChannel
    var granted: Bool
    /// Version of the wording shown (latest when nil).
    var wordingVersion: Int?
    /// Language of the wording shown (member's or brand's language when nil).
    var wordingLanguage: String?
    /// A parent or guardian gave the consent for a minor.
    var parentalConsent: Bool = false
    /// When the e-mail was already confirmed elsewhere (imports with proof); skips double opt-in.
    var confirmedAt: Int64?
    /// When the consent was collected, for imports of earlier consents: the record is dated then, and a
    /// grant is skipped when the ledger already holds a record of that time or later (withdrawals always apply).
    var collectedAt: Int64? = nil
    /// Where the consent was collected, for the ledger (the caller's label when nil).
    var sourceLabel: String? = nil
}

/// The result of an upsert.
struct UpsertOutcome: Sendable {
    var memberID: Int64
    var created: Bool
    /// Whether the member joined the brand's community with this upsert.
    var joinedBrand: Bool = false
    /// For a new member, the profile and consent states as written (so the answer needs no re-read).
    var createdMember: (Member, [ConsentState])? = nil
}
