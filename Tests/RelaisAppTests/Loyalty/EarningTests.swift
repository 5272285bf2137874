import Foundation
import HummingbirdTesting
import Logging
import Testing
@testable import RelaisApp

@Suite("Earning rules and tiers")
struct EarningTests {
    static let rule = EarningRuleDefinition(name: "Entries", trigger: "activation.entry", points: 10, pointsPerEuro: nil,
                                            maxPerDay: 1, maxPerActivation: nil)

    @Test("Points per event and per euro, caps and the tier multiplier")
    func calculation() {
        let event = EarningEvent(id: 1, memberID: 1, at: 0, activationID: "7", amountCents: 2_599)
        #expect(EarningCalculation.points(Self.rule, event: event, history: EarningHistory(), multiplierPercent: 100) == 10)
        #expect(EarningCalculation.points(Self.rule, event: event, history: EarningHistory(today: 1), multiplierPercent: 100) == nil)
        #expect(EarningCalculation.points(Self.rule, event: event, history: EarningHistory(), multiplierPercent: 150) == 15)
        var purchase = EarningRuleDefinition(name: "Till", trigger: "coupon.redeemed", points: 0, pointsPerEuro: 2, maxPerDay: nil, maxPerActivation: 1)
        #expect(EarningCalculation.points(purchase, event: event, history: EarningHistory(), multiplierPercent: 100) == 50, "25 whole euros × 2")
        #expect(EarningCalculation.points(purchase, event: event, history: EarningHistory(thisActivation: 1), multiplierPercent: 100) == nil)
        purchase.maxPerActivation = nil
        #expect(EarningCalculation.points(purchase, event: EarningEvent(id: 2, memberID: 1, at: 0, amountCents: 50), history: EarningHistory(),
                                          multiplierPercent: 100) == nil, "under a euro earns nothing")
    }

    @Test("Rules and tier ladders are checked field by field")
    func validation() throws {
        guard case .failure(let rule) = EarningRuleDefinition.checked(name: "", trigger: "dance", points: -1, pointsPerEuro: 3,
                                                                       maxPerDay: 0, maxPerActivation: 5000) else {
            Issue.record("a bad rule is refused")
            return
        }
        #expect(Set(rule.fieldErrors.map(\.field)) == ["name", "trigger", "points", "maxPerDay", "maxPerActivation"])
        guard case .failure(let perEuro) = EarningRuleDefinition.checked(name: "Entries", trigger: "activation.entry", points: 5, pointsPerEuro: 1,
                                                                          maxPerDay: nil, maxPerActivation: nil) else {
            Issue.record("points per euro need an amount")
            return
        }
        #expect(perEuro.fieldErrors.map(\.field) == ["pointsPerEuro"])
        let silver = Tier(name: "Silver", threshold: 100, multiplierPercent: 120, benefits: "")
        let gold = Tier(name: "Gold", threshold: 500, multiplierPercent: 150, benefits: "Free delivery")
        let ladder = try TierLadder.checked([silver, gold], windowDays: 365).get()
        #expect(ladder.tier(forEarned: 99) == nil && ladder.tier(forEarned: 100)?.name == "Silver" && ladder.tier(forEarned: 900)?.name == "Gold")
        guard case .failure(let bad) = TierLadder.checked([gold, Tier(name: "gold", threshold: 100, multiplierPercent: 90, benefits: "")], windowDays: 10) else {
            Issue.record("a bad ladder is refused")
            return
        }
        #expect(Set(bad.fieldErrors.map(\.field)) == ["windowDays", "tiers[1].name", "tiers[1].threshold", "tiers[1].multiplierPercent"])
    }

    @Test("A preview applies the caps per member and day over past events")
    func preview() {
        let day = Clock.dayMillis
        let events = [
            EarningEvent(id: 1, memberID: 1, at: 0), EarningEvent(id: 2, memberID: 1, at: 1_000),
            EarningEvent(id: 3, memberID: 1, at: day), EarningEvent(id: 4, memberID: 2, at: 500),
        ]
        let preview = EarningPreview.of(Self.rule, events: events) { String($0 / day) }
        #expect(preview == EarningPreview(events: 4, earning: 3, points: 30, members: 2))
    }

    @Test("A backlog is read range by range, the writer left free between two ranges, and earns once")
    func backlogInRanges() async throws {
        let world = try await TestWorld.make()
        // The member and the rule through the API; the job is then run here alone, with no server whose own job would take ranges.
        try await world.withServer { client in
            _ = try await LoyaltyFixture.member(client, world, email: "backlog@example.com")
            let created = try await client.api(.post, "/api/v1/loyalty/rules", key: world.keyA,
                                               json: #"{"name":"Took part","trigger":"activation.entry","points":10}"#)
            #expect(created.status == .created, "\(created.text)")
        }
        try await world.withDatabase { database in
            let services = AppServices(configuration: world.configuration, database: database, logger: Logger(label: "test"),
                                       linkSigningKey: try await InstanceSecrets.linkSigningKey(database))
            try await services.earning.processPending()
            let org = world.organisation.id, brand = world.brandA.id
            let member = try await database.readOnly { sql in
                try await sql.raw("SELECT MAX(id) AS n FROM members").first()!.decode(column: "n", as: Int64.self)
            }
            // Two and a half ranges of events, one of which earns, at the end.
            try await database.transaction { sql in
                let rows = Array(repeating: "(\(org), \(brand), \(member), 'consent.confirmed', 1)", count: 100).joined(separator: ", ")
                for _ in 0..<(Int(EarningJob.range) * 5 / 200) {
                    try await sql.raw("INSERT INTO timeline_events (organisation_id, brand_id, member_id, kind, occurred_at) VALUES \(unsafeRaw: rows)").run()
                }
                try await Timeline().append(organisationID: org, brandID: brand, memberID: member, kind: "activation.entry",
                                            summary: "test", data: ["activation": "1"], at: Clock.nowMillis(), on: sql)
            }
            let started = ContinuousClock.now
            #expect(try await services.earning.processPending(pause: .milliseconds(120)) == 1)
            #expect(ContinuousClock.now - started >= .milliseconds(240), "three ranges, each followed by a pause")
            #expect(try await services.earning.processPending(pause: .milliseconds(120)) == 0)
            let balance = try await database.readOnly { sql in
                try await sql.raw("SELECT balance FROM points_accounts WHERE brand_id = \(bind: brand) AND member_id = \(bind: member)").first()?
                    .decode(column: "balance", as: Int64.self)
            }
            #expect(balance == 10)
        }
    }

    @Test("The earning job gives points for new events once, within caps, with the tier multiplier; tier changes go on the timeline")
    func earningJob() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let member = try await LoyaltyFixture.member(client, world, email: "earner@example.com")
            let tiers = try await client.api(.put, "/api/v1/loyalty/tiers", key: world.keyA,
                                             json: #"{"windowDays":365,"tiers":[{"name":"Silver","threshold":10,"multiplierPercent":150,"benefits":"Early access"}]}"#)
            #expect(tiers.status == .ok, "\(tiers.text)")
            let created = try await client.api(.post, "/api/v1/loyalty/rules", key: world.keyA,
                                               json: #"{"name":"Took part","trigger":"activation.entry","points":10,"maxPerDay":1}"#)
            #expect(created.status == .created, "\(created.text)")
            let ruleID = try #require(created.json["id"] as? Int)
            let start = Clock.nowMillis() + 1_000
            try await world.withDatabase { database in
                try await database.transaction { sql in
                    for (offset, activation) in [(0, "1"), (1_000, "1"), (Clock.dayMillis, "2")] as [(Int64, String)] {
                        try await Timeline().append(organisationID: world.organisation.id, brandID: world.brandA.id, memberID: Int64(member),
                                                    kind: "activation.entry", summary: "test", data: ["activation": activation],
                                                    at: start + offset, on: sql)
                    }
                    // Another brand's event earns nothing under brand A's rule.
                    try await Timeline().append(organisationID: world.organisation.id, brandID: world.brandB.id, memberID: Int64(member),
                                                kind: "activation.entry", summary: "test", at: start, on: sql)
                }
                let services = AppServices(configuration: world.configuration, database: database, logger: Logger(label: "test"),
                                           linkSigningKey: try await InstanceSecrets.linkSigningKey(database))
                try await services.earning.processPending()
                try await services.earning.processPending()
            }
            let account = try await client.api(.get, "/api/v1/members/\(member)/points", key: world.keyA)
            #expect(account.json["balance"] as? Int == 25, "10, then capped the same day, then 10 × 1.5 as Silver: \(account.text)")
            #expect((account.json["tier"] as? [String: Any])?["name"] as? String == "Silver")
            let timeline = try await client.api(.get, "/api/v1/members/\(member)/timeline", key: world.keyA)
            #expect(timeline.text.contains("tier.changed"))
            let entries = try await client.api(.get, "/api/v1/members/\(member)/points/entries", key: world.keyA)
            let sources = (entries.json["items"] as? [[String: Any]])?.compactMap { $0["sourceRef"] as? String } ?? []
            #expect(sources.count == 2 && sources.allSatisfy { $0.hasPrefix("rule:\(ruleID):v1:event:") }, "\(sources)")
            // A new version is kept beside the old one.
            let changed = try await client.api(.put, "/api/v1/loyalty/rules/\(ruleID)", key: world.keyA,
                                               json: #"{"name":"Took part","trigger":"activation.entry","points":20,"maxPerDay":1}"#)
            #expect(changed.json["version"] as? Int == 2)
            let versions = try await client.api(.get, "/api/v1/loyalty/rules/\(ruleID)/versions", key: world.keyA)
            #expect(versions.text.contains("\"version\":2") && versions.text.contains("\"version\":1"), "\(versions.text)")
            let preview = try await client.api(.post, "/api/v1/loyalty/rules/preview", key: world.keyA,
                                               json: #"{"name":"Try","trigger":"activation.entry","points":5,"maxPerDay":1}"#)
            #expect(preview.status == .ok, "\(preview.text)")
            #expect(preview.json["events"] as? Int == 3 && preview.json["earning"] as? Int == 2 && preview.json["points"] as? Int == 10)
            // Refusals.
            let bad = try await client.api(.post, "/api/v1/loyalty/rules", key: world.keyA, json: #"{"name":"","trigger":"dance","points":5}"#)
            #expect(bad.status == .unprocessableContent && bad.text.contains("trigger"))
            #expect(try await client.api(.get, "/api/v1/loyalty/rules/\(ruleID)", key: world.keyB).status == .notFound)
            #expect(try await client.api(.put, "/api/v1/loyalty/tiers", key: world.keyUnitA1, json: #"{"tiers":[]}"#).status == .forbidden)
            #expect(try await client.api(.post, "/api/v1/loyalty/rules", key: world.keyAnalystA,
                                         json: #"{"name":"X","trigger":"activation.entry","points":5}"#).status == .forbidden)
        }
    }

    @Test("An entry staff invalidate earns nothing: the rule's points are taken back once, never below zero")
    func invalidatedEntryEarnsNothing() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let rule = try await client.api(.post, "/api/v1/loyalty/rules", key: world.keyA,
                                            json: #"{"name":"Took part","trigger":"activation.entry","points":30}"#)
            #expect(rule.status == .created, "\(rule.text)")
            _ = try await ActivationFixture.live(world, client: client)
            for email in ["honest@example.com", "cheat@example.com"] {
                #expect(try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: email)).status == .created)
            }
        }
        try await world.withDatabase { database in
            let services = AppServices(configuration: world.configuration, database: database, logger: Logger(label: "test"),
                                       linkSigningKey: try await InstanceSecrets.linkSigningKey(database))
            try await services.earning.processPending()
            func member(_ email: String) async throws -> Int64 {
                try await database.readOnly { sql in
                    try await sql.raw("SELECT member_id FROM member_identities WHERE value = \(bind: email)").first()!.decode(column: "member_id", as: Int64.self)
                }
            }
            let (honest, cheat) = (try await member("honest@example.com"), try await member("cheat@example.com"))
            let access = BrandAccess(organisationID: world.organisation.id, brandID: world.brandA.id, unitID: nil,
                                     permissions: [.manageActivations, .readMembers], actor: .system)
            // The cheat spends 10 of the 30 points before staff invalidate the entry: 20 come back, the balance stops at zero.
            try await database.transaction { sql in
                _ = try await services.pointsLedger.post(PointsMovement(kind: .spend, points: -10, reason: "Mug", source: "api"), memberID: cheat,
                                                         brandID: world.brandA.id, organisationID: world.organisation.id, validityDays: 365,
                                                         recordedBy: "test", on: sql)
            }
            let entry = try await database.readOnly { sql in
                try await sql.raw("SELECT id, activation_id FROM activation_entries WHERE member_id = \(bind: cheat)").first()!
            }
            let entryID = try entry.decode(column: "id", as: Int64.self), activationID = try entry.decode(column: "activation_id", as: Int64.self)
            try await services.entryReview.invalidate(entryID: entryID, activationID: activationID, reason: "Adresse jetable", access: access)
            try await services.earning.processPending()
            let balances = try await database.readOnly { sql in
                [try await services.pointsLedger.account(memberID: honest, brandID: world.brandA.id, on: sql).balance,
                 try await services.pointsLedger.account(memberID: cheat, brandID: world.brandA.id, on: sql).balance]
            }
            #expect(balances == [30, 0])
            let lines = try await database.readOnly { sql in
                try await sql.raw("SELECT kind, points FROM points_entries WHERE member_id = \(bind: cheat) ORDER BY id").all()
                    .map { "\(try $0.decode(column: "kind", as: String.self)) \(try $0.decode(column: "points", as: Int.self))" }
            }
            #expect(lines == ["earn 30", "spend -10", "adjust -20"])
            #expect(try await database.readOnly { sql in try await services.pointsLedger.verify(brandID: world.brandA.id, on: sql) }.isEmpty)
        }
    }

    @Test("Every trigger of the rules editor earns from its own event: per event, or per whole euro of its amount")
    func everyTrigger() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            _ = try await LoyaltyFixture.member(client, world, email: "toutes@example.com")
            for (index, trigger) in EarningTrigger.all.enumerated() {
                let amount = trigger.hasAmount ? #""pointsPerEuro":\#(index + 1)"# : #""points":\#(index + 1)"#
                let rule = try await client.api(.post, "/api/v1/loyalty/rules", key: world.keyA,
                                                json: #"{"name":"Règle \#(trigger.kind)","trigger":"\#(trigger.kind)",\#(amount)}"#)
                #expect(rule.status == .created, "\(trigger.kind): \(rule.text)")
            }
        }
        try await world.withDatabase { database in
            let services = AppServices(configuration: world.configuration, database: database, logger: Logger(label: "test"),
                                       linkSigningKey: try await InstanceSecrets.linkSigningKey(database))
            let member = try await database.readOnly { sql in
                try await sql.raw("SELECT member_id FROM member_identities WHERE value = 'toutes@example.com'").first()!.decode(column: "member_id", as: Int64.self)
            }
            // One event of each kind, after the rules; those with an amount carry 10.99 €.
            let at = Clock.nowMillis() + 1_000
            try await database.transaction { sql in
                for trigger in EarningTrigger.all {
                    try await Timeline().append(organisationID: world.organisation.id, brandID: world.brandA.id, memberID: member, kind: trigger.kind,
                                                summary: "test", data: trigger.hasAmount ? ["amountCents": "1099"] : [:], at: at, on: sql)
                }
            }
            try await services.earning.processPending()
            let byRule = try await database.readOnly { sql in
                try await sql.raw("SELECT rule_id, points FROM points_entries WHERE member_id = \(bind: member) AND kind = 'earn' ORDER BY rule_id").all()
                    .map { try $0.decode(column: "points", as: Int.self) }
            }
            let expected = EarningTrigger.all.enumerated().map { index, trigger in trigger.hasAmount ? 10 * (index + 1) : index + 1 }
            #expect(byRule == expected, "one earning per trigger, in the rules' order")
        }
    }
}
