import Foundation

/// Time as Relais stores it: milliseconds since 1970 in UTC, the same on SQLite and PostgreSQL.
enum Clock {
    /// The current time in epoch milliseconds.
    static func nowMillis() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }

    /// Epoch milliseconds of a date.
    static func millis(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// The date of epoch milliseconds.
    static func date(_ millis: Int64) -> Date {
        Date(timeIntervalSince1970: Double(millis) / 1000)
    }

    /// ISO 8601 text of epoch milliseconds, as the API shows times.
    static func iso(_ millis: Int64) -> String {
        date(millis).formatted(.iso8601)
    }

    /// Epoch milliseconds of ISO 8601 text such as `2026-12-24T18:00:00Z`; nil when it is not one.
    static func parseISO(_ text: String) -> Int64? {
        (try? Date(text, strategy: .iso8601)).map(millis)
    }

    /// Epoch milliseconds of midnight UTC of a day written `YYYY-MM-DD`; nil when it is not one.
    static func parseDay(_ text: String) -> Int64? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...9999).contains(year), (1...12).contains(month), (1...31).contains(day) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day)
        guard components.isValidDate(in: calendar), let date = calendar.date(from: components) else { return nil }
        return millis(date)
    }

    /// One day in milliseconds.
    static let dayMillis: Int64 = 86_400_000
}
