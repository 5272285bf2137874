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

    /// The keys of a person as the suppression list is searched for them: the condition on their
    /// digests in one organisation, worked out once.
    struct Probe: Sendable {
        let keys: [IdentityKey]
        let organisationID: Int64
        /// The condition, to test within another read, that any of the keys belongs to an erased
        /// person (each key looked up by its full index key); false for no keys.
        let erasedCondition: SQLQueryString

        init(_ keys: [IdentityKey], organisationID: Int64, salt: String) {
            self.keys = keys
            self.organisationID = organisationID
            let digests = keys.map { SuppressionList.digest($0, salt: salt) }
            self.erasedCondition = keys.isEmpty ? "1 = 0" : """
                EXISTS (SELECT 1 FROM suppression_entries
                        WHERE organisation_id = \(bind: organisationID) AND identity_kind IN (\(binds: Array(Set(keys.map(\.kind.rawValue))).sorted()))
                          AND key_hash IN (\(binds: digests)))
                """
        }

        /// Whether the probe is that of `keys` in `organisationID`.
        func isFor(_ keys: [IdentityKey], organisationID: Int64) -> Bool {
            self.organisationID == organisationID && self.keys == keys
        }
    }

    /// The probe of `keys`.
    func probe(_ keys: [IdentityKey], organisationID: Int64, on sql: any SQLDatabase) async throws -> Probe {
        Probe(keys, organisationID: organisationID, salt: try await tenancy.suppressionSalt(organisationID: organisationID, on: sql))
    }

    /// The probe of `keys` when the organisation's salt is already in memory, without reading
    /// anything (nil otherwise): for work done before a writer's turn.
    func probeIfSaltKnown(_ keys: [IdentityKey], organisationID: Int64) async -> Probe? {
        await tenancy.knownSuppressionSalt(organisationID: organisationID).map { Probe(keys, organisationID: organisationID, salt: $0) }
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
