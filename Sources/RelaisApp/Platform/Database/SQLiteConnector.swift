import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import Synchronization

/// One SQLite file in WAL mode, reached through a single connection taken in turns.
final class SQLiteConnector: DatabaseConnector {
    let kind = DatabaseKind.sqlite
    private let connection: SQLiteConnection
    private let gate = SerialGate()
    /// Read-only connections, each taken in turns, chosen round-robin.
    private let readers: [(connection: SQLiteConnection, gate: SerialGate)]
    private let nextReader = Mutex<Int>(0)
    /// How many reader connections are opened beside the writer.
    static let readerCount = 2

    private init(connection: SQLiteConnection, readers: [SQLiteConnection]) {
        self.connection = connection
        self.readers = readers.map { ($0, SerialGate()) }
    }

    /// Pages are read through a memory map (up to SQLite's 2 GiB ceiling) rather than copied by
    /// read calls: index probes of large counts then cost a memory access instead of a system call.
    private static let mappedBytes = "PRAGMA mmap_size = 2147418112"

    /// Opens (creating if needed) the database file at `path` and its folder.
    static func open(path: String, logger: Logger) async throws -> SQLiteConnector {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let connection = try await openConnection(path: path, logger: logger, pragmas: [
            "PRAGMA journal_mode = WAL",
            "PRAGMA synchronous = NORMAL",
            "PRAGMA foreign_keys = ON",
            // Writers of this process take turns before SQLite sees them; the wait only applies to
            // another process writing the same file (a `relais` command beside the server). It is
            // short on purpose: a waiting statement holds one of the few threads that run every
            // SQLite call of the process.
            "PRAGMA busy_timeout = 5000",
            "PRAGMA temp_store = MEMORY",
            "PRAGMA cache_size = -65536",
            mappedBytes,
        ])
        var readers: [SQLiteConnection] = []
        for _ in 0..<readerCount {
            readers.append(try await openConnection(path: path, logger: logger, pragmas: [
                "PRAGMA busy_timeout = 5000",
                "PRAGMA temp_store = MEMORY",
                "PRAGMA cache_size = -32768",
                "PRAGMA query_only = ON",
                mappedBytes,
            ]))
        }
        return SQLiteConnector(connection: connection, readers: readers)
    }

    private static func openConnection(path: String, logger: Logger, pragmas: [String]) async throws -> SQLiteConnection {
        let connection = try await SQLiteConnection.open(
            storage: .file(path: path),
            threadPool: NIOThreadPool.singleton,
            logger: logger,
            on: MultiThreadedEventLoopGroup.singleton.any()
        )
        let sql = connection.sql(queryLogLevel: nil)
        for pragma in pragmas {
            try await sql.raw(SQLQueryString(pragma)).run()
        }
        return connection
    }

    func withReadOnlySession<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let index = nextReader.withLock { value in
            value = (value + 1) % readers.count
            return value
        }
        let reader = readers[index]
        await reader.gate.enter()
        do {
            let result = try await body(reader.connection.sql(queryLogLevel: nil))
            await reader.gate.leave()
            return result
        } catch {
            await reader.gate.leave()
            throw error
        }
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
        for reader in readers { try? await reader.connection.close().get() }
        try? await connection.close().get()
    }
}
