import Foundation

/// The stretch of time a brand overview covers, in UTC: a month (`2026-11`), a quarter
/// (`2026-Q4`), a year (`2026`) or custom days (`from`–`to`, both included).
struct ReportPeriod: Sendable, Equatable {
    /// First instant, epoch milliseconds.
    var from: Int64
    /// First instant after the period (exclusive).
    var to: Int64
    /// The period as written in the API (`2026-11`, `2026-Q4`, `2026`, `2026-01-15..2026-02-10`).
    var label: String

    /// Longest custom period, in days: five years.
    static let maximumDays: Int64 = 5 * 366

    /// The period asked for by `period` (or `from` and `to`), the current year when nothing is asked.
    static func parse(period: String?, from: String?, to: String?, now: Int64) -> Result<ReportPeriod, AppError> {
        let text = (period ?? "").trimmingCharacters(in: .whitespaces)
        if from != nil || to != nil || text == "custom" {
            guard let from, let start = Clock.parseDay(from) else { return .failure(.invalid("from", "must be a day written YYYY-MM-DD")) }
            guard let to, let last = Clock.parseDay(to) else { return .failure(.invalid("to", "must be a day written YYYY-MM-DD")) }
            guard last >= start else { return .failure(.invalid("to", "must not be before from")) }
            guard (last - start) / Clock.dayMillis < maximumDays else { return .failure(.invalid("to", "must be at most five years after from")) }
            return .success(ReportPeriod(from: start, to: last + Clock.dayMillis, label: "\(from)..\(to)"))
        }
        if text.isEmpty {
            let year = MonthGrid.components(now).year
            return .success(ReportPeriod(from: MonthGrid.start(year: year, month: 1), to: MonthGrid.start(year: year + 1, month: 1), label: String(year)))
        }
        let problem = AppError.invalid("period", "must be a month (2026-11), a quarter (2026-Q4), a year (2026) or custom with from and to")
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let year = Int(parts[0]), parts[0].count == 4, (1970...9998).contains(year) else { return .failure(problem) }
        if parts.count == 1 {
            return .success(ReportPeriod(from: MonthGrid.start(year: year, month: 1), to: MonthGrid.start(year: year + 1, month: 1), label: text))
        }
        guard parts.count == 2 else { return .failure(problem) }
        if parts[1].count == 2, parts[1].first == "Q", let quarter = Int(parts[1].dropFirst()), (1...4).contains(quarter) {
            let first = 3 * (quarter - 1) + 1
            return .success(ReportPeriod(from: MonthGrid.start(year: year, month: first), to: MonthGrid.start(year: year, month: first + 3), label: text))
        }
        guard parts[1].count == 2, let month = Int(parts[1]), (1...12).contains(month) else { return .failure(problem) }
        return .success(ReportPeriod(from: MonthGrid.start(year: year, month: month), to: MonthGrid.start(year: year, month: month + 1), label: text))
    }

    /// The instant the figures "at the end" are taken: the period's end, or now when it has not ended.
    func asOf(now: Int64) -> Int64 { min(to, now) }
}

/// Calendar months in UTC, as epoch milliseconds: where a month starts, and the months a chart shows.
struct MonthGrid: Sendable, Equatable {
    /// Start of each month, then the start of the month after the last one (`starts.count == months + 1`).
    var starts: [Int64]

    /// Number of months.
    var count: Int { starts.count - 1 }

    /// The months of a chart ending with the period's last month: every month of the period, and at
    /// least the `minimum` months up to its end so that a month's overview still shows a trend.
    static func ending(with period: ReportPeriod, minimum: Int = 12) -> MonthGrid {
        let last = components(period.to - 1)
        let first = components(period.from)
        let spanned = (last.year - first.year) * 12 + last.month - first.month + 1
        let months = max(spanned, minimum)
        let startIndex = last.year * 12 + (last.month - 1) - (months - 1)
        return MonthGrid(starts: (0...months).map { offset in
            let index = startIndex + offset
            return start(year: index / 12, month: index % 12 + 1)
        })
    }

    /// `YYYY-MM` of month `index`.
    func label(_ index: Int) -> String {
        let c = Self.components(starts[index])
        return String(format: "%04d-%02d", c.year, c.month)
    }

    /// Epoch milliseconds of the first instant of a month (months past 12 roll into the next years).
    static func start(year: Int, month: Int) -> Int64 {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = calendar.date(from: DateComponents(year: year + (month - 1) / 12, month: (month - 1) % 12 + 1, day: 1)) ?? Date(timeIntervalSince1970: 0)
        return Clock.millis(date)
    }

    /// Year and month (1–12) of an instant, in UTC.
    static func components(_ millis: Int64) -> (year: Int, month: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month], from: Clock.date(millis))
        return (parts.year ?? 1970, parts.month ?? 1)
    }
}
