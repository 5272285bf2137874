import Foundation
import Hummingbird

/// `/api/v1/listening/…`: the brand's feed sources, its queries, the mentions they find and their statistics.
struct ListeningAPI: Sendable {
    let services: AppServices

    func addRoutes(to group: RouterGroup<APIContext>) {
        group.get("listening/sources", use: listSources)
        group.post("listening/sources", use: createSource)
        group.get("listening/sources/{id}", use: showSource)
        group.patch("listening/sources/{id}", use: updateSource)
        group.delete("listening/sources/{id}", use: deleteSource)
        group.post("listening/sources/{id}/poll", use: pollSource)
        group.get("listening/queries", use: listQueries)
        group.post("listening/queries", use: createQuery)
        group.get("listening/queries/{id}", use: showQuery)
        group.patch("listening/queries/{id}", use: updateQuery)
        group.delete("listening/queries/{id}", use: deleteQuery)
        group.get("listening/mentions", use: listMentions)
        group.get("listening/statistics", use: statistics)
        group.post("listening/imports", use: importPosts)
    }

    private var listening: ListeningActions { services.listening }

    @Sendable func listSources(_ request: Request, context: APIContext) async throws -> Response {
        try JSONOutput.response(Page(items: try await listening.sources(access: context.access).map(FeedSourceDTO.init), nextCursor: nil, total: nil))
    }

    @Sendable func createSource(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.manageListening)
        let body = try await JSONInput.decode(FeedSourceInput.self, from: request, limit: 8 * 1024)
        let source = try await listening.createSource(body.changes, access: context.access)
        return try JSONOutput.response(FeedSourceDTO(source), status: .created, headers: [.location: "/api/v1/listening/sources/\(source.id)"])
    }

    @Sendable func showSource(_ request: Request, context: APIContext) async throws -> Response {
        try JSONOutput.response(FeedSourceDTO(try await listening.source(try sourceID(context), access: context.access)))
    }

    @Sendable func updateSource(_ request: Request, context: APIContext) async throws -> Response {
        let id = try sourceID(context)
        _ = try await listening.source(id, access: context.access) // another brand's id is a 404 whatever the body
        let body = try await JSONInput.decode(FeedSourceInput.self, from: request, limit: 8 * 1024)
        return try JSONOutput.response(FeedSourceDTO(try await listening.updateSource(id, body.changes, access: context.access)))
    }

    @Sendable func deleteSource(_ request: Request, context: APIContext) async throws -> Response {
        try await listening.deleteSource(try sourceID(context), access: context.access)
        return Response(status: .noContent)
    }

    @Sendable func pollSource(_ request: Request, context: APIContext) async throws -> Response {
        let (source, report) = try await listening.pollNow(try sourceID(context), access: context.access)
        return try JSONOutput.response(PollReportDTO(outcome: report.outcome, newPosts: report.newPosts, duplicates: report.duplicates,
                                                     newMentions: report.newMentions, error: report.error, source: FeedSourceDTO(source)))
    }

    @Sendable func listQueries(_ request: Request, context: APIContext) async throws -> Response {
        try JSONOutput.response(Page(items: try await listening.queries(access: context.access).map(ListeningQueryDTO.init), nextCursor: nil, total: nil))
    }

    @Sendable func createQuery(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.manageListening)
        let body = try await JSONInput.decode(ListeningQueryInput.self, from: request, limit: 16 * 1024)
        let query = try await listening.createQuery(body.changes, access: context.access)
        return try JSONOutput.response(ListeningQueryDTO(query), status: .created, headers: [.location: "/api/v1/listening/queries/\(query.id)"])
    }

    @Sendable func showQuery(_ request: Request, context: APIContext) async throws -> Response {
        try JSONOutput.response(ListeningQueryDTO(try await listening.query(try queryID(context), access: context.access)))
    }

    @Sendable func updateQuery(_ request: Request, context: APIContext) async throws -> Response {
        let id = try queryID(context)
        _ = try await listening.query(id, access: context.access)
        let body = try await JSONInput.decode(ListeningQueryInput.self, from: request, limit: 16 * 1024)
        return try JSONOutput.response(ListeningQueryDTO(try await listening.updateQuery(id, body.changes, access: context.access)))
    }

    @Sendable func deleteQuery(_ request: Request, context: APIContext) async throws -> Response {
        try await listening.deleteQuery(try queryID(context), access: context.access)
        return Response(status: .noContent)
    }

    @Sendable func listMentions(_ request: Request, context: APIContext) async throws -> Response {
        let query = request.queryDictionary
        let page = try await services.mentions.mentions(access: context.access, filter: try MentionFilter(query: query), page: try PageRequest(query: query))
        return try JSONOutput.response(Page(items: page.items.map { MentionDTO($0, showMember: context.access.can(.readMembers)) }, nextCursor: page.nextCursor, total: nil))
    }

    @Sendable func statistics(_ request: Request, context: APIContext) async throws -> Response {
        let query = request.queryDictionary
        let filter = try MentionFilter(query: query)
        let now = Clock.nowMillis()
        let until = filter.until ?? (now / Clock.dayMillis + 1) * Clock.dayMillis
        let since = filter.since ?? until - 30 * Clock.dayMillis
        guard since < until else { throw AppError.invalid("since", "must be before until") }
        guard until - since <= 366 * Clock.dayMillis else { throw AppError.invalid("since", "the period must be at most 366 days") }
        let days = try await services.mentions.statistics(access: context.access, queryID: filter.queryID, since: since, until: until)
        return try JSONOutput.response(MentionStatisticsDTO(since: since, until: until, days: days))
    }

    @Sendable func importPosts(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.manageListening)
        let body = try await JSONInput.decode(PostImportInput.self, from: request, limit: 10 * 1024 * 1024)
        let report = try await services.postImport.run(format: body.format, data: body.data, access: context.access)
        return try JSONOutput.response(PostImportReportDTO(report))
    }

    private func sourceID(_ context: APIContext) throws -> Int64 { try context.parameters.id("id", what: "source") }
    private func queryID(_ context: APIContext) throws -> Int64 { try context.parameters.id("id", what: "query") }
}
