import Foundation
import NIOPosix

/// Copies the write-ahead log back into the SQLite file from a connection and a thread of its own.
///
/// Left to SQLite, the checkpoint runs inside the commit that takes the log past a thousand pages,
/// with its writes and its `fsync`, while every other writer of the process waits behind that
/// commit. Here a passive checkpoint runs every `interval` on the NIO thread pool: it copies what
/// no reader still needs and never blocks the writer. The writer keeps SQLite's own checkpoint at a
/// much larger size (`writerBackstopPages`) in case this one falls behind.
final class SQLiteCheckpointer: Sendable {
    /// How often the log is copied back.
    static let interval: Duration = .milliseconds(200)
    /// Log size, in pages, at which the writer checkpoints by itself all the same.
    static let writerBackstopPages = 16_000

    private let connection: SQLiteDirectConnection
    private let task: Task<Void, Never>

    init(path: String) throws {
        let connection = try SQLiteDirectConnection(path: path)
        try connection.run("PRAGMA busy_timeout = 1000", []) { _ in }
        self.connection = connection
        task = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.interval)
                if Task.isCancelled { break }
                // A failure (the file busy with another process's checkpoint) is retried at the next turn.
                _ = try? await NIOThreadPool.singleton.runIfActive {
                    try connection.run("PRAGMA wal_checkpoint(PASSIVE)", []) { _ in }
                }
            }
        }
    }

    /// Stops the turns and closes the connection.
    func close() async {
        task.cancel()
        await task.value
        connection.close()
    }
}
