import SQLKit

/// Reads the `MemberFacts` of a batch of members, for every brand they have facts with, in a
/// handful of set-based queries (one per table).
enum RollupFactsReader {
    struct Key: Hashable { var member: Int64; var brand: Int64 }

    static func facts(members: [Int64], on sql: any SQLDatabase) async throws -> [Key: MemberFacts] {
        guard !members.isEmpty else { return [:] }
        let ids = SQLList(members.map { SQLBind($0) })
        var facts: [Key: MemberFacts] = [:]
        func update(_ member: Int64, _ brand: Int64, _ change: (inout MemberFacts) -> Void) {
            let key = Key(member: member, brand: brand)
            change(&facts[key, default: MemberFacts(memberID: member, brandID: brand)])
        }
        var profiles: [Int64: (merged: Bool, erasedAt: Int64?, organisation: Int64)] = [:]
        for row in try await sql.raw("SELECT id, organisation_id, merged_into_id, erased_at FROM members WHERE id IN (\(ids))").all() {
            profiles[try row.decode(column: "id", as: Int64.self)] = (try row.decode(column: "merged_into_id", as: Int64?.self) != nil,
                                                                     try row.decode(column: "erased_at", as: Int64?.self),
                                                                     try row.decode(column: "organisation_id", as: Int64.self))
        }
        for row in try await sql.raw("SELECT member_id, brand_id, first_seen_at FROM member_brands WHERE member_id IN (\(ids))").all() {
            let seen = try row.decode(column: "first_seen_at", as: Int64.self)
            update(try row.decode(column: "member_id", as: Int64.self), try row.decode(column: "brand_id", as: Int64.self)) { $0.firstSeenAt = seen }
        }
        for row in try await sql.raw("""
            SELECT member_id, brand_id, created_at AS at FROM activation_entries WHERE member_id IN (\(ids)) AND status = 'valid'
            UNION ALL
            SELECT member_id, brand_id, redeemed_at AS at FROM coupons WHERE member_id IN (\(ids)) AND status = 'redeemed' AND redeemed_at IS NOT NULL
            """).all() {
            let at = try row.decode(column: "at", as: Int64.self)
            update(try row.decode(column: "member_id", as: Int64.self), try row.decode(column: "brand_id", as: Int64.self)) { $0.activities.append(at) }
        }
        for row in try await sql.raw("""
            SELECT member_id, brand_id, occurred_at, points FROM points_entries WHERE member_id IN (\(ids)) AND kind = 'spend'
            """).all() {
            let spend = MemberFacts.Spend(at: try row.decode(column: "occurred_at", as: Int64.self), points: -(try row.decode(column: "points", as: Int64.self)))
            update(try row.decode(column: "member_id", as: Int64.self), try row.decode(column: "brand_id", as: Int64.self)) { $0.spends.append(spend) }
        }
        var consentBrands: Set<Int64> = []
        for row in try await sql.raw("""
            SELECT member_id, brand_id, purpose_id, channel, status, source_kind, recorded_at FROM consent_records
            WHERE member_id IN (\(ids)) ORDER BY id
            """).all() {
            let brand = try row.decode(column: "brand_id", as: Int64.self)
            consentBrands.insert(brand)
            let line = MemberFacts.ConsentLine(purposeID: try row.decode(column: "purpose_id", as: Int64.self),
                                               channel: try row.decode(column: "channel", as: String.self),
                                               status: try row.decode(column: "status", as: String.self),
                                               sourceKind: try row.decode(column: "source_kind", as: String.self),
                                               recordedAt: try row.decode(column: "recorded_at", as: Int64.self))
            update(try row.decode(column: "member_id", as: Int64.self), brand) { $0.consents.append(line) }
        }
        if !consentBrands.isEmpty {
            var marketing: [Int64: Set<Int64>] = [:]
            for row in try await sql.raw("""
                SELECT id, brand_id FROM consent_purposes WHERE is_marketing = 1 AND brand_id IN (\(SQLList(consentBrands.map { SQLBind($0) })))
                """).all() {
                marketing[try row.decode(column: "brand_id", as: Int64.self), default: []].insert(try row.decode(column: "id", as: Int64.self))
            }
            for key in facts.keys where consentBrands.contains(key.brand) { facts[key]?.marketingPurposes = marketing[key.brand] ?? [] }
        }
        let organisations = Set(profiles.values.map(\.organisation))
        if !organisations.isEmpty {
            for row in try await sql.raw("""
                SELECT target_id, at FROM audit_log WHERE organisation_id IN (\(SQLList(organisations.map { SQLBind($0) })))
                  AND action = 'member.erased' AND target_id IN (\(ids))
                """).all() {
                let member = try row.decode(column: "target_id", as: Int64.self), at = try row.decode(column: "at", as: Int64.self)
                for key in facts.keys where key.member == member { facts[key]?.erasedOnRequestAt.append(at) }
            }
        }
        for key in facts.keys {
            guard let profile = profiles[key.member] else { continue }
            facts[key]?.merged = profile.merged
            facts[key]?.erasedAt = profile.erasedAt
        }
        return facts
    }
}
