import Foundation
import Hummingbird

/// `/api/v1/segments`: saved rule sets over the brand's members, their live count and members.
struct SegmentAPI: Sendable {
    let services: AppServices

    func addRoutes(to group: RouterGroup<APIContext>) {
        group.get("segments", use: list)
        group.post("segments", use: create)
        group.post("segments/preview", use: preview)
        group.get("segments/{id}", use: show)
        group.put("segments/{id}", use: update)
        group.delete("segments/{id}", use: delete)
        group.get("segments/{id}/count", use: count)
        group.get("segments/{id}/members", use: members)
    }

    @Sendable func list(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let page = try await services.segments.list(access: context.access, page: try PageRequest(query: request.queryDictionary))
        return try JSONOutput.response(Page(items: page.items.map(SegmentDTO.init), nextCursor: page.nextCursor, total: nil))
    }

    @Sendable func create(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.manageSegments)
        let (name, definition) = try await input(request, context: context)
        let segment = try await services.segments.create(name: name, definition: definition, access: context.access)
        return try JSONOutput.response(SegmentDTO(segment), status: .created, headers: [.location: "/api/v1/segments/\(segment.id)"])
    }

    @Sendable func show(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let segment = try await services.segments.segment(try segmentID(context), access: context.access)
        return try JSONOutput.response(SegmentDTO(segment))
    }

    @Sendable func update(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.manageSegments)
        let id = try segmentID(context)
        _ = try await services.segments.segment(id, access: context.access)
        let (name, definition) = try await input(request, context: context)
        let segment = try await services.segments.update(id, name: name, definition: definition, access: context.access)
        return try JSONOutput.response(SegmentDTO(segment))
    }

    @Sendable func delete(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.manageSegments)
        try await services.segments.delete(try segmentID(context), access: context.access)
        return Response(status: .noContent)
    }

    @Sendable func count(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let segment = try await services.segments.segment(try segmentID(context), access: context.access)
        let now = Date()
        let count = try await services.segments.count(segment.definition, access: context.access, now: now)
        return try JSONOutput.response(SegmentCountDTO(count: count, countedAt: Clock.iso(Clock.millis(now))))
    }

    @Sendable func members(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let page = try PageRequest(query: request.queryDictionary)
        let segment = try await services.segments.segment(try segmentID(context), access: context.access)
        let result = try await services.segments.members(segment.definition, access: context.access, page: page)
        return try JSONOutput.response(Page(items: result.items.map(MemberSummaryDTO.init), nextCursor: result.nextCursor, total: nil))
    }

    @Sendable func preview(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let body = try await JSONInput.decode(SegmentPreviewInput.self, from: request, limit: 64 * 1024)
        let definition = try await services.segments.validated(SegmentDefinitionJSON(match: body.match, rules: body.rules),
                                                               brandID: context.access.brandID)
        let now = Date()
        let count = try await services.segments.count(definition, access: context.access, now: now)
        return try JSONOutput.response(SegmentCountDTO(count: count, countedAt: Clock.iso(Clock.millis(now))))
    }

    /// The validated name and definition of a create or update body, with every field problem at once.
    private func input(_ request: Request, context: APIContext) async throws -> (String, SegmentDefinition) {
        let body = try await JSONInput.decode(SegmentInput.self, from: request, limit: 64 * 1024)
        var errors: [FieldError] = []
        var name = ""
        switch SegmentInput.checkedName(body.name) {
        case .success(let value): name = value
        case .failure(let problem): errors.append(FieldError(problem.field, problem.message))
        }
        let definition: SegmentDefinition
        do {
            definition = try await services.segments.validated(body.definition, brandID: context.access.brandID)
        } catch let error as AppError where error.code == "validation_failed" {
            throw AppError.validation(errors + error.fieldErrors)
        }
        if !errors.isEmpty { throw AppError.validation(errors) }
        return (name, definition)
    }

    /// The `{id}` path parameter as a segment id, or 404.
    private func segmentID(_ context: APIContext) throws -> Int64 {
        try context.parameters.id("id", what: "segment")
    }
}
