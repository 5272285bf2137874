import Foundation
import Hummingbird

/// `/api/v1/members/{id}` privacy routes: GDPR export, erasure, merge and preference-centre links.
struct PrivacyAPI: Sendable {
    let services: AppServices

    func addRoutes(to group: RouterGroup<APIContext>) {
        group.get("members/{id}/export", use: export)
        group.delete("members/{id}", use: erase)
        group.post("members/{id}/merge", use: merge)
        group.post("members/{id}/preference-link", use: preferenceLink)
        group.post("retention/run", use: runRetention)
    }

    @Sendable func export(_ request: Request, context: APIContext) async throws -> Response {
        let export = try await services.memberActions.export(memberID: try context.parameters.memberID(), access: context.access)
        return try JSONOutput.response(export, headers: [.contentDisposition: "attachment; filename=\"member-\(export.profile.id).json\""])
    }

    @Sendable func erase(_ request: Request, context: APIContext) async throws -> Response {
        try await services.memberActions.erase(memberID: try context.parameters.memberID(), access: context.access)
        return Response(status: .noContent)
    }

    @Sendable func merge(_ request: Request, context: APIContext) async throws -> Response {
        let survivor = try context.parameters.memberID()
        let input = try await JSONInput.decode(MergeInput.self, from: request, limit: 16 * 1024)
        try await services.memberActions.merge(survivorID: survivor, duplicateID: input.duplicateId, access: context.access)
        let access = context.access
        let dto = try await services.database.read { sql in
            guard let member = try await services.members.member(survivor, access: access, on: sql) else { throw AppError.notFound("member") }
            return MemberDTO(member, consents: try await services.ledger.currentStates(memberID: survivor, brandID: access.brandID, on: sql))
        }
        return try JSONOutput.response(dto)
    }

    @Sendable func preferenceLink(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let id = try context.parameters.memberID()
        let access = context.access
        let exists = try await services.database.read { sql in try await services.members.member(id, access: access, on: sql) != nil }
        guard exists else { throw AppError.notFound("member") }
        let link = services.preferenceLinks.link(memberID: id, brandID: access.brandID)
        return try JSONOutput.response(PreferenceLinkDTO(url: link.url, expiresAt: Clock.iso(link.expiresAt)), status: .created)
    }

    @Sendable func runRetention(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.runRetention)
        let count = try await services.retention.run()
        return try JSONOutput.response(RetentionRunDTO(anonymised: count, retentionDays: services.configuration.retentionDays))
    }
}

/// Body of a merge: the profile that disappears into the one in the path.
struct MergeInput: APIInput {
    static let fieldNames: Set<String> = ["duplicateId"]
    var duplicateId: Int64
}

/// A preference-centre link.
struct PreferenceLinkDTO: Codable, Sendable {
    var url: String
    var expiresAt: String
}

/// Outcome of a retention run.
struct RetentionRunDTO: Codable, Sendable {
    var anonymised: Int
    var retentionDays: Int
}
