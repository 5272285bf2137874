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
        // Written from the calendar arithmetic for years 1970 to 9999, the times Relais keeps: the
        // same text as Foundation's ISO 8601 style, which every answer paid for before (times before
        // 1970 or after 9999 still go through it).
        guard millis >= 0, millis < 253_402_300_800_000 else { return date(millis).formatted(.iso8601) }
        let seconds = millis / 1000
        let (days, time) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let (year, month, day) = civil(days: days)
        return String(unsafeUninitializedCapacity: 20) { buffer in
            func put(_ value: Int64, digits: Int, at start: Int) {
                var value = value
                for index in stride(from: start + digits - 1, through: start, by: -1) {
                    buffer[index] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
            }
            put(year, digits: 4, at: 0)
            put(month, digits: 2, at: 5)
            put(day, digits: 2, at: 8)
            put(time / 3600, digits: 2, at: 11)
            put(time / 60 % 60, digits: 2, at: 14)
            put(time % 60, digits: 2, at: 17)
            for (index, byte) in [(4, "-"), (7, "-"), (10, "T"), (13, ":"), (16, ":"), (19, "Z")] as [(Int, Unicode.Scalar)] {
                buffer[index] = UInt8(byte.value)
            }
            return 20
        }
    }

    /// Year, month and day of a count of days since 1970-01-01 (not negative), in the proleptic
    /// Gregorian calendar (H. Hinnant's `civil_from_days`).
    private static func civil(days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = z / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
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
