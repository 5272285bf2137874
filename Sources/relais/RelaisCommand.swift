import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Metrics
import Prometheus
import RelaisApp

/// The `relais` command: serves by default; `migrate` and `demo` prepare the database.
@main
struct RelaisCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relais",
        abstract: "Relais — the community-relationship platform.",
        subcommands: [Serve.self, Migrate.self, Demo.self],
        defaultSubcommand: Serve.self
    )
}

/// Options shared by the subcommands that open the database.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "Folder for the SQLite database and local state (RELAIS_DATA_DIR).")
    var dataDir: String?
}

extension DatabaseOptions {
    /// The configuration from the environment and these options.
    func configuration(host: String? = nil, port: Int? = nil) throws -> AppConfiguration {
        var environment = ProcessInfo.processInfo.environment
        if let dataDir { environment["RELAIS_DATA_DIR"] = dataDir }
        return try AppConfiguration.fromEnvironment(environment, host: host, port: port)
    }
}

/// `relais serve`: runs the web server (the default).
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the Relais server (the default command).")

    @Option(name: .shortAndLong, help: "Address to listen on (RELAIS_HOST, default 127.0.0.1).")
    var hostname: String?
    @Option(name: .shortAndLong, help: "Port to listen on (RELAIS_PORT, default 8080).")
    var port: Int?
    @Flag(help: "Load the demo organisation first when the database is empty.")
    var demo = false
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let configuration = try database.configuration(host: hostname, port: port)
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardOutput(label: label)
            handler.logLevel = configuration.logLevel
            return handler
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        if demo {
            let report = try await DemoLoader.load(configuration: configuration)
            print(report)
        }
        let app = try await buildApplication(configuration: configuration, registry: registry)
        try await app.runService()
    }
}

/// `relais migrate`: applies pending schema migrations and exits.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations and exit.")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let configuration = try database.configuration()
        let applied = try await RelaisMaintenance.migrate(configuration: configuration)
        print(applied.isEmpty ? "The database is up to date." : "Applied: \(applied.joined(separator: ", "))")
    }
}

/// `relais demo`: loads the demo organisation and prints the demo log-ins.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Load a realistic demo organisation and print its log-ins.")
    @Option(help: "Number of demo members.")
    var members = 2000
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let configuration = try database.configuration()
        print(try await DemoLoader.load(configuration: configuration, memberCount: members))
    }
}
