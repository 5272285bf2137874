import Foundation

/// What a member does that can earn points: a timeline event kind.
struct EarningTrigger: Sendable, Equatable {
    /// The timeline event kind.
    var kind: String
    /// Whether the event carries an amount (`amountCents`) that points can be counted on.
    var hasAmount: Bool

    /// The triggers Relais knows, each an event Relais writes on the member's timeline: entries,
    /// confirmed e-mails, friends who joined, visits and store visits from share links, coupons
    /// redeemed and purchases from till files (with their amount), birthdays, completed profiles
    /// and badges.
    static let all: [EarningTrigger] = [
        EarningTrigger(kind: "activation.entry", hasAmount: false),
        EarningTrigger(kind: "consent.confirmed", hasAmount: false),
        EarningTrigger(kind: "referral.joined", hasAmount: false),
        EarningTrigger(kind: "share.visit", hasAmount: false),
        EarningTrigger(kind: "share.store_visit", hasAmount: true),
        EarningTrigger(kind: "coupon.redeemed", hasAmount: true),
        EarningTrigger(kind: "member.birthday", hasAmount: false),
        EarningTrigger(kind: "profile.completed", hasAmount: false),
        EarningTrigger(kind: "badge.earned", hasAmount: false),
        EarningTrigger(kind: "purchase", hasAmount: true),
    ]

    static func named(_ kind: String) -> EarningTrigger? { all.first { $0.kind == kind } }

    /// The kinds the timeline's index of trigger events holds (migration 035), in its order.
    static var indexedKinds: [String] { all.map(\.kind) }

    /// The condition of that partial index, as the index writes it: a query of the timeline that
    /// repeats it lets both engines read the index (neither can tell that a bound kind is one of them).
    static let indexedCondition = "e.kind IN (" + all.map { "'\($0.kind)'" }.joined(separator: ", ") + ")"
}

/// A brand's rule: so many points when a member does something, within caps.
struct EarningRule: Sendable, Equatable {
    var id: Int64
    var brandID: Int64
    var version: Int
    var definition: EarningRuleDefinition
    var active: Bool
    var createdAt: Int64
    var updatedAt: Int64
}

/// What a rule gives, checked.
struct EarningRuleDefinition: Sendable, Equatable, Codable {
    var name: String
    /// The timeline event kind that earns.
    var trigger: String
    /// Points per event.
    var points: Int64
    /// Extra points per whole euro of the event's amount (purchases, till redemptions).
    var pointsPerEuro: Int64?
    /// At most this many earnings per member and day (in the brand's time zone).
    var maxPerDay: Int?
    /// At most this many earnings per member and activation (events naming an activation).
    var maxPerActivation: Int?

    /// Checks every field and reports every problem at once.
    static func checked(name: String?, trigger: String?, points: Int64?, pointsPerEuro: Int64?, maxPerDay: Int?,
                        maxPerActivation: Int?) -> Result<EarningRuleDefinition, AppError> {
        var errors: [FieldError] = []
        let name = (name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty || name.count > 120 || name.contains(where: \.isNewline) { errors.append(FieldError("name", "must be 1 to 120 characters on one line")) }
        let found = trigger.flatMap(EarningTrigger.named)
        if found == nil {
            errors.append(FieldError("trigger", "must be one of \(EarningTrigger.all.map(\.kind).joined(separator: ", "))"))
        }
        let points = points ?? 0
        if points < 0 || points > 100_000 { errors.append(FieldError("points", "must be from 0 to 100000")) }
        if let perEuro = pointsPerEuro {
            if found?.hasAmount == false { errors.append(FieldError("pointsPerEuro", "only applies to events with an amount (purchase, coupon.redeemed, share.store_visit)")) }
            if perEuro < 0 || perEuro > 1_000 { errors.append(FieldError("pointsPerEuro", "must be from 0 to 1000")) }
        }
        if points == 0 && (pointsPerEuro ?? 0) == 0 { errors.append(FieldError("points", "a rule must give points per event or per euro")) }
        if let cap = maxPerDay, cap < 1 || cap > 1_000 { errors.append(FieldError("maxPerDay", "must be from 1 to 1000, or absent")) }
        if let cap = maxPerActivation, cap < 1 || cap > 1_000 { errors.append(FieldError("maxPerActivation", "must be from 1 to 1000, or absent")) }
        guard errors.isEmpty, let trigger else { return .failure(.validation(errors)) }
        return .success(EarningRuleDefinition(name: name, trigger: trigger, points: points, pointsPerEuro: pointsPerEuro,
                                              maxPerDay: maxPerDay, maxPerActivation: maxPerActivation))
    }
}

/// One event that may earn, as the rules see it.
struct EarningEvent: Sendable, Equatable {
    var id: Int64
    var memberID: Int64
    var at: Int64
    var activationID: String?
    var amountCents: Int64?
}

/// How many times the member already earned from the rule, where caps apply.
struct EarningHistory: Sendable, Equatable {
    var today = 0
    var thisActivation = 0
}

/// The points an event earns under a rule: pure arithmetic, the same for real earnings and previews.
enum EarningCalculation {
    /// Points for `event`, or nil when a cap is reached. `multiplierPercent` is the member's tier (100 = ×1).
    static func points(_ rule: EarningRuleDefinition, event: EarningEvent, history: EarningHistory, multiplierPercent: Int) -> Int64? {
        if let cap = rule.maxPerDay, history.today >= cap { return nil }
        if let cap = rule.maxPerActivation, event.activationID != nil, history.thisActivation >= cap { return nil }
        var base = rule.points
        if let perEuro = rule.pointsPerEuro, let cents = event.amountCents, cents > 0 {
            base += cents / 100 * perEuro
        }
        let total = base * Int64(max(0, multiplierPercent)) / 100
        return total > 0 ? total : nil
    }
}
