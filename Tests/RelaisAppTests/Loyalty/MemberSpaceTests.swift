import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import Testing
@testable import RelaisApp

@Suite("The member's own space")
struct MemberSpaceTests {
    // MARK: - Rules without a server

    @Test("A reward is offered when stock, tier and points allow it; otherwise the reason the member can do least about comes first")
    func rewardOffers() {
        let ladder = TierLadder(tiers: [Tier(name: "Bronze", threshold: 100, multiplierPercent: 100, benefits: ""),
                                        Tier(name: "Argent", threshold: 400, multiplierPercent: 120, benefits: "")], windowDays: 365)
        let bronze = ladder.tiers[0]
        func reward(cost: Int64, stock: Int? = nil, tier: String? = nil) -> Reward {
            Reward(id: 1, brandID: 1, name: "Mug", description: "", costPoints: cost, stock: stock, codes: .generated, couponValidityDays: 90,
                   status: .active, minimumTier: tier, redeemed: 0, createdAt: 0, updatedAt: 0)
        }
        #expect(RewardOffer.of(reward(cost: 100), balance: 100, tier: nil, ladder: ladder) == .available)
        #expect(RewardOffer.of(reward(cost: 100), balance: 40, tier: nil, ladder: ladder) == .missingPoints(60))
        #expect(RewardOffer.of(reward(cost: 100, tier: "Argent"), balance: 40, tier: bronze, ladder: ladder) == .tierRequired("Argent"))
        #expect(RewardOffer.of(reward(cost: 100, tier: "Bronze"), balance: 500, tier: bronze, ladder: ladder) == .available)
        #expect(RewardOffer.of(reward(cost: 100, stock: 0, tier: "Argent"), balance: 0, tier: nil, ladder: ladder) == .outOfStock)
        #expect(RewardOffer.of(reward(cost: 100, stock: 3), balance: 100, tier: nil, ladder: ladder) == .available)
    }

    @Test("Every string of the space exists in French and English, clashes with no other table, and every refusal has its sentence")
    func strings() {
        #expect(Set(MemberSpaceStrings.french.keys) == Set(MemberSpaceStrings.english.keys))
        let others = Set(Strings.french.keys).union(ActivationStrings.french.keys).union(GameStrings.french.keys)
            .union(IdeaReferralStrings.french.keys).union(ShareStrings.french.keys).union(LoyaltyStrings.french.keys)
        #expect(Set(MemberSpaceStrings.french.keys).isDisjoint(with: others))
        for code in MemberSpaceValues.refusalCodes.union(["other"]) {
            #expect(MemberSpaceStrings.french["space_error_\(code)"] != nil && MemberSpaceStrings.english["space_error_\(code)"] != nil, "\(code)")
        }
    }

    @Test("The page speaks the language chosen on it, else the member's, else the browser's")
    func language() {
        #expect(MemberSpace.language(cookie: "en", member: "fr", browser: .french) == .english)
        #expect(MemberSpace.language(cookie: nil, member: "en", browser: .french) == .english)
        #expect(MemberSpace.language(cookie: "xx", member: nil, browser: .english) == .english)
        #expect(MemberSpace.language(cookie: nil, member: "de", browser: .french) == .french)
    }

    @Test("A space link opens its member and brand until it expires; an altered one or one for another purpose opens nothing")
    func links() {
        let signer = LinkSigner(secret: "secret")
        let links = MemberSpaceLinks(signer: signer, publicBaseURL: "https://relais.example")
        let brand = Brand(id: 7, organisationID: 1, name: "Fizz", slug: "fizz", defaultLanguage: "fr", timeZone: "Europe/Paris",
                          country: "FR", minimumMarketingAge: 12, primaryColor: "#123456")
        let made = links.link(memberID: 42, brand: brand, now: 1_000)
        #expect(made.url.hasPrefix("https://relais.example/m/fizz/space?m="))
        #expect(made.expiresAt == 1_000 + 90 * Clock.dayMillis)
        let token = String(made.url.split(separator: "=", maxSplits: 1)[1])
        #expect(links.open(token, now: 2_000) == .member(memberID: 42, brandID: 7))
        #expect(links.open(token, now: made.expiresAt) == .expired)
        #expect(links.open(token + "x", now: 2_000) == .invalid)
        #expect(links.open(String(token.dropFirst()), now: made.expiresAt + 1) == .invalid, "an altered link is never said to have expired")
        let preference = signer.sign(purpose: "prefs", subject: "42:7", expiresAt: 10_000)
        #expect(links.open(preference, now: 2_000) == .invalid)
        let form = links.formToken(memberID: 42, brandID: 7, now: 1_000)
        #expect(links.formNonce(form, memberID: 42, brandID: 7, now: 2_000)?.count == 32)
        #expect(links.formNonce(form, memberID: 43, brandID: 7, now: 2_000) == nil, "a form served to one member acts for no other")
        #expect(links.formNonce(form, memberID: 42, brandID: 7, now: 1_000 + 2 * Clock.dayMillis) == nil)
        #expect(links.formNonce(token, memberID: 42, brandID: 7, now: 2_000) == nil)
    }

    // MARK: - Pages

    @Test("The space shows the first name, balance, tier, next tier, history, coupons, rewards with their reasons, and share links")
    func page() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let member = try await LoyaltyFixture.member(client, world, email: "space@example.com")
            let tiers = try await client.api(.put, "/api/v1/loyalty/tiers", key: world.keyA, json: """
                {"windowDays":365,"tiers":[{"name":"Bronze","threshold":100,"multiplierPercent":100,"benefits":""},
                 {"name":"Argent","threshold":400,"multiplierPercent":120,"benefits":"Livraison offerte"}]}
                """)
            #expect(tiers.status == .ok, "\(tiers.text)")
            #expect(try await LoyaltyFixture.move(client, world, member: member, kind: "earn", points: 150, reason: "Bienvenue").status == .created)
            let mug = try await LoyaltyFixture.reward(client, world, name: "Mug", cost: 100)
            #expect(try await LoyaltyFixture.redeem(client, world, member: member, reward: mug).status == .created)
            let trip = try await LoyaltyFixture.reward(client, world, name: "Voyage", cost: 10_000)
            let gone = try await LoyaltyFixture.reward(client, world, name: "Casquette", cost: 10, stock: 0)
            let vip = try await client.api(.post, "/api/v1/rewards", key: world.keyA, json: #"{"name":"Loge","costPoints":20,"minimumTier":"Argent"}"#)
            let vipID = try #require(vip.json["id"] as? Int, "\(vip.text)")
            let activation = try await ActivationFixture.live(world, client: client)

            let path = try await Self.spacePath(client, world, member: member)
            let page = try await client.raw(.get, path)
            #expect(page.status == .ok)
            #expect(page.headers[.cacheControl] == "no-store")
            #expect(page.text.contains("Bonjour Test !"))
            #expect(page.text.contains(#"<strong id="space-balance">50</strong>"#))
            #expect(page.text.contains(#"<dd id="space-tier">Bronze</dd>"#))
            #expect(page.text.contains("Plus que 250 points pour atteindre le palier Argent."))
            #expect(page.text.contains(#"<p class="muted" id="space-next-tier-benefits">Au palier Argent : Livraison offerte</p>"#),
                    "the member sees what the next tier gives")
            #expect(page.text.contains("Bienvenue") && page.text.contains("+150") && page.text.contains("-100"))
            #expect(page.text.contains(#"id="space-coupons""#) && page.text.contains("valable"))
            #expect(page.text.contains(#"id="redeem-\#(mug)" disabled"#) && page.text.contains("Il vous manque 50 points."))
            #expect(page.text.contains(#"id="redeem-\#(trip)" disabled"#) && page.text.contains("Il vous manque 9950 points."))
            #expect(page.text.contains(#"id="redeem-\#(gone)" disabled"#) && page.text.contains("Épuisé."))
            #expect(page.text.contains(#"id="redeem-\#(vipID)" disabled"#) && page.text.contains("Réservé au palier Argent et au-dessus."))
            #expect(page.text.contains("Grand jeu de Noël") && page.text.contains(#"id="get-link-\#(activation)""#))

            // "Get my share link" makes the link once, then the page shows it with its counts.
            let form = ["m": Self.token(path), "formToken": try #require(Self.formToken(page)), "activation": String(activation)]
            let shared = try await Self.post(client, "/m/fizz/space/share", form)
            #expect(shared.status == .seeOther)
            #expect(shared.headers[.location] == path + "#share-\(activation)")
            let again = try await Self.post(client, "/m/fizz/space/share", form)
            #expect(again.status == .seeOther)
            let links = try await client.api(.get, "/api/v1/members/\(member)/share-links", key: world.keyA)
            #expect((links.json["items"] as? [[String: Any]])?.count == 1, "one link per member and activation")
            let withLink = try await client.raw(.get, path)
            #expect(withLink.text.contains(#"id="share-url-\#(activation)" value="http://relais.test/r/"#))
            #expect(withLink.text.contains("0 clic(s) · 0 visite(s)") && !withLink.text.contains(#"id="get-link-\#(activation)""#))

            // In English when the member chose it on the page.
            let english = try await client.raw(.get, path, headers: [.cookie: "relais_lang=en"])
            #expect(english.text.contains("Hello Test!") && english.text.contains("You need 50 more points.") && english.text.contains(#"<html lang="en">"#))

            // Badges show once earned, by name.
            #expect(!withLink.text.contains(#"id="space-badges""#))
            try await world.withDatabase { database in
                try await database.transaction { sql in
                    try await sql.raw("INSERT INTO member_badges (brand_id, member_id, badge, earned_at) VALUES (\(bind: world.brandA.id), \(bind: member), 'first-visitor', 1)").run()
                }
            }
            let badged = try await client.raw(.get, path)
            #expect(badged.text.contains(#"id="space-badges""#) && badged.text.contains("Premier visiteur amené"))
        }
    }

    @Test("The history shows 20 lines a page with a link to older ones")
    func historyPages() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let member = try await LoyaltyFixture.member(client, world, email: "history@example.com")
            for index in 1...23 {
                #expect(try await LoyaltyFixture.move(client, world, member: member, kind: "earn", points: index, reason: "Ligne \(index)").status == .created)
            }
            let path = try await Self.spacePath(client, world, member: member)
            let first = try await client.raw(.get, path)
            #expect(first.text.contains("Ligne 23") && first.text.contains("Ligne 4") && !first.text.contains("Ligne 3<"))
            let older = try #require(Self.href(id: "history-older", in: first))
            let second = try await client.raw(.get, older)
            #expect(second.status == .ok)
            #expect(second.text.contains("Ligne 3<") && second.text.contains("Ligne 1<") && !second.text.contains("Ligne 4<"))
            #expect(second.text.contains(#"id="history-newest""#) && !second.text.contains(#"id="history-older""#))
        }
    }

    @Test("An altered, expired, missing or other brand's link shows a refusal with nothing about the member")
    func refusals() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let member = try await LoyaltyFixture.member(client, world, email: "secret@example.com")
            #expect(try await LoyaltyFixture.move(client, world, member: member, kind: "earn", points: 321).status == .created)
            let path = try await Self.spacePath(client, world, member: member)
            let token = Self.token(path)

            let tampered = try await client.raw(.get, path + "x")
            #expect(tampered.status == .forbidden)
            #expect(tampered.text.contains("Lien non valable") && tampered.text.contains("Fizz"))
            let otherBrand = try await client.raw(.get, "/m/grues/space?m=\(token)", headers: [.acceptLanguage: "en"])
            #expect(otherBrand.status == .forbidden)
            #expect(otherBrand.text.contains("Link not valid") && otherBrand.text.contains("Grues"))
            let missing = try await client.raw(.get, "/m/fizz/space")
            #expect(missing.status == .forbidden)
            let unknownBrand = try await client.raw(.get, "/m/nowhere/space?m=\(token)")
            #expect(unknownBrand.status == .forbidden)

            let key = try await world.withDatabase { database in try await InstanceSecrets.linkSigningKey(database) }
            let links = MemberSpaceLinks(signer: LinkSigner(secret: key), publicBaseURL: "")
            let old = links.token(memberID: Int64(member), brandID: world.brandA.id, now: Clock.nowMillis() - 91 * Clock.dayMillis).token
            let expired = try await client.raw(.get, "/m/fizz/space?m=\(old)")
            #expect(expired.status == .gone)
            #expect(expired.text.contains("Lien expiré"))
            let preference = LinkSigner(secret: key).sign(purpose: "prefs", subject: "\(member):\(world.brandA.id)",
                                                          expiresAt: Clock.nowMillis() + Clock.dayMillis)
            let wrongPurpose = try await client.raw(.get, "/m/fizz/space?m=\(preference)")
            #expect(wrongPurpose.status == .forbidden)
            let forgedRedeem = try await Self.post(client, "/m/fizz/space/redeem", ["m": token + "x", "formToken": "x", "reward": "1"])
            #expect(forgedRedeem.status == .forbidden)
            for refused in [tampered, otherBrand, missing, unknownBrand, expired, wrongPurpose, forgedRedeem] {
                #expect(!refused.text.contains("321") && !refused.text.contains("Test"), "no data of the member")
            }

            // A member erased since the link was sent: refused like a bad link.
            #expect(try await client.api(.delete, "/api/v1/members/\(member)", key: world.keyDPOA).status.code < 300)
            let erased = try await client.raw(.get, path)
            #expect(erased.status == .forbidden && !erased.text.contains("321"))
        }
    }

    @Test("Redeeming from the space gives one coupon per form, says why when it cannot, and never spends twice")
    func redeem() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let member = try await LoyaltyFixture.member(client, world, email: "redeem@example.com")
            #expect(try await LoyaltyFixture.move(client, world, member: member, kind: "earn", points: 150).status == .created)
            let mug = try await LoyaltyFixture.reward(client, world, name: "Mug", cost: 100, stock: 5)
            let path = try await Self.spacePath(client, world, member: member)
            let page = try await client.raw(.get, path)
            let form = ["m": Self.token(path), "formToken": try #require(Self.formToken(page)), "reward": String(mug)]

            let done = try await Self.post(client, "/m/fizz/space/redeem", form)
            #expect(done.status == .ok, "\(done.text)")
            #expect(done.text.contains(#"id="space-redeemed""#) && done.text.contains("C’est fait ! Votre bon pour Mug"))
            let code = try #require(Self.text(id: "redeemed-code", in: done))
            #expect(code.count == 14)
            #expect(done.text.contains(#"<strong id="space-balance">50</strong>"#))

            let twice = try await Self.post(client, "/m/fizz/space/redeem", form)
            #expect(twice.status == .ok)
            #expect(twice.text.contains("déjà été envoyé") && Self.text(id: "redeemed-code", in: twice) == code)
            #expect(try await LoyaltyFixture.balance(client, world, member: member) == 50, "a double submit spends once")
            let coupons = try await client.api(.get, "/api/v1/members/\(member)/coupons", key: world.keyA)
            #expect((coupons.json["items"] as? [[String: Any]])?.count == 1)
            let reward = try await client.api(.get, "/api/v1/rewards/\(mug)", key: world.keyA)
            #expect(reward.json["stock"] as? Int == 4)
            let timeline = try await client.api(.get, "/api/v1/members/\(member)/timeline", key: world.keyA)
            #expect(timeline.text.contains("reward.redeemed"))

            // With a fresh form but 50 points: refused in words, nothing spent.
            let fresh = try #require(Self.formToken(done))
            let poor = try await Self.post(client, "/m/fizz/space/redeem", ["m": Self.token(path), "formToken": fresh, "reward": String(mug)])
            #expect(poor.status == .unprocessableContent)
            #expect(poor.text.contains(#"id="space-refusal""#) && poor.text.contains("Vous n’avez pas assez de points pour Mug"))
            #expect(try await LoyaltyFixture.balance(client, world, member: member) == 50)

            // A form token that was not served to this member does nothing.
            let forged = try await Self.post(client, "/m/fizz/space/redeem", ["m": Self.token(path), "formToken": "forged", "reward": String(mug)])
            #expect(forged.status == .unprocessableContent && forged.text.contains("ouverte depuis trop longtemps"))
            let unknown = try await Self.post(client, "/m/fizz/space/redeem", ["m": Self.token(path), "formToken": fresh, "reward": "999999"])
            #expect(unknown.status == .notFound && unknown.text.contains("existe pas"))
            #expect(try await LoyaltyFixture.balance(client, world, member: member) == 50)
        }
    }

    // MARK: - Links given to staff and members

    @Test("The API gives a brand's key a link to its member's space; another brand's key gets 404, a read-only key 403")
    func spaceLinkAPI() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let member = try await LoyaltyFixture.member(client, world, email: "api@example.com")
            let link = try await client.api(.get, "/api/v1/members/\(member)/space-link", key: world.keyA)
            #expect(link.status == .ok)
            let url = try #require(link.json["url"] as? String)
            #expect(url.hasPrefix("http://relais.test/m/fizz/space?m="))
            let expires = try #require((link.json["expiresAt"] as? String).flatMap(Clock.parseISO))
            #expect(abs(expires - Clock.nowMillis() - 90 * Clock.dayMillis) < 60_000)
            #expect(try await client.api(.get, "/api/v1/members/\(member)/space-link", key: world.keyB).status == .notFound)
            #expect(try await client.api(.get, "/api/v1/members/\(member)/space-link", key: world.keyUnitA1).status == .notFound)
            #expect(try await client.api(.get, "/api/v1/members/\(member)/space-link", key: world.keyAnalystA).status == .forbidden)
            #expect(try await client.api(.get, "/api/v1/members/\(member)/space-link", key: nil).status == .unauthorized)
        }
    }

    @Test("The staff member page, the entry confirmation and the thank-you e-mail carry the link to the member's space")
    func linksGiven() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            var web = WebClient(client: client)
            try await web.logIn(email: world.ownerEmail, password: world.ownerPassword)
            _ = try await ActivationFixture.live(world, client: client)
            #expect(try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: "entrant@example.com")).status == .created)
            let thanked = try await LoyaltyFixture.member(client, world, email: "thanked@example.com")
            let thanks = try await client.api(.post, "/api/v1/loyalty/thanks", key: world.keyA,
                                              json: #"{"memberIds":[\#(thanked)],"points":20,"message":"Merci !"}"#)
            #expect(thanks.status == .created, "\(thanks.text)")
            let mails = try await world.withDatabase { database in
                try await database.read { sql in
                    try await sql.raw("SELECT purpose, body FROM outbox_messages WHERE purpose IN ('activation_entry', 'ambassador_thanks') ORDER BY id").all()
                        .map { (try $0.decode(column: "purpose", as: String.self), try $0.decode(column: "body", as: String.self)) }
                }
            }
            #expect(mails.map(\.0) == ["activation_entry", "ambassador_thanks"])
            for (_, body) in mails {
                let line = try #require(body.split(separator: "\n").first { $0.hasPrefix("http://relais.test/m/fizz/space?m=") })
                let page = try await client.raw(.get, String(line.dropFirst("http://relais.test".count)))
                #expect(page.status == .ok && page.text.contains(#"id="space-balance""#))
            }

            let memberPage = try await web.get("/members/\(thanked)")
            let staffLink = try #require(WebClient.inputValue(id: "space-link", in: memberPage))
            #expect(staffLink.hasPrefix("http://relais.test/m/fizz/space?m="))
            let opened = try await client.raw(.get, String(staffLink.dropFirst("http://relais.test".count)))
            #expect(opened.text.contains(#"<strong id="space-balance">20</strong>"#))
        }
    }

    // MARK: - Helpers

    /// The path of the member's space, from the API.
    static func spacePath(_ client: some TestClientProtocol, _ world: TestWorld, member: Int) async throws -> String {
        let link = try await client.api(.get, "/api/v1/members/\(member)/space-link", key: world.keyA)
        let url = try #require(link.json["url"] as? String, "\(link.text)")
        return String(url.dropFirst("http://relais.test".count))
    }

    /// The member's token in a space path.
    static func token(_ path: String) -> String {
        String(path.split(separator: "?m=", maxSplits: 1).last ?? "")
    }

    /// The form token of a space page.
    static func formToken(_ page: APIResponse) -> String? {
        guard let range = page.text.range(of: #"name="formToken" value=""#) else { return nil }
        return String(page.text[range.upperBound...].prefix { $0 != "\"" })
    }

    /// The text of the element with this id.
    static func text(id: String, in page: APIResponse) -> String? {
        guard let start = page.text.range(of: "id=\"\(id)\">") else { return nil }
        return String(page.text[start.upperBound...].prefix { $0 != "<" })
    }

    /// The address of the link with this id, unescaped.
    static func href(id: String, in page: APIResponse) -> String? {
        guard let start = page.text.range(of: "<a href=\"", options: .backwards,
                                          range: page.text.startIndex..<(page.text.range(of: "id=\"\(id)\"")?.lowerBound ?? page.text.startIndex)) else { return nil }
        return String(page.text[start.upperBound...].prefix { $0 != "\"" }).replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Posts a public form.
    static func post(_ client: some TestClientProtocol, _ path: String, _ form: [String: String]) async throws -> APIResponse {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let body = form.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
        return try await client.raw(.post, path, headers: [.contentType: "application/x-www-form-urlencoded"], body: body)
    }
}
