import Foundation

/// Staff thanking members: to whom, with what, and the message they read. Checked; no I/O.
struct AmbassadorThanks: Sendable, Equatable {
    var memberIDs: [Int64]
    var points: Int64?
    var rewardID: Int64?
    var message: String

    /// Most members thanked at once.
    static let maximumMembers = 50
    /// Most points one thank-you gives.
    static let maximumPoints: Int64 = 1_000_000

    /// The ledger's reason for the points: the first line of the message, shortened.
    var reason: String {
        let line = message.split(whereSeparator: \.isNewline).first.map(String.init) ?? message
        return line.count > 120 ? String(line.prefix(119)) + "…" : line
    }

    /// Checks every field and reports every problem at once; the same member listed twice is thanked once.
    static func checked(memberIDs: [Int64]?, points: Int64?, rewardID: Int64?, message: String?) -> Result<AmbassadorThanks, AppError> {
        var errors: [FieldError] = []
        var unique: [Int64] = []
        for id in memberIDs ?? [] where !unique.contains(id) { unique.append(id) }
        if unique.isEmpty || unique.count > maximumMembers {
            errors.append(FieldError("memberIds", "must list 1 to \(maximumMembers) members"))
        }
        if unique.contains(where: { $0 < 1 }) { errors.append(FieldError("memberIds", "must hold member ids")) }
        if let points, !(1...maximumPoints).contains(points) {
            errors.append(FieldError("points", "must be a whole number from 1 to \(maximumPoints)"))
        }
        if let rewardID, rewardID < 1 { errors.append(FieldError("rewardId", "must be a reward id")) }
        if points == nil && rewardID == nil { errors.append(FieldError("points", "give points, a reward, or both")) }
        let text = (message ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty || text.count > 2_000 { errors.append(FieldError("message", "must be 1 to 2000 characters")) }
        guard errors.isEmpty else { return .failure(.validation(errors)) }
        return .success(AmbassadorThanks(memberIDs: unique, points: points, rewardID: rewardID, message: text))
    }
}

/// What one member was given.
struct ThanksReceipt: Sendable, Equatable {
    var memberID: Int64
    var thanksID: Int64 = 0
    var pointsEntryID: Int64? = nil
    var coupon: Coupon? = nil
    /// Whether a thank-you e-mail went to the outbox (false: the member has no e-mail address).
    var notified: Bool = false
}

/// A thank-you sent, as listed.
struct SentThanks: Sendable, Equatable {
    var id: Int64
    var memberID: Int64
    var firstName: String?
    var lastName: String?
    var points: Int64?
    var rewardName: String?
    var message: String
    var thankedBy: String
    var thankedAt: Int64
}

/// The thank-you e-mail. No I/O.
struct ThanksLetter: Sendable, Equatable {
    var brandName: String
    var message: String
    var points: Int64?
    var rewardName: String?
    var couponCode: String?
    var couponExpiresAt: Int64?
    var english: Bool
    /// The member's own space, where the points and the coupon are listed.
    var spaceURL: String? = nil

    var subject: String { english ? "\(brandName): thank you!" : "\(brandName) : merci !" }

    var body: String {
        var lines = [message, ""]
        if let points {
            lines.append(english ? "We have added \(points) points to your account." : "Nous avons ajouté \(points) points à votre compte.")
        }
        if let rewardName, let couponCode {
            let until = couponExpiresAt.map { String(Clock.iso($0).prefix(10)) } ?? ""
            lines.append(english ? "Your gift: \(rewardName). Your code: \(couponCode), valid until \(until)."
                                 : "Votre cadeau : \(rewardName). Votre code : \(couponCode), valable jusqu’au \(until).")
        }
        if let spaceURL {
            lines += ["", english ? "Your points, coupons and rewards are in your space:" : "Vos points, vos bons et les récompenses sont dans votre espace :",
                      spaceURL]
        }
        lines += ["", english ? "— The \(brandName) team" : "— L’équipe \(brandName)"]
        return lines.joined(separator: "\n")
    }
}
