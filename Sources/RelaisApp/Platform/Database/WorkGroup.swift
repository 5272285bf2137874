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
///
/// A group that `keepsNewRows` (on SQLite, a group written without savepoints, or a work alone)
/// also keeps the rows of new members and entries — member, keys, community, consent records,
/// entry — with ids given up front, and writes them by multi-row statements before the others.
/// Code that would read them back, or write a row pointing at them, first has them written
/// (`writeKept`); a read that only asks whether such a row exists asks the group (`isKept`).
/// Should a kept row still clash with one in the database, the group's transaction fails and
/// its works are written again with savepoints, where nothing is kept.
final class WorkGroup: Sendable {
    /// The group of the work running in this task, if it runs grouped.
    @TaskLocal static var current: WorkGroup?

    /// A table whose rows are only appended, or a table of kept rows.
    struct Table: Sendable, Hashable {
        let name: String
        let columns: [String]
        /// `INSERT INTO "table" ("column", …)`, identifiers quoted as both engines read them.
        let insertHead: String
        /// The same for a row whose id the database gives (the columns after a first `id`).
        let insertHeadWithoutID: String
        /// Where the table's rows come in the writing: rows pointing at others after them.
        let order: Int

        init(name: String, columns: [String], order: Int = Table.appendedOrder) {
            self.name = name
            self.columns = columns
            self.order = order
            func head(_ columns: ArraySlice<String>) -> String {
                "INSERT INTO \"\(name)\" (" + columns.map { "\"\($0)\"" }.joined(separator: ", ") + ")"
            }
            insertHead = head(columns[...])
            insertHeadWithoutID = head(columns.first == "id" ? columns.dropFirst() : columns[...])
        }

        /// Inserts one row at once, its id given by the database and returned: `values` in the
        /// order of the columns after `id` (a kept row has the same values after the id it was given).
        func insertReturningID(_ values: [any Encodable & Sendable], on sql: any SQLDatabase) async throws -> Int64? {
            precondition(columns.first == "id", "\(name): no id column")
            return try await RowsStatement(insertHeadWithoutID, columns: columns.count - 1, rows: 1, tail: " RETURNING id", values: values, on: sql)
                .all(on: sql).first?.decode(column: "id", as: Int64.self)
        }

        /// A table is its name: grouping a group's rows by table hashes the name alone, not its
        /// columns and statement heads.
        static func == (left: Table, right: Table) -> Bool { left.name == right.name }

        func hash(into hasher: inout Hasher) { hasher.combine(name) }

        /// The order of tables whose rows are only appended, after every table of kept rows.
        static let appendedOrder = 100
        /// Whether the table holds kept rows (written by `writeKept`).
        var isKept: Bool { order < Self.appendedOrder }

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
        /// Kept rows (see `keepsNewRows`), their tags, and the next id of each of their tables.
        var kept: [(table: Table, values: [any Encodable & Sendable])] = []
        var tags: Set<String> = []
        var nextIDs: [String: Int64] = [:]
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

    /// Whether rows of new members and entries are kept with ids given up front (see above): only
    /// on SQLite, whose one writer makes the ids free until the commit, and only where a refusal
    /// rolls the whole transaction back (a savepoint would have to take back part of them).
    let keepsNewRows: Bool

    init(keepsNewRows: Bool = false) {
        self.keepsNewRows = keepsNewRows
    }

    /// The next id of `table` for a kept row: read once per table (then after each `writeKept`),
    /// past both the largest id and SQLite's sequence of the table, which never gives an id twice.
    func newID(for table: Table, on sql: any SQLDatabase) async throws -> Int64 {
        precondition(keepsNewRows && table.isKept, "\(table.name): no kept rows in this group")
        if let next = pending.withLock({ pending -> Int64? in
            guard let next = pending.nextIDs[table.name] else { return nil }
            pending.nextIDs[table.name] = next + 1
            return next
        }) {
            return next
        }
        let last = try await sql.raw("""
            SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = \(bind: table.name)), 0),
                       COALESCE((SELECT MAX(id) FROM \(ident: table.name)), 0)) AS last
            """).first()?.decode(column: "last", as: Int64.self) ?? 0
        pending.withLock { $0.nextIDs[table.name] = last + 2 }
        return last + 1
    }

    /// Keeps a row of a table of kept rows, `values` in the order of its columns (its id first),
    /// with tags that `isKept` answers for until it is written.
    func keep(_ table: Table, _ values: [any Encodable & Sendable], tags: [String] = []) {
        precondition(keepsNewRows && table.isKept, "\(table.name): no kept rows in this group")
        precondition(values.count == table.columns.count, "\(table.name): \(values.count) values for \(table.columns.count) columns")
        pending.withLock { pending in
            pending.kept.append((table, values))
            pending.tags.formUnion(tags)
        }
    }

    /// Whether a kept row not yet written carries `tag`.
    func isKept(_ tag: String) -> Bool {
        pending.withLock { $0.tags.contains(tag) }
    }

    /// Writes the kept rows now, before a statement that reads them or points at them, or that
    /// inserts into their tables without an id of the group (the next ids are read again after).
    func writeKept(on sql: any SQLDatabase) async throws {
        guard keepsNewRows else { return }
        let kept = pending.withLock { pending in
            defer { pending.kept = []; pending.tags = []; pending.nextIDs = [:] }
            return pending.kept
        }
        try await Self.write(kept, on: sql)
    }

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
        // Kept rows, their tags and their ids are not taken back: a group that keeps them is rolled back whole.
        precondition(!keepsNewRows, "a group that keeps new rows has no savepoints")
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
    static func collecting<T: Sendable>(on sql: any SQLDatabase, keepsNewRows: Bool = false, _ body: () async throws -> T) async throws -> T {
        let group = WorkGroup(keepsNewRows: keepsNewRows)
        let value = try await $current.withValue(group) { try await body() }
        try await group.write(on: sql)
        return value
    }

    /// Writes what was kept, inside the group's transaction, and forgets it.
    func write(on sql: any SQLDatabase, now: Int64 = Clock.nowMillis()) async throws {
        try await writeKept(on: sql)
        let (rows, contacted) = pending.withLock { pending in
            defer { pending.rows = []; pending.contacted = [] }
            return (pending.rows, pending.contacted)
        }
        try await Self.write(rows, on: sql)
        var members = Array(Set(contacted)).sorted()[...]
        while !members.isEmpty {
            let size = Self.chunkSizes.first { $0 <= members.count }!
            let ids = members.prefix(size).map { $0 as any Encodable & Sendable }
            try await RowsStatement(shape: "members.last_contact_at", values: [now] + ids, on: sql) { serializer in
                serializer.write("UPDATE \"members\" SET \"last_contact_at\" = ")
                SQLBind(now).serialize(to: &serializer)
                serializer.write(" WHERE \"id\" IN ")
                SQLBind.group(ids).serialize(to: &serializer)
            }.run(on: sql)
            members = members.dropFirst(size)
        }
    }

    /// Writes `rows` by multi-row statements, table by table in their order (then in the order
    /// each first came), rows in the order given.
    private static func write(_ rows: [(table: Table, values: [any Encodable & Sendable])], on sql: any SQLDatabase) async throws {
        var tables: [Table] = []
        // Each table's rows, their values one row after the other.
        var byTable: [Table: [any Encodable & Sendable]] = [:]
        for row in rows {
            if byTable[row.table] == nil { tables.append(row.table) }
            byTable[row.table, default: []].append(contentsOf: row.values)
        }
        tables = tables.enumerated().sorted { ($0.element.order, $0.offset) < ($1.element.order, $1.offset) }.map(\.element)
        for table in tables {
            let columns = table.columns.count
            var rest = byTable[table]![...]
            while !rest.isEmpty {
                let size = Self.chunkSizes.first { $0 <= rest.count / columns }!
                try await RowsStatement(table.insertHead, columns: columns, rows: size, values: rest.prefix(size * columns), on: sql)
                    .run(on: sql)
                rest = rest.dropFirst(size * columns)
            }
        }
    }
}
