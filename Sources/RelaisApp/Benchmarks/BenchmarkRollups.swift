import Foundation
import Logging

/// Counts every member marked as changed into the pre-aggregated figures, as the background
/// job would, and says how fast: the cost of the rollups per written member.
public enum BenchmarkRollups {
    public struct Report: Codable, Sendable {
        public var members: Int
        public var seconds: Double
        public var membersPerSecond: Double
        public var counters: Int
    }

    public static func run(configuration: AppConfiguration) async throws -> Report {
        let logger = Logger(label: "relais.bench")
        return try await Database.using(configuration.database, logger: logger) { database in
            try await Migrator(database: database, logger: logger).migrate()
            let rollups = Rollups(database: database)
            let started = Date()
            var members = 0
            while true {
                let counted = try await rollups.catchUp()
                members += counted
                if counted == 0, try await rollups.pending() == 0 { break }
            }
            let seconds = Date().timeIntervalSince(started)
            // As the seed does for its tables: the planner's statistics describe the counters as they now are.
            try await database.read { sql in
                try await sql.raw(database.kind == .postgres ? "VACUUM (ANALYZE) rollup_counts, rollup_members, rollup_changes" : "ANALYZE").run()
            }
            let counters = try await database.readOnly { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM rollup_counts").first()?.decode(column: "n", as: Int.self) ?? 0
            }
            return Report(members: members, seconds: seconds, membersPerSecond: seconds > 0 ? Double(members) / seconds : 0, counters: counters)
        }
    }
}
