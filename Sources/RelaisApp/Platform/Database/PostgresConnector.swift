import Foundation
import Logging
import PostgresKit
import SQLKit

/// A pool of PostgreSQL connections, shared by any number of stateless Relais nodes.
final class PostgresConnector: DatabaseConnector {
    let kind = DatabaseKind.postgres
    private let client: PostgresClient
    private let runTask: Task<Void, Never>

    /// Builds the pool from a `postgres://user:password@host:port/database` URL and starts it.
    init(url: String, logger: Logger) throws {
        guard let components = URLComponents(string: url),
              let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme),
              let host = components.host, !host.isEmpty
        else {
            throw ConfigurationError("RELAIS_DATABASE_URL must look like postgres://user:password@host:5432/database")
        }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let sslMode = components.queryItems?.first { $0.name == "sslmode" }?.value ?? "disable"
        var configuration = PostgresClient.Configuration(
            host: host,
            port: components.port ?? 5432,
            username: components.user?.removingPercentEncoding ?? "postgres",
            password: components.password?.removingPercentEncoding,
            database: database.isEmpty ? nil : database,
            tls: sslMode == "disable" ? .disable : .prefer(.makeClientConfiguration())
        )
        configuration.options.maximumConnections = 16
        // Relais sends short queries; compiling one to machine code (JIT) costs more than it saves,
        // and PostgreSQL decides to do so on estimates that large counts easily pass.
        configuration.options.additionalStartupParameters = [("jit", "off")]
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.runTask = Task { await client.run() }
    }

    func withSession<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await body(connection.sql(queryLogLevel: nil))
        }
    }

    func withReadOnlySession<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await withSession(body)
    }

    func close() async {
        runTask.cancel()
        _ = await runTask.value
    }
}
