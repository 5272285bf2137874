import Foundation
import Logging
import SQLKit

/// Something that lends an `SQLDatabase` session bound to one connection.
protocol DatabaseConnector: Sendable {
    /// The SQL engine behind the connector.
    var kind: DatabaseKind { get }
    /// Runs `body` with a session pinned to one connection.
    func withSession<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Runs `body`, which only reads, with a session that may be a read-only connection.
    func withReadOnlySession<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Closes every connection.
    func close() async
}

/// The database Relais works on: SQLite by default, PostgreSQL when configured.
///
/// Repositories receive it through their initialisers and run plain SQL with bound
/// parameters through `read` or `transaction`.
public struct Database: Sendable {
    let connector: any DatabaseConnector

    /// The SQL engine behind this database.
    public var kind: DatabaseKind { connector.kind }

    /// How many read-only queries can usefully run side by side: SQLite's reader connections,
    /// or one PostgreSQL backend per core (at most four), since a query runs on one core.
    var parallelReads: Int {
        switch kind {
        case .sqlite: SQLiteConnector.readerCount
        case .postgres: max(1, min(ProcessInfo.processInfo.activeProcessorCount, 4))
        }
    }

    /// Runs statements that need no transaction (they may write).
    func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await connector.withSession(body)
    }

    /// Runs queries that only read. On SQLite they use reader connections, which WAL lets run
    /// beside the writer; every committed write is visible to them.
    func readOnly<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await connector.withReadOnlySession(body)
    }

    /// Runs `body` in one transaction: everything or nothing is written.
    func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let kind = self.kind
        return try await connector.withSession { sql in
            try await sql.raw(kind == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN").run()
            do {
                let result = try await body(sql)
                try await sql.raw("COMMIT").run()
                return result
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    /// Closes every connection.
    public func close() async {
        await connector.close()
    }

    /// Opens the database named by the configuration, runs `body` and closes it, also on error.
    static func using<T: Sendable>(_ configuration: DatabaseConfiguration, logger: Logger,
                                   _ body: (Database) async throws -> T) async throws -> T {
        let database = try await open(configuration, logger: logger)
        do {
            let result = try await body(database)
            await database.close()
            return result
        } catch {
            await database.close()
            throw error
        }
    }

    /// Opens the database named by the configuration.
    public static func open(_ configuration: DatabaseConfiguration, logger: Logger) async throws -> Database {
        switch configuration {
        case .sqlite(let path):
            return Database(connector: try await SQLiteConnector.open(path: path, logger: logger))
        case .postgres(let url):
            return Database(connector: try PostgresConnector(url: url, logger: logger))
        }
    }
}

extension SQLRow {
    /// Decodes an optional column, treating SQL NULL as nil.
    func optional<T: Decodable>(_ column: String, as type: T.Type = T.self) throws -> T? {
        try decodeNil(column: column) ? nil : decode(column: column, as: T.self)
    }

    /// Decodes a 0/1 integer column as a Boolean.
    func flag(_ column: String) throws -> Bool {
        try decode(column: column, as: Int.self) != 0
    }
}
