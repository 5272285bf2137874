import Foundation
import Logging
import SQLKit

/// The points-ledger benchmark: the raw ceiling of the same movement an API call posts (one
/// transaction each, no HTTP, key or validation), and the invariants checked afterwards.
public enum BenchmarkLedger {
    /// What the scripts need to address the seeded brand's members.
    public struct Target: Codable, Sendable {
        public var organisationID: Int64
        public var brandID: Int64
        public var firstMemberID: Int64
        public var lastMemberID: Int64
    }

    /// The ledger after a run.
    public struct Check: Codable, Sendable {
        /// Accounts whose balance is not the sum of their ledger, or that ever went below zero.
        public var violations: Int
        public var accounts: Int
        public var entries: Int
        /// Idempotency keys held by more than one ledger line (must be 0).
        public var duplicatedKeys: Int
        public var lowestBalance: Int64
    }

    /// The seeded brand's organisation and member id range.
    public static func target(configuration: AppConfiguration, brandID: Int64) async throws -> Target {
        try await Database.using(configuration.database, logger: Logger(label: "relais.bench")) { database in
            try await target(database: database, brandID: brandID)
        }
    }

    static func target(database: Database, brandID: Int64) async throws -> Target {
        try await database.read { sql in
            guard let row = try await sql.raw("""
                SELECT MIN(organisation_id) AS org, MIN(member_id) AS first, MAX(member_id) AS last FROM member_brands WHERE brand_id = \(bind: brandID)
                """).first(), let first = try row.decode(column: "first", as: Int64?.self) else { throw AppError.notFound("brand members") }
            return Target(organisationID: try row.decode(column: "org", as: Int64.self), brandID: brandID, firstMemberID: first,
                          lastMemberID: try row.decode(column: "last", as: Int64.self))
        }
    }

    /// Posts `count` movements (two earns of 10 for one spend of 5) on random members from
    /// `concurrency` tasks, each in its own transaction, as `LoyaltyActions.move` does minus the
    /// visibility check, the settings read and the tier refresh.
    public static func raw(configuration: AppConfiguration, brandID: Int64, count: Int, concurrency: Int) async throws -> LatencySummary {
        try await Database.using(configuration.database, logger: Logger(label: "relais.bench")) { database in
            let target = try await target(database: database, brandID: brandID)
            let ledger = PointsLedger()
            let prefix = "raw\(Int.random(in: 0..<1_000_000_000))"
            let started = Date()
            let durations = try await withThrowingTaskGroup(of: [Double].self) { group in
                for worker in 0..<concurrency {
                    group.addTask {
                        var local: [Double] = []
                        var index = worker
                        while index < count {
                            let member = Int64.random(in: target.firstMemberID...target.lastMemberID)
                            let spend = index % 3 == 2
                            let movement = PointsMovement(kind: spend ? .spend : .earn, points: spend ? -5 : 10, reason: "bench", source: "api",
                                                          sourceRef: nil, idempotencyKey: "\(prefix)-\(index)")
                            let begin = Date()
                            do {
                                _ = try await database.transaction { sql in
                                    try await ledger.post(movement, memberID: member, brandID: target.brandID, organisationID: target.organisationID,
                                                          validityDays: 365, recordedBy: "bench", on: sql)
                                }
                            } catch let error as AppError where error.code == "insufficient_points" {
                                // A refused spend is an answered movement, as through the API.
                            }
                            local.append(Date().timeIntervalSince(begin))
                            index += concurrency
                        }
                        return local
                    }
                }
                var all: [Double] = []
                for try await part in group { all += part }
                return all
            }
            return LatencySummary(durations: durations, wallSeconds: Date().timeIntervalSince(started))
        }
    }

    /// Checks the invariants of the brand's ledger.
    public static func check(configuration: AppConfiguration, brandID: Int64) async throws -> Check {
        try await Database.using(configuration.database, logger: Logger(label: "relais.bench")) { database in
            try await database.read { sql in
                let violations = try await PointsLedger().verify(brandID: brandID, on: sql).count
                func number(_ query: SQLQueryString) async throws -> Int64 {
                    try await sql.raw(query).first()?.decode(column: "n", as: Int64?.self) ?? 0
                }
                return Check(violations: violations,
                             accounts: Int(try await number("SELECT COUNT(*) AS n FROM points_accounts WHERE brand_id = \(bind: brandID)")),
                             entries: Int(try await number("SELECT COUNT(*) AS n FROM points_entries WHERE brand_id = \(bind: brandID)")),
                             duplicatedKeys: Int(try await number("""
                                SELECT COUNT(*) AS n FROM (SELECT idempotency_key FROM points_entries WHERE brand_id = \(bind: brandID)
                                AND idempotency_key IS NOT NULL GROUP BY idempotency_key HAVING COUNT(*) > 1) d
                                """)),
                             lowestBalance: try await number("SELECT MIN(balance_after) AS n FROM points_entries WHERE brand_id = \(bind: brandID)"))
            }
        }
    }
}
