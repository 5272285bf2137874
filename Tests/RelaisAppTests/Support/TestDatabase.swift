import Foundation
import Logging
@testable import RelaisApp

/// A fresh, empty database for one test: an SQLite file by default, or a new PostgreSQL
/// database on the server named by `RELAIS_TEST_DATABASE_URL` (as CI runs the suite twice).
enum TestDatabase {
    /// The database engine the suite runs on.
    static var kind: DatabaseKind {
        ProcessInfo.processInfo.environment["RELAIS_TEST_DATABASE_URL"].map { _ in .postgres } ?? .sqlite
    }

    /// Creates a fresh database and returns its configuration.
    static func fresh() async throws -> DatabaseConfiguration {
        let name = "relais_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        guard let adminURL = ProcessInfo.processInfo.environment["RELAIS_TEST_DATABASE_URL"], !adminURL.isEmpty else {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("relais-tests")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return .sqlite(path: folder.appendingPathComponent("\(name).sqlite").path)
        }
        let admin = try await Database.open(.postgres(url: adminURL), logger: Logger(label: "test"))
        do {
            try await admin.read { sql in try await sql.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
            await admin.close()
        } catch {
            await admin.close()
            throw error
        }
        var components = URLComponents(string: adminURL)!
        components.path = "/" + name
        return .postgres(url: components.string!)
    }
}
