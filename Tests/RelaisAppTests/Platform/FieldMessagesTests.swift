import Testing
@testable import RelaisApp

@Suite("Field messages in French")
struct FieldMessagesTests {
    @Test("Fixed and valued messages read in French; English stays as it is; unknown text passes through")
    func translations() {
        #expect(FieldMessages.localized("must contain exactly one @", .french) == "doit contenir exactement un @")
        #expect(FieldMessages.localized("has 3 entries but the file has 5 columns", .french) == "compte 3 entrées mais le fichier a 5 colonnes")
        #expect(FieldMessages.localized("is under the brand's minimum age of 12 for marketing", .french)
                == "n’a pas l’âge minimum de la marque pour le marketing (12 ans)")
        #expect(FieldMessages.localized("partners is not a consent purpose of this brand", .french)
                == "partners n’est pas une finalité de consentement de cette marque")
        #expect(FieldMessages.localized("must contain exactly one @", .english) == "must contain exactly one @")
        #expect(FieldMessages.localized("something new", .french) == "something new")
    }

    @Test("Every message the e-mail and phone checks give has a French wording")
    func identityMessages() {
        for address in ["", "no-at-sign", "a@b@c", "a@", "@example.com", ".a@example.com", "a b@example.com", String(repeating: "a", count: 260) + "@example.com"] {
            if case .failure(let problem) = EmailAddress.validate(address) {
                #expect(FieldMessages.localized(problem.message, .french) != problem.message, "\(problem.message)")
            }
        }
        for number in ["12", "+33 1", "06 12"] {
            if case .failure(let problem) = PhoneNumber.normalize(number, defaultCountry: "FR") {
                #expect(FieldMessages.localized(problem.message, .french) != problem.message, "\(problem.message)")
            }
        }
    }
}
