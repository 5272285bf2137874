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
        let values = try binds.map { try Self.value(of: $0) }
        try connection.run(sql, values) { row in onRow(Row(row: row, decoder: Self.decoder)) }
    }

    /// A bound value as SQLite stores it: the common types directly, anything else through the
    /// encoder (which first asks whether the value converts itself, a costly protocol lookup).
    private static func value(of bind: any Encodable) throws -> SQLiteData {
        switch bind {
        case let value as Int64: .integer(Int(value))
        case let value as Int: .integer(value)
        case let value as String: .text(value)
        case let value as Bool: .integer(value ? 1 : 0)
        case let value as Double: .float(value)
        default: try encoder.encode(bind)
        }
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
