import Foundation
import SQLKit

/// Something that happened to or was done by a member.
public struct TimelineEvent: Sendable, Codable, Equatable {
    public var id: Int64
    public var brandID: Int64?
    public var kind: String
    public var summary: String
    public var data: [String: String]
    public var initiatedByMember: Bool
    public var occurredAt: Int64
}

/// The member timeline: every event in one place.
struct Timeline: Sendable {
    /// Appends an event inside the caller's transaction (at its end when the work runs grouped).
    func append(
        organisationID: Int64, brandID: Int64?, memberID: Int64, kind: String, summary: String,
        data: [String: String] = [:], initiatedByMember: Bool = false, at: Int64 = Clock.nowMillis(), on sql: any SQLDatabase
    ) async throws {
        let json = FlatJSON.object(data)
        let values: [any Encodable & Sendable] = [organisationID, brandID, memberID, kind, summary, json, initiatedByMember ? 1 : 0, at]
        try await WorkGroup.append(.timeline, values, on: sql)
    }

    /// Events of a member, newest first; `brandID` limits to that brand's and organisation-wide events.
    func events(memberID: Int64, brandID: Int64?, page: PageRequest, on sql: any SQLDatabase) async throws -> [TimelineEvent] {
        let brandFilter: SQLQueryString = brandID.map { "AND (brand_id = \(bind: $0) OR brand_id IS NULL)" } ?? ""
        let cursor: SQLQueryString = page.afterID.map { "AND id < \(bind: $0)" } ?? ""
        return try await sql.raw("""
            SELECT * FROM timeline_events WHERE member_id = \(bind: memberID) \(brandFilter) \(cursor)
            ORDER BY occurred_at DESC, id DESC LIMIT \(bind: page.limit)
            """).all().map { row in
            let data = try row.decode(column: "data", as: String.self)
            return TimelineEvent(
                id: try row.decode(column: "id", as: Int64.self),
                brandID: try row.optional("brand_id"),
                kind: try row.decode(column: "kind", as: String.self),
                summary: try row.decode(column: "summary", as: String.self),
                data: (try? JSONDecoder().decode([String: String].self, from: Data(data.utf8))) ?? [:],
                initiatedByMember: try row.flag("initiated_by_member"),
                occurredAt: try row.decode(column: "occurred_at", as: Int64.self)
            )
        }
    }
}
