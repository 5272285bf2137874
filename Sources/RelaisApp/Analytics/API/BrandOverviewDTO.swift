import Foundation

/// `GET /api/v1/brand/overview`: the community P&L of the brand over a period, its monthly
/// trend, cohorts and activations ranked by ROI.
struct BrandOverviewDTO: Codable, Sendable {
    struct Period: Codable, Sendable { var label: String; var from: String; var to: String; var asOf: String }

    struct Community: Codable, Sendable {
        var members: Int
        var newMembers: Int
        var activeMembers30Days: Int
        var activeMembers90Days: Int
        var activeMembersInPeriod: Int
        var reactivatedMembers: Int
        var unsubscribes: Int
        var erasures: Int
    }

    struct Costs: Codable, Sendable {
        var currency: String
        var activationsCents: Int64
        var brandCents: Int64
        var rewardsCents: Int64
        var totalCents: Int64
        var acquisitionCostPerNewMemberCents: Int64?
        var retentionCostPerActiveMemberCents: Int64?
    }

    struct Month: Codable, Sendable {
        var month: String
        var members: Int
        var newMembers: Int
        var activeMembers: Int
        var reactivatedMembers: Int
        var valueCents: Int64
        var costCents: Int64
    }

    struct Cohort: Codable, Sendable {
        var month: String
        var size: Int
        var active: [Int]
        var retention: [Double]
    }

    struct ActivationLine: Codable, Sendable {
        var activationId: Int64
        var titleFr: String
        var titleEn: String
        var opensAt: String
        var participants: Int
        var newMembers: Int
        var costs: [CurrencyCost]
        var valueCents: Int64
        var roi: ActivationReportDTO.Roi
        var continuity: ContinuityDTO
    }

    struct CurrencyCost: Codable, Sendable { var currency: String; var costCents: Int64 }

    var period: Period
    var dormantDays: Int
    var community: Community
    var valueModel: ValueModelDTO
    var pointsSpent: Int64
    var costs: [Costs]
    var valueCents: Int64
    var roi: ActivationReportDTO.Roi
    var months: [Month]
    var cohorts: [Cohort]
    var activations: [ActivationLine]
    var pendingMembers: Int

    init(_ o: BrandOverview) {
        pendingMembers = o.pendingMembers
        period = Period(label: o.period.label, from: Clock.iso(o.period.from), to: Clock.iso(o.period.to), asOf: Clock.iso(o.asOf))
        dormantDays = o.dormantDays
        let c = o.community
        community = Community(members: c.members, newMembers: c.newMembers, activeMembers30Days: c.active30, activeMembers90Days: c.active90,
                              activeMembersInPeriod: c.activeInPeriod, reactivatedMembers: c.reactivated, unsubscribes: c.unsubscribes,
                              erasures: c.erasures)
        valueModel = ValueModelDTO(o.valueModel)
        pointsSpent = o.pointsSpent
        costs = o.costs.map {
            Costs(currency: $0.currency, activationsCents: $0.activationsCents, brandCents: $0.brandCents, rewardsCents: $0.rewardsCents,
                  totalCents: $0.totalCents, acquisitionCostPerNewMemberCents: $0.perNewMemberCents,
                  retentionCostPerActiveMemberCents: $0.perActiveMemberCents)
        }
        valueCents = o.valueCents
        roi = ActivationReportDTO.Roi(status: o.roi.status, value: o.roi.value)
        months = o.months.map {
            Month(month: $0.label, members: $0.members, newMembers: $0.newMembers, activeMembers: $0.activeMembers,
                  reactivatedMembers: $0.reactivated, valueCents: $0.valueCents, costCents: $0.costCents)
        }
        cohorts = o.cohorts.map { cohort in
            Cohort(month: cohort.label, size: cohort.size, active: cohort.active,
                   retention: cohort.active.map { RoiMaths.share($0, of: cohort.size) ?? 0 })
        }
        activations = o.activations.map { r in
            ActivationLine(activationId: r.activation.id, titleFr: r.activation.content.titleFR, titleEn: r.activation.content.titleEN,
                           opensAt: Clock.iso(r.activation.opensAt), participants: r.outcomes.participants, newMembers: r.outcomes.newMembers,
                           costs: r.costs.map { CurrencyCost(currency: $0.currency, costCents: $0.costCents) }, valueCents: r.value.totalCents,
                           roi: ActivationReportDTO.Roi(status: r.roi.status, value: r.roi.value), continuity: ContinuityDTO(r.continuity))
        }
    }
}
