import SQLKit

/// Range sums of the brand's counters gathered into one statement (a UNION ALL of index range
/// sums): the overview asks for a dozen figures, and on PostgreSQL each statement is a round
/// trip. A figure is a sum of parts minus others (members at an instant: joined − left). Keep
/// it to a dozen or so parts: PostgreSQL plans each one, at a fraction of a millisecond apiece.
struct RollupSums: Sendable {
    let brandID: Int64
    private var parts: [SQLQueryString] = []

    init(brandID: Int64) { self.brandID = brandID }

    /// A figure: the sum of the `plus` parts minus the `minus` parts.
    struct Figure: Sendable {
        var plus: [Int] = []
        var minus: [Int] = []
    }

    /// The parts' values once read.
    struct Values: Sendable {
        let parts: [Int64]
        subscript(figure: Figure) -> Int64 {
            figure.plus.reduce(0) { $0 + parts[$1] } - figure.minus.reduce(0) { $0 + parts[$1] }
        }
        func int(_ figure: Figure) -> Int { Int(self[figure]) }
    }

    // The community figures (`RollupFigures` says what each is). Instants become UTC days: a range
    // `[from, to)` covers the days from the first that starts at or after `from` to the last that
    // starts before `to`; month-aligned ranges read month pairs.

    mutating func members(at: Int64) -> Figure {
        let end = RollupCalendar.dayCeiling(at)
        let joined = sum(.joined, from: Int64.min, to: end), left = sum(.left, from: Int64.min, to: end)
        return Figure(plus: joined.plus, minus: left.plus)
    }

    mutating func newMembers(from: Int64, to: Int64) -> Figure {
        sum(.joined, from: RollupCalendar.dayCeiling(from), to: RollupCalendar.dayCeiling(to))
    }

    mutating func active(from: Int64, to: Int64) -> Figure {
        if let months = RollupFigures.monthRange(from: from, to: to) {
            return distinct(.activeMonth, from: months.lowerBound, to: months.upperBound, c: 0)
        }
        return distinct(.activeDay, from: RollupCalendar.dayCeiling(from), to: RollupCalendar.dayCeiling(to), c: 0)
    }

    /// Nil when the dormancy is not pre-aggregated.
    mutating func reactivated(from: Int64, to: Int64, dormantDays: Int) -> Figure? {
        let threshold = Int64(dormantDays)
        guard MemberContribution.dormancyThresholds.contains(threshold) else { return nil }
        if let months = RollupFigures.monthRange(from: from, to: to) {
            return distinct(.reactivatedMonth, from: months.lowerBound, to: months.upperBound, c: threshold)
        }
        return distinct(.reactivatedDay, from: RollupCalendar.dayCeiling(from), to: RollupCalendar.dayCeiling(to), c: threshold)
    }

    mutating func unsubscribes(from: Int64, to: Int64) -> Figure {
        distinct(.unsubscribed, from: RollupCalendar.dayCeiling(from), to: RollupCalendar.dayCeiling(to), c: 0)
    }

    mutating func erasures(from: Int64, to: Int64) -> Figure {
        distinct(.erased, from: RollupCalendar.dayCeiling(from), to: RollupCalendar.dayCeiling(to), c: 0)
    }

    mutating func pointsSpent(from: Int64, to: Int64) -> Figure {
        sum(.pointsSpent, from: RollupCalendar.dayCeiling(from), to: RollupCalendar.dayCeiling(to))
    }

    /// Σ n of a metric over `a ∈ [from, to)`.
    mutating func sum(_ metric: RollupMetric, from: Int64, to: Int64) -> Figure {
        Figure(plus: [add(metric, from: from, to: to, extra: "")])
    }

    /// Distinct members of a pair metric over `[from, to)`: the pairs in the range whose previous coordinate is before it.
    mutating func distinct(_ metric: RollupMetric, from: Int64, to: Int64, c: Int64) -> Figure {
        guard from < to else { return Figure() }
        return Figure(plus: [add(metric, from: from, to: to, extra: "AND b < \(bind: from) AND c = \(bind: c)")])
    }

    private mutating func add(_ metric: RollupMetric, from: Int64, to: Int64, extra: SQLQueryString) -> Int {
        let position = parts.count
        parts.append("""
            SELECT \(unsafeRaw: String(position)) AS k, CAST(COALESCE(SUM(n), 0) AS BIGINT) AS n FROM rollup_counts
            WHERE brand_id = \(bind: brandID) AND metric = \(bind: metric.rawValue) AND scope = 0 AND a >= \(bind: from) AND a < \(bind: to) \(extra)
            """)
        return position
    }

    /// Reads every part in one statement.
    func read(on sql: any SQLDatabase) async throws -> Values {
        var values = Array(repeating: Int64(0), count: parts.count)
        guard !parts.isEmpty else { return Values(parts: values) }
        for row in try await sql.raw(parts.joined(separator: " UNION ALL ")).all() {
            let position = try row.decode(column: "k", as: Int.self)
            if values.indices.contains(position) { values[position] = try row.decode(column: "n", as: Int64.self) }
        }
        return Values(parts: values)
    }
}
