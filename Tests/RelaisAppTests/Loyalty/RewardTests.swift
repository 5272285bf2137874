import Foundation
import Logging
import HTTPTypes
import HummingbirdTesting
import Synchronization
import Testing
@testable import RelaisApp

@Suite("Rewards, redemptions and coupons at the till")
struct RewardTests {
    @Test("Coupon codes are unguessable, readable and compared without dashes or case")
    func couponCodes() {
        var generator = SystemRandomNumberGenerator()
        var seen = Set<String>()
        for _ in 0..<1_000 {
            let code = CouponCode.generate(using: &generator)
            #expect(code.count == 14 && code.split(separator: "-").count == 3)
            #expect(code.allSatisfy { $0 == "-" || CouponCode.alphabet.contains($0) })
            seen.insert(code)
        }
        #expect(seen.count == 1_000)
        #expect(CouponCode.normalised(" k7qm-2xta 9phd ") == "K7QM2XTA9PHD")
        #expect(CouponCode.normalised("--") == nil)
        #expect(CouponCode.normalised("A=1+2") == nil)
        #expect(CouponDTO.display("K7QM2XTA9PHD") == "K7QM-2XTA-9PHD")
    }

    @Test("A redemption spends the points, takes one from the stock and gives a coupon; refusals change nothing")
    func redemption() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let member = try await LoyaltyFixture.member(client, world, email: "reward@example.com")
            #expect(try await LoyaltyFixture.move(client, world, member: member, kind: "earn", points: 250).status == .created)
            let mug = try await LoyaltyFixture.reward(client, world, name: "Mug", cost: 100, stock: 2)
            let first = try await LoyaltyFixture.redeem(client, world, member: member, reward: mug, idempotencyKey: "r-1")
            #expect(first.status == .created, "\(first.text)")
            let coupon = try #require(first.json["coupon"] as? [String: Any])
            let code = try #require(coupon["code"] as? String)
            #expect(code.count == 14 && coupon["status"] as? String == "issued" && coupon["rewardName"] as? String == "Mug")
            #expect(first.json["pointsSpent"] as? Int == 100 && first.json["balance"] as? Int == 150)
            let replay = try await LoyaltyFixture.redeem(client, world, member: member, reward: mug, idempotencyKey: "r-1")
            #expect(replay.status == .ok)
            #expect((replay.json["coupon"] as? [String: Any])?["code"] as? String == code)
            #expect(try await LoyaltyFixture.balance(client, world, member: member) == 150, "a replay spends nothing")
            #expect(try await LoyaltyFixture.redeem(client, world, member: member, reward: mug).status == .created)
            let empty = try await LoyaltyFixture.redeem(client, world, member: member, reward: mug)
            #expect(empty.status == .unprocessableContent && empty.json["code"] as? String == "out_of_stock")
            // Not enough points: the stock is left as it was.
            let trip = try await LoyaltyFixture.reward(client, world, name: "Trip", cost: 10_000, stock: 1)
            let poor = try await LoyaltyFixture.redeem(client, world, member: member, reward: trip)
            #expect(poor.json["code"] as? String == "insufficient_points")
            let tripNow = try await client.api(.get, "/api/v1/rewards/\(trip)", key: world.keyA)
            #expect(tripNow.json["stock"] as? Int == 1 && tripNow.json["redeemed"] as? Int == 0)
            // A retired reward is no longer given.
            let retire = try await client.api(.put, "/api/v1/rewards/\(trip)", key: world.keyA,
                                              json: #"{"name":"Trip","costPoints":10000,"stock":1,"status":"retired"}"#)
            #expect(retire.status == .ok && retire.json["status"] as? String == "retired")
            #expect(try await LoyaltyFixture.redeem(client, world, member: member, reward: trip).json["code"] as? String == "reward_retired")
            let list = try await client.api(.get, "/api/v1/rewards?status=active", key: world.keyA)
            #expect((list.json["items"] as? [[String: Any]])?.map { $0["name"] as? String } == ["Mug"])
            let coupons = try await client.api(.get, "/api/v1/members/\(member)/coupons", key: world.keyA)
            #expect((coupons.json["items"] as? [[String: Any]])?.count == 2)
            let timeline = try await client.api(.get, "/api/v1/members/\(member)/timeline", key: world.keyA)
            #expect(timeline.text.contains("reward.redeemed"))
        }
    }

    @Test("Bad rewards get every field problem at once; units and other brands cannot touch the catalogue")
    func rewardValidation() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let bad = try await client.api(.post, "/api/v1/rewards", key: world.keyA,
                                           json: #"{"name":"","costPoints":0,"stock":-1,"codes":"magic","couponValidityDays":0,"status":"maybe"}"#)
            #expect(bad.status == .unprocessableContent)
            for field in ["name", "costPoints", "stock", "codes", "couponValidityDays", "status"] {
                #expect(bad.text.contains("\"\(field)\""), "\(field) in \(bad.text)")
            }
            let unit = try await client.api(.post, "/api/v1/rewards", key: world.keyUnitA1, json: #"{"name":"Pen","costPoints":5}"#)
            #expect(unit.status == .forbidden)
            let mug = try await LoyaltyFixture.reward(client, world)
            #expect(try await client.api(.get, "/api/v1/rewards/\(mug)", key: world.keyB).status == .notFound)
            #expect(try await client.api(.put, "/api/v1/rewards/\(mug)", key: world.keyB, json: #"{"name":"X","costPoints":1}"#).status == .notFound)
            #expect(try await client.api(.get, "/api/v1/rewards/abc", key: world.keyA).status == .notFound)
            let member = try await LoyaltyFixture.member(client, world, email: "nobody@example.com")
            let unknown = try await LoyaltyFixture.redeem(client, world, member: member, reward: 999_999)
            #expect(unknown.status == .notFound)
        }
    }

    @Test("Imported codes are given in order, once each; when they run out the redemption is refused")
    func importedCodes() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let voucher = try await LoyaltyFixture.reward(client, world, name: "Cinema", cost: 10, codes: "list")
            let imported = try await client.api(.post, "/api/v1/rewards/\(voucher)/codes", key: world.keyA,
                                                json: #"{"codes":["cine-0001","CINE0002","cine 0001"]}"#)
            #expect(imported.status == .ok, "\(imported.text)")
            #expect(imported.json["added"] as? Int == 2 && imported.json["skipped"] as? Int == 1 && imported.json["available"] as? Int == 2)
            let badCodes = try await client.api(.post, "/api/v1/rewards/\(voucher)/codes", key: world.keyA, json: #"{"codes":["ok1","=cmd()"]}"#)
            #expect(badCodes.status == .unprocessableContent && badCodes.text.contains("codes[1]"))
            let generated = try await LoyaltyFixture.reward(client, world, name: "Pen", cost: 5)
            let refused = try await client.api(.post, "/api/v1/rewards/\(generated)/codes", key: world.keyA, json: #"{"codes":["A1"]}"#)
            #expect(refused.status == .unprocessableContent)
            let member = try await LoyaltyFixture.member(client, world, email: "cinema@example.com")
            #expect(try await LoyaltyFixture.move(client, world, member: member, kind: "earn", points: 100).status == .created)
            let first = try await LoyaltyFixture.redeem(client, world, member: member, reward: voucher)
            #expect((first.json["coupon"] as? [String: Any])?["code"] as? String == "CINE-0001")
            let second = try await LoyaltyFixture.redeem(client, world, member: member, reward: voucher)
            #expect((second.json["coupon"] as? [String: Any])?["code"] as? String == "CINE-0002")
            let none = try await LoyaltyFixture.redeem(client, world, member: member, reward: voucher)
            #expect(none.json["code"] as? String == "out_of_codes")
            #expect(try await LoyaltyFixture.balance(client, world, member: member) == 80, "the refused redemption spent nothing")
        }
    }

    @Test("100 members racing for the last 10 items: exactly 10 coupons, and nobody pays for nothing")
    func lastItemsRace() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let reward = try await LoyaltyFixture.reward(client, world, name: "Last scarves", cost: 50, stock: 10)
            var members: [Int] = []
            for index in 0..<100 {
                let member = try await LoyaltyFixture.member(client, world, email: "fan\(index)@example.com")
                #expect(try await LoyaltyFixture.move(client, world, member: member, kind: "earn", points: 60).status == .created)
                members.append(member)
            }
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for member in members {
                    group.addTask { Int(try await LoyaltyFixture.redeem(client, world, member: member, reward: reward).status.code) }
                }
                var statuses: [Int] = []
                for try await status in group { statuses.append(status) }
                return statuses
            }
            #expect(statuses.filter { $0 == 201 }.count == 10, "\(statuses)")
            #expect(statuses.filter { $0 == 422 }.count == 90, "\(statuses)")
            let after = try await client.api(.get, "/api/v1/rewards/\(reward)", key: world.keyA)
            #expect(after.json["stock"] as? Int == 0 && after.json["redeemed"] as? Int == 10)
        }
        try await world.withDatabase { database in
            try await database.readOnly { sql in
                let coupons = try await sql.raw("SELECT COUNT(*) AS n FROM coupons").first()?.decode(column: "n", as: Int.self)
                #expect(coupons == 10)
                let spent = try await sql.raw("SELECT COUNT(*) AS n FROM points_accounts WHERE balance = 10").first()?.decode(column: "n", as: Int.self)
                #expect(spent == 10, "exactly the ten winners paid")
                #expect(try await PointsLedger().verify(brandID: world.brandA.id, on: sql).isEmpty)
            }
        }
    }

    @Test("A till checks and redeems a coupon once; expired, unknown and used coupons are refused clearly")
    func tillRedemption() async throws {
        let world = try await TestWorld.make()
        let expiredBox = Mutex("")
        try await world.withServer { client in
            let member = try await LoyaltyFixture.member(client, world, email: "till@example.com")
            #expect(try await LoyaltyFixture.move(client, world, member: member, kind: "earn", points: 100).status == .created)
            let reward = try await LoyaltyFixture.reward(client, world, name: "Coffee", cost: 10)
            let code = try #require((try await LoyaltyFixture.redeem(client, world, member: member, reward: reward).json["coupon"] as? [String: Any])?["code"] as? String)
            let expiredCode = try #require((try await LoyaltyFixture.redeem(client, world, member: member, reward: reward).json["coupon"] as? [String: Any])?["code"] as? String)
            expiredBox.withLock { $0 = expiredCode }
            let typed = code.lowercased().replacingOccurrences(of: "-", with: " ")
            let check = try await client.api(.get, "/api/v1/coupons/\(typed.replacingOccurrences(of: " ", with: "%20"))", key: world.keyUnitA1)
            #expect(check.status == .ok, "\(check.text)")
            #expect(check.json["status"] as? String == "issued" && check.json["memberId"] == nil, "a till does not see who holds the coupon")
            let redeem = try await client.api(.post, "/api/v1/coupons/\(code)/redeem", key: world.keyUnitA1,
                                              json: #"{"amountCents":1250,"reference":"T-42"}"#)
            #expect(redeem.status == .ok, "\(redeem.text)")
            #expect(redeem.json["status"] as? String == "redeemed" && redeem.json["redeemedUnitId"] as? Int == Int(world.unitA1.id))
            let again = try await client.api(.post, "/api/v1/coupons/\(code)/redeem", key: world.keyUnitA1, json: "{}")
            #expect(again.status == .conflict && again.json["code"] as? String == "coupon_already_redeemed")
            let unknown = try await client.api(.post, "/api/v1/coupons/NOPE-NOPE-NOPE/redeem", key: world.keyUnitA1, json: "{}")
            #expect(unknown.status == .notFound)
            let otherBrand = try await client.api(.get, "/api/v1/coupons/\(expiredCode)", key: world.keyB)
            #expect(otherBrand.status == .notFound)
            let badUnit = try await client.api(.post, "/api/v1/coupons/\(expiredCode)/redeem", key: world.keyA, json: #"{"unitId":999999}"#)
            #expect(badUnit.status == .unprocessableContent)
            let future = try await client.api(.post, "/api/v1/coupons/\(expiredCode)/redeem", key: world.keyA, json: #"{"redeemedAt":"2999-01-01T00:00:00Z","amountCents":-1}"#)
            #expect(future.status == .unprocessableContent && future.text.contains("redeemedAt") && future.text.contains("amountCents"))
            let analyst = try await client.api(.post, "/api/v1/coupons/\(expiredCode)/redeem", key: world.keyAnalystA, json: "{}")
            #expect(analyst.status == .forbidden)
            let timeline = try await client.api(.get, "/api/v1/members/\(member)/timeline", key: world.keyA)
            #expect(timeline.text.contains("coupon.redeemed"))
        }
        let expiredCode = expiredBox.withLock { $0 }
        try await world.withDatabase { database in
            try await database.transaction { sql in
                try await sql.raw("UPDATE coupons SET expires_at = 1000 WHERE code = \(bind: CouponCode.normalised(expiredCode) ?? "")").run()
            }
        }
        try await world.withServer { client in
            let expired = try await client.api(.post, "/api/v1/coupons/\(expiredCode)/redeem", key: world.keyA, json: "{}")
            #expect(expired.status == .unprocessableContent && expired.json["code"] as? String == "coupon_expired")
            let seen = try await client.api(.get, "/api/v1/coupons/\(expiredCode)", key: world.keyA)
            #expect(seen.json["status"] as? String == "expired")
        }
    }

    @Test("Till lines: sums, stores and local times are read as a till writes them")
    func tillLines() {
        #expect(TillLine.cents("12.50") == 1250 && TillLine.cents("12,5") == 1250 && TillLine.cents("7") == 700)
        #expect(TillLine.cents("1 234,56 €") == 123_456)
        for bad in ["", "-3", "12.345", "abc", "1.2.3", "12,"] { #expect(TillLine.cents(bad) == nil, "\(bad)") }
        let paris = TillLine.instant("2025-12-24 18:05", timeZone: "Europe/Paris")
        #expect(paris == Clock.parseISO("2025-12-24T17:05:00Z"))
        #expect(TillLine.instant("2025-12-24 18:05:30", timeZone: "Europe/Paris") == paris.map { $0 + 30_000 })
        #expect(TillLine.instant("2025-12-24T18:05:00+01:00", timeZone: "UTC") == paris)
        #expect(TillLine.instant("24/12/2026", timeZone: "Europe/Paris") == nil)
        let record = CSVRecord(line: 2, fields: ["k7qm-2xta-9phd", "LYON", "12,50", "2025-12-24 18:05", "T-1"])
        let header = ["code": 0, "store": 1, "amount": 2, "time": 3, "reference": 4]
        let line = try? TillLine.parse(record, header: header, units: ["lyon": 7], timeZone: "Europe/Paris", now: Clock.nowMillis()).get()
        #expect(line == TillLine(line: 2, code: "K7QM2XTA9PHD", unitID: 7, amountCents: 1250, at: paris, reference: "T-1"))
        let unknownStore = CSVRecord(line: 3, fields: ["ABC", "paris", "", "", ""])
        if case .failure(let problem) = TillLine.parse(unknownStore, header: header, units: ["lyon": 7], timeZone: "Europe/Paris", now: 0) {
            #expect(problem.reason == "invalid" && problem.message.contains("paris"))
        } else {
            Issue.record("an unknown store is refused")
        }
    }

    @Test("A till file redeems its good lines and reports the others line by line; sent again it redeems nothing twice")
    func tillFile() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let member = try await LoyaltyFixture.member(client, world, email: "shopper@example.com")
            #expect(try await LoyaltyFixture.move(client, world, member: member, kind: "earn", points: 100).status == .created)
            let reward = try await LoyaltyFixture.reward(client, world, name: "Coffee", cost: 10)
            var codes: [String] = []
            for _ in 0..<2 {
                let redemption = try await LoyaltyFixture.redeem(client, world, member: member, reward: reward)
                codes.append(try #require((redemption.json["coupon"] as? [String: Any])?["code"] as? String))
            }
            let file = """
                code;store;amount;time;reference
                \(codes[0]);paris;12,50;2026-11-20 10:15;T-1
                \(codes[0]);paris;3,00;2026-11-20 10:16;T-2
                NOPE-NOPE-NOPE;paris;1;;
                \(codes[1]);lyon;1;;
                \(codes[1]);paris;abc;;
                \(codes[1]);paris;4;;T-3

                """
            var headers: HTTPFields = [.authorization: "Bearer \(world.keyA)", .contentType: "text/csv"]
            let response = try await client.raw(.post, "/api/v1/coupons/till-imports", headers: headers, body: file)
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.json["lines"] as? Int == 6 && response.json["redeemed"] as? Int == 2 && response.json["refused"] as? Int == 4)
            let problems = try #require(response.json["problems"] as? [[String: Any]])
            #expect(problems.map { $0["line"] as? Int } == [3, 4, 5, 6])
            #expect(problems.map { $0["reason"] as? String } == ["already_redeemed", "unknown_code", "invalid", "invalid"])
            let again = try await client.raw(.post, "/api/v1/coupons/till-imports", headers: headers, body: file)
            #expect(again.json["redeemed"] as? Int == 0 && again.json["refused"] as? Int == 6)
            let first = try await client.api(.get, "/api/v1/coupons/\(codes[0])", key: world.keyA)
            #expect(first.json["redeemedAmountCents"] as? Int == 1250 && first.json["redeemedUnitId"] as? Int == Int(world.unitA1.id))
            #expect(first.json["redeemedAt"] as? String == Clock.iso(Clock.parseISO("2026-11-20T09:15:00Z") ?? 0))
            headers[.contentType] = "application/json"
            #expect(try await client.raw(.post, "/api/v1/coupons/till-imports", headers: headers, body: "{}").status == .unsupportedMediaType)
            headers[.contentType] = "text/csv"
            let noCode = try await client.raw(.post, "/api/v1/coupons/till-imports", headers: headers, body: "ticket;amount\nA;1\n")
            #expect(noCode.status == .unprocessableContent && noCode.text.contains("code"))
            let analyst: HTTPFields = [.authorization: "Bearer \(world.keyAnalystA)", .contentType: "text/csv"]
            #expect(try await client.raw(.post, "/api/v1/coupons/till-imports", headers: analyst, body: file).status == .forbidden)
        }
    }

    @Test("A till file's purchases by members earn points per euro under a purchase rule; sent again, nothing counts twice")
    func tillPurchases() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let shopper = try await LoyaltyFixture.member(client, world, email: "Cliente@Example.com")
            let rule = try await client.api(.post, "/api/v1/loyalty/rules", key: world.keyA,
                                            json: #"{"name":"Achats en magasin","trigger":"purchase","pointsPerEuro":2}"#)
            #expect(rule.status == .created, "\(rule.text)")
            let file = """
                email,store,amount,time,reference
                cliente@example.com,paris,"42,50",,V-100
                cliente@example.com,paris,10,,
                inconnu@example.com,paris,5,,V-101
                pas-une-adresse,paris,5,,V-102
                CLIENTE@example.com,paris,7.5,,V-103

                """
            let headers: HTTPFields = [.authorization: "Bearer \(world.keyA)", .contentType: "text/csv"]
            let response = try await client.raw(.post, "/api/v1/coupons/till-imports", headers: headers, body: file)
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.json["purchases"] as? Int == 2 && response.json["redeemed"] as? Int == 0 && response.json["refused"] as? Int == 3)
            let problems = try #require(response.json["problems"] as? [[String: Any]])
            #expect(problems.map { $0["reason"] as? String } == ["invalid", "unknown_member", "invalid"], "no reference; nobody; not an e-mail")
            let again = try await client.raw(.post, "/api/v1/coupons/till-imports", headers: headers, body: file)
            #expect(again.json["purchases"] as? Int == 0)
            #expect((again.json["problems"] as? [[String: Any]])?.filter { $0["reason"] as? String == "already_imported" }.count == 2)
            let timeline = try await client.api(.get, "/api/v1/members/\(shopper)/timeline", key: world.keyA)
            #expect(timeline.text.components(separatedBy: "\"purchase\"").count - 1 == 2, "\(timeline.text)")
        }
        // The earning job, run here with the server stopped: 2 points per whole euro, on 42.50 € and 7.50 €.
        let balance = try await world.withDatabase { database in
            let services = AppServices(configuration: world.configuration, database: database, logger: Logger(label: "test"),
                                       linkSigningKey: try await InstanceSecrets.linkSigningKey(database))
            try await services.earning.processPending()
            return try await database.readOnly { sql in
                try await sql.raw("SELECT CAST(SUM(balance) AS BIGINT) AS n FROM points_accounts").first()?.decode(column: "n", as: Int64?.self) ?? 0
            }
        }
        #expect(balance == Int64(84 + 14))
    }
}
