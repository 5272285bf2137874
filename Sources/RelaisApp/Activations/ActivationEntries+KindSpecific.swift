import SQLKit

extension ActivationEntries {
    /// The idea of an idea contest, and the referral of a friend invited by a member, written with the entry.
    func recordKindSpecific(_ submission: EntrySubmission, activation: Activation, brand: Brand, memberID: Int64, entryID: Int64,
                            newToBrand: Bool, language: String, now: Int64, on sql: any SQLDatabase) async throws {
        // Ideas and referrals point at the entry and its member, and a referral reads members.
        if activation.kind == .idea || activation.kind == .referral { try await WorkGroup.current?.writeKept(on: sql) }
        switch activation.kind {
        case .idea:
            guard let idea = submission.idea else { return }
            _ = try await IdeaStore(database: database).insert(idea, activation: activation, memberID: memberID, entryID: entryID, now: now, on: sql)
        case .referral:
            try await recordReferral(submission, activation: activation, brand: brand, refereeID: memberID, entryID: entryID,
                                     newToBrand: newToBrand, language: language, now: now, on: sql)
        default:
            return
        }
    }

    /// Records the friend against the member whose invitation they followed (valid, or rejected with its reason), with a
    /// `referral.joined` event on both timelines when it counts; then sends the new entrant their own invitation link.
    private func recordReferral(_ submission: EntrySubmission, activation: Activation, brand: Brand, refereeID: Int64, entryID: Int64,
                                newToBrand: Bool, language: String, now: Int64, on sql: any SQLDatabase) async throws {
        let invitations = ReferralLinks(signer: links.signer)
        let referrals = ReferralStore(database: database)
        if let token = submission.referralToken, let referrerID = invitations.referrerID(token: token, activationID: activation.id, now: now),
           try await referrals.isActiveMember(referrerID, brandID: brand.id, on: sql) {
            // The same person on both sides: the same profile, or a browser the inviting member entered from.
            let sameDevice = try await submission.visitorHash.asyncMap { try await ShareDevices.isKnown($0, brandID: brand.id, of: [referrerID], on: sql) } ?? false
            let rejection = ReferralRules.rejection(referrerID: referrerID, refereeID: refereeID, refereeNewToBrand: newToBrand, sameDevice: sameDevice)
            // A friend whose entry awaits its e-mail confirmation counts once confirmed (`ActivationEntries.confirmEntry`).
            let pending = activation.eligibility.confirmEmail
            let recorded = try await referrals.insert(activation: activation, referrerID: referrerID, refereeID: refereeID, entryID: entryID,
                                                      rejection: rejection, pending: pending, now: now, on: sql)
            if recorded && rejection == nil && !pending {
                try await referralJoined(activation: activation, brand: brand, referrerID: referrerID, refereeID: refereeID, language: language,
                                         now: now, on: sql)
            }
        }
        try await sendInvitation(activation: activation, brand: brand, memberID: refereeID, language: language, on: sql)
    }

    /// The `referral.joined` events of a referral that counts, on both timelines.
    func referralJoined(activation: Activation, brand: Brand, referrerID: Int64, refereeID: Int64, language: String, now: Int64,
                        on sql: any SQLDatabase) async throws {
        let data = ["activation": String(activation.id), "referrer": String(referrerID), "referee": String(refereeID)]
        let title = activation.content.title(language)
        try await timeline.append(organisationID: brand.organisationID, brandID: brand.id, memberID: refereeID, kind: "referral.joined",
                                  summary: title, data: data.merging(["role": "referee"]) { $1 }, initiatedByMember: true, at: now, on: sql)
        try await timeline.append(organisationID: brand.organisationID, brandID: brand.id, memberID: referrerID, kind: "referral.joined",
                                  summary: title, data: data.merging(["role": "referrer"]) { $1 }, initiatedByMember: false, at: now, on: sql)
    }

    /// Puts the member's own invitation link in the outbox (sent when messaging ships).
    private func sendInvitation(activation: Activation, brand: Brand, memberID: Int64, language: String, on sql: any SQLDatabase) async throws {
        guard let address = try await sql.raw("""
            SELECT value FROM member_identities WHERE member_id = \(bind: memberID) AND kind = 'email' ORDER BY id LIMIT 1
            """).first()?.decode(column: "value", as: String.self) else { return }
        let link = ReferralLinks(signer: links.signer).url(memberID: memberID, activation: activation, brand: brand, publicBaseURL: publicBaseURL)
        let title = activation.content.title(language)
        let (subject, body) = language == "en"
            ? ("Invite your friends — \(title)", "Share this personal link with your friends: each friend who joins through it is counted for you.\n\(link)\n")
            : ("Invitez vos amis — \(title)", "Partagez ce lien personnel avec vos amis : chaque ami qui nous rejoint par ce lien vous est compté.\n\(link)\n")
        try await OutboxMessage(organisationID: brand.organisationID, brandID: brand.id, memberID: memberID,
                                recipient: address, subject: subject, body: body, purpose: "referral_invitation").queue(on: sql)
    }
}
