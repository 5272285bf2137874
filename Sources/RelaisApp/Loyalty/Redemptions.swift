import Foundation
import SQLKit

/// Rewards exchanged for points, and coupons used at the till.
///
/// A redemption takes one item of stock, spends the points and gives a coupon, all in one
/// transaction: the stock update holds the reward's row, so concurrent redemptions of the last
/// items are ordered and exactly the stock is given. A coupon is redeemed once, by one update
/// that only matches an unused, unexpired coupon.
struct Redemptions: Sendable {
    let database: Database
    let rewards: RewardStore
    let ledger: PointsLedger
    let settings: LoyaltySettingsStore
    let timeline: Timeline
    let audit: AuditLog
    let tiers: TierTracker

    /// What a redemption gave.
    struct Receipt: Sendable {
        var coupon: Coupon
        var entry: PointsEntry?
        var replayed: Bool
    }

    /// Exchanges `reward` for the member's points.
    func redeem(rewardID: Int64, memberID: Int64, idempotencyKey: String?, access: BrandAccess, now: Int64 = Clock.nowMillis()) async throws -> Receipt {
        do {
            return try await database.transaction { sql in
                try await LoyaltyActions.requireVisible(memberID, access: access, on: sql)
                if let key = idempotencyKey, let earlier = try await coupon(brandID: access.brandID, idempotencyKey: key, on: sql) {
                    guard earlier.memberID == memberID, earlier.rewardID == rewardID else {
                        throw AppError.conflict("This Idempotency-Key was already used for another redemption.")
                    }
                    return Receipt(coupon: earlier, entry: nil, replayed: true)
                }
                let reward = try await rewards.reward(rewardID, brandID: access.brandID, on: sql)
                try await requireTier(reward, memberID: memberID, brandID: access.brandID, now: now, on: sql)
                try await takeOne(reward, now: now, on: sql)
                let validity = try await settings.settings(brandID: access.brandID, on: sql).pointsValidityDays
                let spend = PointsMovement(kind: .spend, points: -reward.costPoints, reason: reward.name, source: "reward",
                                           sourceRef: "reward:\(reward.id)", idempotencyKey: nil)
                let posting = try await ledger.post(spend, memberID: memberID, brandID: access.brandID, organisationID: access.organisationID,
                                                    validityDays: validity, recordedBy: access.actor.label, now: now, on: sql)
                let coupon = try await issue(reward, memberID: memberID, entryID: posting.entry.id, idempotencyKey: idempotencyKey,
                                             organisationID: access.organisationID, now: now, on: sql)
                try await timeline.append(organisationID: access.organisationID, brandID: access.brandID, memberID: memberID,
                                          kind: "reward.redeemed", summary: reward.name,
                                          data: ["reward": String(reward.id), "points": String(reward.costPoints)],
                                          initiatedByMember: access.actor.kind == "member", at: now, on: sql)
                return Receipt(coupon: coupon, entry: posting.entry, replayed: false)
            }
        } catch where UniqueViolation.matches(error) {
            throw AppError.conflict("This Idempotency-Key was already used for another redemption.")
        }
    }

    /// The coupon with this code, as a till checks it before redeeming.
    func coupon(code: String, access: BrandAccess) async throws -> Coupon {
        guard let normalised = CouponCode.normalised(code) else { throw AppError.notFound("coupon") }
        return try await database.readOnly { sql in
            guard let coupon = try await coupon(brandID: access.brandID, code: normalised, on: sql) else { throw AppError.notFound("coupon") }
            return coupon
        }
    }

    /// The member's coupons, newest first.
    func coupons(memberID: Int64, access: BrandAccess, page: PageRequest) async throws -> (items: [Coupon], nextCursor: String?) {
        try await database.readOnly { sql in
            try await LoyaltyActions.requireVisible(memberID, access: access, on: sql)
            let cursor: SQLQueryString = page.afterID.map { "AND c.id < \(bind: $0)" } ?? ""
            let items = try await sql.raw("""
                SELECT c.*, r.name AS reward_name FROM coupons c LEFT JOIN rewards r ON r.id = c.reward_id
                WHERE c.brand_id = \(bind: access.brandID) AND c.member_id = \(bind: memberID) \(cursor)
                ORDER BY c.id DESC LIMIT \(bind: page.limit + 1)
                """).all().map(Self.coupon)
            return page.trimmed(items, id: \.id)
        }
    }

    /// A till's redemption of a coupon: once only, before it expires.
    func redeemAtTill(code: String, unitID: Int64?, amountCents: Int64?, reference: String?, at: Int64?,
                      access: BrandAccess, now: Int64 = Clock.nowMillis()) async throws -> Coupon {
        guard let normalised = CouponCode.normalised(code) else { throw AppError.notFound("coupon") }
        let when = at ?? now
        return try await database.transaction { sql in
            let unit = access.unitID ?? unitID
            if let unit {
                guard try await sql.raw("SELECT 1 AS found FROM units WHERE id = \(bind: unit) AND brand_id = \(bind: access.brandID)").first() != nil else {
                    throw AppError.invalid("unitId", "is not a unit of this brand")
                }
            }
            let updated = try await sql.raw("""
                UPDATE coupons SET status = 'redeemed', redeemed_at = \(bind: when), redeemed_unit_id = \(bind: unit),
                    redeemed_amount_cents = \(bind: amountCents), redeemed_reference = \(bind: reference)
                WHERE brand_id = \(bind: access.brandID) AND code = \(bind: normalised) AND status = 'issued' AND expires_at > \(bind: when)
                RETURNING id
                """).first()
            guard let coupon = try await coupon(brandID: access.brandID, code: normalised, on: sql) else { throw AppError.notFound("coupon") }
            guard updated != nil else {
                if coupon.status == .redeemed {
                    throw AppError(status: .conflict, code: "coupon_already_redeemed", title: "Already redeemed",
                                   detail: "This coupon was redeemed on \(Clock.iso(coupon.redeemedAt ?? 0)).")
                }
                throw AppError(status: .unprocessableContent, code: "coupon_expired", title: "Coupon expired",
                               detail: "This coupon expired on \(Clock.iso(coupon.expiresAt)).")
            }
            var data = ["coupon": String(coupon.id)]
            if let unit { data["unit"] = String(unit) }
            if let amountCents { data["amountCents"] = String(amountCents) }
            if let activation = coupon.activationID { data["activation"] = String(activation) }
            try await timeline.append(organisationID: access.organisationID, brandID: access.brandID, memberID: coupon.memberID,
                                      kind: "coupon.redeemed", summary: coupon.rewardName ?? coupon.code, data: data, at: when, on: sql)
            // Web-to-store: the shop visit is credited to the member whose share link brought the entrant.
            if let sharer = coupon.sharerMemberID {
                var credit = data
                credit["entrant"] = String(coupon.memberID)
                try await timeline.append(organisationID: access.organisationID, brandID: access.brandID, memberID: sharer,
                                          kind: "share.store_visit", summary: coupon.rewardName ?? coupon.code, data: credit, at: when, on: sql)
            }
            try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                   action: "coupon.redeemed", targetKind: "coupon", targetID: coupon.id, details: data, on: sql)
            return coupon
        }
    }

    // MARK: - Steps

    /// Gives a reward without spending points (staff thanking a member): one item of stock and a
    /// coupon, inside the caller's transaction. Tier rules do not apply to a gift.
    func grant(rewardID: Int64, memberID: Int64, brandID: Int64, organisationID: Int64, idempotencyKey: String? = nil, now: Int64,
               on sql: any SQLDatabase) async throws -> Coupon {
        let reward = try await rewards.reward(rewardID, brandID: brandID, on: sql)
        try await takeOne(reward, now: now, on: sql)
        return try await issue(reward, memberID: memberID, entryID: nil, idempotencyKey: idempotencyKey, organisationID: organisationID, now: now, on: sql)
    }

    /// Refuses a reward kept for a tier the member has not reached.
    private func requireTier(_ reward: Reward, memberID: Int64, brandID: Int64, now: Int64, on sql: any SQLDatabase) async throws {
        guard let required = reward.minimumTier else { return }
        let ladder = try await tiers.settings.ladder(brandID: brandID, on: sql)
        let held = try await tiers.tier(memberID: memberID, brandID: brandID, now: now, on: sql).tier
        guard ladder.reaches(held, required: required) else {
            throw AppError(status: .unprocessableContent, code: "tier_required", title: "Tier not reached",
                           detail: "The reward \(reward.name) is kept for members of the tier \(required) and above"
                               + (held.map { "; this member is \($0.name)." } ?? "; this member has no tier yet."))
        }
    }

    private func takeOne(_ reward: Reward, now: Int64, on sql: any SQLDatabase) async throws {
        guard reward.status == .active else {
            throw AppError(status: .unprocessableContent, code: "reward_retired", title: "Reward no longer offered",
                           detail: "The reward \(reward.name) is no longer offered.")
        }
        let taken = try await sql.raw("""
            UPDATE rewards SET stock = CASE WHEN stock IS NULL THEN NULL ELSE stock - 1 END, redeemed = redeemed + 1, updated_at = \(bind: now)
            WHERE id = \(bind: reward.id) AND status = 'active' AND (stock IS NULL OR stock > 0)
            RETURNING id
            """).first()
        guard taken != nil else {
            throw AppError(status: .unprocessableContent, code: "out_of_stock", title: "Out of stock",
                           detail: "The reward \(reward.name) is out of stock.")
        }
    }

    private func issue(_ reward: Reward, memberID: Int64, entryID: Int64?, idempotencyKey: String?, organisationID: Int64, now: Int64,
                       on sql: any SQLDatabase) async throws -> Coupon {
        let expires = now + Int64(reward.couponValidityDays) * Clock.dayMillis
        func insert(_ code: String) async throws -> Int64? {
            try await sql.raw("""
                INSERT INTO coupons (organisation_id, brand_id, member_id, reward_id, code, status, points_entry_id, idempotency_key, issued_at, expires_at)
                VALUES (\(bind: organisationID), \(bind: reward.brandID), \(bind: memberID), \(bind: reward.id), \(bind: code), 'issued',
                    \(bind: entryID), \(bind: idempotencyKey), \(bind: now), \(bind: expires))
                ON CONFLICT (brand_id, code) DO NOTHING
                RETURNING id
                """).first().map { try $0.decode(column: "id", as: Int64.self) }
        }
        var couponID: Int64?
        switch reward.codes {
        case .generated:
            // 60 random bits: a collision is so rare that three draws always suffice.
            for _ in 0..<3 where couponID == nil {
                couponID = try await insert(CouponCode.normalised(CouponCode.generate()) ?? "")
            }
        case .list:
            guard let free = try await sql.raw("""
                SELECT id, code FROM reward_codes WHERE reward_id = \(bind: reward.id) AND coupon_id IS NULL ORDER BY id LIMIT 1
                """).first() else {
                throw AppError(status: .unprocessableContent, code: "out_of_codes", title: "No codes left",
                               detail: "All the imported codes of \(reward.name) have been given; import more.")
            }
            couponID = try await insert(try free.decode(column: "code", as: String.self))
            if let couponID {
                try await sql.raw("UPDATE reward_codes SET coupon_id = \(bind: couponID) WHERE id = \(bind: try free.decode(column: "id", as: Int64.self))").run()
            }
        }
        guard let couponID else { throw AppError.conflict("This code is already held by another coupon of the brand.") }
        guard let coupon = try await sql.raw("""
            SELECT c.*, r.name AS reward_name FROM coupons c LEFT JOIN rewards r ON r.id = c.reward_id WHERE c.id = \(bind: couponID)
            """).first().map(Self.coupon) else { throw AppError.notFound("coupon") }
        return coupon
    }

    private func coupon(brandID: Int64, code: String, on sql: any SQLDatabase) async throws -> Coupon? {
        try await sql.raw("""
            SELECT c.*, r.name AS reward_name FROM coupons c LEFT JOIN rewards r ON r.id = c.reward_id
            WHERE c.brand_id = \(bind: brandID) AND c.code = \(bind: code)
            """).first().map(Self.coupon)
    }

    private func coupon(brandID: Int64, idempotencyKey: String, on sql: any SQLDatabase) async throws -> Coupon? {
        try await sql.raw("""
            SELECT c.*, r.name AS reward_name FROM coupons c LEFT JOIN rewards r ON r.id = c.reward_id
            WHERE c.brand_id = \(bind: brandID) AND c.idempotency_key = \(bind: idempotencyKey)
            """).first().map(Self.coupon)
    }

    static func coupon(_ row: any SQLRow) throws -> Coupon {
        Coupon(id: try row.decode(column: "id", as: Int64.self), brandID: try row.decode(column: "brand_id", as: Int64.self),
               memberID: try row.decode(column: "member_id", as: Int64.self), rewardID: try row.decode(column: "reward_id", as: Int64?.self),
               rewardName: try row.decode(column: "reward_name", as: String?.self), code: try row.decode(column: "code", as: String.self),
               status: CouponStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .issued,
               issuedAt: try row.decode(column: "issued_at", as: Int64.self), expiresAt: try row.decode(column: "expires_at", as: Int64.self),
               redeemedAt: try row.decode(column: "redeemed_at", as: Int64?.self), redeemedUnitID: try row.decode(column: "redeemed_unit_id", as: Int64?.self),
               redeemedAmountCents: try row.decode(column: "redeemed_amount_cents", as: Int64?.self),
               redeemedReference: try row.decode(column: "redeemed_reference", as: String?.self),
               activationID: try row.decode(column: "activation_id", as: Int64?.self),
               sharerMemberID: try row.decode(column: "sharer_member_id", as: Int64?.self))
    }
}
