import SQLKit

/// The rewards catalogue of each brand.
struct RewardStore: Sendable {
    let database: Database

    func list(brandID: Int64, status: RewardStatus?, page: PageRequest) async throws -> (items: [Reward], nextCursor: String?) {
        try await database.readOnly { sql in
            let cursor: SQLQueryString = page.afterID.map { "AND id < \(bind: $0)" } ?? ""
            let filter: SQLQueryString = status.map { "AND status = \(bind: $0.rawValue)" } ?? ""
            let items = try await sql.raw("""
                SELECT * FROM rewards WHERE brand_id = \(bind: brandID) \(filter) \(cursor) ORDER BY id DESC LIMIT \(bind: page.limit + 1)
                """).all().map(Self.reward)
            return page.trimmed(items, id: \.id)
        }
    }

    func reward(_ id: Int64, brandID: Int64, on sql: any SQLDatabase) async throws -> Reward {
        guard let row = try await sql.raw("SELECT * FROM rewards WHERE id = \(bind: id) AND brand_id = \(bind: brandID)").first() else {
            throw AppError.notFound("reward")
        }
        return try Self.reward(row)
    }

    func create(_ draft: RewardDraft, brandID: Int64, organisationID: Int64, on sql: any SQLDatabase) async throws -> Reward {
        let now = Clock.nowMillis()
        let row = try await sql.raw("""
            INSERT INTO rewards (organisation_id, brand_id, name, description, cost_points, stock, codes, coupon_validity_days, status,
                minimum_tier, created_at, updated_at)
            VALUES (\(bind: organisationID), \(bind: brandID), \(bind: draft.name), \(bind: draft.description), \(bind: draft.costPoints),
                \(bind: draft.stock), \(bind: draft.codes.rawValue), \(bind: draft.couponValidityDays), \(bind: draft.status.rawValue),
                \(bind: draft.minimumTier), \(bind: now), \(bind: now))
            RETURNING id
            """).first()
        return try await reward(try row?.decode(column: "id", as: Int64.self) ?? 0, brandID: brandID, on: sql)
    }

    func update(_ id: Int64, _ draft: RewardDraft, brandID: Int64, on sql: any SQLDatabase) async throws -> Reward {
        let current = try await reward(id, brandID: brandID, on: sql)
        if current.codes != draft.codes && current.redeemed > 0 {
            throw AppError.invalid("codes", "cannot change once the reward has been redeemed")
        }
        try await sql.raw("""
            UPDATE rewards SET name = \(bind: draft.name), description = \(bind: draft.description), cost_points = \(bind: draft.costPoints),
                stock = \(bind: draft.stock), codes = \(bind: draft.codes.rawValue), coupon_validity_days = \(bind: draft.couponValidityDays),
                status = \(bind: draft.status.rawValue), minimum_tier = \(bind: draft.minimumTier), updated_at = \(bind: Clock.nowMillis())
            WHERE id = \(bind: id) AND brand_id = \(bind: brandID)
            """).run()
        return try await reward(id, brandID: brandID, on: sql)
    }

    /// Adds codes to a list reward; codes already there are skipped. Returns (added, skipped, free codes now).
    func importCodes(_ codes: [String], rewardID: Int64, on sql: any SQLDatabase) async throws -> (added: Int, skipped: Int, available: Int) {
        var added = 0
        for code in codes {
            let row = try await sql.raw("""
                INSERT INTO reward_codes (reward_id, code) VALUES (\(bind: rewardID), \(bind: code))
                ON CONFLICT (reward_id, code) DO NOTHING RETURNING id
                """).first()
            if row != nil { added += 1 }
        }
        return (added, codes.count - added, try await availableCodes(rewardID: rewardID, on: sql))
    }

    func availableCodes(rewardID: Int64, on sql: any SQLDatabase) async throws -> Int {
        let row = try await sql.raw("SELECT COUNT(*) AS n FROM reward_codes WHERE reward_id = \(bind: rewardID) AND coupon_id IS NULL").first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }

    static func reward(_ row: any SQLRow) throws -> Reward {
        Reward(id: try row.decode(column: "id", as: Int64.self), brandID: try row.decode(column: "brand_id", as: Int64.self),
               name: try row.decode(column: "name", as: String.self), description: try row.decode(column: "description", as: String.self),
               costPoints: try row.decode(column: "cost_points", as: Int64.self), stock: try row.decode(column: "stock", as: Int?.self),
               codes: RewardCodes(rawValue: try row.decode(column: "codes", as: String.self)) ?? .generated,
               couponValidityDays: try row.decode(column: "coupon_validity_days", as: Int.self),
               status: RewardStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .retired,
               minimumTier: try row.decode(column: "minimum_tier", as: String?.self),
               redeemed: try row.decode(column: "redeemed", as: Int.self),
               createdAt: try row.decode(column: "created_at", as: Int64.self), updatedAt: try row.decode(column: "updated_at", as: Int64.self))
    }
}
