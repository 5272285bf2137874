import Foundation
import SQLKit

/// Builds activation reports from the database, in one read-only session.
struct ActivationReports: Sendable {
    let database: Database
    let budgets: BudgetStore
    let reach: ReachStore
    let valueModels: ValueModelStore

    /// The report of an activation the caller may see.
    func report(_ activation: Activation, dormantDays: Int = ContinuityQueries.defaultDormantDays) async throws -> ActivationReport {
        try await database.readOnly { sql in try await report(activation, dormantDays: dormantDays, on: sql) }
    }

    /// The report read inside a session (the brand overview reads several in one).
    func report(_ activation: Activation, dormantDays: Int = ContinuityQueries.defaultDormantDays, on sql: any SQLDatabase) async throws -> ActivationReport {
        ActivationReport(activation: activation,
                         lines: try await budgets.lines(brandID: activation.brandID, activationID: activation.id, on: sql),
                         declared: try await reach.declared(activationID: activation.id, on: sql),
                         outcomes: try await OutcomeQueries.outcomes(of: activation, on: sql),
                         valueModel: try await valueModels.model(brandID: activation.brandID, on: sql),
                         continuity: try await ContinuityQueries.continuity(of: activation, dormantDays: dormantDays, on: sql))
    }
}
