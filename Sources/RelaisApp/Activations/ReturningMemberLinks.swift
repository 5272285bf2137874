/// Signed links that recognise a returning member on a brand's activation pages, so that known fields
/// are not asked again. Never a guessable id: the link carries an HMAC of member, brand and expiry.
struct ReturningMemberLinks: Sendable {
    let signer: LinkSigner
    /// How long a link recognises the member.
    static let lifetimeMillis: Int64 = 180 * Clock.dayMillis

    /// A token recognising `memberID` on `brandID`'s pages.
    func token(memberID: Int64, brandID: Int64, now: Int64 = Clock.nowMillis()) -> String {
        signer.sign(purpose: "activation-member", subject: "\(memberID):\(brandID)", expiresAt: now + Self.lifetimeMillis)
    }

    /// The member a valid token recognises on `brandID`, or nil.
    func memberID(token: String, brandID: Int64) -> Int64? {
        guard let subject = signer.verify(token, purpose: "activation-member") else { return nil }
        // The signer separates its fields with "|", so the subject uses ":".
        let parts = subject.split(separator: ":")
        guard parts.count == 2, let member = Int64(parts[0]), Int64(parts[1]) == brandID else { return nil }
        return member
    }

    /// A token confirming the e-mail address of entry `entryID`, valid until the activation closes.
    func confirmationToken(entryID: Int64, closesAt: Int64) -> String {
        signer.sign(purpose: "entry-confirm", subject: String(entryID), expiresAt: closesAt)
    }

    /// The entry a valid confirmation token is about, or nil.
    func confirmedEntryID(token: String) -> Int64? {
        signer.verify(token, purpose: "entry-confirm").flatMap { Int64($0) }
    }

    /// A token letting the winner of row `winnerID` claim their prize until `deadline`.
    func claimToken(winnerID: Int64, deadline: Int64) -> String {
        signer.sign(purpose: "prize-claim", subject: String(winnerID), expiresAt: deadline)
    }

    /// The winner row a valid, unexpired claim token is about, or nil.
    func claimedWinnerID(token: String, now: Int64 = Clock.nowMillis()) -> Int64? {
        signer.verify(token, purpose: "prize-claim", now: now).flatMap { Int64($0) }
    }
}
