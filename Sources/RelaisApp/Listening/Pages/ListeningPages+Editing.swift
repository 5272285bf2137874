import Foundation
import Hummingbird

/// Editing and deleting sources and queries from the listening page (the same checks as the API;
/// a refused change shows the page again with the row's form open and its errors).
extension ListeningPages {
    @Sendable func editSource(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let form = try await FormData.read(request, limit: 16 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        let id = try context.parameters.id("id", what: "source")
        let source = try await services.listening.source(id, access: frame.access)
        let interval = (form["interval"] ?? "").trimmingCharacters(in: .whitespaces)
        guard interval.isEmpty || Int(interval) != nil else {
            return try await render(frame, context: context, parameters: [:], status: .unprocessableContent,
                                    forms: Forms(editing: ("source", id, [FieldError("pollIntervalMinutes", "must be a whole number")])))
        }
        var changes = FeedSourceChanges(url: nil, label: form["label"], pollIntervalMinutes: Int(interval), enabled: form["enabled"] == "on")
        if source.kind == .feed, let url = form["url"], url != source.url { changes.url = url }
        do {
            _ = try await services.listening.updateSource(id, changes, access: frame.access)
            return Response(status: .seeOther, headers: [.location: "/listening#source-\(id)"])
        } catch let error as AppError where error.status == .unprocessableContent {
            return try await render(frame, context: context, parameters: [:], status: .unprocessableContent,
                                    forms: Forms(editing: ("source", id, error.fieldErrors)))
        }
    }

    @Sendable func deleteSource(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let form = try await FormData.read(request, limit: 4 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        try await services.listening.deleteSource(try context.parameters.id("id", what: "source"), access: frame.access)
        return Response(status: .seeOther, headers: [.location: "/listening#listening-sources"])
    }

    @Sendable func editQuery(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let form = try await FormData.read(request, limit: 16 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        let id = try context.parameters.id("id", what: "query")
        do {
            _ = try await services.listening.updateQuery(id, ListeningQueryChanges(name: form["name"], kind: form["kind"], query: form["query"]),
                                                         access: frame.access)
            return Response(status: .seeOther, headers: [.location: "/listening#query-\(id)"])
        } catch let error as AppError where error.status == .unprocessableContent {
            return try await render(frame, context: context, parameters: [:], status: .unprocessableContent,
                                    forms: Forms(editing: ("query", id, error.fieldErrors)))
        }
    }

    @Sendable func deleteQuery(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let form = try await FormData.read(request, limit: 4 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        try await services.listening.deleteQuery(try context.parameters.id("id", what: "query"), access: frame.access)
        return Response(status: .seeOther, headers: [.location: "/listening#listening-queries"])
    }
}
