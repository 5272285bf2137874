import Foundation
import SQLKit

/// Salted hashes of erased people's identity keys, so that an import or an API call does not
/// silently bring them back. No readable personal data is kept.
struct SuppressionList: Sendable {
    let tenancy: TenancyStore

    /// The stored digest of a key for an organisation.
    static func digest(_ key: IdentityKey, salt: String) -> String {
        Secrets.sha256Hex("\(salt)|\(key.kind.rawValue)|\(key.namespace)|\(key.matchKey)")
    }

    /// The condition, to test within another read, that any of the keys belongs to an erased
    /// person (each key looked up by its full index key); false for no keys.
    func erasedCondition(_ keys: [IdentityKey], organisationID: Int64, on sql: any SQLDatabase) async throws -> SQLQueryString {
        guard !keys.isEmpty else { return "1 = 0" }
        let salt = try await tenancy.suppressionSalt(organisationID: organisationID, on: sql)
        let digests = keys.map { Self.digest($0, salt: salt) }
        return """
            EXISTS (SELECT 1 FROM suppression_entries
                    WHERE organisation_id = \(bind: organisationID) AND identity_kind IN (\(binds: Array(Set(keys.map(\.kind.rawValue))).sorted()))
                      AND key_hash IN (\(binds: digests)))
            """
    }

    /// Adds the keys of an erased person.
    func add(_ keys: [IdentityKey], organisationID: Int64, reason: String, on sql: any SQLDatabase) async throws {
        let salt = try await tenancy.suppressionSalt(organisationID: organisationID, on: sql)
        for key in keys {
            try await sql.raw("""
                INSERT INTO suppression_entries (organisation_id, identity_kind, key_hash, reason, created_at)
                VALUES (\(bind: organisationID), \(bind: key.kind.rawValue), \(bind: Self.digest(key, salt: salt)), \(bind: reason), \(bind: Clock.nowMillis()))
                ON CONFLICT (organisation_id, identity_kind, key_hash) DO NOTHING
                """).run()
        }
    }

    /// Number of entries of an organisation.
    func count(organisationID: Int64, on sql: any SQLDatabase) async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM suppression_entries WHERE organisation_id = \(bind: organisationID)").first()!
            .decode(column: "n", as: Int.self)
    }
}
