import Testing
@testable import RelaisApp

@Suite("ROI maths, by hand")
struct RoiMathsTests {
    static func line(_ category: BudgetCategory, planned: Int64, actual: Int64?, _ currency: String = "EUR") -> BudgetLine {
        BudgetLine(id: 0, brandID: 1, activationID: 1, category: category, label: "", plannedCents: planned, actualCents: actual,
                   currency: currency, createdAt: 0, updatedAt: 0)
    }

    static let lines = [line(.media, planned: 100_000, actual: 120_000), line(.agency, planned: 50_000, actual: nil),
                        line(.prizes, planned: 30_000, actual: 25_000, "USD")]

    static let outcomes = ActivationOutcomes(participants: 7, newMembers: 4, knownMembers: 3,
                                             optIns: [.init(purpose: "newsletter", channel: "email", count: 5), .init(purpose: "service", channel: "email", count: 1)],
                                             storeVisits: 3, storeVisitsWithAmount: 2, revenueCents: 8_000)

    static let model = ValueModel(currency: "EUR", optInCents: 500, newMemberCents: 2_000, storeVisitCents: 1_500, countRevenue: true)

    @Test("Costs are grouped per currency, the actual amount replacing the planned one once known")
    func costsPerCurrency() {
        let costs = RoiMaths.costs(Self.lines)
        #expect(costs.map(\.currency) == ["EUR", "USD"])
        #expect(costs[0] == CurrencyCosts(currency: "EUR", plannedCents: 150_000, actualCents: 120_000, costCents: 170_000, linesWithoutActual: 1,
                                          byCategory: [.init(category: .media, cents: 120_000), .init(category: .agency, cents: 50_000)]))
        #expect(costs[1] == CurrencyCosts(currency: "USD", plannedCents: 30_000, actualCents: 25_000, costCents: 25_000, linesWithoutActual: 0,
                                          byCategory: [.init(category: .prizes, cents: 25_000)]))
    }

    @Test("Cost per outcome is computed in each currency, rounded to the cent")
    func ratiosPerCurrency() {
        let ratios = RoiMaths.ratios(RoiMaths.costs(Self.lines), outcomes: Self.outcomes)
        // 170 000 ÷ 7 = 24 285.71; ÷ 4 = 42 500; ÷ 6 = 28 333.33; ÷ 3 = 56 666.67; × 3 ÷ 7 = 72 857.14.
        #expect(ratios[0] == CostRatios(currency: "EUR", perParticipantCents: 24_286, perNewMemberCents: 42_500, perOptInCents: 28_333,
                                        perStoreVisitCents: 56_667, reboughtCents: 72_857))
        // 25 000 ÷ 7 = 3 571.43; ÷ 4 = 6 250; ÷ 6 = 4 166.67; ÷ 3 = 8 333.33; × 3 ÷ 7 = 10 714.29.
        #expect(ratios[1] == CostRatios(currency: "USD", perParticipantCents: 3_571, perNewMemberCents: 6_250, perOptInCents: 4_167,
                                        perStoreVisitCents: 8_333, reboughtCents: 10_714))
        let none = RoiMaths.ratios(RoiMaths.costs(Self.lines), outcomes: ActivationOutcomes())
        #expect(none[0].perParticipantCents == nil && none[0].perOptInCents == nil && none[0].reboughtCents == nil)
    }

    @Test("The value model prices opt-ins, new members and store visits, a known receipt replacing the flat visit value")
    func attributedValue() {
        let value = RoiMaths.value(Self.outcomes, model: Self.model)
        // 6 opt-ins × 5 € + 4 new × 20 € + receipts 80 € + 1 visit without receipt × 15 €.
        #expect(value == AttributedValue(currency: "EUR", optInsCents: 3_000, newMembersCents: 8_000, revenueCents: 8_000, storeVisitsCents: 1_500))
        #expect(value.totalCents == 20_500)
        var flat = Self.model
        flat.countRevenue = false
        #expect(RoiMaths.value(Self.outcomes, model: flat).totalCents == 3_000 + 8_000 + 3 * 1_500)
    }

    @Test("ROI is (value − cost) ÷ cost in one currency, and refused across currencies")
    func roi() {
        let value = RoiMaths.value(Self.outcomes, model: Self.model)
        #expect(RoiMaths.roi(costs: RoiMaths.costs(Self.lines), value: value) == .mixedCurrencies)
        let euros = RoiMaths.costs(Array(Self.lines.prefix(2)))
        // (20 500 − 170 000) ÷ 170 000 = −0.879 41…
        #expect(RoiMaths.roi(costs: euros, value: value) == .computed(-0.8794))
        let cheap = RoiMaths.costs([Self.line(.platform, planned: 10_000, actual: 8_200)])
        // (20 500 − 8 200) ÷ 8 200 = 1.5
        #expect(RoiMaths.roi(costs: cheap, value: value) == .computed(1.5))
        var dollars = Self.model
        dollars.currency = "USD"
        #expect(RoiMaths.roi(costs: euros, value: RoiMaths.value(Self.outcomes, model: dollars)) == .mixedCurrencies)
        #expect(RoiMaths.roi(costs: [], value: value) == .noCost)
        #expect(RoiMaths.roi(costs: [], value: value).status == "no_cost")
    }

    @Test("Division rounds halves away from zero and refuses a count of zero")
    func rounding() {
        #expect(RoiMaths.divide(5, by: 2) == 3)
        #expect(RoiMaths.divide(-5, by: 2) == -3)
        #expect(RoiMaths.divide(4, by: 3) == 1)
        #expect(RoiMaths.divide(7, by: 0) == nil)
        #expect(RoiMaths.share(3, of: 7) == 0.4286)
        #expect(RoiMaths.share(1, of: 0) == nil)
    }

    @Test("Budget lines, declared reach and value models are checked field by field")
    func validation() throws {
        let line = try BudgetLineDraft.validated(category: "media", label: " Spots ", plannedCents: 100, actualCents: nil, currency: "usd").get()
        #expect(line.currency == "USD" && line.label == "Spots")
        #expect(try BudgetLineDraft.validated(category: "media", label: nil, plannedCents: 1, actualCents: nil, currency: nil).get().currency == "EUR")
        guard case .failure(let error) = BudgetLineDraft.validated(category: "food", label: nil, plannedCents: -1, actualCents: -2, currency: "EURO") else {
            Issue.record("a wrong line was accepted"); return
        }
        #expect(Set(error.fieldErrors.map(\.field)) == ["category", "plannedCents", "actualCents", "currency"])
        guard case .failure(let missing) = BudgetLineDraft.validated(category: "staff", label: nil, plannedCents: nil, actualCents: nil, currency: nil) else {
            Issue.record("a line without amount was accepted"); return
        }
        #expect(missing.fieldErrors.map(\.field) == ["plannedCents"])
        guard case .failure(let reach) = DeclaredReachDraft.validated(source: "", impressions: -1, potentialReach: nil) else {
            Issue.record("a wrong reach was accepted"); return
        }
        #expect(Set(reach.fieldErrors.map(\.field)) == ["source", "impressions"])
        guard case .failure(let model) = ValueModel.validated(currency: "XX", optInCents: -5, newMemberCents: nil, storeVisitCents: nil, countRevenue: nil) else {
            Issue.record("a wrong model was accepted"); return
        }
        #expect(Set(model.fieldErrors.map(\.field)) == ["currency", "optInCents"])
    }
}

@Suite("Amounts typed and read")
struct MoneyTextTests {
    @Test("Amounts are read in French and English ways, never negative nor with three decimals")
    func typed() {
        #expect(MoneyText.cents("1200") == 120_000)
        #expect(MoneyText.cents("1 200,5") == 120_050)
        #expect(MoneyText.cents("1,200.50") == 120_050)
        #expect(MoneyText.cents("1.200,50") == 120_050)
        #expect(MoneyText.cents("0,07") == 7)
        for wrong in ["", "-5", "1,2345", "abc", "1e5", "12.5.6"] { #expect(MoneyText.cents(wrong) == nil, "\(wrong)") }
    }

    @Test("Amounts are shown with the currency, grouped as each language does")
    func shown() {
        #expect(MoneyText.display(151_000, "EUR", french: true) == "1\u{202F}510,00\u{00A0}EUR")
        #expect(MoneyText.display(151_000, "USD", french: false) == "1,510.00\u{00A0}USD")
        #expect(MoneyText.display(-5, "EUR", french: false) == "−0.05\u{00A0}EUR")
        #expect(MoneyText.field(120_050) == "1200.50")
    }
}
