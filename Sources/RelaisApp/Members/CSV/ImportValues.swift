import Foundation

/// How the cells of an imported file are read: yes/no answers, dates, country and language names.
enum ImportValues {
    /// Answers read as yes (folded).
    static let yes: Set<String> = ["yes", "y", "oui", "o", "1", "true", "vrai", "x", "granted", "accepte", "ok", "opt in", "optin"]
    /// Answers read as no (folded).
    static let no: Set<String> = ["no", "n", "non", "0", "false", "faux", "withdrawn", "refuse", "retire", "opt out", "optout"]

    /// true for yes, false for no, nil for anything else.
    static func answer(_ value: String) -> Bool? {
        let folded = ImportMappingSuggestion.fold(value)
        if yes.contains(folded) { return true }
        if no.contains(folded) { return false }
        return nil
    }

    /// A day written YYYY-MM-DD, DD/MM/YYYY or DD.MM.YYYY, as YYYY-MM-DD; nil when it is not a calendar day.
    static func day(_ value: String) -> String? {
        let text = value.trimmingCharacters(in: .whitespaces)
        let parts: [Substring]
        let yearFirst: Bool
        if text.contains("/") || text.contains(".") {
            parts = text.split(whereSeparator: { $0 == "/" || $0 == "." }); yearFirst = false
        } else {
            parts = text.split(separator: "-"); yearFirst = parts.first?.count == 4
        }
        guard parts.count == 3, parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return nil }
        let (y, m, d) = yearFirst ? (parts[0], parts[1], parts[2]) : (parts[2], parts[1], parts[0])
        guard y.count == 4, (1...2).contains(m.count), (1...2).contains(d.count), let year = Int(y), let month = Int(m), let dayOfMonth = Int(d) else {
            return nil
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!  // UTC always exists.
        let components = DateComponents(year: year, month: month, day: dayOfMonth)
        guard let date = calendar.date(from: components), calendar.dateComponents([.year, .month, .day], from: date) == components else {
            return nil
        }
        return String(format: "%04d-%02d-%02d", year, month, dayOfMonth)
    }

    /// Epoch milliseconds of a YYYY-MM-DD day at noon UTC (so that it stays the same day in every time zone of Europe).
    static func millis(ofDay day: String) -> Int64? {
        guard let date = try? Date("\(day)T12:00:00Z", strategy: .iso8601) else { return nil }
        return Clock.millis(date)
    }

    /// Country names people write instead of codes, folded.
    static let countries: [String: String] = [
        "france": "FR", "belgique": "BE", "belgium": "BE", "suisse": "CH", "switzerland": "CH", "luxembourg": "LU",
        "allemagne": "DE", "germany": "DE", "espagne": "ES", "spain": "ES", "italie": "IT", "italy": "IT",
        "portugal": "PT", "pays bas": "NL", "netherlands": "NL", "royaume uni": "GB", "united kingdom": "GB", "uk": "GB",
        "irlande": "IE", "ireland": "IE", "monaco": "MC", "canada": "CA", "etats unis": "US", "united states": "US", "usa": "US",
        "maroc": "MA", "morocco": "MA", "tunisie": "TN", "tunisia": "TN", "algerie": "DZ", "algeria": "DZ",
    ]

    /// A country code from a code or a common name; the value unchanged when unknown (validation reports it).
    static func country(_ value: String) -> String {
        countries[ImportMappingSuggestion.fold(value)] ?? value
    }

    /// A language code from a code or a common name; the value unchanged when unknown.
    static func language(_ value: String) -> String {
        switch ImportMappingSuggestion.fold(value) {
        case "francais", "french": "fr"
        case "anglais", "english": "en"
        case "allemand", "german", "deutsch": "de"
        case "espagnol", "spanish", "espanol": "es"
        case "italien", "italian", "italiano": "it"
        default: value
        }
    }
}
