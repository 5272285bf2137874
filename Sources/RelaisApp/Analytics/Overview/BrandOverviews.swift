import Foundation
import SQLKit

/// Builds the brand overview from the database, in one read-only session.
struct BrandOverviews: Sendable {
    let database: Database
    let reports: ActivationReports
    let rollups: Rollups

    /// Dormancy thresholds accepted, in days.
    static let dormantDaysRange = 30...730

    /// The overview of the brand an access belongs to; brand-wide access only (a unit sees its own activations' reports).
    func overview(access: BrandAccess, period: ReportPeriod, dormantDays: Int = ContinuityQueries.defaultDormantDays,
                  now: Int64 = Clock.nowMillis()) async throws -> BrandOverview {
        try access.require(.readMembers)
        if access.unitID != nil { throw AppError.forbidden("The brand overview is for brand-wide staff and keys, not for a unit.") }
        let brandID = access.brandID
        // Count what was written before this page; a backlog bigger than a few batches (right after
        // an upgrade, or under a burst of entries) is left to the background job.
        try await rollups.catchUp(batches: 10)
        let pending = try await rollups.pending()
        var overview = try await database.readOnly { sql in
            let asOf = period.asOf(now: now)
            let grid = MonthGrid.ending(with: period)
            let model = try await reports.valueModels.model(brandID: brandID, on: sql)
            // Every community figure in one statement.
            var sums = RollupSums(brandID: brandID)
            let members = sums.members(at: asOf), newMembers = sums.newMembers(from: period.from, to: period.to)
            let active30 = sums.active(from: asOf - 30 * Clock.dayMillis, to: asOf), active90 = sums.active(from: asOf - 90 * Clock.dayMillis, to: asOf)
            let activeInPeriod = sums.active(from: period.from, to: period.to)
            let reactivated = sums.reactivated(from: period.from, to: period.to, dormantDays: dormantDays)
            let unsubscribes = sums.unsubscribes(from: period.from, to: period.to), erasures = sums.erasures(from: period.from, to: period.to)
            let spentInPeriod = sums.pointsSpent(from: period.from, to: period.to), membersBefore = sums.members(at: grid.starts[0])
            let values = try await sums.read(on: sql)
            var community = BrandOverview.Community()
            community.members = values.int(members)
            community.newMembers = values.int(newMembers)
            community.active30 = values.int(active30)
            community.active90 = values.int(active90)
            community.activeInPeriod = values.int(activeInPeriod)
            if let reactivated {
                community.reactivated = values.int(reactivated)
            } else {
                community.reactivated = try await CommunityQueries.reactivated(brandID: brandID, from: period.from, to: period.to, dormantDays: dormantDays, on: sql)
            }
            community.unsubscribes = values.int(unsubscribes)
            community.erasures = values.int(erasures)

            // The activations opened in the chart's months (the period's among them), each with its full report.
            let activations = try await sql.raw("""
                SELECT a.* FROM activations a WHERE a.brand_id = \(bind: brandID) AND a.status <> 'draft'
                  AND a.opens_at >= \(bind: grid.starts[0]) AND a.opens_at < \(bind: grid.starts[grid.count]) ORDER BY a.opens_at, a.id
                """).all().map { try ActivationStore.activation($0, rules: nil) }
            let windowReports = try await reports.reports(activations, dormantDays: dormantDays, now: now, on: sql)
            let brandLines = try await reports.budgets.lines(brandID: brandID, activationID: nil, on: sql)
            let periodReports = windowReports.filter { (period.from..<period.to).contains($0.activation.opensAt) }
            let pointsSpent = values[spentInPeriod]
            let costs = Self.costs(reports: periodReports, brandLines: brandLines.filter { (period.from..<period.to).contains($0.createdAt) },
                                   rewardsCents: pointsSpent * model.pointCents, model: model, community: community)
            let valueCents = periodReports.reduce(0) { $0 + $1.value.totalCents }

            // The monthly trend and the cohorts.
            let (joined, left, spent) = try await RollupFigures.monthly(brandID: brandID, grid: grid, on: sql)
            let activity = try await RollupFigures.monthlyActivity(brandID: brandID, grid: grid, dormantDays: dormantDays, on: sql)
            let active = activity.active
            var back: [Int]
            if let reactivated = activity.reactivated {
                back = reactivated
            } else {
                back = try await CommunityQueries.perMonth(CommunityQueries.reactivationRows(brandID: brandID, grid: grid, dormantDays: dormantDays),
                                                           grid: grid, distinct: true, on: sql)
            }
            var size = values.int(membersBefore)
            var months: [BrandOverview.Month] = []
            for index in 0..<grid.count {
                size += joined[index] - left[index]
                let inMonth = windowReports.filter { (grid.starts[index]..<grid.starts[index + 1]).contains($0.activation.opensAt) }
                let lines = brandLines.filter { (grid.starts[index]..<grid.starts[index + 1]).contains($0.createdAt) }
                let monthCosts = Self.costs(reports: inMonth, brandLines: lines, rewardsCents: spent[index] * model.pointCents, model: model,
                                            community: BrandOverview.Community())
                months.append(BrandOverview.Month(label: grid.label(index), members: size, newMembers: joined[index], activeMembers: active[index],
                                                  reactivated: back[index], valueCents: inMonth.reduce(0) { $0 + $1.value.totalCents },
                                                  costCents: monthCosts.first { $0.currency == model.currency }?.totalCents ?? 0))
            }
            let matrix = try await RollupFigures.cohortActivity(brandID: brandID, grid: grid, on: sql)
            let begun = grid.starts.prefix(grid.count).filter { $0 <= now }.count
            let cohorts = (0..<grid.count).filter { grid.starts[$0] <= now }.map { index in
                BrandOverview.Cohort(label: grid.label(index), size: joined[index], active: Array(matrix[index].prefix(max(0, begun - index))))
            }
            return BrandOverview(brandID: brandID, period: period, asOf: asOf, dormantDays: dormantDays, community: community, valueModel: model,
                                 pointsSpent: pointsSpent, costs: costs, valueCents: valueCents,
                                 roi: BrandOverview.roi(costs: costs, valueCents: valueCents, currency: model.currency),
                                 months: months, cohorts: cohorts, activations: BrandOverview.ranked(periodReports))
        }
        overview.pendingMembers = pending
        return overview
    }

    /// Costs per currency of activations, brand lines and rewards, with acquisition and retention costs.
    static func costs(reports: [ActivationReport], brandLines: [BudgetLine], rewardsCents: Int64, model: ValueModel,
                      community: BrandOverview.Community) -> [BrandOverview.Costs] {
        var byCurrency: [String: BrandOverview.Costs] = [:]
        for report in reports {
            for cost in report.costs { byCurrency[cost.currency, default: .init(currency: cost.currency)].activationsCents += cost.costCents }
        }
        for line in brandLines { byCurrency[line.currency, default: .init(currency: line.currency)].brandCents += line.costCents }
        if rewardsCents != 0 { byCurrency[model.currency, default: .init(currency: model.currency)].rewardsCents += rewardsCents }
        return byCurrency.keys.sorted().compactMap { currency in
            guard var cost = byCurrency[currency] else { return nil }
            cost.perNewMemberCents = RoiMaths.divide(cost.activationsCents, by: community.newMembers)
            cost.perActiveMemberCents = RoiMaths.divide(cost.brandCents + cost.rewardsCents, by: community.activeInPeriod)
            return cost
        }
    }
}
