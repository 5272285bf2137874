import SQLKit

/// Reads the `MemberFacts` of a batch of members, for every brand they have facts with, in a
/// handful of set-based queries (one per table, each through an index that starts with the
/// member or with the brand and the member).
enum RollupFactsReader {
    struct Key: Hashable { var member: Int64; var brand: Int64 }

    struct Batch: Sendable {
        var facts: [Key: MemberFacts] = [:]
        var activations: [Int64: BrandActivations] = [:]
    }

    static func facts(members: [Int64], on sql: any SQLDatabase) async throws -> Batch {
        guard !members.isEmpty else { return Batch() }
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
        let organisations = SQLList(Set(profiles.values.map(\.organisation)).map { SQLBind($0) })
        let brandIDs = profiles.isEmpty ? [] : try await sql.raw("SELECT id FROM brands WHERE organisation_id IN (\(organisations))").all()
            .map { try $0.decode(column: "id", as: Int64.self) }
        guard !brandIDs.isEmpty else { return Batch() }
        let brands = SQLList(brandIDs.map { SQLBind($0) })

        for row in try await sql.raw("SELECT member_id, brand_id, first_seen_at FROM member_brands WHERE member_id IN (\(ids))").all() {
            let seen = try row.decode(column: "first_seen_at", as: Int64.self)
            update(try row.decode(column: "member_id", as: Int64.self), try row.decode(column: "brand_id", as: Int64.self)) { $0.firstSeenAt = seen }
        }
        for row in try await sql.raw("""
            SELECT e.member_id, e.brand_id, e.activation_id, e.status, e.created_at, e.confirmed_at, t.id AS attribution, t.kind, t.self_referral
            FROM activation_entries e LEFT JOIN share_attributions t ON t.entry_id = e.id WHERE e.member_id IN (\(ids))
            """).all() {
            let attribution = try row.decode(column: "attribution", as: Int64?.self)
            let kind = try row.decode(column: "kind", as: String?.self), selfReferral = try row.decode(column: "self_referral", as: Int?.self)
            let entry = MemberFacts.Entry(activationID: try row.decode(column: "activation_id", as: Int64.self),
                                          status: try row.decode(column: "status", as: String.self),
                                          createdAt: try row.decode(column: "created_at", as: Int64.self),
                                          confirmed: try row.decode(column: "confirmed_at", as: Int64?.self) != nil,
                                          attributed: attribution != nil,
                                          shareSignup: attribution != nil && kind == "signup" && selfReferral == 0)
            update(try row.decode(column: "member_id", as: Int64.self), try row.decode(column: "brand_id", as: Int64.self)) {
                $0.entries.append(entry)
                if entry.status == "valid" { $0.activities.append(entry.createdAt) }
            }
        }
        for row in try await sql.raw("""
            SELECT c.member_id, c.brand_id, c.activation_id, c.status, c.redeemed_at, c.redeemed_amount_cents, e.status AS entry_status,
                   p.points AS spent, p.kind AS spent_kind
            FROM coupons c LEFT JOIN activation_entries e ON e.id = c.activation_entry_id LEFT JOIN points_entries p ON p.id = c.points_entry_id
            WHERE c.member_id IN (\(ids))
            """).all() {
            let status = try row.decode(column: "status", as: String.self)
            let redeemedAt = try row.decode(column: "redeemed_at", as: Int64?.self)
            let activation = try row.decode(column: "activation_id", as: Int64?.self)
            let spent = try row.decode(column: "spent_kind", as: String?.self) == "spend" ? try row.decode(column: "spent", as: Int64?.self).map { -$0 } : nil
            let coupon = try activation.map { activation in
                MemberFacts.Coupon(activationID: activation, status: status, entryStatus: try row.decode(column: "entry_status", as: String?.self),
                                   amountCents: try row.decode(column: "redeemed_amount_cents", as: Int64?.self), pointsSpent: spent)
            }
            update(try row.decode(column: "member_id", as: Int64.self), try row.decode(column: "brand_id", as: Int64.self)) { facts in
                if status == "redeemed", let redeemedAt { facts.activities.append(redeemedAt) }
                if let coupon { facts.coupons.append(coupon) }
            }
        }
        for row in try await sql.raw("""
            SELECT member_id, brand_id, points, activation_ref FROM points_entries
            WHERE brand_id IN (\(brands)) AND member_id IN (\(ids)) AND kind = 'earn' AND activation_ref IS NOT NULL
            """).all() {
            let points = try row.decode(column: "points", as: Int64.self)
            let activation = try row.decode(column: "activation_ref", as: String?.self).flatMap { Int64($0) }
            update(try row.decode(column: "member_id", as: Int64.self), try row.decode(column: "brand_id", as: Int64.self)) { facts in
                if let activation { facts.earned.append(MemberFacts.Earned(activationID: activation, points: points)) }
            }
        }
        var consentBrands: Set<Int64> = []
        for row in try await sql.raw("""
            SELECT id, member_id, brand_id, purpose_id, channel, status, source_kind, source_label, source_id, recorded_at FROM consent_records
            WHERE member_id IN (\(ids)) ORDER BY id
            """).all() {
            let brand = try row.decode(column: "brand_id", as: Int64.self)
            consentBrands.insert(brand)
            let line = MemberFacts.ConsentLine(id: try row.decode(column: "id", as: Int64.self),
                                               purposeID: try row.decode(column: "purpose_id", as: Int64.self),
                                               channel: try row.decode(column: "channel", as: String.self),
                                               status: try row.decode(column: "status", as: String.self),
                                               sourceKind: try row.decode(column: "source_kind", as: String.self),
                                               recordedAt: try row.decode(column: "recorded_at", as: Int64.self),
                                               sourceLabel: try row.decode(column: "source_label", as: String.self),
                                               sourceID: try row.decode(column: "source_id", as: Int64?.self))
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
        for row in try await sql.raw("""
            SELECT referee_member_id, brand_id, activation_id, status FROM activation_referrals WHERE referee_member_id IN (\(ids))
            """).all() {
            let referral = MemberFacts.Referral(activationID: try row.decode(column: "activation_id", as: Int64.self), status: try row.decode(column: "status", as: String.self))
            update(try row.decode(column: "referee_member_id", as: Int64.self), try row.decode(column: "brand_id", as: Int64.self)) { $0.referrals.append(referral) }
        }
        for row in try await sql.raw("""
            SELECT target_id, at FROM audit_log WHERE organisation_id IN (\(organisations)) AND action = 'member.erased' AND target_id IN (\(ids))
            """).all() {
            let member = try row.decode(column: "target_id", as: Int64.self), at = try row.decode(column: "at", as: Int64.self)
            for key in facts.keys where key.member == member { facts[key]?.erasedOnRequestAt.append(at) }
        }
        for key in facts.keys {
            guard let profile = profiles[key.member] else { continue }
            facts[key]?.merged = profile.merged
            facts[key]?.erasedAt = profile.erasedAt
        }
        var activations: [Int64: BrandActivations] = [:]
        let used = Set(facts.keys.map(\.brand))
        if !used.isEmpty {
            var lists: [Int64: [BrandActivations.Activation]] = [:]
            for row in try await sql.raw("""
                SELECT id, brand_id, opens_at, slug FROM activations WHERE brand_id IN (\(SQLList(used.map { SQLBind($0) })))
                """).all() {
                lists[try row.decode(column: "brand_id", as: Int64.self), default: []].append(
                    BrandActivations.Activation(id: try row.decode(column: "id", as: Int64.self), opensAt: try row.decode(column: "opens_at", as: Int64.self),
                                                slug: try row.decode(column: "slug", as: String.self)))
            }
            activations = lists.mapValues { BrandActivations($0) }
        }
        return Batch(facts: facts, activations: activations)
    }
}
