import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import Synchronization

/// One SQLite file in WAL mode: a single writer connection taken in turns, and read-only
/// connections beside it that WAL lets read while the writer writes.
///
/// Statements are run directly, on the thread of the task that asks for them, through
/// `SQLiteDirectConnection`: a statement of Relais takes microseconds, and handing each one to a
/// thread pool and back cost more than running it — the hops bounded a transaction of twenty
/// statements to about a thousand a second. A gate gives each connection to one session at a time.
final class SQLiteConnector: DatabaseConnector {
    let kind = DatabaseKind.sqlite

    /// A connection and the gate that gives it to one session at a time.
    private final class Lane: Sendable {
        let connection: SQLiteDirectConnection
        let session: SQLiteSession
        let gate = SerialGate()

        init(_ connection: SQLiteDirectConnection, logger: Logger) {
            self.connection = connection
            session = SQLiteSession(connection: connection, logger: logger, eventLoop: MultiThreadedEventLoopGroup.singleton.any())
        }

        func run<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
            await gate.enter()
            do {
                let result = try await body(session)
                await gate.leave()
                return result
            } catch {
                await gate.leave()
                throw error
            }
        }

        func close() async {
            await gate.enter()
            connection.close()
            await gate.leave()
        }
    }

    private let writer: Lane
    /// Read-only connections, chosen round-robin.
    private let readers: [Lane]
    private let nextReader = Mutex<Int>(0)
    /// How many reader connections are opened beside the writer.
    static let readerCount = 2

    private init(writer: Lane, readers: [Lane]) {
        self.writer = writer
        self.readers = readers
    }

    /// Pages are read through a memory map (up to SQLite's 2 GiB ceiling) rather than copied by
    /// read calls: index probes of large counts then cost a memory access instead of a system call.
    private static let mappedBytes = "PRAGMA mmap_size = 2147418112"

    /// Opens (creating if needed) the database file at `path` and its folder.
    static func open(path: String, logger: Logger) async throws -> SQLiteConnector {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let writer = try connection(path: path, pragmas: [
            "PRAGMA journal_mode = WAL",
            "PRAGMA synchronous = NORMAL",
            "PRAGMA foreign_keys = ON",
            // Writers of this process take turns before SQLite sees them; the wait only applies to
            // another process writing the same file (a `relais` command beside the server).
            "PRAGMA busy_timeout = 5000",
            "PRAGMA temp_store = MEMORY",
            // 16 MiB of pages, not more: pages of the file itself are read through the memory map, so
            // the cache mostly holds pages of the write-ahead log. Each commit following a B-tree
            // rebalance walks the cache's whole hash table (SQLite renumbers a page through the
            // highest page number while rebalancing), and at 64 MiB that walk was 2.6% of the
            // server's CPU in an entry run (0.7% at 16 MiB).
            "PRAGMA cache_size = -16384",
            mappedBytes,
        ])
        var readers: [Lane] = []
        for _ in 0..<readerCount {
            let reader = try connection(path: path, pragmas: [
                "PRAGMA busy_timeout = 5000",
                "PRAGMA temp_store = MEMORY",
                "PRAGMA cache_size = -32768",
                "PRAGMA query_only = ON",
                mappedBytes,
            ])
            readers.append(Lane(reader, logger: logger))
        }
        return SQLiteConnector(writer: Lane(writer, logger: logger), readers: readers)
    }

    private static func connection(path: String, pragmas: [String]) throws -> SQLiteDirectConnection {
        let connection = try SQLiteDirectConnection(path: path)
        for pragma in pragmas {
            try connection.run(pragma, []) { _ in }
        }
        return connection
    }

    func withReadOnlySession<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let index = nextReader.withLock { value in
            value = (value + 1) % readers.count
            return value
        }
        return try await readers[index].run(body)
    }

    func withSession<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await writer.run(body)
    }

    func close() async {
        for reader in readers { await reader.close() }
        await writer.close()
    }
}
