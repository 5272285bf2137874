import Foundation
import SQLKit

/// SQL for member profiles, their identity keys, links, attributes and tags.
struct MemberStore: Sendable {
    let database: Database

    /// The condition that a member row `m` is visible to the caller: same organisation, linked to
    /// the brand (or to the unit for unit-scoped callers), neither merged away nor erased.
    static func visible(_ access: BrandAccess) -> SQLQueryString {
        let link: SQLQueryString = access.unitID.map {
            "EXISTS (SELECT 1 FROM member_units mu WHERE mu.member_id = m.id AND mu.unit_id = \(bind: $0))"
        } ?? "EXISTS (SELECT 1 FROM member_brands mb WHERE mb.member_id = m.id AND mb.brand_id = \(bind: access.brandID))"
        return "m.organisation_id = \(bind: access.organisationID) AND m.merged_into_id IS NULL AND m.erased_at IS NULL AND \(link)"
    }

    /// The live member of the brand's community whose e-mail has this match key, if any (the
    /// oldest when several do).
    static func brandMemberID(emailMatchKey: String, brand: Brand, on sql: any SQLDatabase) async throws -> Int64? {
        try await sql.raw("""
            SELECT i.member_id FROM member_identities i
            JOIN member_brands b ON b.member_id = i.member_id AND b.brand_id = \(bind: brand.id)
            JOIN members m ON m.id = i.member_id AND m.erased_at IS NULL AND m.merged_into_id IS NULL
            WHERE i.organisation_id = \(bind: brand.organisationID) AND i.kind = 'email' AND i.namespace = '' AND i.match_key = \(bind: emailMatchKey)
            ORDER BY i.member_id LIMIT 1
            """).first()?.decode(column: "member_id", as: Int64.self)
    }

    /// Ids of live members of the organisation holding any of these keys, oldest first, and whether
    /// `erased` holds (`SuppressionList.Probe.erasedCondition`), in one read.
    func membersMatching(_ keys: [IdentityKey], organisationID: Int64, erased: SQLQueryString,
                         on sql: any SQLDatabase) async throws -> (ids: [Int64], erased: Bool) {
        guard !keys.isEmpty else { return ([], false) }
        // A member the group kept holds one of these keys: written first, so that it is found.
        if let group = WorkGroup.current, keys.contains(where: { group.isKept(Self.identityTag($0, organisationID: organisationID)) }) {
            try await group.writeKept(on: sql)
        }
        let anyKey: [SQLQueryString] = keys.map {
            "(i.kind = \(bind: $0.kind.rawValue) AND i.namespace = \(bind: $0.namespace) AND i.match_key = \(bind: $0.matchKey))"
        }
        var ids: Set<Int64> = []
        var isErased = false
        for row in try await sql.raw("""
            SELECT 0 AS erased, i.member_id FROM member_identities i JOIN members m ON m.id = i.member_id
            WHERE i.organisation_id = \(bind: organisationID) AND (\(anyKey.joined(separator: " OR ")))
              AND m.merged_into_id IS NULL AND m.erased_at IS NULL
            UNION ALL SELECT 1, 0 WHERE \(erased)
            """).all() {
            if try row.decode(column: "erased", as: Int.self) == 1 {
                isErased = true
            } else {
                ids.insert(try row.decode(column: "member_id", as: Int64.self))
            }
        }
        return (ids.sorted(), isErased)
    }

    /// Inserts a new profile and returns its id.
    func insert(organisationID: Int64, profile: ProfileFields, on sql: any SQLDatabase) async throws -> Int64 {
        let row = try await sql.raw("\(Self.insertMember(organisationID: organisationID, profile: profile, at: Clock.nowMillis())) RETURNING id").first()
        return try row!.decode(column: "id", as: Int64.self)
    }

    /// The INSERT of a new profile's row, with its search keys.
    static func insertMember(organisationID: Int64, profile: ProfileFields, at now: Int64) -> SQLQueryString {
        "\(unsafeRaw: WorkGroup.Table.members.insertHeadWithoutID) VALUES (\(binds: memberValues(organisationID: organisationID, profile: profile, at: now)))"
    }

    /// A new profile's values, with its search keys, in the order of `WorkGroup.Table.members`'s columns after `id`.
    static func memberValues(organisationID: Int64, profile: ProfileFields, at now: Int64) -> [any Encodable & Sendable] {
        let (name, alt) = SearchText.nameKeys(first: profile.firstName, last: profile.lastName)
        return [organisationID, profile.firstName, profile.lastName, profile.birthDate, profile.postalCode, profile.city, profile.country,
                profile.language, name, alt, now, now, now]
    }

    /// Writes the given (non-nil) fields over a profile; returns the names of the fields that changed.
    func update(memberID: Int64, with profile: ProfileFields, on sql: any SQLDatabase) async throws -> [String] {
        guard let current = try await profileRow(memberID: memberID, on: sql) else { return [] }
        var merged = current
        var changed: [String] = []
        func apply(_ path: WritableKeyPath<ProfileFields, String?>, _ name: String) {
            if let value = profile[keyPath: path], value != current[keyPath: path] {
                merged[keyPath: path] = value
                changed.append(name)
            }
        }
        apply(\.firstName, "firstName"); apply(\.lastName, "lastName"); apply(\.birthDate, "birthDate")
        apply(\.postalCode, "postalCode"); apply(\.city, "city"); apply(\.country, "country"); apply(\.language, "language")
        guard !changed.isEmpty else { return [] }
        let (name, alt) = SearchText.nameKeys(first: merged.firstName, last: merged.lastName)
        try await sql.raw("""
            UPDATE members SET first_name = \(bind: merged.firstName), last_name = \(bind: merged.lastName),
                birth_date = \(bind: merged.birthDate), postal_code = \(bind: merged.postalCode), city = \(bind: merged.city),
                country = \(bind: merged.country), language = \(bind: merged.language), search_name = \(bind: name),
                search_alt = \(bind: alt), updated_at = \(bind: Clock.nowMillis())
            WHERE id = \(bind: memberID)
            """).run()
        return changed
    }

    /// The stored profile fields of a member.
    func profileRow(memberID: Int64, on sql: any SQLDatabase) async throws -> ProfileFields? {
        guard let row = try await sql.raw("SELECT * FROM members WHERE id = \(bind: memberID)").first() else { return nil }
        return ProfileFields(
            firstName: try row.optional("first_name"), lastName: try row.optional("last_name"),
            birthDate: try row.optional("birth_date"), postalCode: try row.optional("postal_code"),
            city: try row.optional("city"), country: try row.optional("country"), language: try row.optional("language")
        )
    }

    /// Attaches an identity key unless the member already has this exact value; true when it was new.
    @discardableResult
    func attach(_ key: IdentityKey, memberID: Int64, organisationID: Int64, on sql: any SQLDatabase) async throws -> Bool {
        let existing = try await sql.raw("""
            SELECT member_id FROM member_identities WHERE organisation_id = \(bind: organisationID) AND kind = \(bind: key.kind.rawValue)
              AND namespace = \(bind: key.namespace) AND value = \(bind: key.value)
            """).first()
        if let existing {
            let owner = try existing.decode(column: "member_id", as: Int64.self)
            if owner != memberID {
                throw AppError.conflict("This \(key.kind.rawValue) already belongs to another member.")
            }
            return false
        }
        // An insert of its own would take an id the group may have given to a kept key.
        try await WorkGroup.current?.writeKept(on: sql)
        try await sql.raw("""
            INSERT INTO member_identities (organisation_id, member_id, kind, namespace, value, match_key, created_at)
            VALUES (\(bind: organisationID), \(bind: memberID), \(bind: key.kind.rawValue), \(bind: key.namespace),
                    \(bind: key.value), \(bind: key.matchKey), \(bind: Clock.nowMillis()))
            """).run()
        return true
    }

    /// Inserts an identity key of a member just created (its keys were checked free before).
    func insertIdentity(_ key: IdentityKey, memberID: Int64, organisationID: Int64, on sql: any SQLDatabase) async throws -> MemberIdentity {
        let row = try await sql.raw("""
            INSERT INTO member_identities (organisation_id, member_id, kind, namespace, value, match_key, created_at)
            VALUES (\(bind: organisationID), \(bind: memberID), \(bind: key.kind.rawValue), \(bind: key.namespace),
                    \(bind: key.value), \(bind: key.matchKey), \(bind: Clock.nowMillis()))
            ON CONFLICT (organisation_id, kind, namespace, value) DO NOTHING RETURNING id
            """).first()
        guard let row else { throw AppError.conflict("This \(key.kind.rawValue) already belongs to another member.") }
        return MemberIdentity(id: try row.decode(column: "id", as: Int64.self), kind: key.kind, namespace: key.namespace, value: key.value)
    }

    /// Links a member to a brand (and a unit), keeping the first time and source; true when the
    /// member was not yet in the brand.
    @discardableResult
    func link(memberID: Int64, organisationID: Int64, brandID: Int64, unitID: Int64?, source: String, on sql: any SQLDatabase) async throws -> Bool {
        let now = Clock.nowMillis()
        let joined = try await sql.raw("""
            INSERT INTO member_brands (member_id, brand_id, organisation_id, first_seen_at, source)
            VALUES (\(bind: memberID), \(bind: brandID), \(bind: organisationID), \(bind: now), \(bind: source))
            ON CONFLICT (member_id, brand_id) DO NOTHING RETURNING member_id
            """).first() != nil
        if let unitID {
            try await sql.raw("""
                INSERT INTO member_units (member_id, unit_id, brand_id, first_seen_at)
                VALUES (\(bind: memberID), \(bind: unitID), \(bind: brandID), \(bind: now))
                ON CONFLICT (member_id, unit_id) DO NOTHING
                """).run()
        }
        return joined
    }

    /// Sets custom attribute values of a brand.
    func setAttributes(_ values: [String: String], memberID: Int64, brandID: Int64, on sql: any SQLDatabase) async throws {
        guard !values.isEmpty else { return }
        try await WorkGroup.current?.writeKept(on: sql)  // the member may be one the group kept
        let now = Clock.nowMillis()
        for (key, value) in values.sorted(by: { $0.key < $1.key }) {
            try await sql.raw("""
                INSERT INTO member_attributes (member_id, brand_id, key, value, updated_at)
                VALUES (\(bind: memberID), \(bind: brandID), \(bind: key), \(bind: value), \(bind: now))
                ON CONFLICT (member_id, brand_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                """).run()
        }
    }

    /// Adds tags of a brand.
    func addTags(_ tags: [String], memberID: Int64, brandID: Int64, on sql: any SQLDatabase) async throws {
        guard !tags.isEmpty else { return }
        try await WorkGroup.current?.writeKept(on: sql)  // the member may be one the group kept
        let now = Clock.nowMillis()
        for tag in Set(tags).sorted() {
            try await sql.raw("""
                INSERT INTO member_tags (member_id, brand_id, tag, created_at) VALUES (\(bind: memberID), \(bind: brandID), \(bind: tag), \(bind: now))
                ON CONFLICT (member_id, brand_id, tag) DO NOTHING
                """).run()
        }
    }

    /// Removes a tag of a brand.
    func removeTag(_ tag: String, memberID: Int64, brandID: Int64, on sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM member_tags WHERE member_id = \(bind: memberID) AND brand_id = \(bind: brandID) AND tag = \(bind: tag)").run()
    }

    /// Records that the member themselves did something (for retention).
    func touchContact(memberID: Int64, on sql: any SQLDatabase) async throws {
        if let group = WorkGroup.current {
            group.contacted(memberID: memberID)
            return
        }
        try await sql.raw("UPDATE members SET last_contact_at = \(bind: Clock.nowMillis()) WHERE id = \(bind: memberID)").run()
    }

    /// A visible member with identities, tags and the brand's attributes.
    func member(_ id: Int64, access: BrandAccess, on sql: any SQLDatabase) async throws -> Member? {
        guard let row = try await sql.raw("SELECT m.* FROM members m WHERE m.id = \(bind: id) AND \(Self.visible(access))").first() else {
            return nil
        }
        var member = try Self.member(row)
        try await fill(&member, brandID: access.brandID, on: sql)
        return member
    }

    /// Loads identities, tags and attributes of one member.
    func fill(_ member: inout Member, brandID: Int64, on sql: any SQLDatabase) async throws {
        member.identities = try await sql.raw("SELECT * FROM member_identities WHERE member_id = \(bind: member.id) ORDER BY id").all().map {
            MemberIdentity(id: try $0.decode(column: "id", as: Int64.self),
                           kind: IdentityKind(rawValue: try $0.decode(column: "kind", as: String.self)) ?? .external,
                           namespace: try $0.decode(column: "namespace", as: String.self),
                           value: try $0.decode(column: "value", as: String.self))
        }
        member.tags = try await sql.raw("SELECT tag FROM member_tags WHERE member_id = \(bind: member.id) AND brand_id = \(bind: brandID) ORDER BY tag")
            .all().map { try $0.decode(column: "tag", as: String.self) }
        var attributes: [String: String] = [:]
        for row in try await sql.raw("SELECT key, value FROM member_attributes WHERE member_id = \(bind: member.id) AND brand_id = \(bind: brandID)").all() {
            attributes[try row.decode(column: "key", as: String.self)] = try row.decode(column: "value", as: String.self)
        }
        member.attributes = attributes
    }

    static func member(_ row: any SQLRow) throws -> Member {
        Member(
            id: try row.decode(column: "id", as: Int64.self),
            firstName: try row.optional("first_name"), lastName: try row.optional("last_name"),
            birthDate: try row.optional("birth_date"), postalCode: try row.optional("postal_code"),
            city: try row.optional("city"), country: try row.optional("country"), language: try row.optional("language"),
            createdAt: try row.decode(column: "created_at", as: Int64.self),
            updatedAt: try row.decode(column: "updated_at", as: Int64.self),
            lastContactAt: try row.decode(column: "last_contact_at", as: Int64.self),
            erasedAt: try row.optional("erased_at")
        )
    }
}
