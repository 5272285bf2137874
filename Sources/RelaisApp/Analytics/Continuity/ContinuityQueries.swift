import SQLKit

/// Continuity of an activation — its acquired members followed into the brand's later
/// activations, the known participants it brought back from dormancy — from its pre-aggregated
/// figures, with the list of later activations and, for a dormancy the counters do not keep,
/// reactivations counted from the tables. Only counts leave it.
enum ContinuityQueries {
    /// Days without activity after which a member is dormant, unless asked otherwise.
    static let defaultDormantDays = 180
    /// Later activations listed one by one (N+1 … N+6); `returnedAny` covers them all.
    static let laterShown = 6

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
        continuity.later = shownLater(of: activation, opened: opened).enumerated().map { position, later in
            var later = later
            later.position = position + 1
            later.returned = figures.returned[later.activationID]?.0 ?? 0
            later.returnedDirect = figures.returned[later.activationID]?.1 ?? 0
            return later
        }
        continuity.returnedAny = figures.returnedAny
        continuity.returnedAnyDirect = figures.returnedAnyDirect
        if MemberContribution.dormancyThresholds.contains(Int64(dormantDays)) {
            continuity.reactivated = figures.reactivated
        } else {
            continuity.reactivated = try await reactivated(activation, dormantDays: dormantDays, on: sql)
        }
        return continuity
    }

    /// The later activations listed one by one after `activation`, in opening order.
    static func shownLater(of activation: Activation, opened: [ActivationContinuity.Later]) -> ArraySlice<ActivationContinuity.Later> {
        opened.filter { $0.opensAt > activation.opensAt || ($0.opensAt == activation.opensAt && $0.activationID > activation.id) }.prefix(laterShown)
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
