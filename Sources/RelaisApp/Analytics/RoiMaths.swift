import Foundation

/// The cost of one budget category.
struct CategoryCost: Sendable, Equatable {
    var category: BudgetCategory
    var cents: Int64
}

/// Costs of one currency.
struct CurrencyCosts: Sendable, Equatable {
    var currency: String
    var plannedCents: Int64 = 0
    /// Sum of the actual amounts known so far.
    var actualCents: Int64 = 0
    /// Actual where known, planned otherwise: what the ratios divide.
    var costCents: Int64 = 0
    /// Lines still counted at their planned amount.
    var linesWithoutActual = 0
    /// Cost per category, in `BudgetCategory` order, categories without a line left out.
    var byCategory: [CategoryCost] = []
}

/// Cost per outcome in one currency; nil where there was no such outcome.
struct CostRatios: Sendable, Equatable {
    var currency: String
    var perParticipantCents: Int64?
    var perNewMemberCents: Int64?
    var perOptInCents: Int64?
    var perStoreVisitCents: Int64?
    /// The share of the cost spent reaching people the brand already had (cost × known ÷ participants).
    var reboughtCents: Int64?
}

/// The value the model gives an activation's outcomes, line by line.
struct AttributedValue: Sendable, Equatable {
    var currency: String
    var optInsCents: Int64
    var newMembersCents: Int64
    /// Receipts counted as revenue (store visits with a stated amount, when the model counts revenue).
    var revenueCents: Int64
    /// Store visits valued at the flat store-visit value.
    var storeVisitsCents: Int64
    var totalCents: Int64 { optInsCents + newMembersCents + revenueCents + storeVisitsCents }
}

/// Whether an ROI could be computed, and why not.
enum RoiVerdict: Sendable, Equatable {
    /// (value − cost) ÷ cost, rounded to 4 decimals.
    case computed(Double)
    /// Costs in several currencies, or not in the value model's: never converted, so no ratio.
    case mixedCurrencies
    /// No cost recorded: nothing to divide by.
    case noCost

    /// Machine-readable name of the verdict.
    var status: String {
        switch self {
        case .computed: "computed"
        case .mixedCurrencies: "mixed_currencies"
        case .noCost: "no_cost"
        }
    }

    /// The ratio when computed.
    var value: Double? { if case .computed(let roi) = self { roi } else { nil } }
}

/// The arithmetic of ROI, without I/O: costs per currency, cost ratios, attributed value, ROI.
enum RoiMaths {
    /// Costs grouped by currency, currencies in alphabetical order.
    static func costs(_ lines: [BudgetLine]) -> [CurrencyCosts] {
        Dictionary(grouping: lines, by: \.currency).keys.sorted().map { currency in
            let group = lines.filter { $0.currency == currency }
            var costs = CurrencyCosts(currency: currency)
            for line in group {
                costs.plannedCents += line.plannedCents
                costs.actualCents += line.actualCents ?? 0
                costs.costCents += line.costCents
                if line.actualCents == nil { costs.linesWithoutActual += 1 }
            }
            costs.byCategory = BudgetCategory.allCases.compactMap { category in
                let inCategory = group.filter { $0.category == category }
                return inCategory.isEmpty ? nil : CategoryCost(category: category, cents: inCategory.reduce(0) { $0 + $1.costCents })
            }
            return costs
        }
    }

    /// Cost per outcome, one set per currency: dividing an amount by a count needs no conversion.
    static func ratios(_ costs: [CurrencyCosts], outcomes: ActivationOutcomes) -> [CostRatios] {
        costs.map { cost in
            CostRatios(currency: cost.currency,
                       perParticipantCents: divide(cost.costCents, by: outcomes.participants),
                       perNewMemberCents: divide(cost.costCents, by: outcomes.newMembers),
                       perOptInCents: divide(cost.costCents, by: outcomes.optInsTotal),
                       perStoreVisitCents: divide(cost.costCents, by: outcomes.storeVisits),
                       reboughtCents: outcomes.participants == 0 ? nil
                           : divide(cost.costCents * Int64(outcomes.knownMembers), by: outcomes.participants))
        }
    }

    /// What the outcomes are worth under the model. A store visit with a stated receipt is worth
    /// the receipt when the model counts revenue; every other store visit is worth the flat value.
    static func value(_ outcomes: ActivationOutcomes, model: ValueModel) -> AttributedValue {
        let revenue = model.countRevenue ? outcomes.revenueCents : 0
        let flatVisits = model.countRevenue ? outcomes.storeVisits - outcomes.storeVisitsWithAmount : outcomes.storeVisits
        return AttributedValue(currency: model.currency,
                               optInsCents: Int64(outcomes.optInsTotal) * model.optInCents,
                               newMembersCents: Int64(outcomes.newMembers) * model.newMemberCents,
                               revenueCents: revenue,
                               storeVisitsCents: Int64(flatVisits) * model.storeVisitCents)
    }

    /// ROI = (attributed value − cost) ÷ cost, only when every cost is in the value's currency.
    static func roi(costs: [CurrencyCosts], value: AttributedValue) -> RoiVerdict {
        let spent = costs.filter { $0.costCents != 0 || $0.plannedCents != 0 }
        guard !spent.isEmpty else { return .noCost }
        guard spent.count == 1, let cost = spent.first, cost.currency == value.currency else { return .mixedCurrencies }
        guard cost.costCents > 0 else { return .noCost }
        return .computed(rounded(Double(value.totalCents - cost.costCents) / Double(cost.costCents)))
    }

    /// `part ÷ whole`, rounded to 4 decimals; nil when the whole is 0.
    static func share(_ part: Int, of whole: Int) -> Double? {
        whole == 0 ? nil : rounded(Double(part) / Double(whole))
    }

    /// Cents divided by a count, rounded to the nearest cent (halves away from zero); nil for a count of 0.
    static func divide(_ cents: Int64, by count: Int) -> Int64? {
        guard count > 0 else { return nil }
        let divisor = Int64(count)
        let quotient = cents / divisor, remainder = cents % divisor
        return 2 * abs(remainder) >= divisor ? quotient + (cents < 0 ? -1 : 1) : quotient
    }

    /// A ratio rounded to 4 decimals (or `places`), as reported.
    static func rounded(_ value: Double, places: Int = 4) -> Double {
        let scale = pow(10.0, Double(places))
        return (value * scale).rounded() / scale
    }
}
