import SQLKit

/// A friend who joined through a member's invitation.
struct Referral: Sendable, Equatable {
    var id: Int64
    var referrerID: Int64
    var refereeID: Int64
    var status: String
    var reason: String?
    var createdAt: Int64
    var referrerName: String
    var refereeName: String
}

/// How many friends one member brought.
struct ReferrerCount: Sendable, Equatable {
    var memberID: Int64
    var name: String
    var valid: Int
    var rejected: Int
    /// The member who invited this one, if they joined through an invitation too (the tree's parent).
    var invitedBy: Int64?
}

/// SQL for referrals.
struct ReferralStore: Sendable {
    let database: Database

    /// Records a referral once per friend and activation; false when the friend was already recorded. A
    /// referral that counts is `pending` while the friend's entry awaits its e-mail confirmation.
    func insert(activation: Activation, referrerID: Int64, refereeID: Int64, entryID: Int64, rejection: ReferralRules.Rejection?,
                pending: Bool = false, now: Int64, on sql: any SQLDatabase) async throws -> Bool {
        let status = rejection != nil ? "rejected" : pending ? "pending" : "valid"
        return try await sql.raw("""
            INSERT INTO activation_referrals (organisation_id, brand_id, activation_id, referrer_member_id, referee_member_id, entry_id, status, reason, created_at)
            VALUES (\(bind: activation.organisationID), \(bind: activation.brandID), \(bind: activation.id), \(bind: referrerID), \(bind: refereeID),
                \(bind: entryID), \(bind: status), \(bind: rejection?.rawValue), \(bind: now))
            ON CONFLICT (activation_id, referee_member_id) DO NOTHING RETURNING id
            """).first() != nil
    }

    /// The pending referral of a confirmed entry becomes valid; returns its referrer, nil when there was none.
    static func confirm(entryID: Int64, on sql: any SQLDatabase) async throws -> (referrerID: Int64, refereeID: Int64)? {
        guard let row = try await sql.raw("""
            UPDATE activation_referrals SET status = 'valid' WHERE entry_id = \(bind: entryID) AND status = 'pending'
            RETURNING referrer_member_id, referee_member_id
            """).first() else { return nil }
        return (try row.decode(column: "referrer_member_id", as: Int64.self), try row.decode(column: "referee_member_id", as: Int64.self))
    }

    /// The referral an invalidated entry made no longer counts.
    static func reject(entryID: Int64, reason: String, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            UPDATE activation_referrals SET status = 'rejected', reason = \(bind: reason) WHERE entry_id = \(bind: entryID) AND status IN ('valid', 'pending')
            """).run()
    }

    /// Whether the inviting member is still a member of the brand (not erased, not merged away).
    func isActiveMember(_ memberID: Int64, brandID: Int64, on sql: any SQLDatabase) async throws -> Bool {
        try await sql.raw("""
            SELECT m.id FROM members m JOIN member_brands b ON b.member_id = m.id AND b.brand_id = \(bind: brandID)
            WHERE m.id = \(bind: memberID) AND m.erased_at IS NULL AND m.merged_into_id IS NULL
            """).first() != nil
    }

    /// Friends who joined through a member's invitation and count.
    func validCount(activationID: Int64, referrerID: Int64) async throws -> Int {
        try await database.readOnly { sql in
            try await sql.raw("""
                SELECT COUNT(*) AS n FROM activation_referrals
                WHERE activation_id = \(bind: activationID) AND referrer_member_id = \(bind: referrerID) AND status = 'valid'
                """).first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    /// Every referral of an activation, oldest first (at most `limit`).
    func list(activationID: Int64, limit: Int = 1000) async throws -> [Referral] {
        try await database.readOnly { sql in
            try await sql.raw("""
                SELECT r.*, a.first_name AS referrer_first, a.last_name AS referrer_last, b.first_name AS referee_first, b.last_name AS referee_last
                FROM activation_referrals r JOIN members a ON a.id = r.referrer_member_id JOIN members b ON b.id = r.referee_member_id
                WHERE r.activation_id = \(bind: activationID) ORDER BY r.id LIMIT \(bind: limit)
                """).all().map { row in
                Referral(id: try row.decode(column: "id", as: Int64.self), referrerID: try row.decode(column: "referrer_member_id", as: Int64.self),
                         refereeID: try row.decode(column: "referee_member_id", as: Int64.self), status: try row.decode(column: "status", as: String.self),
                         reason: try row.optional("reason"), createdAt: try row.decode(column: "created_at", as: Int64.self),
                         referrerName: Self.name(try row.optional("referrer_first"), try row.optional("referrer_last")),
                         refereeName: Self.name(try row.optional("referee_first"), try row.optional("referee_last")))
            }
        }
    }

    /// Counts per referrer, most valid referrals first, with who invited each referrer (the tree).
    static func counts(_ referrals: [Referral]) -> [ReferrerCount] {
        var parent: [Int64: Int64] = [:]
        for referral in referrals where referral.status == "valid" { parent[referral.refereeID] = referral.referrerID }
        var counts: [Int64: ReferrerCount] = [:]
        for referral in referrals {
            var count = counts[referral.referrerID]
                ?? ReferrerCount(memberID: referral.referrerID, name: referral.referrerName, valid: 0, rejected: 0, invitedBy: parent[referral.referrerID])
            if referral.status == "valid" { count.valid += 1 } else if referral.status == "rejected" { count.rejected += 1 }
            counts[referral.referrerID] = count
        }
        return counts.values.sorted { ($0.valid, -$0.memberID) > ($1.valid, -$1.memberID) }
    }

    private static func name(_ first: String?, _ last: String?) -> String {
        [first, last].compactMap { $0 }.joined(separator: " ")
    }
}
