import Foundation

/// `GET /api/v1/activations/{id}/report`: every figure of the activation report.
struct ActivationReportDTO: Codable, Sendable {
    struct Costs: Codable, Sendable {
        struct Category: Codable, Sendable { var category: String; var cents: Int64 }
        var currency: String
        var plannedCents: Int64
        var actualCents: Int64
        var costCents: Int64
        var linesWithoutActual: Int
        var byCategory: [Category]
    }

    struct Reach: Codable, Sendable {
        var declared: [DeclaredReachDTO]
        var declaredImpressions: Int64
        var declaredPotentialReach: Int64
        var shareClicks: Int
        var uniqueVisitors: Int
        var participants: Int
        var visitorsPerImpression: Double?
        var participantsPerPotentialReach: Double?
        var pageViews: Int64
        var pageVisitors: Int
        var widgetViews: Int64
        var pageViewsPerImpression: Double?
        var widgetViewsPerImpression: Double?
    }

    struct OptIns: Codable, Sendable { var purpose: String; var channel: String; var count: Int }

    struct Outcomes: Codable, Sendable {
        var participants: Int
        var newMembers: Int
        var knownMembers: Int
        var reboughtShare: Double?
        var optIns: [OptIns]
        var optInsTotal: Int
        var confirmedEmails: Int
        var shareLinks: Int
        var shareClicks: Int
        var shareVisits: Int
        var uniqueVisitors: Int
        var shareSignups: Int
        var referrals: Int
        var couponsIssued: Int
        var storeVisits: Int
        var storeVisitsWithAmount: Int
        var revenueCents: Int64
        var pointsGiven: Int64
        var pointsRedeemed: Int64
    }

    struct Ratios: Codable, Sendable {
        var currency: String
        var costPerParticipantCents: Int64?
        var costPerNewMemberCents: Int64?
        var costPerOptInCents: Int64?
        var costPerStoreVisitCents: Int64?
        var reboughtAudienceCostCents: Int64?
    }

    struct Value: Codable, Sendable {
        var currency: String
        var optInsCents: Int64
        var newMembersCents: Int64
        var revenueCents: Int64
        var storeVisitsCents: Int64
        var totalCents: Int64
    }

    struct Roi: Codable, Sendable { var status: String; var value: Double? }

    var activationId: Int64
    var titleFr: String
    var titleEn: String
    var opensAt: String
    var closesAt: String
    var budgetLines: [BudgetLineDTO]
    var costs: [Costs]
    var reach: Reach
    var outcomes: Outcomes
    var ratios: [Ratios]
    var valueModel: ValueModelDTO
    var value: Value
    var roi: Roi
    var continuity: ContinuityDTO

    init(_ report: ActivationReport) {
        let o = report.outcomes
        activationId = report.activation.id
        titleFr = report.activation.content.titleFR
        titleEn = report.activation.content.titleEN
        opensAt = Clock.iso(report.activation.opensAt)
        closesAt = Clock.iso(report.activation.closesAt)
        budgetLines = report.lines.map(BudgetLineDTO.init)
        costs = report.costs.map {
            Costs(currency: $0.currency, plannedCents: $0.plannedCents, actualCents: $0.actualCents, costCents: $0.costCents,
                  linesWithoutActual: $0.linesWithoutActual, byCategory: $0.byCategory.map { .init(category: $0.category.rawValue, cents: $0.cents) })
        }
        reach = Reach(declared: report.declared.map(DeclaredReachDTO.init), declaredImpressions: report.reach.declaredImpressions,
                      declaredPotentialReach: report.reach.declaredPotentialReach, shareClicks: report.reach.shareClicks,
                      uniqueVisitors: report.reach.uniqueVisitors, participants: report.reach.participants,
                      visitorsPerImpression: report.reach.visitorsPerImpression,
                      participantsPerPotentialReach: report.reach.participantsPerPotentialReach,
                      pageViews: report.reach.pageViews, pageVisitors: report.reach.pageVisitors, widgetViews: report.reach.widgetViews,
                      pageViewsPerImpression: report.reach.pageViewsPerImpression, widgetViewsPerImpression: report.reach.widgetViewsPerImpression)
        outcomes = Outcomes(participants: o.participants, newMembers: o.newMembers, knownMembers: o.knownMembers, reboughtShare: report.reboughtShare,
                            optIns: o.optIns.map { .init(purpose: $0.purpose, channel: $0.channel, count: $0.count) }, optInsTotal: o.optInsTotal,
                            confirmedEmails: o.confirmedEmails, shareLinks: o.shareLinks, shareClicks: o.shareClicks, shareVisits: o.shareVisits,
                            uniqueVisitors: o.uniqueVisitors, shareSignups: o.shareSignups, referrals: o.referrals, couponsIssued: o.couponsIssued,
                            storeVisits: o.storeVisits, storeVisitsWithAmount: o.storeVisitsWithAmount, revenueCents: o.revenueCents,
                            pointsGiven: o.pointsGiven, pointsRedeemed: o.pointsRedeemed)
        ratios = report.ratios.map {
            Ratios(currency: $0.currency, costPerParticipantCents: $0.perParticipantCents, costPerNewMemberCents: $0.perNewMemberCents,
                   costPerOptInCents: $0.perOptInCents, costPerStoreVisitCents: $0.perStoreVisitCents, reboughtAudienceCostCents: $0.reboughtCents)
        }
        valueModel = ValueModelDTO(report.valueModel)
        value = Value(currency: report.value.currency, optInsCents: report.value.optInsCents, newMembersCents: report.value.newMembersCents,
                      revenueCents: report.value.revenueCents, storeVisitsCents: report.value.storeVisitsCents, totalCents: report.value.totalCents)
        roi = Roi(status: report.roi.status, value: report.roi.value)
        continuity = ContinuityDTO(report.continuity)
    }
}

/// Continuity of an activation: its acquired members in the brand's later activations.
struct ContinuityDTO: Codable, Sendable {
    struct Later: Codable, Sendable {
        var position: Int
        var activationId: Int64
        var titleFr: String
        var titleEn: String
        var opensAt: String
        var returned: Int
        var returnedWithoutShareLink: Int
    }

    var acquired: Int
    var later: [Later]
    var returnedAny: Int
    var returnedAnyWithoutShareLink: Int
    var returnRate: Double?
    var reactivated: Int
    var dormantDays: Int

    init(_ c: ActivationContinuity) {
        acquired = c.acquired
        later = c.later.map {
            Later(position: $0.position, activationId: $0.activationID, titleFr: $0.titleFR, titleEn: $0.titleEN, opensAt: Clock.iso($0.opensAt),
                  returned: $0.returned, returnedWithoutShareLink: $0.returnedDirect)
        }
        returnedAny = c.returnedAny
        returnedAnyWithoutShareLink = c.returnedAnyDirect
        returnRate = c.returnRate
        reactivated = c.reactivated
        dormantDays = c.dormantDays
    }
}
