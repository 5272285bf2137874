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

    @Test("Impossible or future birth dates are refused", arguments: ["2026-02-30", "2031-01-01", "1890-01-01", "12/05/2001", "2001-1-5"])
    func invalidBirthDates(_ text: String) {
        #expect(AgeRules.parseBirthDate(text, today: today) == nil)
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
