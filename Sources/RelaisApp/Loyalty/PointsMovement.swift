import Foundation

/// What a points ledger entry records.
enum PointsEntryKind: String, Codable, Sendable, CaseIterable {
    /// Points given to the member (an engagement, a purchase, a goodwill gesture).
    case earn
    /// Points the member used (a reward).
    case spend
    /// Points that reached the end of their validity unspent; written by Relais only.
    case expire
    /// A correction by staff, up or down.
    case adjust
}

/// A movement asked of the ledger, before Relais checks it against the balance.
struct PointsMovement: Sendable, Equatable {
    var kind: PointsEntryKind
    /// Signed change: positive for earn, negative for spend, either for adjust.
    var points: Int64
    var reason: String
    /// Where the movement comes from: `api`, `staff`, `reward`, `rule`, `import`.
    var source: String
    /// What it refers to in its source (a reward, a coupon, a rule and event).
    var sourceRef: String?
    var idempotencyKey: String?
    /// The earning rule that gave the points, the activation the event was about, and when the
    /// event happened (caps per day and per activation count on them).
    var ruleID: Int64? = nil
    var activationRef: String? = nil
    var eventAt: Int64? = nil

    /// Largest number of points one movement may carry.
    static let maximumPoints: Int64 = 10_000_000

    /// A movement from an API or staff request: `points` is the positive amount to earn or
    /// spend, or the signed amount of an adjustment. Expiry cannot be asked for.
    static func requested(kind: String, points: Int64, reason: String?, source: String,
                          idempotencyKey: String?) -> Result<PointsMovement, FieldErrorBox> {
        guard let kind = PointsEntryKind(rawValue: kind), kind != .expire else {
            return .failure(.init(field: "kind", message: "must be earn, spend or adjust"))
        }
        let reason = (reason ?? "").trimmedText
        if reason.count > 200 || reason.contains("\0") { return .failure(.init(field: "reason", message: "must be at most 200 characters")) }
        if kind == .adjust && reason.isEmpty { return .failure(.init(field: "reason", message: "is required for an adjustment")) }
        switch kind {
        case .earn, .spend:
            guard points > 0, points <= maximumPoints else {
                return .failure(.init(field: "points", message: "must be a whole number from 1 to \(maximumPoints)"))
            }
        case .adjust:
            guard points != 0, abs(points) <= maximumPoints else {
                return .failure(.init(field: "points", message: "must be a non-zero whole number between -\(maximumPoints) and \(maximumPoints)"))
            }
        case .expire:
            break
        }
        let signed = kind == .spend ? -points : points
        return .success(PointsMovement(kind: kind, points: signed, reason: reason, source: source, sourceRef: nil, idempotencyKey: idempotencyKey))
    }
}
