import SQLKit

/// Community figures counted from the tables, for what the counters do not keep: reactivations
/// after a dormancy other than those of `MemberContribution.dormancyThresholds`. (The tests keep
/// the other figures counted this way, as the reference the counters are compared with.)
/// Only counts leave it. Every query reads one brand through an index that starts with it.
enum CommunityQueries {
    /// Distinct members with an activity in `[from, to)` that followed `dormantDays` without any.
    static func reactivated(brandID: Int64, from: Int64, to: Int64, dormantDays: Int, on sql: any SQLDatabase) async throws -> Int {
        try await ContinuityQueries.count(sql, "SELECT COUNT(DISTINCT member_id) AS n FROM (\(reactivations(brandID: brandID, from: from, to: to, dormantDays: dormantDays))) r")
    }

    /// `member_id, happened_at` of the activities in `[from, to)` that ended a dormancy.
    static func reactivations(brandID: Int64, from: Int64, to: Int64, dormantDays: Int) -> SQLQueryString {
        let dormant = Int64(dormantDays) * Clock.dayMillis
        return """
            SELECT a.member_id, a.happened_at FROM (\(CommunityActivity.rows(brandID: brandID, from: from, to: to))) a
            JOIN member_brands mb ON mb.member_id = a.member_id AND mb.brand_id = \(bind: brandID)
            WHERE mb.first_seen_at <= a.happened_at - \(bind: dormant)
              AND \(CommunityActivity.dormantBefore(member: "a.member_id", at: "a.happened_at", brandID: brandID, dormantMillis: dormant))
            """
    }

    /// a `member_id` column; `distinct` counts members once per month.
    static func perMonth(_ rows: SQLQueryString, grid: MonthGrid, distinct: Bool, on sql: any SQLDatabase) async throws -> [Int] {
        var counts = Array(repeating: 0, count: grid.count)
        let counted: SQLQueryString = distinct ? "COUNT(DISTINCT member_id)" : "COUNT(*)"
        for row in try await sql.raw("SELECT bucket, \(counted) AS n FROM (\(rows)) t WHERE bucket >= 0 GROUP BY bucket").all() {
            let bucket = try row.decode(column: "bucket", as: Int.self)
            if counts.indices.contains(bucket) { counts[bucket] = try row.decode(column: "n", as: Int.self) }
        }
        return counts
    }

    /// Reactivations of each month of `grid`.
    static func reactivationRows(brandID: Int64, grid: MonthGrid, dormantDays: Int) -> SQLQueryString {
        """
        SELECT member_id, \(CommunityActivity.month("happened_at", in: grid)) AS bucket
        FROM (\(reactivations(brandID: brandID, from: grid.starts[0], to: grid.starts[grid.count], dormantDays: dormantDays))) r
        """
    }
}
