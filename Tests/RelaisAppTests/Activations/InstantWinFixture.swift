import Draws
import Foundation
import Logging
import SQLKit
import Testing
@testable import RelaisApp

/// Instant wins created through the API for tests.
enum InstantWinFixture {
    /// An instant-win body: open since 2020 (or from `opensAt`), closing in 2099, prizes as given, rules.
    static func body(slug: String = "instant", prizes: [(String, Int)] = [("T-shirt", 2), ("Week-end", 1)], opensAt: String = "2020-01-01T00:00",
                     closesAt: String = "2099-01-01T00:00", extra: String = "") -> String {
        let prizeList = prizes.map { #"{"name":"\#($0.0)","quantity":\#($0.1)}"# }.joined(separator: ",")
        return """
        {"kind":"instant_win","slug":"\(slug)","titleFr":"Instant gagnant de l'été","titleEn":"Summer instant win",
         "opensAt":"\(opensAt)","closesAt":"\(closesAt)","entryFrequency":"once","prizes":[\(prizeList)],
         "rules":"Article 1 : jeu gratuit sans obligation d'achat."\(extra)}
        """
    }

    /// Draws the moments of a scheduled instant win again from its committed seed, as if it had been scheduled at
    /// its opening time (Relais spreads them from the time it is scheduled): for tests whose moments must already
    /// have passed, and still verify against the seed after closing.
    static func scheduledAtOpening(_ world: TestWorld, activationID: Int) async throws {
        try await world.withDatabase { database in
            let services = AppServices(configuration: world.configuration, database: database, logger: Logger(label: "test"),
                                       linkSigningKey: try await InstanceSecrets.linkSigningKey(database))
            try await database.transaction { sql in
                let activation = try #require(try await services.activations.activation(where: "a.id = \(bind: Int64(activationID))", on: sql))
                let prizes = try await services.activations.prizes(activationID: activation.id, on: sql)
                let seed = try DrawSeed(hex: try #require(try await sql.raw("SELECT draw_seed FROM activations WHERE id = \(bind: activationID)").first())
                    .decode(column: "draw_seed", as: String.self))
                try await services.instantWins.commit(activation, prizes: prizes, seed: seed, now: activation.opensAt, on: sql)
            }
        }
    }

    /// Moves the winning moments of an activation: those at `positions` into the past (in that order), the others stay.
    static func movePast(_ world: TestWorld, activationID: Int, positions: [Int]) async throws {
        let now = Clock.nowMillis()
        try await world.withDatabase { database in
            try await database.transaction { sql in
                for (offset, position) in positions.enumerated() {
                    try await sql.raw("""
                        UPDATE activation_moments SET moment_at = \(bind: now - 60_000 + Int64(offset))
                        WHERE activation_id = \(bind: activationID) AND position = \(bind: position)
                        """).run()
                }
            }
        }
    }

    /// Puts the moment at `position` of an activation at `at` (epoch ms).
    static func setMoment(_ world: TestWorld, activationID: Int, position: Int, at: Int64) async throws {
        try await world.withDatabase { database in
            try await database.transaction { sql in
                try await sql.raw("""
                    UPDATE activation_moments SET moment_at = \(bind: at) WHERE activation_id = \(bind: activationID) AND position = \(bind: position)
                    """).run()
            }
        }
    }

    /// The prizes of an activation's moments, earliest moment first.
    static func prizesByMoment(_ world: TestWorld, activationID: Int) async throws -> [String] {
        try await world.withDatabase { database in
            try await database.readOnly { sql in
                try await sql.raw("""
                    SELECT p.name FROM activation_moments m JOIN activation_prizes p ON p.id = m.prize_id
                    WHERE m.activation_id = \(bind: activationID) ORDER BY m.moment_at, m.position
                    """).all().map { try $0.decode(column: "name", as: String.self) }
            }
        }
    }

    /// Counts rows of a query's `n` column.
    static func count(_ world: TestWorld, _ query: SQLQueryString) async throws -> Int {
        try await world.withDatabase { database in
            try await database.readOnly { sql in try await sql.raw(query).first()?.decode(column: "n", as: Int.self) ?? -1 }
        }
    }
}
