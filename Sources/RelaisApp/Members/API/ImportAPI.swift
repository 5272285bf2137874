import Foundation
import Hummingbird
import NIOCore

/// `/api/v1/imports` and `/api/v1/exports`: CSV import of members (with dry run), import
/// reports, and CSV export of members.
struct ImportAPI: Sendable {
    let services: AppServices

    /// Mounts the routes on the API group.
    func addRoutes(to group: RouterGroup<APIContext>) {
        group.post("imports/members", use: importMembers)
        group.get("imports", use: list)
        group.get("imports/{id}", use: show)
        group.get("exports/members", use: exportMembers)
    }

    @Sendable func importMembers(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.importMembers)
        let brand = try await services.brand(for: context.access)
        let input = try await JSONInput.decode(ImportInput.self, from: request, limit: context.maxUploadSize)
        let report = try await services.memberImporter.run(try input.request(), dryRun: input.dryRun ?? false, brand: brand, access: context.access)
        guard let id = report.id else { return try JSONOutput.response(report) }
        return try JSONOutput.response(report, status: .created, headers: [.location: "/api/v1/imports/\(id)"])
    }

    @Sendable func list(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.importMembers)
        let page = try PageRequest(query: request.queryDictionary)
        return try JSONOutput.response(try await services.importReports.list(brandID: context.access.brandID, page: page))
    }

    @Sendable func show(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.importMembers)
        let id = try context.parameters.id("id", what: "import")
        guard let report = try await services.importReports.report(id: id, brandID: context.access.brandID) else {
            throw AppError.notFound("import")
        }
        return try JSONOutput.response(report)
    }

    @Sendable func exportMembers(_ request: Request, context: APIContext) async throws -> Response {
        let brand = try await services.brand(for: context.access)
        let query = request.queryDictionary
        if let text = query["q"], text.count > 200 { throw AppError.invalid("q", "must be at most 200 characters") }
        let delimiter = try Self.delimiter(query["delimiter"])
        let (text, _) = try await services.memberExport.export(MemberQuery(text: query["q"], tag: query["tag"], country: nil),
                                                               access: context.access, defaultCountry: brand.country, delimiter: delimiter)
        return Self.csvResponse(text, fileName: "members-\(brand.slug)-\(MemberPages.day(Clock.nowMillis())).csv")
    }

    /// The separator asked for by `delimiter=comma|semicolon` (comma by default).
    static func delimiter(_ value: String?) throws -> Character {
        switch value {
        case nil, "", "comma"?, ","?: ","
        case "semicolon"?, ";"?: ";"
        default: throw AppError.invalid("delimiter", "must be comma or semicolon")
        }
    }

    /// A CSV file download.
    static func csvResponse(_ text: String, fileName: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(fileName)\"",
                                        .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
