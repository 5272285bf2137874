import Foundation

/// Builds activation reports from the database, in one read-only session.
struct ActivationReports: Sendable {
    let database: Database
    let budgets: BudgetStore
    let reach: ReachStore
    let valueModels: ValueModelStore

    /// The report of an activation the caller may see.
    func report(_ activation: Activation) async throws -> ActivationReport {
        try await database.readOnly { sql in
            ActivationReport(activation: activation,
                             lines: try await budgets.lines(brandID: activation.brandID, activationID: activation.id, on: sql),
                             declared: try await reach.declared(activationID: activation.id, on: sql),
                             outcomes: try await OutcomeQueries.outcomes(of: activation, on: sql),
                             valueModel: try await valueModels.model(brandID: activation.brandID, on: sql))
        }
    }
}
