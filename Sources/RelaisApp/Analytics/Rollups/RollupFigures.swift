import SQLKit

/// The brand overview's community figures read from the counters (`MemberContribution` says
/// what each one holds): a few index range sums per figure, whatever the size of the brand
/// (`RollupSums` turns instants into UTC days and gathers the sums of several figures).
enum RollupFigures {
    /// Members of the brand at `at` (first seen before it, not erased before it, not merged away).
    static func members(brandID: Int64, at: Int64, on sql: any SQLDatabase) async throws -> Int {
        try await one(brandID, on: sql) { $0.members(at: at) }
    }

    /// Members first seen by the brand in `[from, to)`.
    static func newMembers(brandID: Int64, from: Int64, to: Int64, on sql: any SQLDatabase) async throws -> Int {
        try await one(brandID, on: sql) { $0.newMembers(from: from, to: to) }
    }

    /// Distinct members with an activity in `[from, to)`.
    static func active(brandID: Int64, from: Int64, to: Int64, on sql: any SQLDatabase) async throws -> Int {
        try await one(brandID, on: sql) { $0.active(from: from, to: to) }
    }

    /// Distinct members with an activity in `[from, to)` that ended `dormantDays` of dormancy,
    /// or nil when that dormancy is not pre-aggregated.
    static func reactivated(brandID: Int64, from: Int64, to: Int64, dormantDays: Int, on sql: any SQLDatabase) async throws -> Int? {
        var sums = RollupSums(brandID: brandID)
        guard let figure = sums.reactivated(from: from, to: to, dormantDays: dormantDays) else { return nil }
        return try await sums.read(on: sql).int(figure)
    }

    /// Distinct members who unsubscribed in `[from, to)`.
    static func unsubscribes(brandID: Int64, from: Int64, to: Int64, on sql: any SQLDatabase) async throws -> Int {
        try await one(brandID, on: sql) { $0.unsubscribes(from: from, to: to) }
    }

    /// Members of the brand erased on their request in `[from, to)`.
    static func erasures(brandID: Int64, from: Int64, to: Int64, on sql: any SQLDatabase) async throws -> Int {
        try await one(brandID, on: sql) { $0.erasures(from: from, to: to) }
    }

    /// Points spent on rewards in `[from, to)`.
    static func pointsSpent(brandID: Int64, from: Int64, to: Int64, on sql: any SQLDatabase) async throws -> Int64 {
        var sums = RollupSums(brandID: brandID)
        let figure = sums.pointsSpent(from: from, to: to)
        return try await sums.read(on: sql)[figure]
    }

    private static func one(_ brandID: Int64, on sql: any SQLDatabase, _ figure: (inout RollupSums) -> RollupSums.Figure) async throws -> Int {
        var sums = RollupSums(brandID: brandID)
        let asked = figure(&sums)
        return try await sums.read(on: sql).int(asked)
    }

    /// Per month of `grid`: members who joined, members who left, points spent — day counters
    /// summed per month in the database (a CASE over the months' first days), a row per month and metric.
    static func monthly(brandID: Int64, grid: MonthGrid, on sql: any SQLDatabase) async throws -> (joined: [Int], left: [Int], spent: [Int64]) {
        var joined = Array(repeating: 0, count: grid.count), left = joined, spent = Array(repeating: Int64(0), count: grid.count)
        let days = grid.starts.map(RollupCalendar.day)
        var bucket = SQLQueryString("CASE")
        for index in 0..<grid.count { bucket = "\(bucket) WHEN a < \(bind: days[index + 1]) THEN \(unsafeRaw: String(index))" }
        bucket = "\(bucket) END"
        for row in try await sql.raw("""
            SELECT metric, \(bucket) AS m, CAST(SUM(n) AS BIGINT) AS n FROM rollup_counts
            WHERE brand_id = \(bind: brandID) AND metric IN ('\(unsafeRaw: RollupMetric.joined.rawValue)', '\(unsafeRaw: RollupMetric.left.rawValue)', '\(unsafeRaw: RollupMetric.pointsSpent.rawValue)')
              AND scope = 0 AND a >= \(bind: days[0]) AND a < \(bind: days[grid.count])
            GROUP BY metric, m
            """).all() {
            let index = try row.decode(column: "m", as: Int.self)
            guard (0..<grid.count).contains(index) else { continue }
            let n = try row.decode(column: "n", as: Int64.self)
            switch RollupMetric(rawValue: try row.decode(column: "metric", as: String.self)) {
            case .joined: joined[index] = Int(n)
            case .left: left[index] = Int(n)
            case .pointsSpent: spent[index] = n
            default: break
            }
        }
        return (joined, left, spent)
    }

    /// Distinct active members per month of `grid`, and distinct reactivated ones (nil when the
    /// dormancy is not pre-aggregated): a member has one pair per active month, so a month's
    /// pairs, whatever the previous month, count its members once.
    static func monthlyActivity(brandID: Int64, grid: MonthGrid, dormantDays: Int, on sql: any SQLDatabase) async throws -> (active: [Int], reactivated: [Int]?) {
        let first = RollupCalendar.month(grid.starts[0])
        let threshold = Int64(dormantDays)
        let keeps = MemberContribution.dormancyThresholds.contains(threshold)
        var active = Array(repeating: 0, count: grid.count), reactivated = active
        for row in try await sql.raw("""
            SELECT metric, a, CAST(SUM(n) AS BIGINT) AS n FROM rollup_counts
            WHERE brand_id = \(bind: brandID) AND scope = 0 AND a >= \(bind: first) AND a < \(bind: first + Int64(grid.count))
              AND ((metric = '\(unsafeRaw: RollupMetric.activeMonth.rawValue)' AND c = 0) OR (metric = '\(unsafeRaw: RollupMetric.reactivatedMonth.rawValue)' AND c = \(bind: threshold)))
            GROUP BY metric, a
            """).all() {
            let index = Int(try row.decode(column: "a", as: Int64.self) - first)
            guard active.indices.contains(index) else { continue }
            let n = Int(try row.decode(column: "n", as: Int64.self))
            if try row.decode(column: "metric", as: String.self) == RollupMetric.activeMonth.rawValue { active[index] = n } else { reactivated[index] = n }
        }
        return (active, keeps ? reactivated : nil)
    }

    /// Cohorts of `grid`: for members first seen in month i, how many were active in month j ≥ i, as `[i][j - i]`.
    static func cohortActivity(brandID: Int64, grid: MonthGrid, on sql: any SQLDatabase) async throws -> [[Int]] {
        var matrix = (0..<grid.count).map { Array(repeating: 0, count: grid.count - $0) }
        let first = RollupCalendar.month(grid.starts[0]), end = first + Int64(grid.count)
        for row in try await sql.raw("""
            SELECT a, b, CAST(SUM(n) AS BIGINT) AS n FROM rollup_counts
            WHERE brand_id = \(bind: brandID) AND metric = \(bind: RollupMetric.cohort.rawValue) AND scope = 0
              AND a >= \(bind: first) AND a < \(bind: end) AND b < \(bind: end)
            GROUP BY a, b
            """).all() {
            let cohort = Int(try row.decode(column: "a", as: Int64.self) - first), month = Int(try row.decode(column: "b", as: Int64.self) - first)
            if matrix.indices.contains(cohort), matrix[cohort].indices.contains(month - cohort) {
                matrix[cohort][month - cohort] = Int(try row.decode(column: "n", as: Int64.self))
            }
        }
        return matrix
    }

    /// The months `[first, end)` when `from` and `to` both start a month.
    static func monthRange(from: Int64, to: Int64) -> Range<Int64>? {
        let first = RollupCalendar.month(from), end = RollupCalendar.month(to)
        guard RollupCalendar.firstDay(ofMonth: first) * Clock.dayMillis == from,
              RollupCalendar.firstDay(ofMonth: end) * Clock.dayMillis == to, first < end else { return nil }
        return first..<end
    }
}
