import SQLKit

/// SQL for activation entries.
struct EntryStore: Sendable {
    let database: Database

    /// The entry made with an idempotency key, if any.
    func entry(activationID: Int64, idempotencyKey: String, on sql: any SQLDatabase) async throws -> (id: Int64, memberID: Int64, token: String, flags: [String], createdAt: Int64)? {
        try await sql.raw("""
            SELECT id, member_id, token, flags, created_at FROM activation_entries
            WHERE activation_id = \(bind: activationID) AND idempotency_key = \(bind: idempotencyKey)
            """).first().map { row in
            (try row.decode(column: "id", as: Int64.self), try row.decode(column: "member_id", as: Int64.self), try row.decode(column: "token", as: String.self),
             Self.flags(try row.decode(column: "flags", as: String.self)), try row.decode(column: "created_at", as: Int64.self))
        }
    }

    /// Whether the member already has an entry with this frequency key.
    func hasEntry(activationID: Int64, memberID: Int64, frequencyKey: String, on sql: any SQLDatabase) async throws -> Bool {
        if WorkGroup.current?.isKept(Self.entryTag(activationID: activationID, memberID: memberID, frequencyKey: frequencyKey)) == true {
            return true
        }
        return try await sql.raw("""
            SELECT id FROM activation_entries WHERE activation_id = \(bind: activationID) AND member_id = \(bind: memberID)
              AND frequency_key = \(bind: frequencyKey)
            """).first() != nil
    }

    /// Whether an activation has `cap` entries that count towards its cap (valid ones and those
    /// awaiting confirmation); counts no further than the cap.
    func reachesCap(activationID: Int64, cap: Int, on sql: any SQLDatabase) async throws -> Bool {
        try await WorkGroup.current?.writeKept(on: sql)  // entries the group kept count
        return try await sql.raw("""
            SELECT COUNT(*) AS n FROM (SELECT 1 FROM activation_entries WHERE activation_id = \(bind: activationID) AND status IN ('valid', 'unconfirmed')
                                       LIMIT \(bind: cap)) counted
            """).first()?.decode(column: "n", as: Int.self) ?? 0 >= cap
    }

    /// The entries from the same address hash since `since`, counted no further than `limit` (an
    /// office or a mobile carrier's address may bring thousands in an hour).
    func countFromAddress(activationID: Int64, ipHash: String, since: Int64, limit: Int, on sql: any SQLDatabase) async throws -> Int {
        try await sql.raw("""
            SELECT COUNT(*) AS n FROM (SELECT 1 FROM activation_entries
                                       WHERE activation_id = \(bind: activationID) AND ip_hash = \(bind: ipHash) AND created_at >= \(bind: since)
                                       LIMIT \(bind: limit)) counted
            """).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Inserts an entry and returns its id.
    func insert(activation: Activation, memberID: Int64, token: String, frequencyKey: String, idempotencyKey: String?,
                flags: [String], ipHash: String?, answer: String?, status: String, score: QuizScore? = nil, now: Int64,
                on sql: any SQLDatabase) async throws -> Int64 {
        let values: [any Encodable & Sendable] = [
            activation.organisationID, activation.brandID, activation.id, memberID, token, frequencyKey, idempotencyKey,
            activation.rules?.version, activation.rules?.sha256, flags.joined(separator: ","), ipHash, status, score?.storedChoices ?? answer,
            score?.score, score?.tieBreak, now,
        ]
        let keyTag = idempotencyKey.map { "entry key \(activation.id) \($0)" }
        if let group = WorkGroup.current, group.keepsNewRows, !(keyTag.map(group.isKept) ?? false) {
            let id = try await group.newID(for: .activationEntries, on: sql)
            group.keep(.activationEntries, [id] + values,
                       tags: [Self.entryTag(activationID: activation.id, memberID: memberID, frequencyKey: frequencyKey)] + (keyTag.map { [$0] } ?? []))
            return id
        }
        // The same key twice in a group: the kept entry is written, and this insert meets it as it would in the database.
        try await WorkGroup.current?.writeKept(on: sql)
        guard let id = try await WorkGroup.Table.activationEntries.insertReturningID(values, on: sql) else {
            throw AppError.conflict("The entry could not be saved.")
        }
        return id
    }

    /// One page of an activation's entries, newest first, with the entrant's name and e-mail for staff.
    func list(activationID: Int64, page: PageRequest, flaggedOnly: Bool = false) async throws -> (items: [ActivationEntry], nextCursor: String?) {
        try await database.readOnly { sql in
            let cursor: SQLQueryString = page.afterID.map { "AND e.id < \(bind: $0)" } ?? ""
            let flagged: SQLQueryString = flaggedOnly ? "AND e.flags <> '' AND e.status IN ('valid', 'unconfirmed')" : ""
            let items = try await sql.raw("""
                SELECT e.*, m.first_name, m.last_name,
                    (SELECT value FROM member_identities i WHERE i.member_id = e.member_id AND i.kind = 'email' ORDER BY i.id LIMIT 1) AS email
                FROM activation_entries e JOIN members m ON m.id = e.member_id
                WHERE e.activation_id = \(bind: activationID) \(flagged) \(cursor) ORDER BY e.id DESC LIMIT \(bind: page.limit + 1)
                """).all().map(Self.entry)
            return page.trimmed(items, id: \.id)
        }
    }

    /// Tokens of the valid entries made before closing: the draw pool.
    func poolTokens(activationID: Int64, closesAt: Int64, on sql: any SQLDatabase) async throws -> [(entryID: Int64, token: String)] {
        try await sql.raw("""
            SELECT id, token FROM activation_entries
            WHERE activation_id = \(bind: activationID) AND status = 'valid' AND created_at < \(bind: closesAt)
            """).all().map { (try $0.decode(column: "id", as: Int64.self), try $0.decode(column: "token", as: String.self)) }
    }

    /// The valid quiz entries made before closing with their score and tie-break guess: the quiz draw pool.
    func quizEntries(activationID: Int64, closesAt: Int64, on sql: any SQLDatabase) async throws -> [(entryID: Int64, token: String, score: Int64, tieBreak: Int64?)] {
        try await sql.raw("""
            SELECT id, token, score, tie_break FROM activation_entries
            WHERE activation_id = \(bind: activationID) AND status = 'valid' AND created_at < \(bind: closesAt)
            """).all().map {
            (try $0.decode(column: "id", as: Int64.self), try $0.decode(column: "token", as: String.self),
             try $0.optional("score", as: Int64.self) ?? 0, try $0.optional("tie_break", as: Int64.self))
        }
    }

    /// Valid entries per score of a quiz.
    func scores(activationID: Int64) async throws -> [Int: Int] {
        try await database.readOnly { sql in
            var counts: [Int: Int] = [:]
            for row in try await sql.raw("""
                SELECT score, COUNT(*) AS n FROM activation_entries
                WHERE activation_id = \(bind: activationID) AND status = 'valid' AND score IS NOT NULL GROUP BY score
                """).all() {
                counts[try row.decode(column: "score", as: Int.self)] = try row.decode(column: "n", as: Int.self)
            }
            return counts
        }
    }

    /// Marks a valid entry invalid with staff's reason; false when there is no such valid entry.
    /// Invalidates an entry that counts or awaits confirmation; returns its member, nil when there is no such entry.
    func invalidate(entryID: Int64, activationID: Int64, reason: String, now: Int64, on sql: any SQLDatabase) async throws -> Int64? {
        try await sql.raw("""
            UPDATE activation_entries SET status = 'invalidated', invalidation_reason = \(bind: reason), invalidated_at = \(bind: now)
            WHERE id = \(bind: entryID) AND activation_id = \(bind: activationID) AND status IN ('valid', 'unconfirmed') RETURNING member_id
            """).first()?.decode(column: "member_id", as: Int64.self)
    }

    /// Makes an entry awaiting confirmation valid; returns its member, or nil when there is no such entry.
    func confirm(entryID: Int64, activationID: Int64, now: Int64, on sql: any SQLDatabase) async throws -> Int64? {
        try await sql.raw("""
            UPDATE activation_entries SET status = 'valid', confirmed_at = \(bind: now)
            WHERE id = \(bind: entryID) AND activation_id = \(bind: activationID) AND status = 'unconfirmed' RETURNING member_id
            """).first()?.decode(column: "member_id", as: Int64.self)
    }

    /// Valid votes per answer of a poll.
    func votes(activationID: Int64) async throws -> [String: Int] {
        try await database.readOnly { sql in
            var votes: [String: Int] = [:]
            for row in try await sql.raw("""
                SELECT answer, COUNT(*) AS n FROM activation_entries
                WHERE activation_id = \(bind: activationID) AND status = 'valid' AND answer IS NOT NULL GROUP BY answer
                """).all() {
                votes[try row.decode(column: "answer", as: String.self)] = try row.decode(column: "n", as: Int.self)
            }
            return votes
        }
    }

    static func flags(_ text: String) -> [String] { text.split(separator: ",").map(String.init) }

    /// The tag of a kept entry, as `hasEntry` looks for it.
    static func entryTag(activationID: Int64, memberID: Int64, frequencyKey: String) -> String {
        "entry \(activationID) \(memberID) \(frequencyKey)"
    }

    static func entry(_ row: any SQLRow) throws -> ActivationEntry {
        ActivationEntry(
            id: try row.decode(column: "id", as: Int64.self), memberID: try row.decode(column: "member_id", as: Int64.self),
            token: try row.decode(column: "token", as: String.self), status: try row.decode(column: "status", as: String.self),
            flags: flags(try row.decode(column: "flags", as: String.self)), rulesVersion: try row.optional("rules_version", as: Int.self),
            rulesSHA256: try row.optional("rules_sha256"), answer: try row.optional("answer"),
            score: try row.optional("score", as: Int.self), tieBreak: try row.optional("tie_break", as: Int64.self),
            invalidationReason: try row.optional("invalidation_reason"), createdAt: try row.decode(column: "created_at", as: Int64.self),
            firstName: try row.optional("first_name"), lastName: try row.optional("last_name"), email: try row.optional("email"))
    }
}

extension WorkGroup.Table {
    /// Entries, kept by a group after their entrants, or inserted at once.
    static let activationEntries = WorkGroup.Table(name: "activation_entries", columns: [
        "id", "organisation_id", "brand_id", "activation_id", "member_id", "token", "frequency_key", "idempotency_key",
        "rules_version", "rules_sha256", "flags", "ip_hash", "status", "answer", "score", "tie_break", "created_at",
    ], order: 4)
}
