import Foundation

/// The e-mail that brings an entrant the activation's coupon for the shops: a message about
/// what the member was given, not marketing, so it needs no marketing consent.
struct StoreCouponLetter: Sendable, Equatable {
    var brandName: String
    var activationTitle: String
    var rewardName: String
    /// The code as the till types it (groups of four).
    var couponCode: String
    var expiresAt: Int64
    var english: Bool

    /// The subject line.
    var subject: String {
        english ? "\(brandName): your coupon \(rewardName)" : "\(brandName) : votre bon \(rewardName)"
    }

    /// The plain-text body.
    var body: String {
        let until = Clock.iso(expiresAt).prefix(10)
        return english
            ? "Hello,\n\nThank you for taking part in \"\(activationTitle)\". Here is your coupon for our shops: \(rewardName).\n\nCode: \(couponCode)\nValid until \(until).\n\nShow this code at the till."
            : "Bonjour,\n\nMerci d'avoir participé à « \(activationTitle) ». Voici votre bon à utiliser en magasin : \(rewardName).\n\nCode : \(couponCode)\nValable jusqu'au \(until).\n\nPrésentez ce code en caisse."
    }
}
