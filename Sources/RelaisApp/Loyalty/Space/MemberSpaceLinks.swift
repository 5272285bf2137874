/// Signed links to a member's own space in one brand (`/m/{brand}/space?m=…`), and the signed
/// one-time tokens of the forms on that page.
///
/// The link is the member's key to their space: it names the member and the brand, so it
/// neither opens another member's space nor the same member's space in another brand.
struct MemberSpaceLinks: Sendable {
    let signer: LinkSigner
    let publicBaseURL: String
    /// How long a link to the space stays valid.
    static let lifetimeMillis: Int64 = 90 * Clock.dayMillis
    /// How long a page of the space may stay open before its forms must be reloaded.
    static let formLifetimeMillis: Int64 = Clock.dayMillis
    private static let purpose = "member-space"
    private static let formPurpose = "member-space-form"

    /// What a link's token opens.
    enum Opening: Sendable, Equatable {
        case member(memberID: Int64, brandID: Int64)
        /// A genuine link past its 90 days.
        case expired
        /// Altered, cut short, or not a link to a space.
        case invalid
    }

    /// The token of a member's link to their space in a brand, and its expiry.
    func token(memberID: Int64, brandID: Int64, now: Int64 = Clock.nowMillis()) -> (token: String, expiresAt: Int64) {
        let expiresAt = now + Self.lifetimeMillis
        return (signer.sign(purpose: Self.purpose, subject: "\(memberID):\(brandID)", expiresAt: expiresAt), expiresAt)
    }

    /// The full address of a member's space in `brand`, and its expiry.
    func link(memberID: Int64, brand: Brand, now: Int64 = Clock.nowMillis()) -> (url: String, expiresAt: Int64) {
        let made = token(memberID: memberID, brandID: brand.id, now: now)
        return (Self.path(brandSlug: brand.slug, token: made.token, base: publicBaseURL), made.expiresAt)
    }

    /// The address of the space for a token; relative when `base` is empty.
    static func path(brandSlug: String, token: String, base: String = "") -> String {
        "\(base)/m/\(brandSlug)/space?m=\(token)"
    }

    /// What `token` opens.
    func open(_ token: String, now: Int64 = Clock.nowMillis()) -> Opening {
        switch signer.check(token, purpose: Self.purpose, now: now) {
        case .valid(let subject):
            // The signer separates its fields with "|", so the subject uses ":".
            let parts = subject.split(separator: ":")
            guard parts.count == 2, let member = Int64(parts[0]), let brand = Int64(parts[1]) else { return .invalid }
            return .member(memberID: member, brandID: brand)
        case .expired: return .expired
        case .invalid: return .invalid
        }
    }

    /// A fresh token for one form of the member's page: it proves the form was served to this
    /// member, and it is the idempotency key of what the form does, so a double submit acts once.
    func formToken(memberID: Int64, brandID: Int64, now: Int64 = Clock.nowMillis()) -> String {
        signer.sign(purpose: Self.formPurpose, subject: "\(memberID):\(brandID):\(FormToken.make())", expiresAt: now + Self.formLifetimeMillis)
    }

    /// The one-time part of a form token served to this member of this brand, or nil.
    func formNonce(_ token: String, memberID: Int64, brandID: Int64, now: Int64 = Clock.nowMillis()) -> String? {
        guard let subject = signer.verify(token, purpose: Self.formPurpose, now: now) else { return nil }
        let parts = subject.split(separator: ":").map(String.init)
        guard parts.count == 3, parts[0] == String(memberID), parts[1] == String(brandID), !parts[2].isEmpty else { return nil }
        return parts[2]
    }
}
