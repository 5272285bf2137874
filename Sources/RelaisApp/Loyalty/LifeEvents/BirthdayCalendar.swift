/// Which birth dates are celebrated on a given local day. No I/O.
enum BirthdayCalendar {
    /// The `MM-DD` parts of birth dates celebrated on `day` (`YYYY-MM-DD`): the day itself, and on
    /// 28 February of a common year also 29 February, so that members born on a leap day have
    /// a birthday every year.
    static func monthDays(celebratedOn day: String) -> [String] {
        guard day.count == 10 else { return [] }
        let monthDay = String(day.suffix(5))
        guard monthDay == "02-28", let year = Int(day.prefix(4)), !isLeap(year) else { return [monthDay] }
        return ["02-28", "02-29"]
    }

    /// The local instant text (`YYYY-01-01T00:00`) of the start of the year of `day`.
    static func yearStart(of day: String) -> String { "\(day.prefix(4))-01-01T00:00" }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }
}

/// When a profile counts as completed for the `profile.completed` event: every standard field
/// a brand asks for is filled. No I/O.
enum ProfileCompletion {
    /// The member columns that must all be filled.
    static let columns = ["first_name", "last_name", "birth_date", "postal_code", "city", "country"]

    /// Whether these values complete a profile.
    static func isComplete(_ values: [String?]) -> Bool {
        values.count == columns.count && values.allSatisfy { !($0 ?? "").trimmingCharacters(in: .whitespaces).isEmpty }
    }
}
