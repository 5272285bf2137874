import Foundation
import SQLKit

/// The brand's most engaged members: leaderboards of points earned, and the thanks staff send them.
struct Ambassadors: Sendable {
    let database: Database
    let ledger: PointsLedger
    let settings: LoyaltySettingsStore
    let redemptions: Redemptions
    let timeline: Timeline
    let audit: AuditLog
    let spaceLinks: MemberSpaceLinks

    /// Ledger source of points given as thanks. They are left out of leaderboards, so that
    /// thanking the top members does not keep them at the top.
    static let thanksSource = "thanks"

    /// The members who earned the most points over `period`, optionally only points earned
    /// through one activation; erased and merged-away members never appear.
    func leaderboard(access: BrandAccess, period: LeaderboardPeriod, activationID: Int64?, limit: Int) async throws -> [LeaderboardLine] {
        try await database.readOnly { sql in
            let activation: SQLQueryString = activationID.map { "AND p.activation_ref = \(bind: String($0))" } ?? ""
            let rows = try await sql.raw("""
                SELECT p.member_id, m.first_name, m.last_name, CAST(SUM(p.points) AS BIGINT) AS points, COUNT(*) AS earnings, MAX(p.occurred_at) AS reached_at
                FROM points_entries p JOIN members m ON m.id = p.member_id
                WHERE p.brand_id = \(bind: access.brandID) AND p.kind = 'earn' AND p.occurred_at >= \(bind: period.from)
                  AND p.occurred_at < \(bind: period.to) AND p.source <> \(bind: Self.thanksSource) \(activation) AND \(MemberStore.visible(access))
                GROUP BY p.member_id, m.first_name, m.last_name
                ORDER BY SUM(p.points) DESC, MAX(p.occurred_at) ASC, p.member_id ASC
                LIMIT \(bind: limit)
                """).all()
            return Leaderboard.ranked(try rows.map { row in
                Leaderboard.Total(memberID: try row.decode(column: "member_id", as: Int64.self),
                                  firstName: try row.decode(column: "first_name", as: String?.self),
                                  lastName: try row.decode(column: "last_name", as: String?.self),
                                  points: try row.decode(column: "points", as: Int64.self),
                                  earnings: try row.decode(column: "earnings", as: Int.self),
                                  reachedAt: try row.decode(column: "reached_at", as: Int64.self))
            })
        }
    }

    /// Thanks each member with points, a reward, or both, and tells them by e-mail: all or
    /// nothing, in one transaction. Returns what each member was given.
    func thank(_ thanks: AmbassadorThanks, brand: Brand, access: BrandAccess, now: Int64 = Clock.nowMillis()) async throws -> [ThanksReceipt] {
        try access.require(.manageLoyalty)
        if thanks.rewardID != nil, access.unitID != nil {
            throw AppError.forbidden("The rewards catalogue belongs to the brand, not to one unit: a unit thanks with points.")
        }
        return try await database.transaction { sql in
            let validity = try await settings.settings(brandID: brand.id, on: sql).pointsValidityDays
            var receipts: [ThanksReceipt] = []
            for memberID in thanks.memberIDs {
                try await LoyaltyActions.requireVisible(memberID, access: access, on: sql)
                var receipt = ThanksReceipt(memberID: memberID)
                if let points = thanks.points {
                    let movement = PointsMovement(kind: .earn, points: points, reason: thanks.reason, source: Self.thanksSource,
                                                  sourceRef: nil, idempotencyKey: nil)
                    receipt.pointsEntryID = try await ledger.post(movement, memberID: memberID, brandID: brand.id, organisationID: brand.organisationID,
                                                                  validityDays: validity, recordedBy: access.actor.label, now: now, on: sql).entry.id
                }
                if let rewardID = thanks.rewardID {
                    receipt.coupon = try await redemptions.grant(rewardID: rewardID, memberID: memberID, brandID: brand.id,
                                                                 organisationID: brand.organisationID, now: now, on: sql)
                }
                receipt.notified = try await notify(receipt, thanks: thanks, brand: brand, now: now, on: sql)
                let thanksID = try await sql.raw("""
                    INSERT INTO ambassador_thanks (organisation_id, brand_id, member_id, points, points_entry_id, reward_id, coupon_id, message,
                        thanked_by, thanked_at)
                    VALUES (\(bind: brand.organisationID), \(bind: brand.id), \(bind: memberID), \(bind: thanks.points), \(bind: receipt.pointsEntryID),
                        \(bind: thanks.rewardID), \(bind: receipt.coupon?.id), \(bind: thanks.message), \(bind: access.actor.label), \(bind: now))
                    RETURNING id
                    """).first()?.decode(column: "id", as: Int64.self)
                receipt.thanksID = thanksID ?? 0
                var data = ["thanks": String(receipt.thanksID)]
                if let points = thanks.points { data["points"] = String(points) }
                if let coupon = receipt.coupon { data["reward"] = coupon.rewardID.map(String.init) ?? "" }
                try await timeline.append(organisationID: brand.organisationID, brandID: brand.id, memberID: memberID, kind: "ambassador.thanked",
                                          summary: thanks.reason, data: data, at: now, on: sql)
                try await audit.record(organisationID: brand.organisationID, brandID: brand.id, actor: access.actor, action: "ambassador.thanked",
                                       targetKind: "member", targetID: memberID, details: data, on: sql)
                receipts.append(receipt)
            }
            return receipts
        }
    }

    /// The thank-you e-mail, in the member's language, to their first e-mail address; false when they have none.
    /// It is a message about what the member was given, not marketing: it needs no marketing consent.
    private func notify(_ receipt: ThanksReceipt, thanks: AmbassadorThanks, brand: Brand, now: Int64, on sql: any SQLDatabase) async throws -> Bool {
        guard let row = try await sql.raw("""
            SELECT i.value, m.language FROM member_identities i JOIN members m ON m.id = i.member_id
            WHERE i.member_id = \(bind: receipt.memberID) AND i.kind = 'email' ORDER BY i.id LIMIT 1
            """).first() else { return false }
        let address = try row.decode(column: "value", as: String.self)
        let english = (try row.decode(column: "language", as: String?.self) ?? brand.defaultLanguage) == "en"
        let letter = ThanksLetter(brandName: brand.name, message: thanks.message, points: thanks.points,
                                  rewardName: receipt.coupon?.rewardName, couponCode: receipt.coupon.map { CouponDTO.display($0.code) },
                                  couponExpiresAt: receipt.coupon?.expiresAt, english: english,
                                  spaceURL: spaceLinks.link(memberID: receipt.memberID, brand: brand, now: now).url)
        try await OutboxMessage(organisationID: brand.organisationID, brandID: brand.id, memberID: receipt.memberID,
                                recipient: address, subject: letter.subject, body: letter.body, purpose: "ambassador_thanks", createdAt: now).queue(on: sql)
        return true
    }

    /// The thanks sent by the brand, newest first.
    func thanksSent(access: BrandAccess, page: PageRequest) async throws -> (items: [SentThanks], nextCursor: String?) {
        try await database.readOnly { sql in
            let cursor: SQLQueryString = page.afterID.map { "AND t.id < \(bind: $0)" } ?? ""
            let rows = try await sql.raw("""
                SELECT t.*, m.first_name, m.last_name, r.name AS reward_name FROM ambassador_thanks t
                JOIN members m ON m.id = t.member_id LEFT JOIN rewards r ON r.id = t.reward_id
                WHERE t.brand_id = \(bind: access.brandID) AND \(MemberStore.visible(access)) \(cursor)
                ORDER BY t.id DESC LIMIT \(bind: page.limit + 1)
                """).all()
            let items = try rows.map { row in
                SentThanks(id: try row.decode(column: "id", as: Int64.self), memberID: try row.decode(column: "member_id", as: Int64.self),
                           firstName: try row.decode(column: "first_name", as: String?.self), lastName: try row.decode(column: "last_name", as: String?.self),
                           points: try row.decode(column: "points", as: Int64?.self), rewardName: try row.decode(column: "reward_name", as: String?.self),
                           message: try row.decode(column: "message", as: String.self), thankedBy: try row.decode(column: "thanked_by", as: String.self),
                           thankedAt: try row.decode(column: "thanked_at", as: Int64.self))
            }
            return page.trimmed(items, id: \.id)
        }
    }
}
