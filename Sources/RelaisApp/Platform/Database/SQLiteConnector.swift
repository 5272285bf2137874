import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit

/// One SQLite file in WAL mode, reached through a single connection taken in turns.
final class SQLiteConnector: DatabaseConnector {
    let kind = DatabaseKind.sqlite
    private let connection: SQLiteConnection
    private let gate = SerialGate()

    private init(connection: SQLiteConnection) {
        self.connection = connection
    }

    /// Opens (creating if needed) the database file at `path` and its folder.
    static func open(path: String, logger: Logger) async throws -> SQLiteConnector {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let connection = try await SQLiteConnection.open(
            storage: .file(path: path),
            threadPool: NIOThreadPool.singleton,
            logger: logger,
            on: MultiThreadedEventLoopGroup.singleton.any()
        )
        let sql = connection.sql(queryLogLevel: nil)
        for pragma in [
            "PRAGMA journal_mode = WAL",
            "PRAGMA synchronous = NORMAL",
            "PRAGMA foreign_keys = ON",
            "PRAGMA busy_timeout = 5000",
            "PRAGMA temp_store = MEMORY",
            "PRAGMA cache_size = -65536",
        ] {
            try await sql.raw(SQLQueryString(pragma)).run()
        }
        return SQLiteConnector(connection: connection)
    }

    func withSession<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        await gate.enter()
        do {
            let result = try await body(connection.sql(queryLogLevel: nil))
            await gate.leave()
            return result
        } catch {
            await gate.leave()
            throw error
        }
    }

    func close() async {
        try? await connection.close().get()
    }
}
