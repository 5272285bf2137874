import Foundation
import Logging
import SQLKit

/// Activations' store offers: set by staff, given to entrants as coupons, followed to the till.
struct StoreOffers: Sendable {
    let database: Database
    let redemptions: Redemptions
    let rewards: RewardStore
    let timeline: Timeline
    let audit: AuditLog
    let logger: Logger
    /// Offers (and their absence) by activation: every accepted entry asks, and most activations
    /// have none. A change made on this node is seen at once, on another within the lifetime.
    let offers = ExpiringCache<Int64, StoreOffer?>(lifetimeMillis: 15_000)

    /// The activation's offer, if any.
    func offer(activationID: Int64) async throws -> StoreOffer? {
        let cached = try await offers.value(for: activationID) {
            .some(try await database.readOnly { sql in try await offer(activationID: activationID, on: sql) })
        }
        return cached ?? nil
    }

    /// Sets the activation's offer; the reward must be an active reward of the activation's brand.
    func save(rewardID: Int64?, audience: String?, activation: Activation, access: BrandAccess, now: Int64 = Clock.nowMillis()) async throws -> StoreOffer {
        try access.require(.manageActivations)
        var errors: [FieldError] = []
        let parsedAudience = audience.map { StoreOfferAudience(rawValue: $0) } ?? .entrants
        if parsedAudience == nil {
            errors.append(FieldError("audience", "must be one of \(StoreOfferAudience.allCases.map(\.rawValue).joined(separator: ", "))"))
        } else if parsedAudience == .instantWinners && activation.kind != .instantWin {
            errors.append(FieldError("audience", "instant_winners only applies to instant-win activations"))
        }
        if rewardID == nil { errors.append(FieldError("rewardId", "is required")) }
        guard errors.isEmpty, let rewardID, let parsedAudience else { throw AppError.validation(errors) }
        let saved = try await database.transaction { sql in
            let reward: Reward
            do { reward = try await rewards.reward(rewardID, brandID: activation.brandID, on: sql) } catch {
                throw AppError.invalid("rewardId", "is not a reward of this brand")
            }
            guard reward.status == .active else { throw AppError.invalid("rewardId", "is a reward no longer offered") }
            try await sql.raw("""
                INSERT INTO activation_store_offers (activation_id, organisation_id, brand_id, reward_id, audience, created_at, updated_at)
                VALUES (\(bind: activation.id), \(bind: activation.organisationID), \(bind: activation.brandID), \(bind: rewardID),
                        \(bind: parsedAudience.rawValue), \(bind: now), \(bind: now))
                ON CONFLICT (activation_id) DO UPDATE SET reward_id = excluded.reward_id, audience = excluded.audience, updated_at = excluded.updated_at
                """).run()
            try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                   action: "activation.store_offer.saved", targetKind: "activation", targetID: activation.id,
                                   details: ["reward": String(rewardID), "audience": parsedAudience.rawValue], on: sql)
            guard let saved = try await offer(activationID: activation.id, on: sql) else { throw AppError.notFound("store offer") }
            return saved
        }
        // After the commit, so that no entry caches the old offer again in between.
        offers.remove(activation.id)
        return saved
    }

    /// Stops giving coupons; those already given stay valid.
    func remove(activation: Activation, access: BrandAccess) async throws {
        try access.require(.manageActivations)
        try await database.transaction { sql in
            guard try await sql.raw("DELETE FROM activation_store_offers WHERE activation_id = \(bind: activation.id) RETURNING activation_id").first() != nil else {
                throw AppError.notFound("store offer")
            }
            try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                   action: "activation.store_offer.removed", targetKind: "activation", targetID: activation.id, details: [:], on: sql)
        }
        offers.remove(activation.id)
    }

    /// Gives the entrant of an accepted entry the activation's coupon, once per member and
    /// activation, crediting the sharer whose link brought them (never a self-referral).
    /// Never fails the entry: an offer out of stock is logged and the entry stands.
    @discardableResult
    func issue(receipt: EntryReceipt, activation: Activation, now: Int64 = Clock.nowMillis()) async -> Coupon? {
        guard !receipt.replayed, let memberID = receipt.memberID else { return nil }
        return await issue(entryID: receipt.entryID, memberID: memberID, activation: activation, confirmationPending: receipt.confirmationRequired,
                           wonPrize: receipt.instantWin?.prize != nil, now: now)
    }

    /// Gives the coupon of an entry that counts from now on (after its e-mail confirmation).
    @discardableResult
    func issue(entryID: Int64, memberID: Int64, activation: Activation, confirmationPending: Bool = false, wonPrize: Bool,
               now: Int64 = Clock.nowMillis()) async -> Coupon? {
        do {
            guard let offer = try await offer(activationID: activation.id),
                  offer.gives(confirmationPending: confirmationPending, wonPrize: wonPrize) else { return nil }
            let key = StoreOffer.couponKey(activationID: activation.id, memberID: memberID)
            return try await database.transaction { sql in
                if try await sql.raw("SELECT id FROM coupons WHERE brand_id = \(bind: activation.brandID) AND idempotency_key = \(bind: key)").first() != nil {
                    return nil
                }
                let credit = try await sql.raw("""
                    SELECT last_sharer_id, self_referral FROM share_attributions WHERE entry_id = \(bind: entryID)
                    """).first()
                let sharer: Int64? = try credit.flatMap { row in
                    try row.decode(column: "self_referral", as: Int.self) == 0 ? try row.decode(column: "last_sharer_id", as: Int64.self) : nil
                }
                let coupon = try await redemptions.grant(rewardID: offer.rewardID, memberID: memberID, brandID: activation.brandID,
                                                         organisationID: activation.organisationID, idempotencyKey: key, now: now, on: sql)
                try await sql.raw("""
                    UPDATE coupons SET activation_id = \(bind: activation.id), activation_entry_id = \(bind: entryID), sharer_member_id = \(bind: sharer)
                    WHERE id = \(bind: coupon.id)
                    """).run()
                try await timeline.append(organisationID: activation.organisationID, brandID: activation.brandID, memberID: memberID,
                                          kind: "coupon.issued", summary: coupon.rewardName ?? coupon.code,
                                          data: ["coupon": String(coupon.id), "activation": String(activation.id)], at: now, on: sql)
                try await send(coupon, activation: activation, on: sql)
                var issued = coupon
                issued.activationID = activation.id
                issued.sharerMemberID = sharer
                return issued
            }
        } catch where UniqueViolation.matches(error) {
            return nil // The same member's concurrent entry took the coupon.
        } catch {
            logger.warning("Store coupon not given", metadata: ["activation": "\(activation.id)", "entry": "\(entryID)", "error": "\(error)"])
            return nil
        }
    }

    /// What the activation's coupons did in the shops.
    func report(activation: Activation) async throws -> StoreOfferReport {
        try await database.readOnly { sql in
            var report = StoreOfferReport()
            if let totals = try await sql.raw("""
                SELECT COUNT(*) AS issued,
                       SUM(CASE WHEN status = 'redeemed' THEN 1 ELSE 0 END) AS redeemed,
                       CAST(SUM(CASE WHEN status = 'redeemed' THEN COALESCE(redeemed_amount_cents, 0) ELSE 0 END) AS BIGINT) AS revenue,
                       SUM(CASE WHEN status = 'redeemed' AND sharer_member_id IS NOT NULL THEN 1 ELSE 0 END) AS shared
                FROM coupons WHERE activation_id = \(bind: activation.id) AND brand_id = \(bind: activation.brandID)
                """).first() {
                report.issued = try totals.decode(column: "issued", as: Int.self)
                report.redeemed = try totals.decode(column: "redeemed", as: Int?.self) ?? 0
                report.revenueCents = try totals.decode(column: "revenue", as: Int64?.self) ?? 0
                report.redeemedThroughSharers = try totals.decode(column: "shared", as: Int?.self) ?? 0
            }
            report.topSharers = try await sql.raw("""
                SELECT c.sharer_member_id AS member_id, m.first_name, m.last_name, COUNT(*) AS visits,
                       CAST(SUM(COALESCE(c.redeemed_amount_cents, 0)) AS BIGINT) AS revenue
                FROM coupons c JOIN members m ON m.id = c.sharer_member_id
                WHERE c.activation_id = \(bind: activation.id) AND c.brand_id = \(bind: activation.brandID) AND c.status = 'redeemed'
                GROUP BY c.sharer_member_id, m.first_name, m.last_name
                ORDER BY visits DESC, c.sharer_member_id LIMIT 10
                """).all().map { row in
                StoreOfferReport.Sharer(memberID: try row.decode(column: "member_id", as: Int64.self),
                                        publicName: PublicName.of(firstName: try row.decode(column: "first_name", as: String?.self),
                                                                  lastName: try row.decode(column: "last_name", as: String?.self)),
                                        storeVisits: try row.decode(column: "visits", as: Int.self),
                                        revenueCents: try row.decode(column: "revenue", as: Int64?.self) ?? 0)
            }
            return report
        }
    }

    /// Puts the coupon e-mail in the outbox, in the member's language, to their first e-mail address.
    private func send(_ coupon: Coupon, activation: Activation, on sql: any SQLDatabase) async throws {
        guard let row = try await sql.raw("""
            SELECT i.value, m.language, b.name AS brand_name, b.default_language FROM member_identities i
            JOIN members m ON m.id = i.member_id JOIN brands b ON b.id = \(bind: activation.brandID)
            WHERE i.member_id = \(bind: coupon.memberID) AND i.kind = 'email' ORDER BY i.id LIMIT 1
            """).first() else { return }
        let language = try row.decode(column: "language", as: String?.self) ?? row.decode(column: "default_language", as: String.self)
        let letter = StoreCouponLetter(brandName: try row.decode(column: "brand_name", as: String.self),
                                       activationTitle: activation.content.title(language), rewardName: coupon.rewardName ?? "",
                                       couponCode: CouponDTO.display(coupon.code), expiresAt: coupon.expiresAt, english: language == "en")
        try await OutboxMessage(organisationID: activation.organisationID, brandID: activation.brandID, memberID: coupon.memberID,
                                recipient: try row.decode(column: "value", as: String.self), subject: letter.subject, body: letter.body,
                                purpose: "store_coupon", createdAt: coupon.issuedAt).queue(on: sql)
    }

    private func offer(activationID: Int64, on sql: any SQLDatabase) async throws -> StoreOffer? {
        try await sql.raw("""
            SELECT activation_id, reward_id, audience, created_at, updated_at FROM activation_store_offers WHERE activation_id = \(bind: activationID)
            """).first().map { row in
            StoreOffer(activationID: try row.decode(column: "activation_id", as: Int64.self), rewardID: try row.decode(column: "reward_id", as: Int64.self),
                       audience: StoreOfferAudience(rawValue: try row.decode(column: "audience", as: String.self)) ?? .entrants,
                       createdAt: try row.decode(column: "created_at", as: Int64.self), updatedAt: try row.decode(column: "updated_at", as: Int64.self))
        }
    }
}
