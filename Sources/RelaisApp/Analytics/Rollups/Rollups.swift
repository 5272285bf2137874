import Logging
import SQLKit

/// Keeps the pre-aggregated figures of the brand overview up to date: takes the members marked
/// as changed (by the triggers of M023Rollups), reads their facts, and moves the counters by
/// the difference between each member's new and stored contribution, in one transaction per
/// batch. The counters are therefore always the exact sum of the stored contributions; they are
/// current once no member is left marked.
///
/// The background job (`RollupService`) runs it every few seconds; the overview runs it first
/// too (`catchUp`), so that what a reader sees includes every write committed before the page.
struct Rollups: Sendable {
    let database: Database
    /// Members counted per transaction: small enough not to hold SQLite's writer for long.
    static let batchSize = 200
    /// Members counted between two refreshes of PostgreSQL's statistics during a long catch-up.
    static let statisticsEvery = 20_000
    private let gate = RollupGate()

    init(database: Database) {
        self.database = database
    }

    /// Counts the members marked as changed, `batches` batches at most, waiting `pause` between
    /// two batches; returns how many were counted.
    @discardableResult
    func catchUp(batches: Int = .max, pause: Duration = .zero, demand: WriterDemand? = nil) async throws -> Int {
        try await gate.serialised {
            try await applyQueuedCounts()
            var counted = 0
            for batch in 0..<batches {
                let wait = demand?.pause(after: pause) ?? pause
                if batch > 0 && wait > .zero { try await Task.sleep(for: wait) }
                // A read first: the writer is only taken when there is something to count.
                guard try await hasPending() else { break }
                let done = try await countBatch()
                counted += done
                // After a bulk count (an upgrade, an import), PostgreSQL's statistics still describe
                // near-empty tables and would have it scan them for every batch: refresh them.
                if database.kind == .postgres, counted % Self.statisticsEvery < done {
                    try await database.read { sql in try await sql.raw("ANALYZE rollup_members, rollup_counts, rollup_changes").run() }
                }
                if done < Self.batchSize { break }
            }
            return counted
        }
    }

    /// Moves the counters by the changes PostgreSQL's triggers queued (M029PointsSpentByTrigger);
    /// SQLite's triggers move them in place. The changes taken are deleted in the same statement,
    /// so that two nodes applying at once never count one twice.
    func applyQueuedCounts() async throws {
        guard database.kind == .postgres,
              try await database.readOnly({ sql in try await sql.raw("SELECT id FROM rollup_count_changes LIMIT 1").first() != nil }) else { return }
        try await database.transaction { sql in
            try await sql.raw("""
                WITH taken AS (DELETE FROM rollup_count_changes RETURNING brand_id, metric, scope, a, b, c, n)
                INSERT INTO rollup_counts (brand_id, metric, scope, a, b, c, n)
                SELECT brand_id, metric, scope, a, b, c, SUM(n) FROM taken GROUP BY brand_id, metric, scope, a, b, c HAVING SUM(n) <> 0
                ON CONFLICT (brand_id, metric, scope, a, b, c) DO UPDATE SET n = rollup_counts.n + excluded.n
                """).run()
        }
    }

    private func hasPending() async throws -> Bool {
        try await database.readOnly { sql in try await sql.raw("SELECT member_id FROM rollup_changes LIMIT 1").first() != nil }
    }

    /// Members still marked as changed (counted up to a million: beyond, "a million" says enough).
    func pending() async throws -> Int {
        try await database.readOnly { sql in
            guard try await sql.raw("SELECT member_id FROM rollup_changes LIMIT 1").first() != nil else { return 0 }
            return try await sql.raw("SELECT COUNT(*) AS n FROM (SELECT member_id FROM rollup_changes LIMIT 1000000) waiting")
                .first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    /// One batch in one transaction; returns the number of members it took.
    private func countBatch() async throws -> Int {
        let kind = database.kind
        return try await database.transaction { sql in
            let lock: SQLQueryString = kind == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
            let marked = try await sql.raw("""
                SELECT member_id, version FROM rollup_changes ORDER BY member_id LIMIT \(unsafeRaw: String(Self.batchSize))\(lock)
                """).all().map { (try $0.decode(column: "member_id", as: Int64.self), try $0.decode(column: "version", as: Int64.self)) }
            guard !marked.isEmpty else { return 0 }
            let members = marked.map(\.0)
            let batch = try await RollupFactsReader.facts(members: members, on: sql)
            let facts = batch.facts
            var stored: [RollupFactsReader.Key: [RollupKey: Int64]] = [:]
            for row in try await sql.raw("""
                SELECT member_id, brand_id, contribution FROM rollup_members WHERE member_id IN (\(SQLList(members.map { SQLBind($0) })))
                """).all() {
                stored[RollupFactsReader.Key(member: try row.decode(column: "member_id", as: Int64.self), brand: try row.decode(column: "brand_id", as: Int64.self))] =
                    RollupContributionText.decode(try row.decode(column: "contribution", as: String.self)).filter { !$0.key.metric.movedByTriggers }
            }
            var deltas: [BrandKey: Int64] = [:]
            var rewritten: [(RollupFactsReader.Key, String)] = [], removed: [RollupFactsReader.Key] = []
            for key in Set(facts.keys).union(stored.keys) {
                let new = facts[key].map { MemberContribution.of($0, activations: batch.activations[key.brand] ?? BrandActivations()) } ?? [:]
                let old = stored[key] ?? [:]
                guard new != old else { continue }
                for (counter, n) in RollupContributionText.difference(from: old, to: new) {
                    deltas[BrandKey(brand: key.brand, key: counter), default: 0] += n
                }
                if new.isEmpty { removed.append(key) } else { rewritten.append((key, RollupContributionText.encode(new))) }
            }
            try await write(deltas: deltas, rewritten: rewritten, removed: removed, on: sql)
            for chunk in marked.chunked(ShareClickWriter.rowsPerStatement) {
                let rows: [SQLQueryString] = chunk.map { "(\(bind: $0.0), \(bind: $0.1))" }
                try await sql.raw("""
                    DELETE FROM rollup_changes WHERE (member_id, version) IN (SELECT column1, column2 FROM (VALUES \(rows.joined(separator: ", "))) AS p)
                    """).run()
            }
            return marked.count
        }
    }

    private struct BrandKey: Hashable { var brand: Int64; var key: RollupKey }

    private func write(deltas: [BrandKey: Int64], rewritten: [(RollupFactsReader.Key, String)], removed: [RollupFactsReader.Key],
                       on sql: any SQLDatabase) async throws {
        let changes = deltas.filter { $0.value != 0 }.sorted { ($0.key.brand, $0.key.key) < ($1.key.brand, $1.key.key) }
        for chunk in changes.chunked(ShareClickWriter.rowsPerStatement) {
            let rows: [SQLQueryString] = chunk.map { change in
                let k = change.key.key
                return "(\(bind: change.key.brand), \(bind: k.metric.rawValue), \(bind: k.scope), \(bind: k.a), \(bind: k.b), \(bind: k.c), \(bind: change.value))"
            }
            try await sql.raw("""
                INSERT INTO rollup_counts (brand_id, metric, scope, a, b, c, n) VALUES \(rows.joined(separator: ", "))
                ON CONFLICT (brand_id, metric, scope, a, b, c) DO UPDATE SET n = rollup_counts.n + excluded.n
                """).run()
        }
        for chunk in rewritten.chunked(ShareClickWriter.rowsPerStatement) {
            let rows: [SQLQueryString] = chunk.map { "(\(bind: $0.0.member), \(bind: $0.0.brand), \(bind: $0.1))" }
            try await sql.raw("""
                INSERT INTO rollup_members (member_id, brand_id, contribution) VALUES \(rows.joined(separator: ", "))
                ON CONFLICT (member_id, brand_id) DO UPDATE SET contribution = excluded.contribution
                """).run()
        }
        for chunk in removed.chunked(ShareClickWriter.rowsPerStatement) {
            let rows: [SQLQueryString] = chunk.map { "(\(bind: $0.member), \(bind: $0.brand))" }
            // Through a subquery: SQLite reads a row-value `IN (VALUES …)` by scanning the whole table, a
            // subquery's rows by probing the key.
            try await sql.raw("""
                DELETE FROM rollup_members WHERE (member_id, brand_id) IN (SELECT column1, column2 FROM (VALUES \(rows.joined(separator: ", "))) AS p)
                """).run()
        }
    }
}

/// Lets one catch-up run at a time in this process; the others wait for it and then run theirs
/// (which finds what was marked meanwhile).
actor RollupGate {
    private var running = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func serialised<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        while running { await withCheckedContinuation { waiting.append($0) } }
        running = true
        defer {
            running = false
            if !waiting.isEmpty { waiting.removeFirst().resume() }
        }
        return try await body()
    }
}
