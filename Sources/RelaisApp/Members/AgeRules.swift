import Foundation

/// Age rules for marketing and digital consent, per brand and per country.
enum AgeRules {
    /// Age below which a child cannot give digital consent alone (GDPR art. 8 as each country set it).
    static let digitalConsentAge: [String: Int] = [
        "FR": 15, "DE": 16, "ES": 14, "IT": 14, "BE": 13, "NL": 16, "LU": 16, "AT": 14, "PT": 13, "IE": 16,
        "PL": 16, "SE": 13, "DK": 13, "FI": 13, "CZ": 15, "GR": 15, "HU": 16, "RO": 16, "SK": 16, "SI": 15,
        "HR": 16, "BG": 14, "CY": 14, "EE": 13, "LV": 13, "LT": 14, "MT": 13, "GB": 13, "NO": 13, "CH": 16,
    ]
    /// Default where a country is not listed: the GDPR's own default.
    static let defaultDigitalConsentAge = 16

    /// Digital-consent age of a country.
    static func digitalConsentAge(country: String?) -> Int {
        country.flatMap { digitalConsentAge[$0.uppercased()] } ?? defaultDigitalConsentAge
    }

    /// Parses a birth date written YYYY-MM-DD; nil when it is not a real past date.
    static func parseBirthDate(_ text: String, today: Date = Date()) -> DateComponents? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              year >= 1900, (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = calendar.date(from: components),
              calendar.dateComponents([.year, .month, .day], from: date) == components,
              date <= today
        else { return nil }
        return components
    }

    /// Age in whole years on `today` of someone born on `birth`.
    static func age(birth: DateComponents, today: Date = Date()) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let now = calendar.dateComponents([.year, .month, .day], from: today)
        var years = now.year! - birth.year!
        if (now.month!, now.day!) < (birth.month!, birth.day!) { years -= 1 }
        return years
    }

    /// The verdict on a marketing consent for someone of `age` (nil when unknown).
    static func marketingVerdict(age: Int?, brandMinimumAge: Int, country: String?, parentalConsent: Bool) -> MarketingAgeVerdict {
        guard let age else { return .allowed }
        if age < brandMinimumAge { return .tooYoung(minimum: brandMinimumAge) }
        let consentAge = digitalConsentAge(country: country)
        if age < consentAge && !parentalConsent { return .needsParentalConsent(consentAge: consentAge) }
        return .allowed
    }
}

/// Whether a marketing consent may be recorded for someone, given their age.
enum MarketingAgeVerdict: Equatable {
    case allowed
    case tooYoung(minimum: Int)
    case needsParentalConsent(consentAge: Int)
}
