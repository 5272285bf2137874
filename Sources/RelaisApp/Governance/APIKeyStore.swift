import Foundation
import SQLKit

/// Issues, checks and revokes API keys; only a SHA-256 of each key is stored.
struct APIKeyStore: Sendable {
    let database: Database
    /// Recently checked keys; a revocation is seen at once on this node and within 15 s on others.
    let cache = ExpiringCache<String, BrandAccess>(lifetimeMillis: 15_000)

    /// Creates a key and returns it with its secret, shown once.
    func issue(
        organisationID: Int64, brandID: Int64, unitID: Int64?, name: String, role: Role, createdBy: Int64?,
        on sql: any SQLDatabase
    ) async throws -> (APIKey, secret: String) {
        let secret = "rk_" + Secrets.token(bytes: 30)
        let prefix = String(secret.prefix(10))
        let now = Clock.nowMillis()
        let row = try await sql.raw("""
            INSERT INTO api_keys (organisation_id, brand_id, unit_id, name, role, prefix, key_hash, created_by, created_at)
            VALUES (\(bind: organisationID), \(bind: brandID), \(bind: unitID), \(bind: name), \(bind: role.rawValue),
                    \(bind: prefix), \(bind: Secrets.sha256Hex(secret)), \(bind: createdBy), \(bind: now)) RETURNING id
            """).first()
        let key = APIKey(id: try row!.decode(column: "id", as: Int64.self), brandID: brandID, unitID: unitID, name: name,
                         role: role, prefix: prefix, createdAt: now, lastUsedAt: nil, revokedAt: nil)
        return (key, secret)
    }

    /// The access a presented key gives, or nil for an unknown or revoked key.
    func access(secret: String) async throws -> BrandAccess? {
        guard secret.hasPrefix("rk_"), secret.count < 100 else { return nil }
        let hash = Secrets.sha256Hex(secret)
        return try await cache.value(for: hash) { try await lookUp(hash: hash) }
    }

    private func lookUp(hash: String) async throws -> BrandAccess? {
        try await database.read { sql in
            guard let row = try await sql.raw("""
                SELECT id, organisation_id, brand_id, unit_id, name, role, last_used_at FROM api_keys
                WHERE key_hash = \(bind: hash) AND revoked_at IS NULL
                """).first(),
                let role = Role(rawValue: try row.decode(column: "role", as: String.self))
            else { return nil }
            let id = try row.decode(column: "id", as: Int64.self)
            let now = Clock.nowMillis()
            // Last use is kept to the minute: one write a minute per key at most (and per cache miss).
            let lastUsed: Int64? = try row.optional("last_used_at")
            if lastUsed == nil || now - lastUsed! > 60_000 {
                try await sql.raw("UPDATE api_keys SET last_used_at = \(bind: now) WHERE id = \(bind: id)").run()
            }
            let unitID: Int64? = try row.optional("unit_id")
            var permissions = role.permissions
            permissions.subtract([.manageAPIKeys, .manageStaff, .manageOrganisation])
            return BrandAccess(
                organisationID: try row.decode(column: "organisation_id", as: Int64.self),
                brandID: try row.decode(column: "brand_id", as: Int64.self),
                unitID: unitID,
                permissions: permissions,
                actor: ActorRef(kind: "api_key", id: id, label: try row.decode(column: "name", as: String.self))
            )
        }
    }

    /// Keys of a brand, newest first.
    func list(brandID: Int64) async throws -> [APIKey] {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM api_keys WHERE brand_id = \(bind: brandID) ORDER BY id DESC").all().map(Self.key)
        }
    }

    /// Revokes a key of the brand; false when there is no such key.
    func revoke(id: Int64, brandID: Int64, on sql: any SQLDatabase) async throws -> Bool {
        let row = try await sql.raw("""
            UPDATE api_keys SET revoked_at = \(bind: Clock.nowMillis())
            WHERE id = \(bind: id) AND brand_id = \(bind: brandID) AND revoked_at IS NULL RETURNING key_hash
            """).first()
        if let row { cache.remove(try row.decode(column: "key_hash", as: String.self)) }
        return row != nil
    }

    static func key(_ row: any SQLRow) throws -> APIKey {
        APIKey(
            id: try row.decode(column: "id", as: Int64.self),
            brandID: try row.decode(column: "brand_id", as: Int64.self),
            unitID: try row.optional("unit_id"),
            name: try row.decode(column: "name", as: String.self),
            role: Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .analyst,
            prefix: try row.decode(column: "prefix", as: String.self),
            createdAt: try row.decode(column: "created_at", as: Int64.self),
            lastUsedAt: try row.optional("last_used_at"),
            revokedAt: try row.optional("revoked_at")
        )
    }
}
