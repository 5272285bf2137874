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
        subcommands: [Serve.self, Migrate.self, Demo.self, Bench.self, VerifyDraw.self, Feeds.self],
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

/// `relais bench …`: the benchmark helpers used by scripts/bench-members (release builds only).
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmark helpers: seed a large member base, measure raw upserts, write sample queries.",
        subcommands: [BenchRollups.self, BenchSeed.self, BenchRawUpserts.self, BenchQueries.self, BenchRawEntries.self, BenchEntryCheck.self, BenchBarePage.self,
                      BenchSeedLinks.self, BenchLinkClicks.self, BenchBareRedirect.self, BenchSeedRoi.self, BenchExportRoi.self,
                      BenchLedgerTarget.self, BenchRawLedger.self, BenchLedgerCheck.self]
    )
}

/// `relais bench seed`: bulk-generates members, consents and timeline events.
struct BenchSeed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "seed", abstract: "Seed members, consents and events in bulk; prints a JSON report.")
    @Option var members = 1_000_000
    @Option var events = 10_000_000
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let report = try await BenchmarkSeed.run(configuration: try database.configuration(), members: members, events: events) { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        print(String(decoding: try JSONEncoder().encode(report), as: UTF8.self))
    }
}

/// `relais bench raw-upserts`: the raw database ceiling of member upserts.
struct BenchRawUpserts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "raw-upserts", abstract: "Measure the same writes as an API upsert, done directly; prints JSON.")
    @Option var brand: Int64
    @Option var count = 20_000
    @Option var concurrency = 16
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let summary = try await BenchmarkRawUpserts.run(configuration: try database.configuration(), brandID: brand, count: count, concurrency: concurrency)
        print(String(decoding: try JSONEncoder().encode(summary), as: UTF8.self))
    }
}

/// `relais bench queries`: sample search queries for the load generator.
struct BenchQueries: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "queries", abstract: "Write sample search queries drawn from the seeded members.")
    @Option var brand: Int64
    @Option var count = 2000
    @Option var folder: String
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await BenchmarkQueries.write(configuration: try database.configuration(), brandID: brand, count: count, folder: folder)
    }
}

/// `relais bench raw-entries`: the raw database ceiling of activation entries.
struct BenchRawEntries: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "raw-entries", abstract: "Measure the same writes as an accepted entry, done directly; prints JSON.")
    @Option var activation: Int64
    @Option var count = 20_000
    @Option var concurrency = 64
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let summary = try await BenchmarkRawEntries.run(configuration: try database.configuration(), activationID: activation, count: count, concurrency: concurrency)
        print(String(decoding: try JSONEncoder().encode(summary), as: UTF8.self))
    }
}

/// `relais bench entry-check`: what an activation holds after a run (entries, entrants, moments won twice).
struct BenchEntryCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "entry-check", abstract: "Count an activation's entries, entrants and moments; prints JSON.")
    @Option var activation: Int64
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let counts = try await BenchmarkRawEntries.check(configuration: try database.configuration(), activationID: activation)
        print(String(decoding: try JSONEncoder().encode(counts), as: UTF8.self))
    }
}

/// `relais bench bare-page`: a bare Hummingbird route answering the bytes of a file, the baseline
/// of the public page benchmark.
struct BenchBarePage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bare-page", abstract: "Serve one file's bytes at every path on a bare Hummingbird route.")
    @Option var file: String
    @Option var port = 18281

    func run() async throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        let router = Router()
        router.get("**") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
        try await app.runService()
    }
}

/// `relais bench seed-links`: one share link per member of a seeded brand, codes written to a file.
struct BenchSeedLinks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "seed-links", abstract: "Give members of a brand one share link each; prints JSON.")
    @Option var brand: Int64
    @Option var links = 100_000
    @Option var folder: String
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let seeded = try await BenchmarkShareLinks.seed(configuration: try database.configuration(), brandID: brand, count: links, folder: folder)
        print(String(decoding: try JSONEncoder().encode(seeded), as: UTF8.self))
    }
}

/// `relais bench seed-roi`: the history the brand overview and activation reports read, in bulk.
struct BenchSeedRoi: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "seed-roi",
                                                    abstract: "Seed one brand's members, activations and their events in bulk; prints a JSON report.")
    @Option var members = 1_000_000
    @Option var activations = 200
    @Option(help: "Event rows to aim at (entries, consents, share clicks and visits, coupons, points, timeline).")
    var events = 10_000_000
    @Option(help: "Seed of the generator: the same seed and end give the same history.")
    var seed: UInt64 = 1
    @Option(help: "Last day of the history (YYYY-MM-DD, UTC, excluded); today by default.")
    var until: String?
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }  // stdout carries the JSON report
        var options = BenchmarkRoiSeed.Options()
        options.members = members
        options.activations = activations
        options.events = events
        options.seed = seed
        if let until {
            guard let day = BenchmarkRoiSeed.day(until) else { throw ValidationError("--until must be a day written YYYY-MM-DD") }
            options.until = day
        }
        let report = try await BenchmarkRoiSeed.run(configuration: try database.configuration(), options: options) { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        print(String(decoding: try JSONEncoder().encode(report), as: UTF8.self))
    }
}

/// `relais bench export-roi`: the tables of the ROI figures as CSV files (ids, instants, statuses, amounts).
struct BenchExportRoi: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export-roi", abstract: "Write the tables the ROI figures read as CSV files; prints JSON.")
    @Option var out: String
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }  // stdout carries the JSON report
        let written = try await BenchmarkRoiExport.run(configuration: try database.configuration(), folder: out)
        print(String(decoding: try JSONEncoder().encode(written), as: UTF8.self))
    }
}

/// `relais bench link-clicks`: the clicks written so far.
/// `relais bench rollups`: brings the pre-aggregated figures up to date and says how fast.
struct BenchRollups: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rollups", abstract: "Count the members waiting for the pre-aggregated figures; prints JSON.")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let report = try await BenchmarkRollups.run(configuration: try database.configuration())
        print(String(decoding: try JSONEncoder().encode(report), as: UTF8.self))
    }
}

struct BenchLinkClicks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "link-clicks", abstract: "Count the share-link clicks written; prints JSON.")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let clicks = try await BenchmarkShareLinks.clicks(configuration: try database.configuration())
        print(String(decoding: try JSONEncoder().encode(clicks), as: UTF8.self))
    }
}

/// `relais bench bare-redirect`: a bare Hummingbird route answering every path with the same 302,
/// the baseline of the share-link redirect benchmark. Given the cookies of one of Relais's own
/// redirects, it sends them too, so that both answer the same headers.
struct BenchBareRedirect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bare-redirect", abstract: "Answer every path with one 302 on a bare Hummingbird route.")
    @Option var location: String
    @Option(name: .customLong("set-cookie"), help: "A Set-Cookie value to send with every answer (repeatable).")
    var setCookies: [String] = []
    @Option var port = 18282

    func run() async throws {
        let router = Router()
        var headers: HTTPFields = [.location: location, .cacheControl: "no-store"]
        headers[values: .setCookie] = setCookies
        router.get("**") { [headers] _, _ -> Response in
            Response(status: .found, headers: headers)
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
        try await app.runService()
    }
}

/// `relais bench ledger-target`: the seeded brand's organisation and member id range.
struct BenchLedgerTarget: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ledger-target", abstract: "Print the brand's organisation and member id range as JSON.")
    @Option var brand: Int64
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let target = try await BenchmarkLedger.target(configuration: try database.configuration(), brandID: brand)
        print(String(decoding: try JSONEncoder().encode(target), as: UTF8.self))
    }
}

/// `relais bench raw-ledger`: the raw database ceiling of points movements.
struct BenchRawLedger: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "raw-ledger", abstract: "Measure the same ledger transaction as an API movement, done directly; prints JSON.")
    @Option var brand: Int64
    @Option var count = 50_000
    @Option var concurrency = 64
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let summary = try await BenchmarkLedger.raw(configuration: try database.configuration(), brandID: brand, count: count, concurrency: concurrency)
        print(String(decoding: try JSONEncoder().encode(summary), as: UTF8.self))
    }
}

/// `relais bench ledger-check`: the ledger's invariants after a run.
struct BenchLedgerCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ledger-check", abstract: "Check the brand's points ledger; prints JSON.")
    @Option var brand: Int64
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let check = try await BenchmarkLedger.check(configuration: try database.configuration(), brandID: brand)
        print(String(decoding: try JSONEncoder().encode(check), as: UTF8.self))
    }
}
