import Foundation
import NIOCore
import SQLiteNIO
import VaporCSQLite

/// An SQLite error, with SQLite's own message (which names the constraint that failed).
struct SQLiteFailure: Error, CustomStringConvertible {
    var code: Int32
    var message: String
    var description: String { "SQLite error \(code): \(message)" }
}

/// A connection to the SQLite file called directly, synchronously, by one caller at a time (the
/// holder of its gate).
///
/// Prepared statements are kept by their SQL text and reused: most statements of Relais come
/// back thousands of times with other values bound.
final class SQLiteDirectConnection: @unchecked Sendable {
    // Only touched by the holder of the connection's gate.
    private var handle: OpaquePointer?
    private var statements: [String: Prepared] = [:]
    private var order: [String] = []
    /// Statements kept prepared; beyond it the oldest half is let go.
    private static let keptStatements = 512

    init(path: String) throws {
        let flags = SQLITE_OPEN_CREATE | SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_URI | SQLITE_OPEN_EXRESCODE
        var handle: OpaquePointer?
        let opened = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard opened == SQLITE_OK, let handle else {
            let message = handle.flatMap { sqlite_nio_sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "cannot open \(path)"
            sqlite_nio_sqlite3_close_v2(handle)
            throw SQLiteFailure(code: opened, message: message)
        }
        self.handle = handle
    }

    /// Runs one statement with its values and hands each row to `onRow`.
    func run(_ sql: String, _ binds: [SQLiteData], onRow: (SQLiteDirectRow) throws -> Void) throws {
        guard let handle else { throw SQLiteFailure(code: SQLITE_MISUSE, message: "the connection is closed") }
        let prepared = try self.prepared(sql, on: handle)
        let statement = prepared.statement
        // Every parameter is bound again on each run, so the bindings are not cleared: clearing marks a
        // statement whose plan looked at a bound value (a LIMIT, an equality tested for 0 or 1) as expired,
        // and SQLite would compile it again on every run.
        defer { sqlite_nio_sqlite3_reset(statement) }
        for (index, value) in binds.enumerated() {
            try check(bind(value, at: Int32(index + 1), in: statement), on: handle)
        }
        var columns: SQLiteDirectRow.Columns?
        while true {
            let step = sqlite_nio_sqlite3_step(statement)
            if step == SQLITE_DONE { return }
            guard step == SQLITE_ROW else { throw failure(step, on: handle) }
            let names = columns ?? prepared.columns()
            columns = names
            try onRow(SQLiteDirectRow(columns: names, values: try names.names.indices.map { try Self.value(at: Int32($0), in: statement) }))
        }
    }

    /// Finalises every statement and closes the file.
    func close() {
        for prepared in statements.values { sqlite_nio_sqlite3_finalize(prepared.statement) }
        statements.removeAll()
        order.removeAll()
        sqlite_nio_sqlite3_close_v2(handle)
        handle = nil
    }

    private func prepared(_ sql: String, on handle: OpaquePointer) throws -> Prepared {
        if let prepared = statements[sql] { return prepared }
        var statement: OpaquePointer?
        let result = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard result == SQLITE_OK, let statement else { throw failure(result, on: handle) }
        if order.count >= Self.keptStatements {
            for old in order.prefix(Self.keptStatements / 2) {
                if let gone = statements.removeValue(forKey: old) { sqlite_nio_sqlite3_finalize(gone.statement) }
            }
            order.removeFirst(Self.keptStatements / 2)
        }
        let prepared = Prepared(statement)
        statements[sql] = prepared
        order.append(sql)
        return prepared
    }

    /// A statement kept prepared, with the names of its columns once a run has read them.
    private final class Prepared {
        let statement: OpaquePointer
        private var names: SQLiteDirectRow.Columns?
        /// How many times SQLite had compiled the statement again when `names` were read.
        private var compiled: Int32 = 0

        init(_ statement: OpaquePointer) { self.statement = statement }

        /// The columns' names, read again when SQLite has compiled the statement again since (the
        /// schema changed: a `*` may stand for other columns now).
        func columns() -> SQLiteDirectRow.Columns {
            let compiled = sqlite_nio_sqlite3_stmt_status(statement, SQLITE_STMTSTATUS_REPREPARE, 0)
            if let names, compiled == self.compiled { return names }
            let read = SQLiteDirectRow.Columns(statement)
            names = read
            self.compiled = compiled
            return read
        }
    }

    private func bind(_ value: SQLiteData, at index: Int32, in statement: OpaquePointer) -> Int32 {
        switch value {
        case .integer(let number): sqlite_nio_sqlite3_bind_int64(statement, index, Int64(number))
        case .float(let number): sqlite_nio_sqlite3_bind_double(statement, index, number)
        case .text(var text):
            // The string's own bytes (a short string's are copied to the stack, not to an array).
            text.withUTF8 { bytes in
                guard let start = bytes.baseAddress else {
                    return sqlite_nio_sqlite3_bind_text64(statement, index, "", 0, Self.transient, UInt8(SQLITE_UTF8))
                }
                return start.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    sqlite_nio_sqlite3_bind_text64(statement, index, $0, UInt64(bytes.count), Self.transient, UInt8(SQLITE_UTF8))
                }
            }
        case .blob(let bytes):
            bytes.withUnsafeReadableBytes { sqlite_nio_sqlite3_bind_blob64(statement, index, $0.baseAddress, UInt64($0.count), Self.transient) }
        case .null: sqlite_nio_sqlite3_bind_null(statement, index)
        }
    }

    private static func value(at column: Int32, in statement: OpaquePointer) throws -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .integer(Int(sqlite_nio_sqlite3_column_int64(statement, column)))
        case SQLITE_FLOAT: return .float(sqlite_nio_sqlite3_column_double(statement, column))
        case SQLITE_TEXT:
            guard let text = sqlite_nio_sqlite3_column_text(statement, column) else { return .null }
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            return .text(String(decoding: UnsafeRawBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            var buffer = ByteBufferAllocator().buffer(capacity: count)
            if let bytes = sqlite_nio_sqlite3_column_blob(statement, column) { buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: count)) }
            return .blob(buffer)
        default: return .null
        }
    }

    private func check(_ result: Int32, on handle: OpaquePointer) throws {
        guard result == SQLITE_OK else { throw failure(result, on: handle) }
    }

    private func failure(_ result: Int32, on handle: OpaquePointer) -> SQLiteFailure {
        SQLiteFailure(code: result, message: String(cString: sqlite_nio_sqlite3_errmsg(handle)))
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// One row read through a direct connection.
struct SQLiteDirectRow: Sendable {
    /// The statement's column names, shared by its rows.
    final class Columns: Sendable {
        let names: [String]
        let positions: [String: Int]

        init(_ statement: OpaquePointer) {
            let count = Int(sqlite_nio_sqlite3_column_count(statement))
            var names: [String] = []
            names.reserveCapacity(count)
            for index in 0..<count {
                names.append(sqlite_nio_sqlite3_column_name(statement, Int32(index)).map { String(cString: $0) } ?? "")
            }
            self.names = names
            var positions: [String: Int] = [:]
            // The first column of a name wins, as with SQLiteNIO's rows.
            for (index, name) in names.enumerated() where positions[name] == nil { positions[name] = index }
            self.positions = positions
        }
    }

    let columns: Columns
    let values: [SQLiteData]

    func value(_ column: String) -> SQLiteData? {
        columns.positions[column].map { values[$0] }
    }
}
