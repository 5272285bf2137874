import Foundation

/// Wall-clock times in a brand's time zone ("2026-12-24T18:00"), as a community manager writes them,
/// and the exact instants they stand for. No I/O.
enum LocalTime {
    /// The instant (epoch ms) of `text`, written `YYYY-MM-DDTHH:MM`, in `timeZone`; nil when it is not such a time
    /// or the zone is unknown. A time skipped by a daylight-saving change ("02:30" on the spring-forward night)
    /// is moved forward by the length of the gap, as Foundation does.
    static func instant(_ text: String, timeZone: String) -> Int64? {
        guard let zone = TimeZone(identifier: timeZone), let parts = components(text) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        guard let date = calendar.date(from: parts) else { return nil }
        let back = calendar.dateComponents([.year, .month, .day], from: date)
        guard back.year == parts.year, back.month == parts.month, back.day == parts.day else { return nil }
        return Clock.millis(date)
    }

    /// A local time for people: "24/12/2026 18:00 (Europe/Paris)", the day written the English way in English.
    static func display(_ millis: Int64, timeZone: String, language: UILanguage) -> String {
        let local = text(millis, timeZone: timeZone)
        let date = local.prefix(10).split(separator: "-")
        let day = language == .english ? "\(date[0])-\(date[1])-\(date[2])" : "\(date[2])/\(date[1])/\(date[0])"
        return "\(day) \(local.suffix(5)) (\(timeZone))"
    }

    /// The wall-clock text of an instant in `timeZone`.
    static func text(_ millis: Int64, timeZone: String) -> String {
        let zone = TimeZone(identifier: timeZone) ?? .gmt
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        // The calendar fills every component it is asked for, so the unwraps below cannot fail.
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: Clock.date(millis))
        return String(format: "%04d-%02d-%02dT%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!)
    }

    /// The local calendar day (`YYYY-MM-DD`) of an instant in `timeZone`.
    static func day(_ millis: Int64, timeZone: String) -> String {
        String(text(millis, timeZone: timeZone).prefix(10))
    }

    /// The instant of the next local midnight after `millis` in `timeZone`.
    static func nextMidnight(after millis: Int64, timeZone: String) -> Int64 {
        let zone = TimeZone(identifier: timeZone) ?? .gmt
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let start = calendar.startOfDay(for: Clock.date(millis))
        return Clock.millis(calendar.date(byAdding: .day, value: 1, to: start) ?? start.addingTimeInterval(86_400))
    }

    /// Whether `identifier` names a time zone this server knows.
    static func isKnownZone(_ identifier: String) -> Bool { TimeZone(identifier: identifier) != nil }

    private static func components(_ text: String) -> DateComponents? {
        let scalars = Array(text.utf8)
        guard scalars.count == 16, scalars[4] == UInt8(ascii: "-"), scalars[7] == UInt8(ascii: "-"),
              scalars[10] == UInt8(ascii: "T"), scalars[13] == UInt8(ascii: ":") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            let digits = scalars[range]
            guard digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
            return Int(String(decoding: digits, as: UTF8.self))
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16),
              (2000...2200).contains(year), (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        return DateComponents(year: year, month: month, day: day, hour: hour, minute: minute)
    }
}
