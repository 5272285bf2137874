import Foundation
import Logging

/// Where Relais keeps its data.
public enum DatabaseConfiguration: Sendable, Equatable {
    /// An SQLite file (the default: `data/relais.sqlite`).
    case sqlite(path: String)
    /// A PostgreSQL database, given as a `postgres://` URL.
    case postgres(url: String)
}

/// A configuration value that cannot be used, with a message for the person starting Relais.
public struct ConfigurationError: Error, CustomStringConvertible {
    /// What is wrong and how to fix it.
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Everything Relais reads from its environment, read once at start.
public struct AppConfiguration: Sendable {
    /// Address the HTTP server listens on.
    public var host: String
    /// Port the HTTP server listens on.
    public var port: Int
    /// The database to use.
    public var database: DatabaseConfiguration
    /// Folder for the SQLite file and other local state.
    public var dataDirectory: String
    /// Public base URL used in links sent to people (confirmation and preference-centre links).
    public var publicBaseURL: String
    /// Minimum level of log lines.
    public var logLevel: Logger.Level
    /// Whether cookies are marked `Secure` (on unless the base URL is plain http).
    public var secureCookies: Bool
    /// Largest accepted request body in bytes.
    public var maxBodyBytes: Int
    /// Days after the last contact a member initiated before their profile is anonymised.
    public var retentionDays: Int
    /// Whether listening may fetch feeds over the network (`RELAIS_FEED_FETCHING=off` turns it off,
    /// e.g. for a test instance that must not reach out).
    public var feedFetching: Bool

    /// Builds a configuration with defaults suited to a laptop.
    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        database: DatabaseConfiguration? = nil,
        dataDirectory: String = "data",
        publicBaseURL: String? = nil,
        logLevel: Logger.Level = .info,
        maxBodyBytes: Int = 10 * 1024 * 1024,
        retentionDays: Int = 3 * 365,
        feedFetching: Bool = true
    ) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.database = database ?? .sqlite(path: "\(dataDirectory)/relais.sqlite")
        let base = publicBaseURL ?? "http://\(host == "0.0.0.0" ? "localhost" : host):\(port)"
        self.publicBaseURL = base.hasSuffix("/") ? String(base.dropLast()) : base
        self.logLevel = logLevel
        self.secureCookies = self.publicBaseURL.hasPrefix("https://")
        self.maxBodyBytes = maxBodyBytes
        self.retentionDays = retentionDays
        self.feedFetching = feedFetching
    }

    /// Reads `RELAIS_*` variables over the given defaults.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        host: String? = nil,
        port: Int? = nil
    ) throws -> AppConfiguration {
        let dataDirectory = environment["RELAIS_DATA_DIR"] ?? "data"
        var database: DatabaseConfiguration? = nil
        if let url = environment["RELAIS_DATABASE_URL"], !url.isEmpty {
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
                throw ConfigurationError("RELAIS_DATABASE_URL must be a postgres:// URL (leave it unset for SQLite)")
            }
            database = .postgres(url: url)
        } else if let path = environment["RELAIS_SQLITE_PATH"], !path.isEmpty {
            database = .sqlite(path: path)
        }
        let envPort = try environment["RELAIS_PORT"].map { value -> Int in
            guard let number = Int(value), (1...65535).contains(number) else {
                throw ConfigurationError("RELAIS_PORT must be a number between 1 and 65535, not \(value)")
            }
            return number
        }
        let level = try environment["RELAIS_LOG_LEVEL"].map { value -> Logger.Level in
            guard let level = Logger.Level(rawValue: value.lowercased()) else {
                throw ConfigurationError("RELAIS_LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical")
            }
            return level
        }
        let retention = try environment["RELAIS_RETENTION_DAYS"].map { value -> Int in
            guard let days = Int(value), days >= 30 else {
                throw ConfigurationError("RELAIS_RETENTION_DAYS must be a whole number of days, at least 30")
            }
            return days
        }
        let fetching = try environment["RELAIS_FEED_FETCHING"].map { value -> Bool in
            switch value.lowercased() {
            case "on", "true", "1": return true
            case "off", "false", "0": return false
            default: throw ConfigurationError("RELAIS_FEED_FETCHING must be on or off")
            }
        }
        return AppConfiguration(
            host: host ?? environment["RELAIS_HOST"] ?? "127.0.0.1",
            port: port ?? envPort ?? 8080,
            database: database,
            dataDirectory: dataDirectory,
            publicBaseURL: environment["RELAIS_PUBLIC_URL"],
            logLevel: level ?? .info,
            retentionDays: retention ?? 3 * 365,
            feedFetching: fetching ?? true
        )
    }
}
