import Foundation

/// Reads the dates feeds contain, as written in the wild: RFC 822/1123 with any zone name or
/// offset, RFC 3339/ISO 8601 with or without fraction or zone, W3C partial dates (`2010-10`),
/// French, German, Spanish and Italian month names, two-digit years. Garbage gives nil.
public enum FeedDate {
    /// The instant `string` denotes, or nil if it is not a date. A date without zone is taken as UTC.
    public static func date(from string: String) -> Date? {
        let scalars = Array(string.unicodeScalars)
        var start = 0
        while start < scalars.count, scalars[start].properties.isWhitespace { start += 1 }
        guard start < scalars.count else { return nil }
        // A string shaped like ISO 8601 ("2010-10…") is judged by ISO rules alone: a malformed
        // one is rejected rather than half-read by the loose parser.
        let (date, isISOShaped) = isoDate(scalars[start...])
        return isISOShaped ? date : looseDate(scalars[start...])
    }

    // MARK: - RFC 3339 / ISO 8601 / W3CDTF

    private static func isoDate(_ text: ArraySlice<Unicode.Scalar>) -> (Date?, isISOShaped: Bool) {
        var reader = ScalarReader(text)
        guard let year = reader.number(digits: 4...4) else { return (nil, false) }
        if reader.atEnd { return (FeedDateFields(year: year, month: 1, day: 1).date, true) }
        guard reader.skip("-") else { return (nil, false) }
        return (isoDate(year: year, rest: &reader), true)
    }

    private static func isoDate(year: Int, rest reader: inout ScalarReader) -> Date? {
        guard let month = reader.number(digits: 1...2) else { return nil }
        if reader.atEnd { return FeedDateFields(year: year, month: month, day: 1).date }
        guard reader.skip("-"), let day = reader.number(digits: 1...2) else { return nil }
        var fields = FeedDateFields(year: year, month: month, day: day)
        if reader.skip("T") || reader.skip("t") || reader.skipSpaces() {
            if let hour = reader.number(digits: 1...2) {
                fields.hour = hour
                _ = reader.skip(":")
                guard let minute = reader.number(digits: 2...2) else { return nil }
                fields.minute = minute
                if reader.skip(":") || reader.peekIsDigit {
                    guard let second = reader.number(digits: 2...2) else { return nil }
                    fields.second = second
                    if reader.skip(".") || reader.skip(",") { fields.fraction = reader.fraction() }
                }
                _ = reader.skipSpaces()
                if !reader.atEnd {
                    // An unknown trailing word is tolerated (UTC); a malformed offset is not.
                    if let offset = reader.zoneOffset() {
                        fields.offsetSeconds = offset
                    } else if let word = reader.word(), let zone = FeedDateNames.zones[FeedDateNames.fold(word)] {
                        fields.offsetSeconds = zone + (reader.zoneOffset() ?? 0)
                    } else if reader.peekIsSign {
                        return nil
                    }
                }
            }
        }
        return fields.date
    }

    // MARK: - RFC 822 and everything else

    private static func looseDate(_ text: ArraySlice<Unicode.Scalar>) -> Date? {
        var numbers: [Int] = []
        var numberWidths: [Int] = []
        var month: Int?
        var monthMayBeWeekday = false
        var time: (hour: Int, minute: Int, second: Int, fraction: Double)?
        var offset: Int?
        var pm: Bool?

        var reader = ScalarReader(text)
        while !reader.atEnd {
            if let word = reader.word() {
                let key = FeedDateNames.fold(word)
                if let number = FeedDateNames.months[key], month == nil || monthMayBeWeekday {
                    month = number
                    monthMayBeWeekday = FeedDateNames.weekdaysThatAreMonths.contains(key)
                } else if let zone = FeedDateNames.zones[key] {
                    offset = zone + (reader.zoneOffset() ?? 0)  // "GMT+2" is GMT then +2.
                } else if key == "am" || key == "pm" {
                    pm = key == "pm"
                }
            } else if reader.peekIsDigit {
                let digitsStart = reader.index
                guard let number = reader.number(digits: 1...4) else { return nil }
                // "14:32", or the French "14h32".
                if reader.skip(":") || (reader.peekIsSeparator("h") && reader.skip("h")) {
                    guard let minute = reader.number(digits: 1...2) else { return nil }
                    var second = 0
                    var fraction = 0.0
                    // "14:32", or the French "14h32".
                if reader.skip(":") || (reader.peekIsSeparator("h") && reader.skip("h")) {
                        guard let parsed = reader.number(digits: 1...2) else { return nil }
                        second = parsed
                        if reader.skip(".") || reader.skip(",") { fraction = reader.fraction() }
                    }
                    time = (number, minute, second, fraction)
                } else {
                    numbers.append(number)
                    numberWidths.append(reader.index - digitsStart)
                }
            } else if reader.peekIsSignedNumber, time != nil {
                guard let zone = reader.zoneOffset() else { return nil }
                offset = zone
            } else {
                reader.advance()
            }
        }

        guard var fields = dateFields(numbers: numbers, widths: numberWidths, month: month) else { return nil }
        if let time {
            var hour = time.hour
            if let pm {
                guard (1...12).contains(hour) else { return nil }
                hour = hour % 12 + (pm ? 12 : 0)
            }
            fields.hour = hour
            fields.minute = time.minute
            fields.second = time.second
            fields.fraction = time.fraction
        }
        fields.offsetSeconds = offset ?? 0
        return fields.date
    }

    /// Day, month and year from the loose numbers. With a month name, the number that can only be
    /// a year is the year and the other the day. Without one, a four-digit first number means
    /// year-month-day; otherwise day-month-year (French order) unless only month-first makes sense.
    private static func dateFields(numbers: [Int], widths: [Int], month: Int?) -> FeedDateFields? {
        if let month {
            guard numbers.count >= 2 else { return nil }
            let yearIndex = numbers.indices.first { widths[$0] >= 3 || numbers[$0] > 31 } ?? 1
            let dayIndex = yearIndex == 0 ? 1 : 0
            return FeedDateFields(year: fullYear(numbers[yearIndex], width: widths[yearIndex]), month: month, day: numbers[dayIndex])
        }
        guard numbers.count >= 3 else { return nil }
        if widths[0] == 4 {
            return FeedDateFields(year: numbers[0], month: numbers[1], day: numbers[2])
        }
        let year = fullYear(numbers[2], width: widths[2])
        if numbers[0] <= 12, numbers[1] > 12 {
            return FeedDateFields(year: year, month: numbers[0], day: numbers[1])
        }
        return FeedDateFields(year: year, month: numbers[1], day: numbers[0])
    }

    /// RFC 2822's rule for two-digit years: 00–49 are 2000–2049, 50–99 are 1950–1999.
    private static func fullYear(_ year: Int, width: Int) -> Int {
        guard width <= 2 else { return year }
        return year < 50 ? 2000 + year : 1900 + year
    }
}

/// Calendar fields of a date being read, turned into an instant without `Calendar` (proleptic Gregorian).
struct FeedDateFields {
    var year: Int
    var month: Int
    var day: Int
    var hour = 0
    var minute = 0
    var second = 0
    var fraction = 0.0
    var offsetSeconds = 0

    /// The instant, or nil when a field is out of range.
    var date: Date? {
        guard (1900...2999).contains(year), (1...12).contains(month), day >= 1,
              day <= Self.daysIn(month: month, year: year),
              (0...24).contains(hour), (0...59).contains(minute), (0...60).contains(second),
              hour < 24 || (minute == 0 && second == 0),
              abs(offsetSeconds) <= 18 * 3600 else { return nil }
        let leapSecondClamped = min(second, 59)
        let days = Self.daysSinceEpoch(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3_600 + minute * 60 + leapSecondClamped - offsetSeconds
        return Date(timeIntervalSince1970: TimeInterval(seconds) + fraction)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 (Howard Hinnant's `days_from_civil`).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
