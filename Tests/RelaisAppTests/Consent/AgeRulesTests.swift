import Foundation
import Testing
@testable import RelaisApp

@Suite("Age and minors rules")
struct AgeRulesTests {
    let today = Date(timeIntervalSince1970: 1_795_000_000) // 2026-11-18

    @Test("Age counts whole years, birthday included")
    func ageInYears() throws {
        let birth = try #require(AgeRules.parseBirthDate("2011-11-18", today: today))
        #expect(AgeRules.age(birth: birth, today: today) == 15)
        let dayAfter = try #require(AgeRules.parseBirthDate("2011-11-19", today: today))
        #expect(AgeRules.age(birth: dayAfter, today: today) == 14)
    }

    @Test("Impossible or future birth dates are refused", arguments: ["2026-02-30", "2031-01-01", "1890-01-01", "12/05/2001", "2001-1-5",
                                                                   "2023-02-29", "1900-02-29", "2026-04-31", "2026-11-19", "2001-05-1x", "2001-05-001"])
    func invalidBirthDates(_ text: String) {
        #expect(AgeRules.parseBirthDate(text, today: today) == nil)
    }

    @Test("Leap days are real dates in leap years only; today is not in the future")
    func leapDays() {
        #expect(AgeRules.parseBirthDate("2024-02-29", today: today) == DateComponents(year: 2024, month: 2, day: 29))
        #expect(AgeRules.parseBirthDate("2000-02-29", today: today) != nil)
        #expect(AgeRules.parseBirthDate("2026-11-18", today: today) != nil)
    }

    @Test("The UTC day of a moment is the Gregorian calendar's, over four centuries and both sides of 1970")
    func civilDays() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var seconds: Double = -2_208_988_800 // 1900-01-01
        while seconds < 10_413_792_000 {     // 2300-01-01
            let date = Date(timeIntervalSince1970: seconds)
            let expected = calendar.dateComponents([.year, .month, .day], from: date)
            #expect(CivilDate(date) == CivilDate(year: expected.year!, month: expected.month!, day: expected.day!), "\(date)")
            seconds += 86_400 * 7 + 3_601.5
        }
        #expect(CivilDate(Date(timeIntervalSince1970: -0.5)) == CivilDate(year: 1969, month: 12, day: 31))
        #expect(CivilDate(Date(timeIntervalSince1970: 86_399.9)) == CivilDate(year: 1970, month: 1, day: 1))
    }

    @Test("Under the brand minimum: never marketing, whatever the parents say")
    func belowBrandMinimum() {
        #expect(AgeRules.marketingVerdict(age: 11, brandMinimumAge: 12, country: "FR", parentalConsent: true) == .tooYoung(minimum: 12))
    }

    @Test("Between the brand minimum and the country's digital-consent age: parental consent needed")
    func parentalConsent() {
        #expect(AgeRules.marketingVerdict(age: 14, brandMinimumAge: 12, country: "FR", parentalConsent: false) == .needsParentalConsent(consentAge: 15))
        #expect(AgeRules.marketingVerdict(age: 14, brandMinimumAge: 12, country: "FR", parentalConsent: true) == .allowed)
        #expect(AgeRules.marketingVerdict(age: 14, brandMinimumAge: 12, country: "ES", parentalConsent: false) == .allowed)
        #expect(AgeRules.marketingVerdict(age: 15, brandMinimumAge: 12, country: "DE", parentalConsent: false) == .needsParentalConsent(consentAge: 16))
        #expect(AgeRules.digitalConsentAge(country: "ZZ") == 16)
    }

    @Test("Unknown age is not blocked")
    func unknownAge() {
        #expect(AgeRules.marketingVerdict(age: nil, brandMinimumAge: 12, country: "FR", parentalConsent: false) == .allowed)
    }
}
