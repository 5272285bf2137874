import Foundation
import SQLKit

extension MemberStore {
    /// A new member with its identity keys (checked free before), in the brand's community: its
    /// three rows in one statement on PostgreSQL, where each statement is a round trip (a member
    /// row, its keys, its community), and one after the other on SQLite, where a statement costs
    /// no more than a function call. A member who also joins a unit takes the second way on both.
    func insertNew(organisationID: Int64, profile: ProfileFields, identities keys: [IdentityKey], brandID: Int64, unitID: Int64?,
                   source: String, on sql: any SQLDatabase) async throws -> (memberID: Int64, identities: [MemberIdentity]) {
        if let group = WorkGroup.current, group.keepsNewRows, unitID == nil {
            return try await keepNew(organisationID: organisationID, profile: profile, identities: keys, brandID: brandID, source: source,
                                     in: group, on: sql)
        }
        // Inserts of its own would take ids the group may have given to kept rows.
        try await WorkGroup.current?.writeKept(on: sql)
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

    /// A new member kept by the group (see `WorkGroup.keepsNewRows`): ids given up front, rows
    /// written with those of the group's other new members. Its keys are tagged, so that a later
    /// entry of the same person in the group has them written before it looks for them.
    private func keepNew(organisationID: Int64, profile: ProfileFields, identities keys: [IdentityKey], brandID: Int64, source: String,
                         in group: WorkGroup, on sql: any SQLDatabase) async throws -> (memberID: Int64, identities: [MemberIdentity]) {
        let now = Clock.nowMillis()
        let memberID = try await group.newID(for: .members, on: sql)
        group.keep(.members, [memberID] + Self.memberValues(organisationID: organisationID, profile: profile, at: now))
        var identities: [MemberIdentity] = []
        for key in keys {
            let id = try await group.newID(for: .memberIdentities, on: sql)
            group.keep(.memberIdentities, [id, organisationID, memberID, key.kind.rawValue, key.namespace, key.value, key.matchKey, now],
                       tags: [Self.identityTag(key, organisationID: organisationID)])
            identities.append(MemberIdentity(id: id, kind: key.kind, namespace: key.namespace, value: key.value))
        }
        group.keep(.memberBrands, [memberID, brandID, organisationID, now, source])
        return (memberID, identities)
    }

    /// The tag of a kept identity key, as `membersMatching` looks for it.
    static func identityTag(_ key: IdentityKey, organisationID: Int64) -> String {
        "identity \(organisationID) \(key.kind.rawValue) \(key.namespace) \(key.matchKey)"
    }
}

extension WorkGroup.Table {
    /// Kept rows of new members, in the order they are written: the member, its keys, its community.
    static let members = WorkGroup.Table(name: "members", columns: [
        "id", "organisation_id", "first_name", "last_name", "birth_date", "postal_code", "city", "country", "language",
        "search_name", "search_alt", "created_at", "updated_at", "last_contact_at",
    ], order: 0)
    static let memberIdentities = WorkGroup.Table(name: "member_identities", columns: [
        "id", "organisation_id", "member_id", "kind", "namespace", "value", "match_key", "created_at",
    ], order: 1)
    static let memberBrands = WorkGroup.Table(name: "member_brands", columns: [
        "member_id", "brand_id", "organisation_id", "first_seen_at", "source",
    ], order: 2)
}
