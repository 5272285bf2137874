import SQLKit
import Synchronization

/// What the works of one grouped transaction share (see `GroupedTransactions`): reads that hold
/// for the whole transaction, and the rows that are only ever appended — member timeline events,
/// audit lines, outbox messages — kept until the end of the transaction and then written by one
/// multi-row statement per table, with the members whose last contact moved.
///
/// Code that appends such rows asks `WorkGroup.current`: inside a grouped work it hands them over,
/// elsewhere it writes them at once. Nothing in a grouped work may read those rows back before
/// its transaction commits.
final class WorkGroup: Sendable {
    /// The group of the work running in this task, if it runs grouped.
    @TaskLocal static var current: WorkGroup?

    /// A table whose rows are only appended.
    struct Table: Sendable, Hashable {
        let name: String
        let columns: [String]
        /// `INSERT INTO "table" ("column", …)`, identifiers quoted as both engines read them.
        let insertHead: String

        init(name: String, columns: [String]) {
            self.name = name
            self.columns = columns
            insertHead = "INSERT INTO \"\(name)\" (" + columns.map { "\"\($0)\"" }.joined(separator: ", ") + ")"
        }

        static let timeline = Table(name: "timeline_events",
                                    columns: ["organisation_id", "brand_id", "member_id", "kind", "summary", "data", "initiated_by_member", "occurred_at"])
        static let audit = Table(name: "audit_log",
                                 columns: ["organisation_id", "brand_id", "actor_kind", "actor_id", "actor_label", "action", "target_kind",
                                           "target_id", "details", "at"])
        static let outbox = Table(name: "outbox_messages",
                                  columns: ["organisation_id", "brand_id", "member_id", "channel", "recipient", "subject", "body", "purpose", "created_at"])
    }

    private struct Pending {
        var rows: [(table: Table, values: [any Encodable & Sendable])] = []
        var contacted: [Int64] = []
        var remembered: [String: any Sendable] = [:]
        /// Each change to `remembered` with the value it replaced, in order, to take changes back.
        var undo: [(key: String, previous: (any Sendable)?)] = []
    }

    /// Where the pending writes stood before a work, to take its part back.
    struct Mark {
        fileprivate var rows: Int
        fileprivate var contacted: Int
        fileprivate var remembered: Int
    }

    private let pending = Mutex(Pending())

    /// Row statements are cut at these sizes, so that a few statement texts serve every group.
    private static let chunkSizes = [64, 16, 4, 1]

    /// Appends a row to `table` inside the caller's transaction: kept for the end of the group when
    /// the work runs grouped, written at once otherwise. `values` are in the order of its columns.
    static func append(_ table: Table, _ values: [any Encodable & Sendable], on sql: any SQLDatabase) async throws {
        if let group = current {
            group.append(table, values)
            return
        }
        try await RowsStatement(table.insertHead, columns: table.columns.count, rows: 1, values: values, on: sql).run(on: sql)
    }

    /// Keeps a row to append to `table`, `values` in the order of its columns.
    func append(_ table: Table, _ values: [any Encodable & Sendable]) {
        precondition(values.count == table.columns.count, "\(table.name): \(values.count) values for \(table.columns.count) columns")
        pending.withLock { $0.rows.append((table, values)) }
    }

    /// Notes that a member was in contact now.
    func contacted(memberID: Int64) {
        pending.withLock { $0.contacted.append(memberID) }
    }

    /// The value of `read` for `key`, read once per transaction (again after the work that read it
    /// is rolled back: a row lock taken by the read went with its savepoint).
    func remember<T: Sendable>(_ key: String, _ read: () async throws -> T) async throws -> T {
        if let known = pending.withLock({ $0.remembered[key] }), let value = known as? T { return value }
        let value = try await read()
        update(key, to: value)
        return value
    }

    /// Changes what the group remembers for `key`, after a write of the work made the earlier
    /// value stale (a count the work added to); taken back if the work is rolled back.
    func update<T: Sendable>(_ key: String, to value: T) {
        pending.withLock { pending in
            pending.undo.append((key, pending.remembered.updateValue(value, forKey: key)))
        }
    }

    /// Forgets what the group remembers for `key`: the work changed what it was read from, and the
    /// next work reads it again (taken back if the work is rolled back).
    func forget(_ key: String) {
        pending.withLock { pending in
            pending.undo.append((key, pending.remembered.removeValue(forKey: key)))
        }
    }

    /// Where the pending writes stand.
    var mark: Mark { pending.withLock { Mark(rows: $0.rows.count, contacted: $0.contacted.count, remembered: $0.undo.count) } }

    /// Forgets what was kept and read since `mark`: the work that kept it was rolled back.
    func rollBack(to mark: Mark) {
        pending.withLock { pending in
            pending.rows.removeSubrange(mark.rows...)
            pending.contacted.removeSubrange(mark.contacted...)
            for change in pending.undo[mark.remembered...].reversed() { pending.remembered[change.key] = change.previous }
            pending.undo.removeSubrange(mark.remembered...)
        }
    }

    /// Runs `body` with a group of its own, then writes the rows it kept in one statement per table,
    /// on `sql` (inside the caller's transaction): for a work run alone, or a batch job that
    /// appends many rows.
    static func collecting<T: Sendable>(on sql: any SQLDatabase, _ body: () async throws -> T) async throws -> T {
        let group = WorkGroup()
        let value = try await $current.withValue(group) { try await body() }
        try await group.write(on: sql)
        return value
    }

    /// Writes what was kept, inside the group's transaction, and forgets it.
    func write(on sql: any SQLDatabase, now: Int64 = Clock.nowMillis()) async throws {
        let (rows, contacted) = pending.withLock { pending in
            defer { pending.rows = []; pending.contacted = [] }
            return (pending.rows, pending.contacted)
        }
        var tables: [Table] = []
        var byTable: [Table: [[any Encodable & Sendable]]] = [:]
        for row in rows {
            if byTable[row.table] == nil { tables.append(row.table) }
            byTable[row.table, default: []].append(row.values)
        }
        for table in tables {
            var rest = byTable[table]![...]
            while !rest.isEmpty {
                let size = Self.chunkSizes.first { $0 <= rest.count }!
                try await RowsStatement(table.insertHead, columns: table.columns.count, rows: size, values: rest.prefix(size).flatMap { $0 }, on: sql)
                    .run(on: sql)
                rest = rest.dropFirst(size)
            }
        }
        var members = Array(Set(contacted)).sorted()[...]
        while !members.isEmpty {
            let size = Self.chunkSizes.first { $0 <= members.count }!
            try await sql.update("members").set("last_contact_at", to: SQLBind(now))
                .where(SQLIdentifier("id"), .in, SQLBind.group(members.prefix(size).map { $0 as any Encodable & Sendable }))
                .run()
            members = members.dropFirst(size)
        }
    }
}
