import Foundation
import SQLKit

/// Reach announced by media for activations, as staff typed it.
struct ReachStore: Sendable {
    let database: Database
    let audit: AuditLog

    /// An activation's declared reach, oldest first.
    func declared(activationID: Int64) async throws -> [DeclaredReach] {
        try await database.readOnly { sql in try await declared(activationID: activationID, on: sql) }
    }

    /// Adds a declared reach to an activation.
    func add(_ draft: DeclaredReachDraft, activation: Activation, access: BrandAccess, now: Int64 = Clock.nowMillis()) async throws -> DeclaredReach {
        try access.require(.manageActivations)
        return try await database.transaction { sql in
            guard let row = try await sql.raw("""
                INSERT INTO declared_reach (organisation_id, brand_id, activation_id, source, impressions, potential_reach, created_at, updated_at)
                VALUES (\(bind: activation.organisationID), \(bind: activation.brandID), \(bind: activation.id), \(bind: draft.source),
                        \(bind: draft.impressions), \(bind: draft.potentialReach), \(bind: now), \(bind: now))
                RETURNING id
                """).first() else { throw AppError.notFound("declared reach") }
            let id = try row.decode(column: "id", as: Int64.self)
            try await record("declared_reach.created", id: id, activation: activation, access: access, on: sql)
            return DeclaredReach(id: id, activationID: activation.id, source: draft.source, impressions: draft.impressions,
                                 potentialReach: draft.potentialReach, createdAt: now, updatedAt: now)
        }
    }

    /// Replaces one declared reach of the activation; 404 when there is none.
    func update(_ id: Int64, with draft: DeclaredReachDraft, activation: Activation, access: BrandAccess,
                now: Int64 = Clock.nowMillis()) async throws -> DeclaredReach {
        try access.require(.manageActivations)
        return try await database.transaction { sql in
            guard try await sql.raw("""
                UPDATE declared_reach SET source = \(bind: draft.source), impressions = \(bind: draft.impressions),
                       potential_reach = \(bind: draft.potentialReach), updated_at = \(bind: now)
                WHERE id = \(bind: id) AND activation_id = \(bind: activation.id) RETURNING id
                """).first() != nil else { throw AppError.notFound("declared reach") }
            try await record("declared_reach.updated", id: id, activation: activation, access: access, on: sql)
            guard let reach = try await declared(activationID: activation.id, on: sql).first(where: { $0.id == id }) else {
                throw AppError.notFound("declared reach")
            }
            return reach
        }
    }

    /// Removes one declared reach of the activation; 404 when there is none.
    func remove(_ id: Int64, activation: Activation, access: BrandAccess) async throws {
        try access.require(.manageActivations)
        try await database.transaction { sql in
            guard try await sql.raw("""
                DELETE FROM declared_reach WHERE id = \(bind: id) AND activation_id = \(bind: activation.id) RETURNING id
                """).first() != nil else { throw AppError.notFound("declared reach") }
            try await record("declared_reach.removed", id: id, activation: activation, access: access, on: sql)
        }
    }

    /// Declared reach read inside a session.
    func declared(activationID: Int64, on sql: any SQLDatabase) async throws -> [DeclaredReach] {
        try await sql.raw("SELECT * FROM declared_reach WHERE activation_id = \(bind: activationID) ORDER BY id").all().map(Self.reach)
    }

    /// The declared reach of several activations, in one query.
    func declared(activationIDs: [Int64], on sql: any SQLDatabase) async throws -> [Int64: [DeclaredReach]] {
        guard !activationIDs.isEmpty else { return [:] }
        return Dictionary(grouping: try await sql.raw("""
            SELECT * FROM declared_reach WHERE activation_id IN (\(SQLList(activationIDs.map { SQLBind($0) }))) ORDER BY id
            """).all().map(Self.reach), by: \.activationID)
    }

    static func reach(_ row: any SQLRow) throws -> DeclaredReach {
        DeclaredReach(id: try row.decode(column: "id", as: Int64.self), activationID: try row.decode(column: "activation_id", as: Int64.self),
                      source: try row.decode(column: "source", as: String.self), impressions: try row.decode(column: "impressions", as: Int64?.self),
                      potentialReach: try row.decode(column: "potential_reach", as: Int64?.self),
                      createdAt: try row.decode(column: "created_at", as: Int64.self), updatedAt: try row.decode(column: "updated_at", as: Int64.self))
    }

    private func record(_ action: String, id: Int64, activation: Activation, access: BrandAccess, on sql: any SQLDatabase) async throws {
        try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor, action: action,
                               targetKind: "activation", targetID: activation.id, details: ["reach": String(id)], on: sql)
    }
}
