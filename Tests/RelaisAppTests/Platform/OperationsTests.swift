import Foundation
import Logging
import Testing
@testable import RelaisApp

@Suite("Operations")
struct OperationsTests {
    @Test("Health, readiness, metrics and the OpenAPI document answer")
    func endpoints() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            #expect(try await client.raw(.get, "/health").status == .ok)
            let ready = try await client.raw(.get, "/ready")
            #expect(ready.status == .ok)
            #expect(ready.json["database"] as? String == TestDatabase.kind.rawValue)
            #expect(try await client.raw(.get, "/metrics").status == .ok)
            let spec = try await client.raw(.get, "/api/v1/openapi.json")
            #expect(spec.json["openapi"] as? String == "3.1.0")
            let missing = try await client.raw(.get, "/api/v1/nothing-here", headers: [.authorization: "Bearer \(world.keyA)"])
            #expect(missing.status == .notFound)
            #expect(missing.headers[.contentType] == "application/problem+json")
        }
    }

    @Test("Migrations are idempotent: a second run applies nothing")
    func migrationsIdempotent() async throws {
        let world = try await TestWorld.make()
        let applied = try await world.withDatabase { database in
            try await Migrator(database: database, logger: Logger(label: "test")).migrate()
        }
        #expect(applied.isEmpty)
    }
}
