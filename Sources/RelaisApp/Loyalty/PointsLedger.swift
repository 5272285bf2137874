import Foundation
import SQLKit

/// One line of a member's points ledger.
struct PointsEntry: Sendable, Equatable {
    var id: Int64
    var memberID: Int64
    var kind: PointsEntryKind
    var points: Int64
    var balanceAfter: Int64
    var reason: String
    var source: String
    var sourceRef: String?
    var expiresAt: Int64?
    var recordedBy: String
    var occurredAt: Int64
}

/// A member's points in one brand, as of the last ledger entry.
struct PointsAccount: Sendable, Equatable {
    var balance: Int64 = 0
    var earned: Int64 = 0
    var spent: Int64 = 0
    var expired: Int64 = 0
    /// The next points to expire and when, if any.
    var nextExpiry: (points: Int64, at: Int64)?

    static func == (left: PointsAccount, right: PointsAccount) -> Bool {
        left.balance == right.balance && left.earned == right.earned && left.spent == right.spent && left.expired == right.expired
            && left.nextExpiry?.points == right.nextExpiry?.points && left.nextExpiry?.at == right.nextExpiry?.at
    }
}

extension PointsAccount {
    /// The account once `movement` is written: the balance and the total of its kind move.
    mutating func apply(_ movement: PointsMovement) {
        balance += movement.points
        switch movement.kind {
        case .earn: earned += movement.points
        case .spend: spent -= movement.points
        case .expire: expired -= movement.points
        case .adjust:
            if movement.points > 0 { earned += movement.points } else { spent -= movement.points }
        }
    }
}

/// What posting a movement did.
struct PointsPosting: Sendable {
    var entry: PointsEntry
    /// Points that expired just before the movement, written as their own entry.
    var expiredFirst: Int64
    /// True when the idempotency key had already been used for this movement: nothing was written.
    var replayed: Bool
}

/// The append-only points ledger of each member in each brand.
///
/// Every movement of a member runs while holding the member's account row, so concurrent
/// movements are ordered: expiry is written first, the balance never goes below zero, and the
/// account's totals always equal the sums of the ledger (`verify` checks it).
struct PointsLedger: Sendable {
    /// Writes `movement` for a member the caller has already checked, in the caller's transaction.
    /// A credit expires after `validityDays`, unless `creditExpiry` gives its instant (points moved with their own expiry).
    func post(_ movement: PointsMovement, memberID: Int64, brandID: Int64, organisationID: Int64, validityDays: Int,
              recordedBy: String, creditExpiry: Int64? = nil, now: Int64 = Clock.nowMillis(), on sql: any SQLDatabase) async throws -> PointsPosting {
        var account = try await lock(memberID: memberID, brandID: brandID, organisationID: organisationID, now: now, on: sql)
        if let key = movement.idempotencyKey, let earlier = try await entry(brandID: brandID, idempotencyKey: key, on: sql) {
            guard earlier.memberID == memberID, earlier.kind == movement.kind, earlier.points == movement.points else {
                throw PointsBatch.reusedKey
            }
            return PointsPosting(entry: earlier, expiredFirst: 0, replayed: true)
        }
        let expiredFirst = try await expire(&account, memberID: memberID, brandID: brandID, organisationID: organisationID, now: now, on: sql)
        if movement.points < 0 && account.balance + movement.points < 0 {
            throw PointsBatch.insufficient(balance: account.balance, needed: -movement.points)
        }
        let expiresAt = movement.points > 0 ? (creditExpiry ?? PointsExpiry.expiry(at: now, validityDays: validityDays)) : nil
        let entry = try await append(movement, memberID: memberID, brandID: brandID, organisationID: organisationID,
                                     account: &account, expiresAt: expiresAt, recordedBy: recordedBy, now: now, on: sql)
        try await save(account, lastEntryID: entry.id, memberID: memberID, brandID: brandID, now: now, on: sql)
        return PointsPosting(entry: entry, expiredFirst: expiredFirst, replayed: false)
    }

    /// Writes the member's due expiry now (the loyalty clock and every movement use it).
    func expireDue(memberID: Int64, brandID: Int64, organisationID: Int64, now: Int64 = Clock.nowMillis(), on sql: any SQLDatabase) async throws -> Int64 {
        var account = try await lock(memberID: memberID, brandID: brandID, organisationID: organisationID, now: now, on: sql)
        let expired = try await expire(&account, memberID: memberID, brandID: brandID, organisationID: organisationID, now: now, on: sql)
        if expired > 0 {
            try await save(account, lastEntryID: nil, memberID: memberID, brandID: brandID, now: now, on: sql)
        }
        return expired
    }

    /// The member's account, with the expiry due by `now` counted as expired (nothing is written).
    func account(memberID: Int64, brandID: Int64, now: Int64 = Clock.nowMillis(), on sql: any SQLDatabase) async throws -> PointsAccount {
        guard let row = try await sql.raw("""
            SELECT balance, earned, spent, expired FROM points_accounts WHERE brand_id = \(bind: brandID) AND member_id = \(bind: memberID)
            """).first() else { return PointsAccount() }
        var account = try Self.account(row)
        let due = PointsExpiry.due(expiredCredits: try await expiredCredits(memberID: memberID, brandID: brandID, now: now, on: sql),
                                   debits: account.spent + account.expired)
        account.balance -= due
        account.expired += due
        account.nextExpiry = try await nextExpiry(account, memberID: memberID, brandID: brandID, now: now, on: sql)
        return account
    }

    /// One page of the member's ledger, newest first.
    func entries(memberID: Int64, brandID: Int64, page: PageRequest, on sql: any SQLDatabase) async throws -> (items: [PointsEntry], nextCursor: String?) {
        let cursor: SQLQueryString = page.afterID.map { "AND id < \(bind: $0)" } ?? ""
        let items = try await sql.raw("""
            SELECT * FROM points_entries WHERE brand_id = \(bind: brandID) AND member_id = \(bind: memberID) \(cursor)
            ORDER BY id DESC LIMIT \(bind: page.limit + 1)
            """).all().map(Self.entry)
        return page.trimmed(items, id: \.id)
    }

    /// Moves a merged duplicate's points onto the surviving profile, brand by brand: the
    /// duplicate's unspent credits are debited there and credited to the survivor with the
    /// same expiry instants, so that nothing is gained, lost or made to last longer.
    func transfer(from duplicateID: Int64, to survivorID: Int64, now: Int64 = Clock.nowMillis(), on sql: any SQLDatabase) async throws {
        let accounts = try await sql.raw("""
            SELECT brand_id, organisation_id FROM points_accounts WHERE member_id = \(bind: duplicateID) ORDER BY brand_id
            """).all()
        for row in accounts {
            let brandID = try row.decode(column: "brand_id", as: Int64.self)
            let organisationID = try row.decode(column: "organisation_id", as: Int64.self)
            _ = try await expireDue(memberID: duplicateID, brandID: brandID, organisationID: organisationID, now: now, on: sql)
            let account = try await self.account(memberID: duplicateID, brandID: brandID, now: now, on: sql)
            guard account.balance > 0 else { continue }
            let credits = try await unspentCredits(account, memberID: duplicateID, brandID: brandID, on: sql)
            let out = PointsMovement(kind: .adjust, points: -account.balance, reason: "Merged into member \(survivorID)", source: "merge",
                                     sourceRef: "member:\(survivorID)", idempotencyKey: nil)
            _ = try await post(out, memberID: duplicateID, brandID: brandID, organisationID: organisationID, validityDays: 0,
                               recordedBy: "Relais", now: now, on: sql)
            for credit in credits {
                let into = PointsMovement(kind: .adjust, points: credit.points, reason: "Merged from member \(duplicateID)", source: "merge",
                                          sourceRef: "member:\(duplicateID)", idempotencyKey: nil)
                _ = try await post(into, memberID: survivorID, brandID: brandID, organisationID: organisationID, validityDays: 0,
                                   recordedBy: "Relais", creditExpiry: credit.expiresAt, now: now, on: sql)
            }
        }
    }

    /// The parts of the member's credits not yet used, grouped by expiry instant (nil: never).
    private func unspentCredits(_ account: PointsAccount, memberID: Int64, brandID: Int64, on sql: any SQLDatabase) async throws -> [(points: Int64, expiresAt: Int64?)] {
        let rows = try await sql.raw("""
            SELECT expires_at, CAST(SUM(points) AS BIGINT) AS points FROM points_entries
            WHERE brand_id = \(bind: brandID) AND member_id = \(bind: memberID) AND points > 0
            GROUP BY expires_at
            """).all()
        var groups = try rows.map { (points: try $0.decode(column: "points", as: Int64.self), expiresAt: try $0.decode(column: "expires_at", as: Int64?.self)) }
        groups.sort { ($0.expiresAt ?? Int64.max) < ($1.expiresAt ?? Int64.max) }
        var covered = account.spent + account.expired
        var unspent: [(points: Int64, expiresAt: Int64?)] = []
        for group in groups {
            let left = group.points - min(covered, group.points)
            covered -= min(covered, group.points)
            if left > 0 { unspent.append((left, group.expiresAt)) }
        }
        return unspent
    }

    /// Members of the brand whose account disagrees with the sums of their ledger (none, always).
    func verify(brandID: Int64, on sql: any SQLDatabase) async throws -> [Int64] {
        try await sql.raw("""
            SELECT a.member_id FROM points_accounts a
            LEFT JOIN (SELECT member_id, SUM(points) AS total, MIN(balance_after) AS lowest FROM points_entries
                       WHERE brand_id = \(bind: brandID) GROUP BY member_id) e ON e.member_id = a.member_id
            WHERE a.brand_id = \(bind: brandID) AND (a.balance <> COALESCE(e.total, 0) OR COALESCE(e.lowest, 0) < 0 OR a.balance < 0
                  OR a.balance <> a.earned - a.spent - a.expired)
            ORDER BY a.member_id
            """).all().map { try $0.decode(column: "member_id", as: Int64.self) }
    }

    // MARK: - Steps of a movement

    /// Creates the account row if needed and takes it: on PostgreSQL the update holds the row
    /// until the transaction ends; SQLite transactions already run one at a time.
    private func lock(memberID: Int64, brandID: Int64, organisationID: Int64, now: Int64, on sql: any SQLDatabase) async throws -> PointsAccount {
        try await sql.raw("""
            INSERT INTO points_accounts (brand_id, member_id, organisation_id, updated_at)
            VALUES (\(bind: brandID), \(bind: memberID), \(bind: organisationID), \(bind: now))
            ON CONFLICT (brand_id, member_id) DO NOTHING
            """).run()
        guard let row = try await sql.raw("""
            UPDATE points_accounts SET updated_at = \(bind: now) WHERE brand_id = \(bind: brandID) AND member_id = \(bind: memberID)
            RETURNING balance, earned, spent, expired
            """).first() else { throw AppError.notFound("points account") }
        return try Self.account(row)
    }

    private func expire(_ account: inout PointsAccount, memberID: Int64, brandID: Int64, organisationID: Int64, now: Int64,
                        on sql: any SQLDatabase) async throws -> Int64 {
        let due = PointsExpiry.due(expiredCredits: try await expiredCredits(memberID: memberID, brandID: brandID, now: now, on: sql),
                                   debits: account.spent + account.expired)
        guard due > 0 else { return 0 }
        let movement = PointsMovement(kind: .expire, points: -due, reason: "", source: "expiry", sourceRef: nil, idempotencyKey: nil)
        _ = try await append(movement, memberID: memberID, brandID: brandID, organisationID: organisationID, account: &account,
                             expiresAt: nil, recordedBy: "Relais", now: now, on: sql)
        return due
    }

    private func expiredCredits(memberID: Int64, brandID: Int64, now: Int64, on sql: any SQLDatabase) async throws -> Int64 {
        let row = try await sql.raw("""
            SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) AS total FROM points_entries
            WHERE brand_id = \(bind: brandID) AND member_id = \(bind: memberID) AND expires_at <= \(bind: now) AND points > 0
            """).first()
        return try row?.decode(column: "total", as: Int64.self) ?? 0
    }

    /// The soonest credits still (partly) unspent: the first expiry instant where the credits
    /// expiring by then exceed the debits.
    private func nextExpiry(_ account: PointsAccount, memberID: Int64, brandID: Int64, now: Int64, on sql: any SQLDatabase) async throws -> (points: Int64, at: Int64)? {
        guard account.balance > 0 else { return nil }
        let rows = try await sql.raw("""
            SELECT expires_at, CAST(SUM(points) AS BIGINT) AS points FROM points_entries
            WHERE brand_id = \(bind: brandID) AND member_id = \(bind: memberID) AND expires_at IS NOT NULL AND points > 0
            GROUP BY expires_at ORDER BY expires_at
            """).all()
        var covered = account.spent + account.expired
        for row in rows {
            let points = try row.decode(column: "points", as: Int64.self)
            let at = try row.decode(column: "expires_at", as: Int64.self)
            if covered >= points { covered -= points; continue }
            if at > now { return (points - covered, at) }
            covered = 0
        }
        return nil
    }

    private func append(_ movement: PointsMovement, memberID: Int64, brandID: Int64, organisationID: Int64, account: inout PointsAccount,
                        expiresAt: Int64?, recordedBy: String, now: Int64, on sql: any SQLDatabase) async throws -> PointsEntry {
        account.apply(movement)
        let row = try await sql.raw("""
            INSERT INTO points_entries (organisation_id, brand_id, member_id, kind, points, balance_after, reason, source, source_ref,
                idempotency_key, expires_at, rule_id, activation_ref, event_at, recorded_by, occurred_at)
            VALUES (\(bind: organisationID), \(bind: brandID), \(bind: memberID), \(bind: movement.kind.rawValue), \(bind: movement.points),
                \(bind: account.balance), \(bind: movement.reason), \(bind: movement.source), \(bind: movement.sourceRef),
                \(bind: movement.idempotencyKey), \(bind: expiresAt), \(bind: movement.ruleID), \(bind: movement.activationRef),
                \(bind: movement.eventAt), \(bind: recordedBy), \(bind: now))
            RETURNING id
            """).first()
        let id = try row?.decode(column: "id", as: Int64.self) ?? 0
        return PointsEntry(id: id, memberID: memberID, kind: movement.kind, points: movement.points, balanceAfter: account.balance,
                           reason: movement.reason, source: movement.source, sourceRef: movement.sourceRef, expiresAt: expiresAt,
                           recordedBy: recordedBy, occurredAt: now)
    }

    private func save(_ account: PointsAccount, lastEntryID: Int64?, memberID: Int64, brandID: Int64, now: Int64, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            UPDATE points_accounts SET balance = \(bind: account.balance), earned = \(bind: account.earned), spent = \(bind: account.spent),
                expired = \(bind: account.expired), last_entry_id = COALESCE(\(bind: lastEntryID), last_entry_id), updated_at = \(bind: now)
            WHERE brand_id = \(bind: brandID) AND member_id = \(bind: memberID)
            """).run()
    }

    private func entry(brandID: Int64, idempotencyKey: String, on sql: any SQLDatabase) async throws -> PointsEntry? {
        try await sql.raw("""
            SELECT * FROM points_entries WHERE brand_id = \(bind: brandID) AND idempotency_key = \(bind: idempotencyKey)
            """).first().map(Self.entry)
    }

    static func entry(_ row: any SQLRow) throws -> PointsEntry {
        PointsEntry(id: try row.decode(column: "id", as: Int64.self), memberID: try row.decode(column: "member_id", as: Int64.self),
                    kind: PointsEntryKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .adjust,
                    points: try row.decode(column: "points", as: Int64.self), balanceAfter: try row.decode(column: "balance_after", as: Int64.self),
                    reason: try row.decode(column: "reason", as: String.self), source: try row.decode(column: "source", as: String.self),
                    sourceRef: try row.decode(column: "source_ref", as: String?.self), expiresAt: try row.decode(column: "expires_at", as: Int64?.self),
                    recordedBy: try row.decode(column: "recorded_by", as: String.self), occurredAt: try row.decode(column: "occurred_at", as: Int64.self))
    }

    static func account(_ row: any SQLRow) throws -> PointsAccount {
        PointsAccount(balance: try row.decode(column: "balance", as: Int64.self), earned: try row.decode(column: "earned", as: Int64.self),
                      spent: try row.decode(column: "spent", as: Int64.self), expired: try row.decode(column: "expired", as: Int64.self))
    }
}
