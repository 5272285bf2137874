import SQLKit
@testable import RelaisApp

/// Continuity counted from scratch from the tables, as docs/ROI.md defines it: the reference the
/// pre-aggregated continuity is compared with.
extension ContinuityQueries {
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
}
