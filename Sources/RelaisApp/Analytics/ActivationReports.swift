import Foundation
import SQLKit

/// Builds activation reports from the database, in one read-only session: member figures from
/// the pre-aggregated counters (`Rollups`, and the visitor counters the database keeps), page
/// and widget views from their daily counts.
struct ActivationReports: Sendable {
    let database: Database
    let budgets: BudgetStore
    let reach: ReachStore
    let valueModels: ValueModelStore
    let rollups: Rollups

    /// The report of an activation the caller may see.
    func report(_ activation: Activation, dormantDays: Int = ContinuityQueries.defaultDormantDays) async throws -> ActivationReport {
        try await rollups.catchUp(batches: 10)
        return try await database.readOnly { sql in try await report(activation, dormantDays: dormantDays, on: sql) }
    }

    /// The report read inside a session.
    func report(_ activation: Activation, dormantDays: Int = ContinuityQueries.defaultDormantDays, on sql: any SQLDatabase) async throws -> ActivationReport {
        try await reports([activation], dormantDays: dormantDays, on: sql)[0]
    }

    /// The reports of several activations of one brand (the brand overview reads all those of its
    /// months), in their order: a fixed number of queries whatever their number.
    func reports(_ activations: [Activation], dormantDays: Int = ContinuityQueries.defaultDormantDays, now: Int64 = Clock.nowMillis(),
                 on sql: any SQLDatabase) async throws -> [ActivationReport] {
        guard let brandID = activations.first?.brandID else { return [] }
        let ids = activations.map(\.id)
        let opened = try await ContinuityQueries.opened(brandID: brandID, now: now, on: sql)
        let later = activations.map { activation in (activation.id, ContinuityQueries.shownLater(of: activation, opened: opened).map(\.activationID)) }
        let figures = try await RollupActivationFigures.figures(brandID: brandID, activations: later, dormantDays: dormantDays, kind: database.kind, on: sql)
        var outcomes = figures.mapValues(\.outcomes)
        try await PageViewFigures.read(activationIDs: ids, into: &outcomes, on: sql)
        let model = try await valueModels.model(brandID: brandID, on: sql)
        let lines = try await budgets.lines(brandID: brandID, activationIDs: ids, on: sql)
        let declared = try await reach.declared(activationIDs: ids, on: sql)
        var reports: [ActivationReport] = []
        for activation in activations {
            let found = figures[activation.id] ?? RollupActivationFigures.Figures()
            reports.append(ActivationReport(activation: activation, lines: lines[activation.id] ?? [], declared: declared[activation.id] ?? [],
                                            outcomes: outcomes[activation.id] ?? found.outcomes, valueModel: model,
                                            continuity: try await ContinuityQueries.continuity(of: activation, figures: found, opened: opened,
                                                                                               dormantDays: dormantDays, on: sql)))
        }
        return reports
    }
}
