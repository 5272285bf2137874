import SQLKit

/// The SQL of continuity: an activation's acquired members followed into the brand's later
/// activations, and the known participants it brought back from dormancy. Only counts leave it.
enum ContinuityQueries {
    /// Days without activity after which a member is dormant, unless asked otherwise.
    static let defaultDormantDays = 180
    /// Later activations listed one by one (N+1 … N+6); `returnedAny` covers them all.
    static let laterShown = 6

    /// Continuity of `activation` at `now`.
    static func continuity(of activation: Activation, dormantDays: Int = defaultDormantDays, now: Int64 = Clock.nowMillis(),
                           on sql: any SQLDatabase) async throws -> ActivationContinuity {
        let a = activation.id, b = activation.brandID
        var continuity = ActivationContinuity(dormantDays: dormantDays)
        // Acquired: participants who were not members of the brand before their first entry (the report's new members).
        let acquired: SQLQueryString = """
            SELECT f.member_id FROM (SELECT member_id, MIN(created_at) AS first_at FROM activation_entries
                  WHERE activation_id = \(bind: a) AND brand_id = \(bind: b) GROUP BY member_id
                  HAVING SUM(CASE WHEN status = 'valid' THEN 1 ELSE 0 END) > 0) f
            LEFT JOIN member_brands mb ON mb.member_id = f.member_id AND mb.brand_id = \(bind: b)
            WHERE mb.first_seen_at IS NULL OR mb.first_seen_at >= f.first_at
            """
        continuity.acquired = try await count(sql, "SELECT COUNT(*) AS n FROM (\(acquired)) q")
        let later: SQLQueryString = """
            SELECT id FROM activations WHERE brand_id = \(bind: b) AND status <> 'draft' AND opens_at <= \(bind: now)
              AND (opens_at > \(bind: activation.opensAt) OR (opens_at = \(bind: activation.opensAt) AND id > \(bind: a)))
            """
        let next = try await sql.raw("""
            SELECT id, title_fr, title_en, opens_at FROM activations WHERE id IN (\(later)) ORDER BY opens_at, id LIMIT \(unsafeRaw: String(laterShown))
            """).all()
        var counts: [Int64: (Int, Int)] = [:]
        if !next.isEmpty {
            let ids = SQLList(try next.map { SQLBind(try $0.decode(column: "id", as: Int64.self)) })
            for row in try await sql.raw("""
                SELECT e.activation_id AS activation, COUNT(DISTINCT e.member_id) AS returned,
                       COUNT(DISTINCT CASE WHEN t.id IS NULL THEN e.member_id END) AS direct
                FROM activation_entries e LEFT JOIN share_attributions t ON t.entry_id = e.id
                WHERE e.activation_id IN (\(ids)) AND e.status = 'valid' AND e.member_id IN (\(acquired))
                GROUP BY e.activation_id
                """).all() {
                counts[try row.decode(column: "activation", as: Int64.self)] = (try row.decode(column: "returned", as: Int.self),
                                                                                try row.decode(column: "direct", as: Int.self))
            }
        }
        continuity.later = try next.enumerated().map { position, row in
            let id = try row.decode(column: "id", as: Int64.self)
            return ActivationContinuity.Later(position: position + 1, activationID: id, titleFR: try row.decode(column: "title_fr", as: String.self),
                                              titleEN: try row.decode(column: "title_en", as: String.self),
                                              opensAt: try row.decode(column: "opens_at", as: Int64.self),
                                              returned: counts[id]?.0 ?? 0, returnedDirect: counts[id]?.1 ?? 0)
        }
        if let row = try await sql.raw("""
            SELECT COUNT(DISTINCT e.member_id) AS returned, COUNT(DISTINCT CASE WHEN t.id IS NULL THEN e.member_id END) AS direct
            FROM activation_entries e LEFT JOIN share_attributions t ON t.entry_id = e.id
            WHERE e.brand_id = \(bind: b) AND e.activation_id IN (\(later)) AND e.status = 'valid' AND e.member_id IN (\(acquired))
            """).first() {
            continuity.returnedAny = try row.decode(column: "returned", as: Int.self)
            continuity.returnedAnyDirect = try row.decode(column: "direct", as: Int.self)
        }
        continuity.reactivated = try await reactivated(activation, dormantDays: dormantDays, on: sql)
        return continuity
    }

    /// Known participants whose first valid entry came after `dormantDays` without any activity for the brand, counted from the tables.
    static func reactivated(_ activation: Activation, dormantDays: Int, on sql: any SQLDatabase) async throws -> Int {
        let a = activation.id, b = activation.brandID
        let dormant = Int64(dormantDays) * Clock.dayMillis
        return try await count(sql, """
            SELECT COUNT(*) AS n FROM (SELECT member_id, MIN(created_at) AS first_at FROM activation_entries
                  WHERE activation_id = \(bind: a) AND brand_id = \(bind: b) AND status = 'valid' GROUP BY member_id) f
            JOIN member_brands mb ON mb.member_id = f.member_id AND mb.brand_id = \(bind: b)
            WHERE mb.first_seen_at <= f.first_at - \(bind: dormant)
              AND \(CommunityActivity.dormantBefore(member: "f.member_id", at: "f.first_at", brandID: b, dormantMillis: dormant))
            """)
    }

    /// Continuity of `activation` from its pre-aggregated figures and the brand's `opened`
    /// activations; only reactivations for a dormancy that is not kept are read from the tables.
    static func continuity(of activation: Activation, figures: RollupActivationFigures.Figures, opened: [ActivationContinuity.Later],
                           dormantDays: Int = defaultDormantDays, on sql: any SQLDatabase) async throws -> ActivationContinuity {
        var continuity = ActivationContinuity(dormantDays: dormantDays)
        continuity.acquired = figures.outcomes.participants - figures.outcomes.knownMembers
        let next = opened.filter { $0.opensAt > activation.opensAt || ($0.opensAt == activation.opensAt && $0.activationID > activation.id) }
        continuity.later = next.prefix(laterShown).enumerated().map { position, later in
            var later = later
            later.position = position + 1
            later.returned = figures.returned[later.activationID]?.0 ?? 0
            later.returnedDirect = figures.returned[later.activationID]?.1 ?? 0
            return later
        }
        continuity.returnedAny = figures.returnedAny
        continuity.returnedAnyDirect = figures.returnedAnyDirect
        if let reactivated = figures.reactivated[Int64(dormantDays)] {
            continuity.reactivated = reactivated
        } else if MemberContribution.dormancyThresholds.contains(Int64(dormantDays)) {
            continuity.reactivated = 0
        } else {
            continuity.reactivated = try await reactivated(activation, dormantDays: dormantDays, on: sql)
        }
        return continuity
    }

    /// The brand's activations already opened at `now` (not drafts), in opening order.
    static func opened(brandID: Int64, now: Int64, on sql: any SQLDatabase) async throws -> [ActivationContinuity.Later] {
        try await sql.raw("""
            SELECT id, title_fr, title_en, opens_at FROM activations WHERE brand_id = \(bind: brandID) AND status <> 'draft' AND opens_at <= \(bind: now)
            ORDER BY opens_at, id
            """).all().map { row in
            ActivationContinuity.Later(position: 0, activationID: try row.decode(column: "id", as: Int64.self),
                                       titleFR: try row.decode(column: "title_fr", as: String.self), titleEN: try row.decode(column: "title_en", as: String.self),
                                       opensAt: try row.decode(column: "opens_at", as: Int64.self), returned: 0, returnedDirect: 0)
        }
    }

    static func count(_ sql: any SQLDatabase, _ query: SQLQueryString) async throws -> Int {
        try await sql.raw(query).first()?.decode(column: "n", as: Int.self) ?? 0
    }
}
