/// Whether a friend who joined through an invitation counts for the member who invited them. No I/O.
enum ReferralRules {
    /// Why a referral does not count; the stable code is kept with the referral.
    enum Rejection: String, Sendable, Equatable, CaseIterable {
        /// The friend was already in the brand's community.
        case alreadyMember = "already_member"
        /// The member used their own invitation (same profile, e-mail normalised, or a browser they entered from).
        case selfReferral = "self_referral"
        /// Staff invalidated the friend's entry.
        case entryInvalidated = "entry_invalidated"
    }

    /// nil when the referral counts, or why it does not.
    static func rejection(referrerID: Int64, refereeID: Int64, refereeNewToBrand: Bool, sameDevice: Bool = false) -> Rejection? {
        if referrerID == refereeID || sameDevice { return .selfReferral }
        if !refereeNewToBrand { return .alreadyMember }
        return nil
    }
}
