import Foundation
import SQLKit

/// Writes a group of points movements in one transaction with set-based statements: what the
/// group needs is read in a few queries, `PointsBatch` decides every movement in order, and the
/// lines and accounts are written by multi-row statements.
///
/// Should the group fail as a whole (another node created one of its accounts at the same
/// moment, a lock conflict on PostgreSQL), nothing of it is written and each movement is
/// posted again on its own, so that every caller still gets the answer of its own movement.
struct PointsGroupWriter: Sendable {
    let database: Database
    let ledger: PointsLedger
    let settings: LoyaltySettingsStore
    let audit: AuditLog
    let tiers: TierTracker

    /// The ids returned for a group's lines did not match their order; the group is posted again movement by movement.
    struct LinesOutOfOrder: Error {}

    /// Rows per multi-row statement, well under both engines' bound-parameter limits.
    static let rowsPerStatement = 100

    func write(_ group: [(request: PointsRequest, access: BrandAccess)]) async -> [Result<PointsPosting, any Error>] {
        do {
            return try await database.transaction { sql in try await post(group, now: Clock.nowMillis(), on: sql) }
        } catch {
            var results: [Result<PointsPosting, any Error>] = []
            for (request, access) in group {
                do { results.append(.success(try await postAlone(request, access: access))) } catch { results.append(.failure(error)) }
            }
            return results
        }
    }

    /// One movement in its own transaction.
    func postAlone(_ request: PointsRequest, access: BrandAccess) async throws -> PointsPosting {
        do {
            return try await database.transaction { sql in
                try await LoyaltyActions.requireVisible(request.memberID, access: access, on: sql)
                let validity = try await settings.settings(brandID: request.brandID, on: sql).pointsValidityDays
                let posting = try await ledger.post(request.movement, memberID: request.memberID, brandID: request.brandID,
                                                    organisationID: request.organisationID, validityDays: validity,
                                                    recordedBy: request.recordedBy, on: sql)
                if !posting.replayed {
                    if request.movement.kind == .earn {
                        try await tiers.refresh(memberID: request.memberID, brandID: request.brandID, organisationID: request.organisationID, on: sql)
                    }
                    if request.movement.kind == .adjust {
                        try await recordAdjustment(request, actor: access.actor, on: sql)
                    }
                }
                return posting
            }
        } catch where UniqueViolation.matches(error) {
            // The same key, sent at the same instant for another member.
            throw PointsBatch.reusedKey
        }
    }

    // MARK: - The group

    private func post(_ group: [(request: PointsRequest, access: BrandAccess)], now: Int64,
                      on sql: any SQLDatabase) async throws -> [Result<PointsPosting, any Error>] {
        let requests = group.map(\.request)
        var state = PointsBatch.State()
        state.visible = try await visible(group, on: sql)
        let live = state.visible.map { requests[$0] }
        for brandID in Set(live.map(\.brandID)) {
            state.validityDays[brandID] = try await settings.settings(brandID: brandID, on: sql).pointsValidityDays
        }
        let byBrand = Dictionary(grouping: Set(live.map(\.account)), by: \.brandID)
        for (brandID, keys) in byBrand {
            let members = keys.map(\.memberID).sorted()
            for (memberID, account) in try await accounts(brandID: brandID, members: members, on: sql) {
                state.accounts[.init(brandID: brandID, memberID: memberID)] = account
            }
            for (memberID, total) in try await expiredCredits(brandID: brandID, members: members, now: now, on: sql) {
                state.expiredCredits[.init(brandID: brandID, memberID: memberID)] = total
            }
            let keys = Set(live.filter { $0.brandID == brandID }.compactMap(\.movement.idempotencyKey))
            for entry in try await entries(brandID: brandID, keys: Array(keys), on: sql) {
                if let key = entry.key { state.earlier[.init(brandID: brandID, key: key)] = entry.entry }
            }
        }

        let plan = PointsBatch.plan(requests, state: state, now: now)
        let ids = try await insert(plan.lines, now: now, on: sql)
        try await save(plan.accounts, existing: Set(state.accounts.keys), lines: plan.lines, ids: ids, now: now, on: sql)
        try await refreshTiers(plan, on: sql, now: now)

        var results: [Result<PointsPosting, any Error>] = []
        for (index, outcome) in plan.outcomes.enumerated() {
            switch outcome {
            case .posted(let line, let expiredFirst):
                if requests[index].movement.kind == .adjust {
                    try await recordAdjustment(requests[index], actor: group[index].access.actor, on: sql)
                }
                results.append(.success(PointsPosting(entry: entry(plan.lines[line], id: ids[line], now: now), expiredFirst: expiredFirst, replayed: false)))
            case .replayedInGroup(let line):
                results.append(.success(PointsPosting(entry: entry(plan.lines[line], id: ids[line], now: now), expiredFirst: 0, replayed: true)))
            case .replayed(let earlier):
                results.append(.success(PointsPosting(entry: earlier, expiredFirst: 0, replayed: true)))
            case .refused(let problem):
                results.append(.failure(problem))
            }
        }
        return results
    }

    /// Positions of the requests whose member the caller may see, one query per caller scope.
    private func visible(_ group: [(request: PointsRequest, access: BrandAccess)], on sql: any SQLDatabase) async throws -> Set<Int> {
        struct Scope: Hashable { var organisationID: Int64, brandID: Int64, unitID: Int64? }
        var found: Set<Int> = []
        let scopes = Dictionary(grouping: group.indices) { Scope(organisationID: group[$0].access.organisationID, brandID: group[$0].access.brandID,
                                                                 unitID: group[$0].access.unitID) }
        for indices in scopes.values {
            let access = group[indices[0]].access
            var seen: Set<Int64> = []
            for chunk in Array(Set(indices.map { group[$0].request.memberID })).sorted().chunked(500) {
                let ids = SQLList(chunk.map { SQLBind($0) })
                for row in try await sql.raw("SELECT m.id FROM members m WHERE m.id IN (\(ids)) AND \(MemberStore.visible(access))").all() {
                    seen.insert(try row.decode(column: "id", as: Int64.self))
                }
            }
            for index in indices where seen.contains(group[index].request.memberID) { found.insert(index) }
        }
        return found
    }

    /// The members' accounts in the brand, held until the transaction ends on PostgreSQL (in a
    /// fixed order, so that two writers never wait on each other in a circle); SQLite
    /// transactions already run one at a time.
    private func accounts(brandID: Int64, members: [Int64], on sql: any SQLDatabase) async throws -> [(Int64, PointsAccount)] {
        let hold: SQLQueryString = database.kind == .postgres ? " FOR UPDATE" : ""
        var found: [(Int64, PointsAccount)] = []
        for chunk in members.chunked(500) {
            let ids = SQLList(chunk.map { SQLBind($0) })
            for row in try await sql.raw("""
                SELECT member_id, balance, earned, spent, expired FROM points_accounts
                WHERE brand_id = \(bind: brandID) AND member_id IN (\(ids)) ORDER BY member_id\(hold)
                """).all() {
                found.append((try row.decode(column: "member_id", as: Int64.self), try PointsLedger.account(row)))
            }
        }
        return found
    }

    private func expiredCredits(brandID: Int64, members: [Int64], now: Int64, on sql: any SQLDatabase) async throws -> [(Int64, Int64)] {
        var found: [(Int64, Int64)] = []
        for chunk in members.chunked(500) {
            let ids = SQLList(chunk.map { SQLBind($0) })
            for row in try await sql.raw("""
                SELECT member_id, CAST(SUM(points) AS BIGINT) AS total FROM points_entries
                WHERE brand_id = \(bind: brandID) AND member_id IN (\(ids)) AND expires_at <= \(bind: now) AND points > 0
                GROUP BY member_id
                """).all() {
                found.append((try row.decode(column: "member_id", as: Int64.self), try row.decode(column: "total", as: Int64.self)))
            }
        }
        return found
    }

    private func entries(brandID: Int64, keys: [String], on sql: any SQLDatabase) async throws -> [(key: String?, entry: PointsEntry)] {
        var found: [(key: String?, entry: PointsEntry)] = []
        for chunk in keys.chunked(500) {
            let list = SQLList(chunk.map { SQLBind($0) })
            for row in try await sql.raw("""
                SELECT * FROM points_entries WHERE brand_id = \(bind: brandID) AND idempotency_key IN (\(list))
                """).all() {
                found.append((try row.decode(column: "idempotency_key", as: String?.self), try PointsLedger.entry(row)))
            }
        }
        return found
    }

    private static let insertLines = """
        INSERT INTO points_entries (organisation_id, brand_id, member_id, kind, points, balance_after, reason, source, source_ref,
            idempotency_key, expires_at, rule_id, activation_ref, event_at, recorded_by, occurred_at)
        """

    /// Writes the lines in order and gives their ids, in the same order.
    private func insert(_ lines: [PointsBatch.Line], now: Int64, on sql: any SQLDatabase) async throws -> [Int64] {
        var ids: [Int64] = []
        ids.reserveCapacity(lines.count)
        for chunk in lines.chunked(Self.rowsPerStatement) {
            var values: [any Encodable & Sendable] = []
            values.reserveCapacity(chunk.count * 16)
            for line in chunk {
                let m = line.movement
                values += [line.organisationID, line.account.brandID, line.account.memberID, m.kind.rawValue, m.points, line.balanceAfter, m.reason,
                           m.source, m.sourceRef, m.idempotencyKey, line.expiresAt, m.ruleID, m.activationRef, m.eventAt, line.recordedBy, now]
            }
            // Rows of one statement are numbered in the order of its VALUES, on both engines;
            // the member and balance of each returned id are checked against that order.
            let returned = try await RowsStatement(Self.insertLines, columns: 16, rows: chunk.count, tail: "RETURNING id, member_id, balance_after",
                                                   values: values, on: sql).all(on: sql)
                .map { (id: try $0.decode(column: "id", as: Int64.self), member: try $0.decode(column: "member_id", as: Int64.self),
                                  balance: try $0.decode(column: "balance_after", as: Int64.self)) }
                .sorted { $0.id < $1.id }
            guard returned.count == chunk.count,
                  zip(returned, chunk).allSatisfy({ $0.member == $1.account.memberID && $0.balance == $1.balanceAfter }) else {
                throw LinesOutOfOrder()
            }
            ids += returned.map(\.id)
        }
        return ids
    }

    /// Writes the accounts as they end: new ones inserted (a concurrent creation elsewhere then
    /// fails the group, which is posted again movement by movement), existing ones updated.
    private func save(_ accounts: [PointsBatch.AccountKey: (account: PointsAccount, lastLine: Int)], existing: Set<PointsBatch.AccountKey>,
                      lines: [PointsBatch.Line], ids: [Int64], now: Int64, on sql: any SQLDatabase) async throws {
        let ordered = accounts.sorted { ($0.key.brandID, $0.key.memberID) < ($1.key.brandID, $1.key.memberID) }
        func values(_ chunk: ArraySlice<(key: PointsBatch.AccountKey, value: (account: PointsAccount, lastLine: Int))>) -> [any Encodable & Sendable] {
            var values: [any Encodable & Sendable] = []
            values.reserveCapacity(chunk.count * 9)
            for item in chunk {
                let a = item.value.account
                values += [item.key.brandID, item.key.memberID, lines[item.value.lastLine].organisationID, a.balance, a.earned, a.spent, a.expired,
                           ids[item.value.lastLine], now]
            }
            return values
        }
        for chunk in ordered.filter({ !existing.contains($0.key) }).chunked(Self.rowsPerStatement) {
            try await RowsStatement(Self.insertAccounts, columns: 9, rows: chunk.count, values: values(chunk), on: sql).run(on: sql)
        }
        for chunk in ordered.filter({ existing.contains($0.key) }).chunked(Self.rowsPerStatement) {
            try await RowsStatement(Self.insertAccounts, columns: 9, rows: chunk.count, tail: Self.updateAccounts, values: values(chunk), on: sql).run(on: sql)
        }
    }

    private static let insertAccounts = """
        INSERT INTO points_accounts (brand_id, member_id, organisation_id, balance, earned, spent, expired, last_entry_id, updated_at)
        """
    private static let updateAccounts = """
        ON CONFLICT (brand_id, member_id) DO UPDATE SET balance = excluded.balance, earned = excluded.earned, spent = excluded.spent,
            expired = excluded.expired, last_entry_id = excluded.last_entry_id, updated_at = excluded.updated_at
        """

    private func refreshTiers(_ plan: PointsBatch.Plan, on sql: any SQLDatabase, now: Int64) async throws {
        for (brandID, accounts) in Dictionary(grouping: plan.earned, by: \.brandID) {
            let ladder = try await settings.ladder(brandID: brandID, on: sql)
            guard !ladder.tiers.isEmpty else { continue }
            let organisationID = plan.lines.first { $0.account.brandID == brandID }?.organisationID ?? 0
            try await tiers.refresh(members: accounts.map(\.memberID), brandID: brandID, organisationID: organisationID, ladder: ladder, now: now, on: sql)
        }
    }

    private func recordAdjustment(_ request: PointsRequest, actor: ActorRef, on sql: any SQLDatabase) async throws {
        try await audit.record(organisationID: request.organisationID, brandID: request.brandID, actor: actor,
                               action: "points.adjusted", targetKind: "member", targetID: request.memberID,
                               details: ["points": String(request.movement.points)], on: sql)
    }

    private func entry(_ line: PointsBatch.Line, id: Int64, now: Int64) -> PointsEntry {
        PointsEntry(id: id, memberID: line.account.memberID, kind: line.movement.kind, points: line.movement.points, balanceAfter: line.balanceAfter,
                    reason: line.movement.reason, source: line.movement.source, sourceRef: line.movement.sourceRef, expiresAt: line.expiresAt,
                    recordedBy: line.recordedBy, occurredAt: now)
    }
}
