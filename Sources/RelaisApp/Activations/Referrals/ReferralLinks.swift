/// A member's personal invitation link to a referral activation: signed, valid until the activation closes,
/// never a guessable id. It names who invites, so that a friend who joins through it is counted for them.
struct ReferralLinks: Sendable {
    let signer: LinkSigner

    /// The invitation token of `memberID` for `activation`.
    func token(memberID: Int64, activation: Activation) -> String {
        signer.sign(purpose: "referral", subject: "\(memberID):\(activation.id)", expiresAt: activation.closesAt)
    }

    /// The member who invites through a valid token of `activationID`, or nil.
    func referrerID(token: String, activationID: Int64, now: Int64 = Clock.nowMillis()) -> Int64? {
        guard let subject = signer.verify(token, purpose: "referral", now: now) else { return nil }
        let parts = subject.split(separator: ":")
        guard parts.count == 2, let member = Int64(parts[0]), Int64(parts[1]) == activationID else { return nil }
        return member
    }

    /// The public address of the invitation.
    func url(memberID: Int64, activation: Activation, brand: Brand, publicBaseURL: String) -> String {
        "\(publicBaseURL)/a/\(brand.slug)/\(activation.slug)?r=\(token(memberID: memberID, activation: activation))"
    }
}
