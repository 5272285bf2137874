import SQLKit
import Synchronization

/// A multi-row statement (`INSERT … VALUES (…), (…) …`) whose text is made once per dialect,
/// statement and number of rows, with its values bound in order.
///
/// Groups of entries, points movements and clicks write hundreds of values at a time. Built
/// through the query builder, placeholder by placeholder, the same text cost as much as running
/// it on SQLite; made once, a statement only appends its values.
struct RowsStatement: SQLExpression {
    let text: String
    let values: ArraySlice<any Encodable & Sendable>

    /// `head` and `tail` around `VALUES` and `rows` rows of `columns` placeholders; `values` holds
    /// the rows' values one row after the other.
    init(_ head: String, columns: Int, rows: Int, tail: String = "", values: [any Encodable & Sendable], on sql: any SQLDatabase) {
        self.init(head, columns: columns, rows: rows, tail: tail, values: values[...], on: sql)
    }

    /// The same, for rows that are part of a longer list.
    init(_ head: String, columns: Int, rows: Int, tail: String = "", values: ArraySlice<any Encodable & Sendable>, on sql: any SQLDatabase) {
        precondition(values.count == columns * rows, "\(values.count) values for \(rows) rows of \(columns) columns")
        self.text = Self.text(head, columns: columns, rows: rows, tail: tail, on: sql)
        self.values = values
    }

    /// A statement of another shape whose text `write` makes once per dialect and `shape` (a name
    /// for what it writes, with every count that changes the text), with `values` bound in order.
    init(shape: String, values: [any Encodable & Sendable], on sql: any SQLDatabase, write: (inout SQLSerializer) -> Void) {
        let key = Key(dialect: sql.dialect.name, head: shape, columns: 0, rows: values.count, tail: "")
        if let text = Self.texts.withLock({ $0[key] }) {
            self.text = text
        } else {
            var serializer = SQLSerializer(database: sql)
            write(&serializer)
            precondition(serializer.binds.count == values.count, "\(shape): \(serializer.binds.count) placeholders for \(values.count) values")
            Self.texts.withLock { $0[key] = serializer.sql }
            self.text = serializer.sql
        }
        self.values = values[...]
    }

    /// Runs the statement: on SQLite straight on the session's connection, without the query builder.
    func run(on sql: any SQLDatabase) async throws {
        if let session = sql as? SQLiteSession {
            try session.run(text: text, values: values)
            return
        }
        try await sql.execute(sql: self) { _ in }
    }

    /// Runs the statement and gives the rows it returns.
    func all(on sql: any SQLDatabase) async throws -> [any SQLRow] {
        try await sql.raw("\(self)").all()
    }

    /// The statement is always the whole query: its placeholders are numbered from the first
    /// (`$1` on PostgreSQL), so no value may be bound before it.
    func serialize(to serializer: inout SQLSerializer) {
        precondition(serializer.binds.isEmpty, "a RowsStatement is a whole statement, not part of another")
        serializer.write(text)
        serializer.binds.append(contentsOf: values)
    }

    /// The statement's text, with the dialect's placeholders (`?`, or `$1`, `$2`… numbered in order).
    static func text(_ head: String, columns: Int, rows: Int, tail: String, on sql: any SQLDatabase) -> String {
        let key = Key(dialect: sql.dialect.name, head: head, columns: columns, rows: rows, tail: tail)
        if let text = texts.withLock({ $0[key] }) { return text }
        var serializer = SQLSerializer(database: sql)
        serializer.write(head)
        serializer.write(" VALUES ")
        for row in 0..<rows {
            if row > 0 { serializer.write(", ") }
            serializer.write("(")
            for column in 0..<columns {
                if column > 0 { serializer.write(", ") }
                SQLBind(0).serialize(to: &serializer)
            }
            serializer.write(")")
        }
        if !tail.isEmpty {
            serializer.write(" ")
            serializer.write(tail)
        }
        texts.withLock { $0[key] = serializer.sql }
        return serializer.sql
    }

    private struct Key: Hashable {
        var dialect: String
        var head: String
        var columns: Int
        var rows: Int
        var tail: String
    }

    private static let texts = Mutex<[Key: String]>([:])
}
