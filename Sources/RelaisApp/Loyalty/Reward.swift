import Foundation

/// Where the coupon codes of a reward come from.
enum RewardCodes: String, Codable, Sendable {
    /// Relais generates a unique code per redemption.
    case generated
    /// Codes come from a list imported for the reward (a partner's vouchers).
    case list
}

/// Whether a reward can be redeemed.
enum RewardStatus: String, Codable, Sendable {
    case active
    /// No longer offered; coupons already given stay valid.
    case retired
}

/// An item of the brand's rewards catalogue.
struct Reward: Sendable, Equatable {
    var id: Int64
    var brandID: Int64
    var name: String
    var description: String
    var costPoints: Int64
    /// Items left; nil when unlimited.
    var stock: Int?
    var codes: RewardCodes
    /// Days a coupon stays valid after redemption.
    var couponValidityDays: Int
    var status: RewardStatus
    /// The lowest tier whose members may redeem it (a tier's name); nil: every member.
    var minimumTier: String? = nil
    var redeemed: Int
    var createdAt: Int64
    var updatedAt: Int64
}

/// The editable part of a reward, checked.
struct RewardDraft: Sendable, Equatable {
    var name: String
    var description: String
    var costPoints: Int64
    var stock: Int?
    var codes: RewardCodes
    var couponValidityDays: Int
    var status: RewardStatus
    /// The lowest tier whose members may redeem it; nil: every member.
    var minimumTier: String? = nil

    /// Checks every field and reports every problem at once.
    static func checked(name: String?, description: String?, costPoints: Int64?, stock: Int?, codes: String?,
                        couponValidityDays: Int?, status: String?, minimumTier: String? = nil, ladder: TierLadder = .none) -> Result<RewardDraft, AppError> {
        var errors: [FieldError] = []
        let name = (name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty || name.count > 120 || name.contains(where: \.isNewline) { errors.append(FieldError("name", "must be 1 to 120 characters on one line")) }
        let description = (description ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if description.count > 2000 { errors.append(FieldError("description", "must be at most 2000 characters")) }
        if costPoints == nil || costPoints! < 1 || costPoints! > PointsMovement.maximumPoints {
            errors.append(FieldError("costPoints", "must be a whole number from 1 to \(PointsMovement.maximumPoints)"))
        }
        if let stock, stock < 0 || stock > 10_000_000 { errors.append(FieldError("stock", "must be from 0 to 10000000, or absent for no limit")) }
        let codeSource = RewardCodes(rawValue: codes ?? "generated")
        if codeSource == nil { errors.append(FieldError("codes", "must be generated or list")) }
        let validity = couponValidityDays ?? 90
        if validity < 1 || validity > 3650 { errors.append(FieldError("couponValidityDays", "must be from 1 to 3650 days")) }
        let rewardStatus = RewardStatus(rawValue: status ?? "active")
        if rewardStatus == nil { errors.append(FieldError("status", "must be active or retired")) }
        let tier = minimumTier?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let tier, !tier.isEmpty, ladder.index(of: tier) == nil {
            errors.append(FieldError("minimumTier", ladder.tiers.isEmpty ? "needs the brand's tiers to be set first"
                                                                        : "must be one of the brand's tiers: \(ladder.tiers.map(\.name).joined(separator: ", "))"))
        }
        guard errors.isEmpty, let costPoints, let codeSource, let rewardStatus else { return .failure(.validation(errors)) }
        return .success(RewardDraft(name: name, description: description, costPoints: costPoints, stock: stock, codes: codeSource,
                                    couponValidityDays: validity, status: rewardStatus,
                                    minimumTier: tier.flatMap { $0.isEmpty ? nil : ladder.tiers[ladder.index(of: $0)!].name }))
    }
}
