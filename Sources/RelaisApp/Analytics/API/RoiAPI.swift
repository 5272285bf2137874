import Foundation
import Hummingbird

/// `/api/v1/activations/{id}/budget-lines`, `/declared-reach`, `/report`, `/report.csv`, and the
/// brand's own `/api/v1/budget-lines` and `/api/v1/value-model`: what activations cost and return.
struct RoiAPI: Sendable {
    let services: AppServices

    func addRoutes(to group: RouterGroup<APIContext>) {
        group.get("activations/{id}/budget-lines", use: activationLines)
        group.post("activations/{id}/budget-lines", use: addActivationLine)
        group.put("activations/{id}/budget-lines/{lineId}", use: updateActivationLine)
        group.delete("activations/{id}/budget-lines/{lineId}", use: removeActivationLine)
        group.get("budget-lines", use: brandLines)
        group.post("budget-lines", use: addBrandLine)
        group.put("budget-lines/{id}", use: updateBrandLine)
        group.delete("budget-lines/{id}", use: removeBrandLine)
        group.get("activations/{id}/declared-reach", use: declaredReach)
        group.post("activations/{id}/declared-reach", use: addReach)
        group.put("activations/{id}/declared-reach/{reachId}", use: updateReach)
        group.delete("activations/{id}/declared-reach/{reachId}", use: removeReach)
        group.get("value-model", use: valueModel)
        group.put("value-model", use: saveValueModel)
        group.get("activations/{id}/report", use: report)
        group.get("activations/{id}/report.csv", use: reportCSV)
    }

    static let bodyLimit = 4 * 1024

    // MARK: Budget lines of an activation

    @Sendable func activationLines(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let activation = try await activation(context)
        return try JSONOutput.response(ItemsDTO(items: try await services.budgets.lines(brandID: activation.brandID, activationID: activation.id).map(BudgetLineDTO.init)))
    }

    @Sendable func addActivationLine(_ request: Request, context: APIContext) async throws -> Response {
        let body = try await JSONInput.decode(BudgetLineInput.self, from: request, limit: Self.bodyLimit)
        let activation = try await activation(context)
        let line = try await services.budgets.addLine(try body.draft(), activationID: activation.id, access: context.access)
        return try JSONOutput.response(BudgetLineDTO(line), status: .created)
    }

    @Sendable func updateActivationLine(_ request: Request, context: APIContext) async throws -> Response {
        let body = try await JSONInput.decode(BudgetLineInput.self, from: request, limit: Self.bodyLimit)
        let activation = try await activation(context)
        let id = try context.parameters.id("lineId", what: "budget line")
        return try JSONOutput.response(BudgetLineDTO(try await services.budgets.updateLine(id, with: try body.draft(), activationID: activation.id, access: context.access)))
    }

    @Sendable func removeActivationLine(_ request: Request, context: APIContext) async throws -> Response {
        let activation = try await activation(context)
        try await services.budgets.removeLine(try context.parameters.id("lineId", what: "budget line"), activationID: activation.id, access: context.access)
        return Response(status: .noContent)
    }

    // MARK: Budget lines of the brand

    @Sendable func brandLines(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        return try JSONOutput.response(ItemsDTO(items: try await services.budgets.lines(brandID: context.access.brandID, activationID: nil).map(BudgetLineDTO.init)))
    }

    @Sendable func addBrandLine(_ request: Request, context: APIContext) async throws -> Response {
        let body = try await JSONInput.decode(BudgetLineInput.self, from: request, limit: Self.bodyLimit)
        let line = try await services.budgets.addLine(try body.draft(), activationID: nil, access: context.access)
        return try JSONOutput.response(BudgetLineDTO(line), status: .created)
    }

    @Sendable func updateBrandLine(_ request: Request, context: APIContext) async throws -> Response {
        let body = try await JSONInput.decode(BudgetLineInput.self, from: request, limit: Self.bodyLimit)
        let id = try context.parameters.id("id", what: "budget line")
        return try JSONOutput.response(BudgetLineDTO(try await services.budgets.updateLine(id, with: try body.draft(), activationID: nil, access: context.access)))
    }

    @Sendable func removeBrandLine(_ request: Request, context: APIContext) async throws -> Response {
        try await services.budgets.removeLine(try context.parameters.id("id", what: "budget line"), activationID: nil, access: context.access)
        return Response(status: .noContent)
    }

    // MARK: Declared reach

    @Sendable func declaredReach(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let activation = try await activation(context)
        return try JSONOutput.response(ItemsDTO(items: try await services.declaredReach.declared(activationID: activation.id).map(DeclaredReachDTO.init)))
    }

    @Sendable func addReach(_ request: Request, context: APIContext) async throws -> Response {
        let body = try await JSONInput.decode(DeclaredReachInput.self, from: request, limit: Self.bodyLimit)
        let activation = try await activation(context)
        let reach = try await services.declaredReach.add(try body.draft(), activation: activation, access: context.access)
        return try JSONOutput.response(DeclaredReachDTO(reach), status: .created)
    }

    @Sendable func updateReach(_ request: Request, context: APIContext) async throws -> Response {
        let body = try await JSONInput.decode(DeclaredReachInput.self, from: request, limit: Self.bodyLimit)
        let activation = try await activation(context)
        let id = try context.parameters.id("reachId", what: "declared reach")
        return try JSONOutput.response(DeclaredReachDTO(try await services.declaredReach.update(id, with: try body.draft(), activation: activation, access: context.access)))
    }

    @Sendable func removeReach(_ request: Request, context: APIContext) async throws -> Response {
        let activation = try await activation(context)
        try await services.declaredReach.remove(try context.parameters.id("reachId", what: "declared reach"), activation: activation, access: context.access)
        return Response(status: .noContent)
    }

    // MARK: Value model and report

    @Sendable func valueModel(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        return try JSONOutput.response(ValueModelDTO(try await services.valueModels.model(brandID: context.access.brandID)))
    }

    @Sendable func saveValueModel(_ request: Request, context: APIContext) async throws -> Response {
        let body = try await JSONInput.decode(ValueModelInput.self, from: request, limit: Self.bodyLimit)
        return try JSONOutput.response(ValueModelDTO(try await services.valueModels.save(try body.model(), access: context.access)))
    }

    @Sendable func report(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let activation = try await activation(context)
        return try JSONOutput.response(ActivationReportDTO(try await services.activationReports.report(activation)))
    }

    @Sendable func reportCSV(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let table = request.queryDictionary["table"]
        if let table, !ReportCSV.tables.contains(table) {
            throw AppError.invalid("table", "must be one of \(ReportCSV.tables.joined(separator: ", "))")
        }
        let activation = try await activation(context)
        let report = try await services.activationReports.report(activation)
        return ImportAPI.csvResponse(ReportCSV.csv(report, table: table), fileName: "activation-\(activation.id)-\(table ?? "report").csv")
    }

    /// The activation, when the key may see it (another brand's, or outside a unit key's unit: 404).
    private func activation(_ context: APIContext) async throws -> Activation {
        try await services.activations.activation(try context.parameters.id("id", what: "activation"), access: context.access)
    }
}
