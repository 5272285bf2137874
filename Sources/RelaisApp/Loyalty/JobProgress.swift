import SQLKit

/// Where a background job that reads the timeline in order stands: one row of
/// `loyalty_progress` per job (`earning`, `badges`, `profile-completed`).
struct JobProgress: Sendable {
    let name: String

    /// The position, read without taking the row (the read-first check of a job).
    func peek(on sql: any SQLDatabase) async throws -> Int64 {
        try await sql.raw("SELECT last_event_id FROM loyalty_progress WHERE name = \(bind: name)").first()?
            .decode(column: "last_event_id", as: Int64.self) ?? 0
    }

    /// The position, holding the row until the transaction ends: concurrent runs on PostgreSQL
    /// take turns instead of doing the same range twice.
    func claim(on sql: any SQLDatabase) async throws -> Int64 {
        try await sql.raw("INSERT INTO loyalty_progress (name, last_event_id) VALUES (\(bind: name), 0) ON CONFLICT (name) DO NOTHING").run()
        return try await sql.raw("""
            UPDATE loyalty_progress SET last_event_id = last_event_id WHERE name = \(bind: name) RETURNING last_event_id
            """).first()?.decode(column: "last_event_id", as: Int64.self) ?? 0
    }

    /// Moves the job to `position`, inside the transaction that did the work up to it.
    func save(_ position: Int64, on sql: any SQLDatabase) async throws {
        try await sql.raw("UPDATE loyalty_progress SET last_event_id = \(bind: position) WHERE name = \(bind: name)").run()
    }

    /// Runs `range` until it says the timeline is read to its end, waiting `pause` after each
    /// range that did work (the writer is free meanwhile), longer while people wait for the writer
    /// (`demand`); returns the sum of what they did.
    static func drain(pause: Duration, demand: WriterDemand? = nil, _ range: () async throws -> Int?) async throws -> Int {
        var total = 0
        while let done = try await range() {
            total += done
            let wait = demand?.pause(after: pause) ?? pause
            if wait > .zero { try await Task.sleep(for: wait) }
        }
        return total
    }

    /// The newest timeline event id, 0 on an empty timeline.
    static func newestEvent(on sql: any SQLDatabase) async throws -> Int64 {
        try await sql.raw("SELECT MAX(id) AS newest FROM timeline_events").first()?.decode(column: "newest", as: Int64?.self) ?? 0
    }

    /// The next range of events after the claimed position, at most `limit` long; nil when there is none.
    func claimRange(limit: Int64, on sql: any SQLDatabase) async throws -> (from: Int64, to: Int64)? {
        let from = try await claim(on: sql)
        let newest = try await Self.newestEvent(on: sql)
        guard newest > from else { return nil }
        return (from, min(newest, from + limit))
    }

    /// Whether events arrived after the job's position (a read, no write transaction).
    func hasPending(on sql: any SQLDatabase) async throws -> Bool {
        try await Self.newestEvent(on: sql) > peek(on: sql)
    }
}
