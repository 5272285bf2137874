import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit

/// The `SQLDatabase` a session on a direct connection sees: each statement runs straight away,
/// on the thread of the task that runs it.
struct SQLiteSession: SQLDatabase {
    let connection: SQLiteDirectConnection
    let logger: Logger
    let eventLoop: any EventLoop
    var dialect: any SQLDialect { SQLitePlaceholders() }
    var queryLogLevel: Logger.Level? { nil }

    private static let encoder = SQLiteDataEncoder()
    private static let decoder = SQLiteDataDecoder()

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        do {
            try run(query, onRow)
            return eventLoop.makeSucceededVoidFuture()
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        try run(query, onRow)
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await closure(self)
    }

    private func run(_ query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) throws {
        let (sql, binds) = serialize(query)
        let values = try binds.map { try Self.stored($0) }
        try connection.run(sql, values) { row in onRow(Row(row: row, decoder: Self.decoder)) }
    }

    /// Runs a statement already written with SQLite's placeholders, its values bound in order:
    /// the multi-row statements of a group, without going through the query builder.
    func run(text: String, values: ArraySlice<any Encodable & Sendable>) throws {
        var stored: [SQLiteData] = []
        stored.reserveCapacity(values.count)
        for value in values { stored.append(try Self.stored(value)) }
        try connection.run(text, stored) { _ in }
    }

    /// A bound value as SQLite stores it: the common types (and their optionals) directly, anything
    /// else through the encoder (which first asks whether the value converts itself, a costly
    /// protocol lookup). The value's type is compared, not cast to: a failed dynamic cast costs a
    /// walk through the runtime's conformance tables, and most statements bind several values.
    private static func stored<T: Encodable>(_ value: T) throws -> SQLiteData {
        if let text = exactly(value, String.self) { return .text(text) }
        if let number = exactly(value, Int64.self) { return .integer(Int(number)) }
        if let number = exactly(value, Int.self) { return .integer(number) }
        if let text = exactly(value, String?.self) { return text.map { .text($0) } ?? .null }
        if let number = exactly(value, Int64?.self) { return number.map { .integer(Int($0)) } ?? .null }
        if let number = exactly(value, Int?.self) { return number.map { .integer($0) } ?? .null }
        if let flag = exactly(value, Bool.self) { return .integer(flag ? 1 : 0) }
        if let number = exactly(value, Double.self) { return .float(number) }
        return try encoder.encode(value)
    }

    /// `value` as a `U` when it is exactly one.
    @inline(__always)
    private static func exactly<T, U>(_ value: T, _: U.Type) -> U? {
        T.self == U.self ? unsafeBitCast(value, to: U.self) : nil
    }

    /// A row of a direct connection as an `SQLRow`.
    struct Row: SQLRow {
        let row: SQLiteDirectRow
        let decoder: SQLiteDataDecoder

        var allColumns: [String] { row.columns.names }

        func contains(column: String) -> Bool { row.value(column) != nil }

        func decodeNil(column: String) throws -> Bool {
            guard let value = row.value(column) else { return true }
            return value == .null
        }

        func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
            guard let value = row.value(column) else {
                throw DecodingError.keyNotFound(ColumnKey(column), .init(codingPath: [], debugDescription: "No column \(column) in the row"))
            }
            // The types most columns are read as, without going through a `Decoder`.
            switch value {
            case .integer(let number):
                if D.self == Int64.self { return Int64(number) as! D }
                if D.self == Int.self { return number as! D }
            case .text(let text):
                if D.self == String.self { return text as! D }
            case .float(let number):
                if D.self == Double.self { return number as! D }
            default:
                break
            }
            return try decoder.decode(D.self, from: value)
        }
    }

    private struct ColumnKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
