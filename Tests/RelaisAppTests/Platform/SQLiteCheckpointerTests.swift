import Foundation
import Logging
import Testing
@testable import RelaisApp

/// The write-ahead log is copied back into the SQLite file beside the writer, not inside its commits.
@Suite("SQLite checkpoints")
struct SQLiteCheckpointerTests {
    @Test("Committed pages reach the database file within moments, long before the writer's own checkpoint size")
    func logCopiedBack() async throws {
        guard TestDatabase.kind == .sqlite else { return }
        let configuration = try await TestDatabase.fresh()
        guard case .sqlite(let path) = configuration else { return }
        try await Database.using(configuration, logger: Logger(label: "test")) { database in
            try await database.read { sql in try await sql.raw("CREATE TABLE pages (id BIGINT PRIMARY KEY, body TEXT NOT NULL)").run() }
            let before = try fileSize(path)
            let body = String(repeating: "x", count: 4_000)
            for id in 0..<500 {
                try await database.transaction { sql in try await sql.raw("INSERT INTO pages (id, body) VALUES (\(bind: id), \(bind: body))").run() }
            }
            // 2 MB committed: some 500 pages, far below the writer's own checkpoint (16,000 pages).
            var grown = try fileSize(path) - before
            for _ in 0..<50 where grown < 2_000_000 {
                try await Task.sleep(for: .milliseconds(100))
                grown = try fileSize(path) - before
            }
            #expect(grown >= 2_000_000, "the database file grew by \(grown) bytes")
            let rows = try await database.readOnly { sql in try await sql.raw("SELECT COUNT(*) AS n FROM pages").first()?.decode(column: "n", as: Int.self) }
            #expect(rows == 500)
        }
    }

    private func fileSize(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }
}
