import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import SQLKit
import Testing
@testable import RelaisApp

@Suite("Loyalty back-office editors: earning rules, catalogue, coupons")
struct LoyaltyScreenTests {
    @Test("The rules editor shows field errors beside the fields, previews the last 30 days without saving, creates a rule and saves new versions")
    func rulesEditor() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            var web = WebClient(client: client)
            try await web.logIn(email: world.ownerEmail, password: world.ownerPassword)
            #expect(try await web.get("/loyalty/rules").text.contains(#"id="no-rules""#))
            let form = try await web.get("/loyalty/rules/new")
            #expect(form.status == .ok && form.text.contains(#"id="rule-form""#) && form.text.contains(#"id="preview-rule""#))
            let csrf = try #require(WebClient.csrf(in: form))

            let refused = try await web.post("/loyalty/rules", form: ["_csrf": csrf, "name": "", "trigger": "activation.entry", "points": "dix",
                                                                     "maxPerDay": "0", "intent": "save"])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains(#"<p class="field-error" id="err-name">doit faire de 1 à 120 caractères sur une ligne</p>"#))
            #expect(refused.text.contains(#"<p class="field-error" id="err-points">doit être un nombre entier</p>"#))
            #expect(refused.text.contains(#"<p class="field-error" id="err-maxPerDay">doit être compris entre 1 et 1000, ou rester vide</p>"#))
            #expect(refused.text.contains(#"id="rule-per-day" min="1" max="1000" value="0""#), "what was typed comes back")
            #expect(try await Self.count(world, "SELECT COUNT(*) AS n FROM earning_rules") == 0)

            // A member of staff who reads English gets the API's own wording.
            _ = try await web.get("/lang/en")
            let refusedInEnglish = try await web.post("/loyalty/rules", form: ["_csrf": csrf, "name": "Entries", "trigger": "share.visit",
                                                                                  "points": "0", "pointsPerEuro": "2", "intent": "save"])
            #expect(refusedInEnglish.text.contains(#"id="err-pointsPerEuro">only applies to events with an amount (purchase, "#))
            #expect(refusedInEnglish.text.contains("Some fields need fixing."))
            _ = try await web.get("/lang/fr")

            // Two entries in the last 30 days: the preview counts them and saves nothing.
            _ = try await ActivationFixture.live(world, client: client)
            for email in ["ana@example.com", "bob@example.com"] {
                #expect(try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: email)).status == .created)
            }
            let fields = ["_csrf": csrf, "name": "Participation", "trigger": "activation.entry", "points": "10", "maxPerDay": "", "active": "1"]
            let preview = try await web.post("/loyalty/rules", form: fields.merging(["intent": "preview"]) { $1 })
            #expect(preview.status == .ok)
            #expect(preview.text.contains(#"id="rule-preview""#) && preview.text.contains("2 événements, 2 gains, 20 points pour 2 membres."))
            #expect(try await Self.count(world, "SELECT COUNT(*) AS n FROM earning_rules") == 0)

            let created = try await web.post("/loyalty/rules", form: fields.merging(["intent": "save"]) { $1 })
            #expect(created.status == .seeOther)
            let location = try #require(created.headers[.location])
            let id = try #require(Int(location.dropFirst("/loyalty/rules/".count).prefix { $0.isNumber }))
            #expect(location == "/loyalty/rules/\(id)?saved=1")
            let shown = try await web.get(location)
            #expect(shown.text.contains(#"id="rule-saved""#) && shown.text.contains(#"value="Participation""#))

            let changed = try await web.post("/loyalty/rules/\(id)", form: fields.merging(["points": "15", "maxPerDay": "3", "intent": "save"]) { $1 })
            #expect(changed.status == .seeOther)
            let versions = try await web.get("/loyalty/rules/\(id)")
            #expect(versions.text.contains(#"id="rule-versions""#) && versions.text.contains("<td>v2</td>") && versions.text.contains("<td>v1</td>"))
            #expect(versions.text.contains("3 par jour"))
            let deactivated = try await web.post("/loyalty/rules/\(id)/active", form: ["_csrf": csrf, "active": "0"])
            #expect(deactivated.status == .seeOther)
            let api = try await client.api(.get, "/api/v1/loyalty/rules/\(id)", key: world.keyA)
            #expect(api.json["version"] as? Int == 3 && api.json["points"] as? Int == 15 && api.json["active"] as? Bool == false)
            let list = try await web.get("/loyalty/rules")
            #expect(list.text.contains(#"id="rule-\#(id)""#) && list.text.contains("v3") && list.text.contains("désactivée"))
            #expect(try await web.post("/loyalty/rules", form: fields.merging(["_csrf": "forged", "intent": "save"]) { $1 }).status == .forbidden)
        }
    }

    @Test("An analyst reads the rules, the catalogue and the coupons but cannot open the forms or post them")
    func analystReadsOnly() async throws {
        let world = try await TestWorld.make()
        try await Self.staff(world, email: "analyst@test.example", role: .analyst, brandID: world.brandA.id)
        try await world.withServer { client in
            let rule = try await client.api(.post, "/api/v1/loyalty/rules", key: world.keyA, json: #"{"name":"Entries","trigger":"activation.entry","points":5}"#)
            let ruleID = try #require(rule.json["id"] as? Int)
            let rewardID = try await LoyaltyFixture.reward(client, world, name: "Gourde", cost: 100)
            var web = WebClient(client: client)
            try await web.logIn(email: "analyst@test.example", password: world.ownerPassword)
            let list = try await web.get("/loyalty/rules")
            #expect(list.status == .ok && list.text.contains("Entries") && !list.text.contains(#"id="new-rule""#))
            let shown = try await web.get("/loyalty/rules/\(ruleID)")
            #expect(shown.status == .ok && shown.text.contains(#"id="rule-summary""#) && !shown.text.contains(#"id="rule-form""#))
            #expect(try await web.get("/loyalty/rules/new").status == .forbidden)
            let csrf = try #require(WebClient.csrf(in: shown))
            let fields = ["_csrf": csrf, "name": "Hacked", "trigger": "activation.entry", "points": "500", "intent": "save"]
            #expect(try await web.post("/loyalty/rules", form: fields).status == .forbidden)
            #expect(try await web.post("/loyalty/rules/\(ruleID)", form: fields).status == .forbidden)
            #expect(try await web.post("/loyalty/rules/\(ruleID)/active", form: ["_csrf": csrf, "active": "0"]).status == .forbidden)
            #expect(try await web.post("/loyalty/rewards", form: ["_csrf": csrf, "name": "Free", "costPoints": "1"]).status == .forbidden)
            #expect(try await web.post("/loyalty/rewards/\(rewardID)", form: ["_csrf": csrf, "name": "Free", "costPoints": "1"]).status == .forbidden)
            #expect(try await web.get("/loyalty/rewards").text.contains("Gourde"))
            #expect(try await web.get("/loyalty/coupons").status == .ok)
            let api = try await client.api(.get, "/api/v1/loyalty/rules/\(ruleID)", key: world.keyA)
            #expect(api.json["version"] as? Int == 1 && api.json["name"] as? String == "Entries")
        }
    }

    @Test("Rewards are created and changed from the catalogue page, with field errors beside the fields")
    func rewardEditor() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            var web = WebClient(client: client)
            try await web.logIn(email: world.ownerEmail, password: world.ownerPassword)
            #expect(try await web.get("/loyalty/rewards").text.contains(#"id="no-rewards""#))
            let csrf = try #require(WebClient.csrf(in: try await web.get("/loyalty/rewards/new")))
            let refused = try await web.post("/loyalty/rewards", form: ["_csrf": csrf, "name": "Gourde", "costPoints": "0", "stock": "-3",
                                                                       "couponValidityDays": "90", "minimumTier": "Or"])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains(#"id="err-costPoints">doit être un nombre entier de 1 à"#))
            #expect(refused.text.contains(#"id="err-stock">doit être compris entre 0 et 10000000, ou rester vide pour ne pas limiter"#))
            #expect(refused.text.contains(#"id="err-minimumTier">demande que les paliers de la marque soient d’abord définis"#))
            let created = try await web.post("/loyalty/rewards", form: ["_csrf": csrf, "name": "Gourde", "costPoints": "300", "stock": "20",
                                                                       "couponValidityDays": "60", "codes": "generated", "status": "active"])
            #expect(created.status == .seeOther)
            let location = try #require(created.headers[.location])
            let id = try #require(Int(location.dropFirst("/loyalty/rewards/".count).prefix { $0.isNumber }))
            let changed = try await web.post("/loyalty/rewards/\(id)", form: ["_csrf": csrf, "name": "Gourde inox", "costPoints": "350", "stock": "",
                                                                             "couponValidityDays": "60", "codes": "generated", "status": "retired"])
            #expect(changed.status == .seeOther)
            let api = try await client.api(.get, "/api/v1/rewards/\(id)", key: world.keyA)
            #expect(api.json["name"] as? String == "Gourde inox" && api.json["costPoints"] as? Int == 350)
            #expect(api.json["stock"] == nil || api.json["stock"] is NSNull, "an empty stock is unlimited")
            #expect(api.json["status"] as? String == "retired" && api.json["couponValidityDays"] as? Int == 60)
            let list = try await web.get("/loyalty/rewards")
            #expect(list.text.contains("Gourde inox") && list.text.contains("retirée"))
        }
    }

    @Test("The coupons list masks codes, links members, names the store and time of the till, and filters by state")
    func couponList() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let ana = try await LoyaltyFixture.member(client, world, email: "ana@example.com")
            #expect(try await LoyaltyFixture.move(client, world, member: ana, kind: "earn", points: 1000).status == .created)
            let reward = try await LoyaltyFixture.reward(client, world, name: "Gourde", cost: 100)
            var codes: [String] = []
            for _ in 0..<3 {
                let redeemed = try await LoyaltyFixture.redeem(client, world, member: ana, reward: reward)
                codes.append(try #require((redeemed.json["coupon"] as? [String: Any])?["code"] as? String))
            }
            let till = try await client.api(.post, "/api/v1/coupons/\(codes[0])/redeem", key: world.keyA,
                                            json: #"{"unitId":\#(world.unitA1.id),"amountCents":1250}"#)
            #expect(till.status == .ok, "\(till.text)")
            let expiredCode = codes[2].replacingOccurrences(of: "-", with: "")
            try await world.withDatabase { database in
                try await database.transaction { sql in try await sql.raw("UPDATE coupons SET expires_at = 1 WHERE code = \(bind: expiredCode)").run() }
            }
            var web = WebClient(client: client)
            try await web.logIn(email: world.ownerEmail, password: world.ownerPassword)
            let all = try await web.get("/loyalty/coupons")
            #expect(all.status == .ok)
            for code in codes {
                #expect(!all.text.contains(code) && !all.text.contains(code.replacingOccurrences(of: "-", with: "")), "codes are never shown whole")
                #expect(all.text.contains("<code>••••-••••-\(code.suffix(4))</code>"))
            }
            #expect(all.text.contains(#"href="/members/\#(ana)""#))
            let redeemed = try await web.get("/loyalty/coupons?state=redeemed")
            #expect(redeemed.text.contains("Paris") && redeemed.text.contains(codes[0].suffix(4)) && !redeemed.text.contains("-\(codes[1].suffix(4))<"))
            let expired = try await web.get("/loyalty/coupons?state=expired")
            #expect(expired.text.contains("-\(codes[2].suffix(4))<") && !expired.text.contains("-\(codes[1].suffix(4))<") && expired.text.contains("expiré"))
            let issued = try await web.get("/loyalty/coupons?state=issued")
            #expect(issued.text.contains("-\(codes[1].suffix(4))<") && !issued.text.contains("-\(codes[0].suffix(4))<"))
            let paged = try await web.get("/loyalty/coupons?limit=2")
            #expect(paged.text.contains(#"id="next-page""#))
            let next = try await web.get("/loyalty/coupons?limit=2&cursor=\(try #require(Self.cursor(in: paged)))")
            #expect(next.text.contains("-\(codes[0].suffix(4))<") && next.text.contains(#"id="first-page""#))
        }
    }

    @Test("A brand never sees another brand's rules, rewards, coupons, trees or funnels through the pages")
    func tenancy() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let rule = try await client.api(.post, "/api/v1/loyalty/rules", key: world.keyA, json: #"{"name":"Entries A","trigger":"activation.entry","points":5}"#)
            let ruleID = try #require(rule.json["id"] as? Int)
            let member = try await LoyaltyFixture.member(client, world, email: "ana@example.com")
            #expect(try await LoyaltyFixture.move(client, world, member: member, kind: "earn", points: 500).status == .created)
            let reward = try await LoyaltyFixture.reward(client, world, name: "Gourde A", cost: 100)
            let coupon = try await LoyaltyFixture.redeem(client, world, member: member, reward: reward)
            let code = try #require((coupon.json["coupon"] as? [String: Any])?["code"] as? String)
            let activation = try await ActivationFixture.live(world, client: client)

            var web = WebClient(client: client)
            try await web.logIn(email: world.ownerEmail, password: world.ownerPassword)
            let csrf = try #require(WebClient.csrf(in: try await web.get("/loyalty")))
            #expect(try await web.post("/brand", form: ["brand": String(world.brandB.id), "_csrf": csrf]).status == .seeOther)
            #expect(try await web.get("/loyalty/rules").text.contains(#"id="no-rules""#))
            #expect(try await web.get("/loyalty/rules/\(ruleID)").status == .notFound)
            let fields = ["_csrf": csrf, "name": "Taken over", "trigger": "activation.entry", "points": "500", "intent": "save"]
            #expect(try await web.post("/loyalty/rules/\(ruleID)", form: fields).status == .notFound)
            #expect(try await web.post("/loyalty/rules/\(ruleID)/active", form: ["_csrf": csrf, "active": "0"]).status == .notFound)
            #expect(try await web.get("/loyalty/rewards/\(reward)").status == .notFound)
            #expect(try await web.post("/loyalty/rewards/\(reward)", form: ["_csrf": csrf, "name": "Taken", "costPoints": "1"]).status == .notFound)
            let coupons = try await web.get("/loyalty/coupons")
            #expect(coupons.text.contains(#"id="no-coupons""#) && !coupons.text.contains(String(code.suffix(4))))
            #expect(try await web.get("/sharing/tree/\(member)").status == .notFound)
            #expect(try await web.get("/activations/\(activation)/funnel").status == .notFound)
            #expect(!(try await web.get("/loyalty/rewards").text.contains("Gourde A")))
            let api = try await client.api(.get, "/api/v1/loyalty/rules/\(ruleID)", key: world.keyA)
            #expect(api.json["version"] as? Int == 1 && api.json["active"] as? Bool == true)
        }
    }

    /// A staff account with one role in one brand, with the owner's password.
    static func staff(_ world: TestWorld, email: String, role: Role, brandID: Int64) async throws {
        let hash = try await PasswordHasher.hash(world.ownerPassword)
        try await world.withDatabase { database in
            try await database.transaction { sql in
                let store = StaffStore(database: database)
                let staff = try await store.create(organisationID: world.organisation.id, email: email, displayName: "Alex Analyst",
                                                   passwordHash: hash, language: "fr", on: sql)
                try await store.grant(role, staffID: staff.id, organisationID: world.organisation.id, brandID: brandID, on: sql)
            }
        }
    }

    /// One integer read from the test database.
    static func count(_ world: TestWorld, _ query: String) async throws -> Int {
        try await ShareFixture.scalar(world, query)
    }

    /// The cursor of the page's "next page" link.
    static func cursor(in page: APIResponse) -> String? {
        guard let range = page.text.range(of: "cursor=") else { return nil }
        return String(page.text[range.upperBound...].prefix { $0.isNumber })
    }
}
