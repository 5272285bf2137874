import Foundation
import SQLKit

/// Double opt-in for e-mail: a pending consent becomes granted only when the member follows
/// the signed link sent to their address.
struct DoubleOptIn: Sendable {
    let signer: LinkSigner
    let publicBaseURL: String
    let ledger: ConsentLedger
    let timeline: Timeline
    /// How long a confirmation link stays valid.
    static let lifetimeMillis: Int64 = 14 * Clock.dayMillis

    /// Puts the confirmation e-mail for a pending record in the outbox.
    /// `address` is the member's first e-mail address when the caller knows it (a member it just created).
    func send(recordID: Int64, memberID: Int64, brand: Brand, purpose: ConsentPurpose, address known: String? = nil,
              on sql: any SQLDatabase) async throws {
        let address: String
        if let known {
            address = known
        } else if let row = try await sql.raw("""
            SELECT value FROM member_identities WHERE member_id = \(bind: memberID) AND kind = 'email' ORDER BY id LIMIT 1
            """).first() {
            address = try row.decode(column: "value", as: String.self)
        } else {
            throw AppError.invalid("consents.channel", "an e-mail consent needs the member to have an e-mail address")
        }
        let token = signer.sign(purpose: "confirm", subject: String(recordID), expiresAt: Clock.nowMillis() + Self.lifetimeMillis)
        let link = "\(publicBaseURL)/c/\(token)"
        let french = brand.defaultLanguage == "fr"
        let subject = french ? "\(brand.name) : confirmez votre inscription" : "\(brand.name): please confirm your subscription"
        let body = french
            ? "Bonjour,\n\nPour confirmer que vous souhaitez recevoir « \(purpose.label) » de \(brand.name), suivez ce lien :\n\(link)\n\nSi vous n'êtes pas à l'origine de cette demande, ignorez ce message."
            : "Hello,\n\nTo confirm that you want to receive \"\(purpose.label)\" from \(brand.name), follow this link:\n\(link)\n\nIf you did not ask for this, just ignore this message."
        try await OutboxMessage(organisationID: brand.organisationID, brandID: brand.id, memberID: memberID,
                                recipient: address, subject: subject, body: body, purpose: "double_opt_in").queue(on: sql)
    }

    /// Confirms the pending record behind a link; returns the brand id, or nil for a bad or stale link.
    func confirm(token: String, ipAddress: String?, userAgent: String?, on sql: any SQLDatabase) async throws -> Int64? {
        guard let subject = signer.verify(token, purpose: "confirm"), let recordID = Int64(subject) else { return nil }
        guard let row = try await sql.raw("SELECT * FROM consent_records WHERE id = \(bind: recordID) AND status = 'pending'").first() else {
            return nil
        }
        let memberID = try row.decode(column: "member_id", as: Int64.self)
        let brandID = try row.decode(column: "brand_id", as: Int64.self)
        let purposeID = try row.decode(column: "purpose_id", as: Int64.self)
        let channel = try row.decode(column: "channel", as: String.self)
        // Only the latest record of that purpose × channel may be confirmed: a later withdrawal wins.
        let latest = try await sql.raw("""
            SELECT id, status FROM consent_records WHERE member_id = \(bind: memberID) AND brand_id = \(bind: brandID)
              AND purpose_id = \(bind: purposeID) AND channel = \(bind: channel) ORDER BY id DESC LIMIT 1
            """).first()
        guard let latest, try latest.decode(column: "id", as: Int64.self) == recordID else {
            if let latest, try latest.decode(column: "status", as: String.self) == "granted" { return brandID }
            return nil
        }
        let now = Clock.nowMillis()
        try await ledger.append(NewConsentRecord(
            organisationID: try row.decode(column: "organisation_id", as: Int64.self), brandID: brandID, memberID: memberID,
            purposeID: purposeID, channel: ConsentChannel(rawValue: channel) ?? .email, status: .granted,
            sourceKind: .doubleOptIn, sourceID: recordID, sourceLabel: "confirmation link",
            wordingID: try row.optional("wording_id"), ipAddress: ipAddress, userAgent: userAgent,
            confirmationSentAt: try row.optional("confirmation_sent_at"), confirmedAt: now,
            parentalConsent: try row.flag("parental_consent")
        ), on: sql)
        try await timeline.append(organisationID: try row.decode(column: "organisation_id", as: Int64.self), brandID: brandID,
                                  memberID: memberID, kind: "consent.confirmed", summary: channel, data: ["record": String(recordID)],
                                  initiatedByMember: true, on: sql)
        try await sql.raw("UPDATE members SET last_contact_at = \(bind: now) WHERE id = \(bind: memberID)").run()
        return brandID
    }
}
