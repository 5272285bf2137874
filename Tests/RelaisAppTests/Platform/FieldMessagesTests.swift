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

    @Test("Every message the earning rule and reward checks give has a French wording")
    func loyaltyMessages() {
        var messages: [String] = []
        if case .failure(let error) = EarningRuleDefinition.checked(name: "", trigger: "nope", points: -1, pointsPerEuro: 5_000, maxPerDay: 0, maxPerActivation: 0) {
            messages += error.fieldErrors.map(\.message)
        }
        if case .failure(let error) = EarningRuleDefinition.checked(name: "x", trigger: "activation.entry", points: 0, pointsPerEuro: 2, maxPerDay: nil, maxPerActivation: nil) {
            messages += error.fieldErrors.map(\.message)
        }
        let ladder = TierLadder(tiers: [Tier(name: "Or", threshold: 100, multiplierPercent: 100, benefits: "")], windowDays: 365)
        for tiers in [TierLadder.none, ladder] {
            if case .failure(let error) = RewardDraft.checked(name: "", description: String(repeating: "a", count: 2001), costPoints: 0, stock: -1,
                                                              codes: "x", couponValidityDays: 0, status: "x", minimumTier: "Argent", ladder: tiers) {
                messages += error.fieldErrors.map(\.message)
            }
        }
        #expect(messages.count >= 14)
        for message in messages + ["must be a whole number", "cannot change once the reward has been redeemed"] {
            #expect(FieldMessages.localized(message, .french) != message, "\(message)")
        }
        #expect(FieldMessages.localized("must be one of the brand's tiers: Or, Argent", .french) == "doit être l’un des paliers de la marque : Or, Argent")
        #expect(FieldMessages.localized("must be from 1 to 1000, or absent", .french) == "doit être compris entre 1 et 1000, ou rester vide")
    }
}
