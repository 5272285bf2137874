/// Signed links to a member's preference centre for one brand.
struct PreferenceLinks: Sendable {
    let signer: LinkSigner
    let publicBaseURL: String
    /// How long a preference-centre link stays valid.
    static let lifetimeMillis: Int64 = 90 * Clock.dayMillis

    /// The link and its expiry for a member of a brand.
    func link(memberID: Int64, brandID: Int64, now: Int64 = Clock.nowMillis()) -> (url: String, expiresAt: Int64) {
        let expiresAt = now + Self.lifetimeMillis
        let token = signer.sign(purpose: "prefs", subject: "\(memberID):\(brandID)", expiresAt: expiresAt)
        return ("\(publicBaseURL)/p/\(token)", expiresAt)
    }

    /// The member and brand of a valid token.
    func subject(of token: String) -> (memberID: Int64, brandID: Int64)? {
        guard let subject = signer.verify(token, purpose: "prefs") else { return nil }
        let parts = subject.split(separator: ":")
        guard parts.count == 2, let member = Int64(parts[0]), let brand = Int64(parts[1]) else { return nil }
        return (member, brand)
    }
}
