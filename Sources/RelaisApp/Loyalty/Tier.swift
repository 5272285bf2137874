import Foundation

/// A loyalty tier: reached by earning `threshold` points over the brand's rolling window.
struct Tier: Sendable, Equatable, Codable {
    var name: String
    var threshold: Int64
    /// Earnings are multiplied by this percentage (100: ×1, 150: ×1.5).
    var multiplierPercent: Int
    var benefits: String
}

/// The brand's tiers, from the lowest threshold up.
struct TierLadder: Sendable, Equatable {
    var tiers: [Tier]
    /// Days over which earned points count towards a tier.
    var windowDays: Int

    static let none = TierLadder(tiers: [], windowDays: 365)

    /// The highest tier whose threshold the points reach; nil below the first.
    func tier(forEarned points: Int64) -> Tier? {
        tiers.last { points >= $0.threshold }
    }

    /// The position of the tier named `name` (case-insensitive) in the ladder, lowest first.
    func index(of name: String) -> Int? {
        tiers.firstIndex { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    /// Whether a member in `tier` may have what is kept for `required` and above. A required
    /// tier that is no longer on the ladder is reached by nobody, until staff change the reward.
    func reaches(_ tier: Tier?, required: String) -> Bool {
        guard let needed = index(of: required) else { return false }
        guard let tier, let held = index(of: tier.name) else { return false }
        return held >= needed
    }

    /// Checks a ladder: 1 to 10 tiers with distinct names and strictly rising thresholds.
    static func checked(_ tiers: [Tier], windowDays: Int?) -> Result<TierLadder, AppError> {
        var errors: [FieldError] = []
        if tiers.count > 10 { errors.append(FieldError("tiers", "at most 10 tiers")) }
        let window = windowDays ?? 365
        if window < 30 || window > 1_095 { errors.append(FieldError("windowDays", "must be from 30 to 1095 days")) }
        var names = Set<String>()
        var previous: Int64 = -1
        var cleaned: [Tier] = []
        for (index, tier) in tiers.enumerated() {
            let name = tier.name.trimmingCharacters(in: .whitespacesAndNewlines)
            if name.isEmpty || name.count > 60 { errors.append(FieldError("tiers[\(index)].name", "must be 1 to 60 characters")) }
            if !names.insert(name.lowercased()).inserted { errors.append(FieldError("tiers[\(index)].name", "is used by another tier")) }
            if tier.threshold < 0 || tier.threshold > 100_000_000 { errors.append(FieldError("tiers[\(index)].threshold", "must be from 0 to 100000000")) }
            if tier.threshold <= previous { errors.append(FieldError("tiers[\(index)].threshold", "must be above the previous tier's")) }
            if tier.multiplierPercent < 100 || tier.multiplierPercent > 500 {
                errors.append(FieldError("tiers[\(index)].multiplierPercent", "must be from 100 to 500"))
            }
            if tier.benefits.count > 1_000 { errors.append(FieldError("tiers[\(index)].benefits", "must be at most 1000 characters")) }
            previous = tier.threshold
            cleaned.append(Tier(name: name, threshold: tier.threshold, multiplierPercent: tier.multiplierPercent,
                                benefits: tier.benefits.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        guard errors.isEmpty else { return .failure(.validation(errors)) }
        return .success(TierLadder(tiers: cleaned, windowDays: window))
    }
}
