import Foundation
import SQLKit

extension MemberStore {
    /// A new member with its identity keys (checked free before), in the brand's community: its
    /// three rows in one statement on PostgreSQL, where each statement is a round trip (a member
    /// row, its keys, its community), and one after the other on SQLite, where a statement costs
    /// no more than a function call. A member who also joins a unit takes the second way on both.
    func insertNew(organisationID: Int64, profile: ProfileFields, identities keys: [IdentityKey], brandID: Int64, unitID: Int64?,
                   source: String, on sql: any SQLDatabase) async throws -> (memberID: Int64, identities: [MemberIdentity]) {
        guard database.kind == .postgres, unitID == nil, !keys.isEmpty else {
            let memberID = try await insert(organisationID: organisationID, profile: profile, on: sql)
            var identities: [MemberIdentity] = []
            for key in keys {
                identities.append(try await insertIdentity(key, memberID: memberID, organisationID: organisationID, on: sql))
            }
            try await link(memberID: memberID, organisationID: organisationID, brandID: brandID, unitID: unitID, source: source, on: sql)
            return (memberID, identities)
        }
        let now = Clock.nowMillis()
        let keyRows: [SQLQueryString] = keys.map {
            "(\(bind: $0.kind.rawValue), \(bind: $0.namespace), \(bind: $0.value), \(bind: $0.matchKey))"
        }
        let rows = try await sql.raw("""
            WITH m AS (
                \(Self.insertMember(organisationID: organisationID, profile: profile, at: now)) RETURNING id
            ), k (kind, namespace, value, match_key) AS (VALUES \(keyRows.joined(separator: ", "))
            ), i AS (
                INSERT INTO member_identities (organisation_id, member_id, kind, namespace, value, match_key, created_at)
                SELECT \(bind: organisationID), m.id, k.kind, k.namespace, k.value, k.match_key, \(bind: now) FROM m, k
                ON CONFLICT (organisation_id, kind, namespace, value) DO NOTHING RETURNING id, kind, namespace, value
            ), b AS (
                INSERT INTO member_brands (member_id, brand_id, organisation_id, first_seen_at, source)
                SELECT m.id, \(bind: brandID), \(bind: organisationID), \(bind: now), \(bind: source) FROM m RETURNING member_id
            )
            SELECT m.id AS member_id, i.id, i.kind, i.namespace, i.value FROM m LEFT JOIN i ON true
            """).all()
        guard let memberID = try rows.first?.decode(column: "member_id", as: Int64.self) else {
            throw AppError.conflict("The member could not be created.")
        }
        var written: [String: Int64] = [:]
        for row in rows {
            guard let id = try row.decode(column: "id", as: Int64?.self) else { continue }
            written["\(try row.decode(column: "kind", as: String.self)) \(try row.decode(column: "namespace", as: String.self)) \(try row.decode(column: "value", as: String.self))"] = id
        }
        // In the order given, as one insert after the other would have answered.
        let identities = try keys.map { key in
            guard let id = written["\(key.kind.rawValue) \(key.namespace) \(key.value)"] else {
                throw AppError.conflict("This \(key.kind.rawValue) already belongs to another member.")
            }
            return MemberIdentity(id: id, kind: key.kind, namespace: key.namespace, value: key.value)
        }
        return (memberID, identities)
    }
}
