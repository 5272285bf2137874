import Foundation
import SQLKit

/// A file uploaded in the import wizard, waiting for its mapping and confirmation.
struct PendingImport: Sendable {
    var token: String
    var brandID: Int64
    var fileName: String
    var text: String
    /// Mapping and provenance chosen at the dry run, confirmed as they are.
    var settings: PendingImportSettings?
}

/// The choices made in the wizard's mapping step.
struct PendingImportSettings: Codable, Sendable, Equatable {
    var mapping: [String]
    var provenance: ProvenanceInput?
}

/// Keeps wizard uploads in the database between steps (never in a cookie), for a day, visible
/// only to the staff member who uploaded them and within the brand they were uploaded to.
struct PendingImportStore: Sendable {
    let database: Database
    /// How long an upload waits for its confirmation.
    static let lifetimeMillis: Int64 = Clock.dayMillis

    /// Stores an upload and returns its token; forgets expired uploads on the way.
    func add(brandID: Int64, staffID: Int64, fileName: String, text: String) async throws -> String {
        let token = Secrets.token(bytes: 18)
        let now = Clock.nowMillis()
        try await database.transaction { sql in
            try await sql.raw("DELETE FROM pending_imports WHERE expires_at < \(bind: now)").run()
            try await sql.raw("""
                INSERT INTO pending_imports (token, brand_id, staff_id, file_name, csv, created_at, expires_at)
                VALUES (\(bind: token), \(bind: brandID), \(bind: staffID), \(bind: fileName), \(bind: text), \(bind: now),
                        \(bind: now + Self.lifetimeMillis))
                """).run()
        }
        return token
    }

    /// The live upload behind a token, for this staff member in this brand.
    func pending(token: String, brandID: Int64, staffID: Int64) async throws -> PendingImport? {
        try await database.read { sql in
            guard let row = try await sql.raw("""
                SELECT * FROM pending_imports WHERE token = \(bind: token) AND brand_id = \(bind: brandID) AND staff_id = \(bind: staffID)
                  AND expires_at >= \(bind: Clock.nowMillis())
                """).first() else { return nil }
            let settings = try row.optional("settings", as: String.self).flatMap {
                try? JSONDecoder().decode(PendingImportSettings.self, from: Data($0.utf8))
            }
            return PendingImport(token: token, brandID: brandID, fileName: try row.decode(column: "file_name", as: String.self),
                                 text: try row.decode(column: "csv", as: String.self), settings: settings)
        }
    }

    /// Records the choices of the mapping step.
    func save(_ settings: PendingImportSettings, token: String) async throws {
        let json = String(decoding: try JSONEncoder().encode(settings), as: UTF8.self)
        try await database.transaction { sql in
            try await sql.raw("UPDATE pending_imports SET settings = \(bind: json) WHERE token = \(bind: token)").run()
        }
    }

    /// Takes an upload for its import: true for the one caller that removed it, so that a
    /// double-clicked confirmation imports the file once.
    func claim(token: String) async throws -> Bool {
        try await database.transaction { sql in
            try await sql.raw("DELETE FROM pending_imports WHERE token = \(bind: token) RETURNING id").first() != nil
        }
    }
}
