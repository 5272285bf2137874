import SQLKit
@testable import RelaisApp

/// The brand overview's community figures counted from scratch from the tables, as docs/ROI.md
/// defines them: the reference the pre-aggregated figures (`RollupFigures`) are compared with.
extension CommunityQueries {
    /// Members of the brand at `at`: first seen before it, neither erased before it nor merged into another profile.
    static func members(brandID: Int64, at: Int64, on sql: any SQLDatabase) async throws -> Int {
        try await ContinuityQueries.count(sql, """
            SELECT COUNT(*) AS n FROM member_brands mb JOIN members m ON m.id = mb.member_id
            WHERE mb.brand_id = \(bind: brandID) AND mb.first_seen_at < \(bind: at) AND m.merged_into_id IS NULL
              AND (m.erased_at IS NULL OR m.erased_at >= \(bind: at))
            """)
    }

    /// Members first seen by the brand in `[from, to)` (merged-away profiles excluded).
    static func newMembers(brandID: Int64, from: Int64, to: Int64, on sql: any SQLDatabase) async throws -> Int {
        try await ContinuityQueries.count(sql, """
            SELECT COUNT(*) AS n FROM member_brands mb JOIN members m ON m.id = mb.member_id
            WHERE mb.brand_id = \(bind: brandID) AND mb.first_seen_at >= \(bind: from) AND mb.first_seen_at < \(bind: to) AND m.merged_into_id IS NULL
            """)
    }

    /// Distinct members with an activity in `[from, to)`.
    static func active(brandID: Int64, from: Int64, to: Int64, on sql: any SQLDatabase) async throws -> Int {
        try await ContinuityQueries.count(sql, "SELECT COUNT(DISTINCT member_id) AS n FROM (\(CommunityActivity.rows(brandID: brandID, from: from, to: to))) a")
    }

    /// Unsubscribes in `[from, to)`: members with a withdrawal of a marketing consent that had been

    /// granted, after which none of their marketing consents for the brand was granted. Withdrawals

    /// written by an erasure are erasures, not unsubscribes.
    static func unsubscribes(brandID: Int64, from: Int64, to: Int64, on sql: any SQLDatabase) async throws -> Int {
        try await ContinuityQueries.count(sql, """
            SELECT COUNT(DISTINCT w.member_id) AS n FROM consent_records w JOIN consent_purposes p ON p.id = w.purpose_id AND p.is_marketing = 1
            WHERE w.brand_id = \(bind: brandID) AND w.status = 'withdrawn' AND w.source_kind <> 'erasure'
              AND w.recorded_at >= \(bind: from) AND w.recorded_at < \(bind: to)
              AND EXISTS (SELECT 1 FROM consent_records g WHERE g.member_id = w.member_id AND g.brand_id = w.brand_id
                          AND g.purpose_id = w.purpose_id AND g.channel = w.channel AND g.id < w.id AND g.status = 'granted'
                          AND NOT EXISTS (SELECT 1 FROM consent_records q WHERE q.member_id = g.member_id AND q.brand_id = g.brand_id
                                          AND q.purpose_id = g.purpose_id AND q.channel = g.channel AND q.id > g.id AND q.id < w.id))
              AND NOT EXISTS (SELECT 1 FROM consent_records g JOIN consent_purposes gp ON gp.id = g.purpose_id AND gp.is_marketing = 1
                          WHERE g.member_id = w.member_id AND g.brand_id = w.brand_id AND g.id < w.id AND g.status = 'granted'
                          AND NOT EXISTS (SELECT 1 FROM consent_records q WHERE q.member_id = g.member_id AND q.brand_id = g.brand_id
                                          AND q.purpose_id = g.purpose_id AND q.channel = g.channel AND q.id > g.id AND q.id <= w.id))
            """)
    }

    /// Members of the brand erased on their request in `[from, to)`, counted from the audit log.
    static func erasures(organisationID: Int64, brandID: Int64, from: Int64, to: Int64, on sql: any SQLDatabase) async throws -> Int {
        try await ContinuityQueries.count(sql, """
            SELECT COUNT(DISTINCT l.target_id) AS n FROM audit_log l
            WHERE l.organisation_id = \(bind: organisationID) AND l.action = 'member.erased' AND l.at >= \(bind: from) AND l.at < \(bind: to)
              AND l.target_id IN (SELECT member_id FROM member_brands WHERE brand_id = \(bind: brandID))
            """)
    }

    /// Points spent on rewards in `[from, to)`.
    static func pointsSpent(brandID: Int64, from: Int64, to: Int64, on sql: any SQLDatabase) async throws -> Int64 {
        try await sql.raw("""
            SELECT CAST(COALESCE(SUM(-points), 0) AS BIGINT) AS n FROM points_entries
            WHERE brand_id = \(bind: brandID) AND kind = 'spend' AND occurred_at >= \(bind: from) AND occurred_at < \(bind: to)
            """).first()?.decode(column: "n", as: Int64.self) ?? 0
    }

    /// A count per month of `grid` from `rows`, a query with a `bucket` column (month index) and

    /// Members first seen in each month of `grid` (merged-away profiles excluded): the cohorts' sizes.
    static func joinedRows(brandID: Int64, grid: MonthGrid) -> SQLQueryString {
        """
        SELECT mb.member_id, \(CommunityActivity.month("mb.first_seen_at", in: grid)) AS bucket FROM member_brands mb JOIN members m ON m.id = mb.member_id
        WHERE mb.brand_id = \(bind: brandID) AND mb.first_seen_at >= \(bind: grid.starts[0]) AND mb.first_seen_at < \(bind: grid.starts[grid.count])
          AND m.merged_into_id IS NULL
        """
    }

    /// Members erased (or anonymised) in each month of `grid`: they leave the community that month.
    static func leftRows(brandID: Int64, grid: MonthGrid) -> SQLQueryString {
        """
        SELECT mb.member_id, \(CommunityActivity.month("m.erased_at", in: grid)) AS bucket FROM member_brands mb JOIN members m ON m.id = mb.member_id
        WHERE mb.brand_id = \(bind: brandID) AND m.erased_at >= \(bind: grid.starts[0]) AND m.erased_at < \(bind: grid.starts[grid.count])
          AND m.merged_into_id IS NULL
        """
    }

    /// Activities of each month of `grid`.
    static func activityRows(brandID: Int64, grid: MonthGrid) -> SQLQueryString {
        """
        SELECT member_id, \(CommunityActivity.month("happened_at", in: grid)) AS bucket
        FROM (\(CommunityActivity.rows(brandID: brandID, from: grid.starts[0], to: grid.starts[grid.count]))) a
        """
    }

    /// Points spent in each month of `grid`.
    static func pointsSpent(brandID: Int64, grid: MonthGrid, on sql: any SQLDatabase) async throws -> [Int64] {
        var points = Array(repeating: Int64(0), count: grid.count)
        for row in try await sql.raw("""
            SELECT bucket, CAST(SUM(-points) AS BIGINT) AS n FROM (
              SELECT points, \(CommunityActivity.month("occurred_at", in: grid)) AS bucket FROM points_entries
              WHERE brand_id = \(bind: brandID) AND kind = 'spend' AND occurred_at >= \(bind: grid.starts[0]) AND occurred_at < \(bind: grid.starts[grid.count])) t
            WHERE bucket >= 0 GROUP BY bucket
            """).all() {
            let bucket = try row.decode(column: "bucket", as: Int.self)
            if points.indices.contains(bucket) { points[bucket] = try row.decode(column: "n", as: Int64?.self) ?? 0 }
        }
        return points
    }

    /// Cohorts of `grid`: for members first seen in month i, how many were active in month j ≥ i, as `[i][j - i]`.
    static func cohortActivity(brandID: Int64, grid: MonthGrid, on sql: any SQLDatabase) async throws -> [[Int]] {
        var matrix = (0..<grid.count).map { Array(repeating: 0, count: grid.count - $0) }
        for row in try await sql.raw("""
            SELECT c.bucket AS cohort, a.bucket AS month, COUNT(DISTINCT c.member_id) AS n
            FROM (\(joinedRows(brandID: brandID, grid: grid))) c JOIN (\(activityRows(brandID: brandID, grid: grid))) a
              ON a.member_id = c.member_id AND a.bucket >= c.bucket
            WHERE c.bucket >= 0
            GROUP BY c.bucket, a.bucket
            """).all() {
            let cohort = try row.decode(column: "cohort", as: Int.self), month = try row.decode(column: "month", as: Int.self)
            if matrix.indices.contains(cohort), matrix[cohort].indices.contains(month - cohort) {
                matrix[cohort][month - cohort] = try row.decode(column: "n", as: Int.self)
            }
        }
        return matrix
    }
}
