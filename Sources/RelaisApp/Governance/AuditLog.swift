import Foundation
import SQLKit

/// One line of the audit log: who did what to what, and when.
public struct AuditEntry: Sendable, Codable, Equatable {
    public var id: Int64
    public var brandID: Int64?
    public var actorKind: String
    public var actorLabel: String
    public var action: String
    public var targetKind: String
    public var targetID: Int64?
    public var details: [String: String]
    public var at: Int64
}

/// The append-only audit log. Details never hold personal data: identifiers and counts only.
struct AuditLog: Sendable {
    let database: Database

    /// Appends an entry inside the caller's transaction (at its end when the work runs grouped).
    func record(
        organisationID: Int64, brandID: Int64?, actor: ActorRef, action: String, targetKind: String,
        targetID: Int64?, details: [String: String] = [:], on sql: any SQLDatabase
    ) async throws {
        let json = FlatJSON.object(details)
        let values: [any Encodable & Sendable] = [organisationID, brandID, actor.kind, actor.id, actor.label, action, targetKind, targetID, json,
                                                  Clock.nowMillis()]
        try await WorkGroup.append(.audit, values, on: sql)
    }

    /// Entries of an organisation (optionally one brand), newest first, paged by id.
    func entries(organisationID: Int64, brandID: Int64?, page: PageRequest) async throws -> [AuditEntry] {
        try await database.readOnly { sql in
            let brandFilter: SQLQueryString = brandID.map { "AND brand_id = \(bind: $0)" } ?? ""
            let cursor: SQLQueryString = page.afterID.map { "AND id < \(bind: $0)" } ?? ""
            let rows = try await sql.raw("""
                SELECT * FROM audit_log WHERE organisation_id = \(bind: organisationID) \(brandFilter) \(cursor)
                ORDER BY id DESC LIMIT \(bind: page.limit)
                """).all()
            return try rows.map { row in
                let details = try row.decode(column: "details", as: String.self)
                return AuditEntry(
                    id: try row.decode(column: "id", as: Int64.self),
                    brandID: try row.optional("brand_id"),
                    actorKind: try row.decode(column: "actor_kind", as: String.self),
                    actorLabel: try row.decode(column: "actor_label", as: String.self),
                    action: try row.decode(column: "action", as: String.self),
                    targetKind: try row.decode(column: "target_kind", as: String.self),
                    targetID: try row.optional("target_id"),
                    details: (try? JSONDecoder().decode([String: String].self, from: Data(details.utf8))) ?? [:],
                    at: try row.decode(column: "at", as: Int64.self)
                )
            }
        }
    }
}
