import Foundation
import Listening
import SQLKit

/// A brand query as stored: what it is called, what it watches, and its text in the query language.
struct ListeningQuery: Sendable, Equatable {
    var id: Int64
    var organisationID: Int64
    var brandID: Int64
    var name: String
    var kind: ListeningQueryKind
    /// The query as written (`docs/QUERY-LANGUAGE.md`).
    var text: String
    var createdAt: Int64
    var updatedAt: Int64

    /// The parsed query, or the error that stops it from matching (a stored query stays valid
    /// unless the language changes under it; it is then skipped, and its error shown).
    var parsed: Result<BrandQuery, BrandQueryError> {
        Result { () throws(BrandQueryError) in try BrandQueryParser().parse(text) }
    }
}

/// What a query watches: the brand, one of its products, a competitor (share of voice) or crisis words.
enum ListeningQueryKind: String, Sendable, CaseIterable {
    case brand
    case product
    case competitor
    case crisis
}

/// What staff send to create or change a query; nil fields are left as they are.
struct ListeningQueryChanges: Sendable {
    var name: String?
    var kind: String?
    var query: String?

    /// Checks the fields that are present; a query that does not parse gets its error with its position.
    func validate(creating: Bool) -> [FieldError] {
        var errors: [FieldError] = []
        if let name {
            if name.trimmingCharacters(in: .whitespaces).isEmpty { errors.append(FieldError("name", "is required")) }
            if name.count > 200 { errors.append(FieldError("name", "must be at most 200 characters")) }
        } else if creating {
            errors.append(FieldError("name", "is required"))
        }
        if let kind, ListeningQueryKind(rawValue: kind) == nil {
            errors.append(FieldError("kind", "must be one of \(ListeningQueryKind.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        if let query {
            if query.count > 4_000 {
                errors.append(FieldError("query", "must be at most 4000 characters"))
            } else if let error = Self.parseError(query) {
                errors.append(FieldError("query", error.message))
            }
        } else if creating {
            errors.append(FieldError("query", "is required"))
        }
        return errors
    }

    /// The parser's error for `text`, or nil when it is a valid query.
    static func parseError(_ text: String) -> BrandQueryError? {
        do { _ = try BrandQueryParser().parse(text); return nil } catch { return error }
    }
}

/// The `listening_queries` table.
struct ListeningQueryStore: Sendable {
    static let columns = "id, organisation_id, brand_id, name, kind, query_text, created_at, updated_at"

    /// The brand's query, or nil (another brand's query is nil too).
    func query(_ id: Int64, brandID: Int64, on sql: any SQLDatabase) async throws -> ListeningQuery? {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM listening_queries WHERE id = \(bind: id) AND brand_id = \(bind: brandID)")
            .first().map(Self.decode)
    }

    /// Every query of the brand, oldest first.
    func queries(brandID: Int64, on sql: any SQLDatabase) async throws -> [ListeningQuery] {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM listening_queries WHERE brand_id = \(bind: brandID) ORDER BY id")
            .all().map(Self.decode)
    }

    /// Inserts a query.
    func insert(organisationID: Int64, brandID: Int64, name: String, kind: ListeningQueryKind, text: String, now: Int64,
                on sql: any SQLDatabase) async throws -> ListeningQuery {
        let row = try await sql.raw("""
            INSERT INTO listening_queries (organisation_id, brand_id, name, kind, query_text, created_at, updated_at)
            VALUES (\(bind: organisationID), \(bind: brandID), \(bind: name), \(bind: kind.rawValue), \(bind: text), \(bind: now), \(bind: now))
            RETURNING \(unsafeRaw: Self.columns)
            """).first()
        guard let row else { throw AppError.notFound("query") }
        return try Self.decode(row)
    }

    /// Writes the editable fields.
    func update(_ query: ListeningQuery, now: Int64, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            UPDATE listening_queries SET name = \(bind: query.name), kind = \(bind: query.kind.rawValue), query_text = \(bind: query.text),
                updated_at = \(bind: now) WHERE id = \(bind: query.id)
            """).run()
    }

    /// Deletes the query with its mentions, its alerts and their deliveries.
    func delete(_ id: Int64, on sql: any SQLDatabase) async throws {
        for statement: SQLQueryString in [
            "DELETE FROM listening_delivery_attempts WHERE delivery_id IN (SELECT d.id FROM listening_alert_deliveries d JOIN listening_alerts a ON a.id = d.alert_id WHERE a.query_id = \(bind: id))",
            "DELETE FROM listening_alert_deliveries WHERE alert_id IN (SELECT id FROM listening_alerts WHERE query_id = \(bind: id))",
            "DELETE FROM listening_alerts WHERE query_id = \(bind: id)",
            "DELETE FROM listening_alert_settings WHERE query_id = \(bind: id)",
            "DELETE FROM listening_rematches WHERE query_id = \(bind: id)",
        ] {
            try await sql.raw(statement).run()
        }
        try await sql.raw("DELETE FROM listening_mentions WHERE query_id = \(bind: id)").run()
        try await sql.raw("DELETE FROM listening_queries WHERE id = \(bind: id)").run()
    }

    static func decode(_ row: any SQLRow) throws -> ListeningQuery {
        ListeningQuery(
            id: try row.decode(column: "id", as: Int64.self),
            organisationID: try row.decode(column: "organisation_id", as: Int64.self),
            brandID: try row.decode(column: "brand_id", as: Int64.self),
            name: try row.decode(column: "name", as: String.self),
            kind: ListeningQueryKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .brand,
            text: try row.decode(column: "query_text", as: String.self),
            createdAt: try row.decode(column: "created_at", as: Int64.self),
            updatedAt: try row.decode(column: "updated_at", as: Int64.self)
        )
    }
}
