import Foundation

/// Reach announced by media beside what Relais measured.
struct ReachComparison: Sendable, Equatable {
    /// Sum of the declared impressions.
    var declaredImpressions: Int64 = 0
    /// Sum of the declared potential reach.
    var declaredPotentialReach: Int64 = 0
    /// Counted human clicks on the activation's share links.
    var shareClicks = 0
    /// Distinct visitors of those links.
    var uniqueVisitors = 0
    /// Members with a valid entry.
    var participants = 0
    /// Views of the hosted page by people.
    var pageViews: Int64 = 0
    /// Times the widget was seen in a viewport.
    var widgetViews: Int64 = 0
    /// Distinct visitors of the hosted page (those with a visitor cookie).
    var pageVisitors = 0

    /// Unique visitors per declared impression (6 decimals: media announce large numbers).
    var visitorsPerImpression: Double? { declaredImpressions == 0 ? nil : RoiMaths.rounded(Double(uniqueVisitors) / Double(declaredImpressions), places: 6) }
    /// Hosted-page views per declared impression.
    var pageViewsPerImpression: Double? { perImpression(pageViews) }
    /// Widget views per declared impression.
    var widgetViewsPerImpression: Double? { perImpression(widgetViews) }

    private func perImpression(_ views: Int64) -> Double? {
        declaredImpressions == 0 ? nil : RoiMaths.rounded(Double(views) / Double(declaredImpressions), places: 6)
    }

    /// Participants per person of the declared potential reach.
    var participantsPerPotentialReach: Double? {
        declaredPotentialReach == 0 ? nil : RoiMaths.rounded(Double(participants) / Double(declaredPotentialReach), places: 6)
    }
}

/// Everything the activation report shows: costs, reach, outcomes, ratios, value and ROI.
struct ActivationReport: Sendable, Equatable {
    var activation: Activation
    var lines: [BudgetLine]
    var costs: [CurrencyCosts]
    var declared: [DeclaredReach]
    var reach: ReachComparison
    var outcomes: ActivationOutcomes
    /// Share of the participants the brand already had.
    var reboughtShare: Double?
    var ratios: [CostRatios]
    var valueModel: ValueModel
    var value: AttributedValue
    var roi: RoiVerdict
    /// Acquired members followed into the brand's later activations; dormant members brought back.
    var continuity: ActivationContinuity

    /// Puts the figures read from the database through the maths.
    init(activation: Activation, lines: [BudgetLine], declared: [DeclaredReach], outcomes: ActivationOutcomes, valueModel: ValueModel,
         continuity: ActivationContinuity = ActivationContinuity()) {
        self.activation = activation
        self.lines = lines
        self.declared = declared
        self.outcomes = outcomes
        self.valueModel = valueModel
        self.continuity = continuity
        costs = RoiMaths.costs(lines)
        reach = ReachComparison(declaredImpressions: declared.reduce(0) { $0 + ($1.impressions ?? 0) },
                                declaredPotentialReach: declared.reduce(0) { $0 + ($1.potentialReach ?? 0) },
                                shareClicks: outcomes.shareClicks, uniqueVisitors: outcomes.uniqueVisitors, participants: outcomes.participants,
                                pageViews: outcomes.pageViews, widgetViews: outcomes.widgetViews, pageVisitors: outcomes.pageVisitors)
        reboughtShare = RoiMaths.share(outcomes.knownMembers, of: outcomes.participants)
        ratios = RoiMaths.ratios(costs, outcomes: outcomes)
        value = RoiMaths.value(outcomes, model: valueModel)
        roi = RoiMaths.roi(costs: costs, value: value)
    }
}
