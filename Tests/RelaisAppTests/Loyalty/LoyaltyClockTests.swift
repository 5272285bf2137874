import Foundation
import Logging
import SQLKit
import Testing
@testable import RelaisApp

@Suite("Loyalty clock")
struct LoyaltyClockTests {
    @Test("With nobody moving, expired points leave the ledger with an expire line and a lapsed tier drops, on the timeline; once only")
    func timeAlone() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let tiers = try await client.api(.put, "/api/v1/loyalty/tiers", key: world.keyA,
                                             json: #"{"windowDays":30,"tiers":[{"name":"Silver","threshold":100,"multiplierPercent":100,"benefits":"Livraison offerte"}]}"#)
            #expect(tiers.status == .ok, "\(tiers.text)")
            let silver = try await LoyaltyFixture.member(client, world, email: "argent@example.com")
            let plain = try await LoyaltyFixture.member(client, world, email: "simple@example.com")
            #expect(try await LoyaltyFixture.move(client, world, member: silver, kind: "earn", points: 150).status == .created)
            #expect(try await LoyaltyFixture.move(client, world, member: plain, kind: "earn", points: 20).status == .created)
            let account = try await client.api(.get, "/api/v1/members/\(silver)/points", key: world.keyA)
            #expect((account.json["tier"] as? [String: Any])?["name"] as? String == "Silver", "\(account.text)")
        }
        let now = Clock.nowMillis()
        try await world.withDatabase { database in
            func member(_ email: String) async throws -> Int64 {
                try await database.readOnly { sql in
                    try await sql.raw("SELECT member_id FROM member_identities WHERE value = \(bind: email)").first()!.decode(column: "member_id", as: Int64.self)
                }
            }
            let (silver, plain) = (try await member("argent@example.com"), try await member("simple@example.com"))
            let services = AppServices(configuration: world.configuration, database: database, logger: Logger(label: "test"),
                                       linkSigningKey: try await InstanceSecrets.linkSigningKey(database))
            // A month on, the 150 points are out of the 30-day window: Silver is lost. Nothing has expired yet.
            let month = try await services.loyaltyClock.tick(now: now + 31 * Clock.dayMillis)
            #expect(month == LoyaltyClock.Round(expiredMembers: 0, expiredPoints: 0, tierChanges: 1))
            // A year on (points last 365 days by default), both members' points expire.
            let year = try await services.loyaltyClock.tick(now: now + 366 * Clock.dayMillis)
            #expect(year == LoyaltyClock.Round(expiredMembers: 2, expiredPoints: 170, tierChanges: 0))
            #expect(try await services.loyaltyClock.tick(now: now + 366 * Clock.dayMillis) == LoyaltyClock.Round(), "nothing twice")

            let brand = world.brandA.id
            try await database.readOnly { sql in
                for (member, points) in [(silver, 150), (plain, 20)] {
                    let lines = try await sql.raw("""
                        SELECT kind, points FROM points_entries WHERE brand_id = \(bind: brand) AND member_id = \(bind: member) ORDER BY id
                        """).all().map { "\(try $0.decode(column: "kind", as: String.self)) \(try $0.decode(column: "points", as: Int.self))" }
                    #expect(lines == ["earn \(points)", "expire -\(points)"])
                }
                let stored = try await sql.raw("SELECT balance FROM points_accounts WHERE brand_id = \(bind: brand) AND member_id = \(bind: silver)").first()?
                    .decode(column: "balance", as: Int64.self)
                #expect(stored == 0)
                let changes = try await sql.raw("""
                    SELECT data FROM timeline_events WHERE member_id = \(bind: silver) AND kind = 'tier.changed' ORDER BY id
                    """).all().map { try $0.decode(column: "data", as: String.self) }
                #expect(changes.count == 2 && changes.last?.contains(#""from":"Silver""#) == true, "up to Silver, then down: \(changes)")
                #expect(try await services.pointsLedger.verify(brandID: brand, on: sql).isEmpty)
            }
        }
    }

    @Test("When the brand removes its tiers, the clock takes them off the members who held one")
    func tiersRemoved() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let tiers = try await client.api(.put, "/api/v1/loyalty/tiers", key: world.keyA,
                                             json: #"{"windowDays":30,"tiers":[{"name":"Or","threshold":10,"multiplierPercent":100,"benefits":""}]}"#)
            #expect(tiers.status == .ok, "\(tiers.text)")
            let member = try await LoyaltyFixture.member(client, world, email: "or@example.com")
            #expect(try await LoyaltyFixture.move(client, world, member: member, kind: "earn", points: 20).status == .created)
            let none = try await client.api(.put, "/api/v1/loyalty/tiers", key: world.keyA, json: #"{"windowDays":30,"tiers":[]}"#)
            #expect(none.status == .ok, "\(none.text)")
        }
        try await world.withDatabase { database in
            let services = AppServices(configuration: world.configuration, database: database, logger: Logger(label: "test"),
                                       linkSigningKey: try await InstanceSecrets.linkSigningKey(database))
            #expect(try await services.loyaltyClock.tick().tierChanges == 1)
            #expect(try await services.loyaltyClock.tick().tierChanges == 0)
            let held = try await database.readOnly { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM member_tiers WHERE tier <> ''").first()!.decode(column: "n", as: Int.self)
            }
            #expect(held == 0)
        }
    }
}
