/// Whether a member can redeem a reward of the catalogue now, and if not, why. No I/O.
///
/// The same rules as `Redemptions.redeem`, which stays the judge: this only lets the member's
/// space grey out what would be refused, with the reason in words.
enum RewardOffer: Sendable, Equatable {
    case available
    /// No item left.
    case outOfStock
    /// Kept for the named tier and above, which the member has not reached.
    case tierRequired(String)
    /// The member is this many points short.
    case missingPoints(Int64)

    /// The offer of an active `reward` to a member holding `balance` points in `tier`.
    /// What the member can do nothing about comes first: stock, then tier, then points.
    static func of(_ reward: Reward, balance: Int64, tier: Tier?, ladder: TierLadder) -> RewardOffer {
        if let stock = reward.stock, stock <= 0 { return .outOfStock }
        if let required = reward.minimumTier, !ladder.reaches(tier, required: required) { return .tierRequired(required) }
        if balance < reward.costPoints { return .missingPoints(reward.costPoints - balance) }
        return .available
    }
}
