import Foundation
import Hummingbird

/// `/api/v1/members`: upsert, list and search, read, timeline and consent changes.
struct MemberAPI: Sendable {
    let services: AppServices

    func addRoutes(to group: RouterGroup<APIContext>) {
        group.post("members", use: upsert)
        group.get("members", use: list)
        group.get("members/duplicates", use: duplicates)
        group.get("members/{id}", use: show)
        group.get("members/{id}/timeline", use: timeline)
        group.get("members/{id}/consents", use: consents)
        group.post("members/{id}/consents", use: changeConsent)
    }

    @Sendable func upsert(_ request: Request, context: APIContext) async throws -> Response {
        let brand = try await services.brand(for: context.access)
        let input = try await JSONInput.decode(MemberInput.self, from: request, limit: context.maxUploadSize)
        var upsert = try input.validated(defaultCountry: brand.country)
        if let unit = upsert.unitID, context.access.unitID == nil {
            guard try await services.tenancy.unit(unit)?.brandID == brand.id else {
                throw AppError.invalid("unitId", "is not a unit of this brand")
            }
        }
        if context.access.unitID != nil { upsert.unitID = context.access.unitID }
        let outcome = try await services.memberActions.upsert(upsert, brand: brand, access: context.access, source: .apiKey, ipAddress: context.remoteAddress)
        let dto: MemberDTO
        if let (member, states) = outcome.createdMember {
            dto = MemberDTO(member, consents: states)
        } else {
            dto = try await memberDTO(outcome.memberID, access: context.access)
        }
        return try JSONOutput.response(UpsertResultDTO(created: outcome.created, member: dto), status: outcome.created ? .created : .ok,
                                       headers: [.location: "/api/v1/members/\(outcome.memberID)"])
    }

    @Sendable func list(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let brand = try await services.brand(for: context.access)
        let query = request.queryDictionary
        let page = try PageRequest(query: query, keyed: true)
        if let country = query["country"], country.count != 2 { throw AppError.invalid("country", "must be a two-letter country code") }
        if let text = query["q"], text.count > 200 { throw AppError.invalid("q", "must be at most 200 characters") }
        let result = try await services.memberSearch.search(
            MemberQuery(text: query["q"], tag: query["tag"], country: query["country"]),
            access: context.access, page: page, defaultCountry: brand.country)
        return try JSONOutput.response(Page<MemberSummaryDTO>(items: result.items.map(MemberSummaryDTO.init), nextCursor: result.nextCursor, total: nil))
    }

    @Sendable func duplicates(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let pairs = try await services.duplicates.pairs(access: context.access, limit: 100)
        return try JSONOutput.response(pairs.map { DuplicatePairDTO(first: MemberSummaryDTO($0.first), second: MemberSummaryDTO($0.second), reason: $0.reason) })
    }

    @Sendable func show(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        return try JSONOutput.response(try await memberDTO(try context.parameters.memberID(), access: context.access))
    }

    @Sendable func timeline(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let id = try context.parameters.memberID()
        let page = try PageRequest(query: request.queryDictionary)
        let access = context.access
        let events = try await services.database.readOnly { sql in
            guard try await services.members.member(id, access: access, on: sql) != nil else { throw AppError.notFound("member") }
            return try await services.timeline.events(memberID: id, brandID: access.brandID, page: page.lookingAhead, on: sql)
        }
        let result = Page(lookahead: events, request: page, id: \.id)
        return try JSONOutput.response(Page<TimelineEventDTO>(items: result.items.map(TimelineEventDTO.init), nextCursor: result.nextCursor, total: nil))
    }

    @Sendable func consents(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readConsent)
        let id = try context.parameters.memberID()
        let access = context.access
        let (states, history) = try await services.database.readOnly { sql in
            guard try await services.members.member(id, access: access, on: sql) != nil else { throw AppError.notFound("member") }
            return (try await services.ledger.currentStates(memberID: id, brandID: access.brandID, on: sql),
                    try await services.ledger.history(memberID: id, brandID: access.brandID, on: sql))
        }
        return try JSONOutput.response(ConsentOverviewDTO(current: states.map(ConsentStateDTO.init), history: history.map(ConsentRecordDTO.init)))
    }

    @Sendable func changeConsent(_ request: Request, context: APIContext) async throws -> Response {
        let id = try context.parameters.memberID()
        let brand = try await services.brand(for: context.access)
        let input = try await JSONInput.decode(ConsentInput.self, from: request, limit: 64 * 1024)
        let change: ConsentChange
        switch input.change() {
        case .success(let value): change = value
        case .failure(let error): throw AppError.invalid(error.field, error.message)
        }
        try await services.memberActions.changeConsent(change, memberID: id, brand: brand, access: context.access, source: .apiKey, ipAddress: context.remoteAddress)
        let access = context.access
        let states = try await services.database.readOnly { sql in
            try await services.ledger.currentStates(memberID: id, brandID: access.brandID, on: sql)
        }
        return try JSONOutput.response(states.map(ConsentStateDTO.init), status: .created)
    }

    private func memberDTO(_ id: Int64, access: BrandAccess) async throws -> MemberDTO {
        try await services.database.readOnly { sql in
            guard let member = try await services.members.member(id, access: access, on: sql) else { throw AppError.notFound("member") }
            let states = try await services.ledger.currentStates(memberID: id, brandID: access.brandID, on: sql)
            return MemberDTO(member, consents: states)
        }
    }
}

extension PageRequest {
    /// A page request built directly.
    init(limit: Int, afterID: Int64?) {
        self.limit = limit
        self.afterID = afterID
    }
}

extension Parameters {
    /// The `{id}` path parameter as a member id, or 404.
    func memberID() throws -> Int64 {
        try id("id", what: "member")
    }

    /// A positive integer path parameter, or 404 naming what was looked for.
    func id(_ name: String, what: String) throws -> Int64 {
        guard let text = self.get(name), let value = Int64(text), value > 0 else { throw AppError.notFound(what) }
        return value
    }
}

extension Request {
    /// The query parameters as a dictionary (the last value wins).
    var queryDictionary: [String: String] {
        var result: [String: String] = [:]
        for (key, value) in uri.queryParameters { result[String(key)] = String(value) }
        return result
    }
}
