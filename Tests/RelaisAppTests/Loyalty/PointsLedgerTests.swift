import Foundation
import HummingbirdTesting
import Logging
import Synchronization
import Testing
@testable import RelaisApp

@Suite("Points ledger")
struct PointsLedgerTests {
    @Test("Movements are checked before anything is written")
    func movementValidation() throws {
        func problem(_ kind: String, _ points: Int64, _ reason: String? = nil) -> String? {
            if case .failure(let box) = PointsMovement.requested(kind: kind, points: points, reason: reason, source: "api", idempotencyKey: nil) {
                return box.field
            }
            return nil
        }
        #expect(problem("expire", 10) == "kind")
        #expect(problem("gift", 10) == "kind")
        #expect(problem("earn", 0) == "points")
        #expect(problem("spend", -5) == "points")
        #expect(problem("earn", PointsMovement.maximumPoints + 1) == "points")
        #expect(problem("adjust", 10) == "reason")
        #expect(problem("adjust", 0, "oops") == "points")
        #expect(problem("adjust", -10, "goodwill reversed") == nil)
        #expect(try PointsMovement.requested(kind: "spend", points: 30, reason: nil, source: "api", idempotencyKey: nil).get().points == -30)
    }

    @Test("Expiry takes the unspent part of the points whose validity has passed, soonest first")
    func expiryRule() {
        #expect(PointsExpiry.due(expiredCredits: 100, debits: 30) == 70)
        #expect(PointsExpiry.due(expiredCredits: 100, debits: 130) == 0)
        #expect(PointsExpiry.due(expiredCredits: 0, debits: 0) == 0)
        #expect(PointsExpiry.expiry(at: 1_000, validityDays: 0) == nil)
        #expect(PointsExpiry.expiry(at: 1_000, validityDays: 2) == 1_000 + 2 * Clock.dayMillis)
    }

    @Test("Earned points expire after their validity unless spent; the ledger and the account always agree")
    func expiryOnTheLedger() async throws {
        let world = try await TestWorld.make()
        let member = Mutex(0)
        try await world.withServer { client in
            let id = try await LoyaltyFixture.member(client, world, email: "expiry@example.com")
            member.withLock { $0 = id }
        }
        let org = world.organisation.id, brand = world.brandA.id, id = Int64(member.withLock { $0 })
        try await world.withDatabase { database in
            let ledger = PointsLedger()
            let day = Clock.dayMillis, start: Int64 = 1_800_000_000_000
            func post(_ kind: PointsEntryKind, _ points: Int64, at: Int64) async throws -> PointsPosting {
                try await database.transaction { sql in
                    try await ledger.post(PointsMovement(kind: kind, points: points, reason: "", source: "test", sourceRef: nil, idempotencyKey: nil),
                                          memberID: id, brandID: brand, organisationID: org, validityDays: 10, recordedBy: "test", now: at, on: sql)
                }
            }
            _ = try await post(.earn, 100, at: start)
            _ = try await post(.earn, 50, at: start + 5 * day)
            _ = try await post(.spend, -30, at: start + 6 * day)
            let before = try await database.readOnly { sql in try await ledger.account(memberID: id, brandID: brand, now: start + 9 * day, on: sql) }
            #expect(before.balance == 120)
            #expect(before.nextExpiry?.points == 70 && before.nextExpiry?.at == start + 10 * day)
            // Day 11: the first 100 have expired, less the 30 spent from them.
            let seen = try await database.readOnly { sql in try await ledger.account(memberID: id, brandID: brand, now: start + 11 * day, on: sql) }
            #expect(seen.balance == 50 && seen.expired == 70)
            #expect(seen.nextExpiry?.points == 50 && seen.nextExpiry?.at == start + 15 * day)
            // Spending 60 on day 11 is refused: only 50 are left once the expiry is written.
            await #expect(throws: AppError.self) { _ = try await post(.spend, -60, at: start + 11 * day) }
            let spend = try await post(.spend, -20, at: start + 11 * day)
            #expect(spend.expiredFirst == 70)
            #expect(spend.entry.balanceAfter == 30)
            // Day 16: the rest expires.
            let expired = try await database.transaction { sql in
                try await ledger.expireDue(memberID: id, brandID: brand, organisationID: org, now: start + 16 * day, on: sql)
            }
            #expect(expired == 30)
            let after = try await database.readOnly { sql in try await ledger.account(memberID: id, brandID: brand, now: start + 16 * day, on: sql) }
            #expect(after == PointsAccount(balance: 0, earned: 150, spent: 50, expired: 100))
            let kinds = try await database.readOnly { sql in
                try await ledger.entries(memberID: id, brandID: brand, page: PageRequest(limit: 50, afterID: nil), on: sql).items.map(\.kind)
            }
            #expect(kinds == [.expire, .spend, .expire, .spend, .earn, .earn])
            let disagreeing = try await database.readOnly { sql in try await ledger.verify(brandID: brand, on: sql) }
            #expect(disagreeing.isEmpty)
        }
    }

    @Test("Earn, spend and adjust through the API; never below zero; a replayed key is recorded once")
    func movementsThroughTheAPI() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let member = try await LoyaltyFixture.member(client, world, email: "points@example.com")
            let earn = try await LoyaltyFixture.move(client, world, member: member, kind: "earn", points: 120, reason: "Welcome", idempotencyKey: "earn-1")
            #expect(earn.status == .created, "\(earn.text)")
            #expect(earn.json["balance"] as? Int == 120)
            #expect((earn.json["entry"] as? [String: Any])?["expiresAt"] is String, "earned points carry their expiry (365 days by default)")
            let replay = try await LoyaltyFixture.move(client, world, member: member, kind: "earn", points: 120, reason: "Welcome", idempotencyKey: "earn-1")
            #expect(replay.status == .ok)
            #expect((replay.json["entry"] as? [String: Any])?["id"] as? Int == (earn.json["entry"] as? [String: Any])?["id"] as? Int)
            let reused = try await LoyaltyFixture.move(client, world, member: member, kind: "spend", points: 10, idempotencyKey: "earn-1")
            #expect(reused.status == .conflict)
            let tooMuch = try await LoyaltyFixture.move(client, world, member: member, kind: "spend", points: 500)
            #expect(tooMuch.status == .unprocessableContent)
            #expect(tooMuch.json["code"] as? String == "insufficient_points")
            let spend = try await LoyaltyFixture.move(client, world, member: member, kind: "spend", points: 20)
            #expect(spend.json["balance"] as? Int == 100)
            let down = try await LoyaltyFixture.move(client, world, member: member, kind: "adjust", points: -150, reason: "Correction")
            #expect(down.status == .unprocessableContent, "an adjustment cannot take the balance below zero")
            let adjust = try await LoyaltyFixture.move(client, world, member: member, kind: "adjust", points: -40, reason: "Correction")
            #expect(adjust.status == .created)
            #expect(try await LoyaltyFixture.balance(client, world, member: member) == 60)
            let account = try await client.api(.get, "/api/v1/members/\(member)/points", key: world.keyA)
            #expect(account.json["earned"] as? Int == 120 && account.json["spent"] as? Int == 60)
            // The ledger, newest first, in pages.
            let first = try await client.api(.get, "/api/v1/members/\(member)/points/entries?limit=2", key: world.keyA)
            let items = try #require(first.json["items"] as? [[String: Any]])
            #expect(items.map { $0["kind"] as? String } == ["adjust", "spend"])
            let cursor = try #require(first.json["nextCursor"] as? String)
            let second = try await client.api(.get, "/api/v1/members/\(member)/points/entries?limit=2&cursor=\(cursor)", key: world.keyA)
            #expect((second.json["items"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["earn"])
            // The adjustment is audited.
            let audit = try await client.api(.get, "/api/v1/audit-log", key: world.keyA)
            #expect(audit.text.contains("points.adjusted"), "\(audit.text)")
        }
    }

    @Test("Bad movements get field problems; other brands and read-only roles cannot move points")
    func refusals() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let member = try await LoyaltyFixture.member(client, world, email: "refused@example.com")
            for (body, field) in [(#"{"kind":"expire","points":5}"#, "kind"), (#"{"kind":"earn","points":0}"#, "points"),
                                  (#"{"kind":"adjust","points":5}"#, "reason"), (#"{"kind":"earn","points":"many"}"#, "points"),
                                  (#"{"kind":"earn","points":5,"bonus":true}"#, "bonus")] {
                let response = try await client.api(.post, "/api/v1/members/\(member)/points", key: world.keyA, json: body)
                #expect(response.status == .unprocessableContent || response.status == .badRequest, "\(body) → \(response.text)")
                #expect(response.text.contains(field), "\(body) → \(response.text)")
            }
            let other = try await LoyaltyFixture.move(client, world, member: member, kind: "earn", points: 5, key: world.keyB)
            #expect(other.status == .notFound)
            #expect(try await client.api(.get, "/api/v1/members/\(member)/points", key: world.keyB).status == .notFound)
            let analyst = try await LoyaltyFixture.move(client, world, member: member, kind: "earn", points: 5, key: world.keyAnalystA)
            #expect(analyst.status == .forbidden)
            #expect(try await client.api(.get, "/api/v1/members/\(member)/points", key: world.keyAnalystA).status == .ok)
            let badKey = try await LoyaltyFixture.move(client, world, member: member, kind: "earn", points: 5, idempotencyKey: String(repeating: "k", count: 201))
            #expect(badKey.status == .unprocessableContent)
            #expect(try await LoyaltyFixture.balance(client, world, member: member) == 0)
            let settings = try await client.api(.put, "/api/v1/loyalty/settings", key: world.keyA, json: #"{"pointsValidityDays":-1}"#)
            #expect(settings.status == .unprocessableContent)
            let saved = try await client.api(.put, "/api/v1/loyalty/settings", key: world.keyA, json: #"{"pointsValidityDays":0}"#)
            #expect(saved.json["pointsValidityDays"] as? Int == 0)
            let never = try await LoyaltyFixture.move(client, world, member: member, kind: "earn", points: 5)
            #expect((never.json["entry"] as? [String: Any])?["expiresAt"] == nil, "points never expire with a validity of 0")
        }
    }

    @Test("Concurrent spends never take the balance below zero")
    func concurrentSpends() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let member = try await LoyaltyFixture.member(client, world, email: "race@example.com")
            #expect(try await LoyaltyFixture.move(client, world, member: member, kind: "earn", points: 200).status == .created)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        Int(try await LoyaltyFixture.move(client, world, member: member, kind: "spend", points: 10, idempotencyKey: "spend-\(index)").status.code)
                    }
                }
                var statuses: [Int] = []
                for try await status in group { statuses.append(status) }
                return statuses
            }
            #expect(statuses.filter { $0 == 201 }.count == 20, "\(statuses)")
            #expect(statuses.filter { $0 == 422 }.count == 20, "\(statuses)")
            #expect(try await LoyaltyFixture.balance(client, world, member: member) == 0)
        }
        try await world.withDatabase { database in
            let disagreeing = try await database.readOnly { sql in try await PointsLedger().verify(brandID: world.brandA.id, on: sql) }
            #expect(disagreeing.isEmpty)
        }
    }

    @Test("A merge moves points with their expiry and coupons to the surviving profile; erasure keeps the accounts but not the reasons")
    func mergeAndErasure() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let survivor = try await LoyaltyFixture.member(client, world, email: "keep@example.com")
            let duplicate = try await LoyaltyFixture.member(client, world, email: "dup@example.com")
            #expect(try await LoyaltyFixture.move(client, world, member: survivor, kind: "earn", points: 40).status == .created)
            let earned = try await LoyaltyFixture.move(client, world, member: duplicate, kind: "earn", points: 100, reason: "Jeu de Noël")
            let expiry = try #require((earned.json["entry"] as? [String: Any])?["expiresAt"] as? String)
            #expect(try await LoyaltyFixture.move(client, world, member: duplicate, kind: "spend", points: 30).status == .created)
            let reward = try await LoyaltyFixture.reward(client, world, name: "Pen", cost: 10)
            #expect(try await LoyaltyFixture.redeem(client, world, member: duplicate, reward: reward).status == .created)
            let merge = try await client.api(.post, "/api/v1/members/\(survivor)/merge", key: world.keyA, json: #"{"duplicateId":\#(duplicate)}"#)
            #expect(merge.status == .ok, "\(merge.text)")
            #expect(try await LoyaltyFixture.balance(client, world, member: survivor) == 100)
            let entries = try await client.api(.get, "/api/v1/members/\(survivor)/points/entries", key: world.keyA)
            let moved = try #require((entries.json["items"] as? [[String: Any]])?.first)
            #expect(moved["points"] as? Int == 60 && moved["source"] as? String == "merge" && moved["expiresAt"] as? String == expiry,
                    "the moved points keep their expiry: \(moved)")
            let coupons = try await client.api(.get, "/api/v1/members/\(survivor)/coupons", key: world.keyA)
            #expect((coupons.json["items"] as? [[String: Any]])?.count == 1)
            // An access request gives the ledger and the coupons.
            let export = try await client.api(.get, "/api/v1/members/\(survivor)/export", key: world.keyDPOA)
            #expect((export.json["points"] as? [[String: Any]])?.count == 2, "\(export.text)")
            #expect((export.json["coupons"] as? [[String: Any]])?.first?["reward"] as? String == "Pen")
            let erase = try await client.api(.delete, "/api/v1/members/\(survivor)", key: world.keyDPOA)
            #expect(erase.status == .noContent, "\(erase.text)")
        }
        try await world.withDatabase { database in
            try await database.readOnly { sql in
                let kept = try await sql.raw("""
                    SELECT COUNT(*) AS n FROM points_entries e JOIN members m ON m.id = e.member_id WHERE e.reason <> '' AND m.erased_at IS NOT NULL
                    """).first()?.decode(column: "n", as: Int.self)
                #expect(kept == 0, "the erased member's entries keep no free text")
                let entries = try await sql.raw("""
                    SELECT COUNT(*) AS n FROM points_entries e JOIN members m ON m.id = e.member_id WHERE m.erased_at IS NOT NULL
                    """).first()?.decode(column: "n", as: Int.self)
                #expect(entries == 2, "the ledger itself stays")
                let disagreeing = try await PointsLedger().verify(brandID: world.brandA.id, on: sql)
                #expect(disagreeing.isEmpty)
            }
        }
    }
}
