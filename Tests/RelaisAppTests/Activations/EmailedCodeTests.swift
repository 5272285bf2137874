import Foundation
import HTTPTypes
import Testing
@testable import RelaisApp

@Suite("E-mailed codes")
struct EmailedCodeTests {
    @Test("A code goes to a known member only, with the same answer for any address; it works once and recognises the member")
    func codes() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            _ = try await ActivationFixture.live(world, client: client, body: IdeaFixture.contest())
            #expect(try await client.api(.post, "/api/v1/members", key: world.keyA, json: #"{"email":"camille@example.com","firstName":"Camille"}"#).status == .created)
            func request(_ email: String) async throws -> APIResponse {
                try await client.raw(.post, "/api/v1/public/activations/fizz/idees/codes", headers: [.contentType: "application/json"], body: #"{"email":"\#(email)"}"#)
            }
            func check(_ email: String, _ code: String) async throws -> APIResponse {
                try await client.raw(.post, "/api/v1/public/activations/fizz/idees/codes/check", headers: [.contentType: "application/json"],
                                     body: #"{"email":"\#(email)","code":"\#(code)"}"#)
            }
            let known = try await request("Camille@example.com")
            let unknown = try await request("nobody@example.com")
            #expect(known.status == .accepted)
            #expect(known.status == unknown.status && known.body == unknown.body, "the answer never tells whether an address is known")
            #expect(try await IdeaFixture.count(world, "SELECT COUNT(*) AS n FROM outbox_messages WHERE purpose = 'member_code'") == 1)
            let code = try #require(try await IdeaFixture.lastCode(world, email: "camille@example.com"))
            #expect(try await IdeaFixture.count(world, "SELECT COUNT(*) AS n FROM member_codes WHERE code_hash = \(bind: code)") == 0, "codes are hashed at rest")
            #expect(try await check("nobody@example.com", code).json["code"] as? String == "invalid_code")
            let wrong = code == "000000" ? "111111" : "000000"
            #expect(try await check("camille@example.com", wrong).status == .unprocessableContent)
            let good = try await check("camille@example.com", code)
            #expect(good.status == .ok)
            let link = try #require(good.json["memberLink"] as? String)
            #expect(try await check("camille@example.com", code).status == .unprocessableContent, "a code works once")
            let page = try await client.raw(.get, "/a/fizz/idees?m=\(link)")
            #expect(page.text.contains(#"id="known-member""#))
            #expect(!page.text.contains(#"id="f-email""#), "a recognised member is not asked for their e-mail again")

            // Five wrong tries end a code, even when the right one comes next.
            _ = try await request("camille@example.com")
            let second = try #require(try await IdeaFixture.lastCode(world, email: "camille@example.com"))
            for _ in 0..<5 { _ = try await check("camille@example.com", second == "000000" ? "111111" : "000000") }
            #expect(try await check("camille@example.com", second).status == .unprocessableContent)
            // Three requests per address in 15 minutes, known or not.
            #expect(try await request("camille@example.com").status == .accepted)
            #expect(try await request("camille@example.com").status == .tooManyRequests)
            _ = try await request("nobody@example.com")
            _ = try await request("nobody@example.com")
            #expect(try await request("nobody@example.com").status == .tooManyRequests)
            #expect(try await request("not an address").status == .unprocessableContent)
            let foreign = try await client.raw(.post, "/api/v1/public/activations/fizz/idees/codes",
                                               headers: [.contentType: "application/json", .origin: "https://elsewhere.example"], body: #"{"email":"a@example.com"}"#)
            #expect(foreign.status == .forbidden, "only the brand's allowed origins may call it from a browser")
        }
    }

    @Test("A code expires after 15 minutes; the hosted page sends and checks codes with readable messages")
    func expiryAndPage() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            _ = try await ActivationFixture.live(world, client: client, body: IdeaFixture.contest())
            _ = try await client.api(.post, "/api/v1/members", key: world.keyA, json: #"{"email":"leo@example.com","firstName":"Léo"}"#)
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            let sent = try await client.raw(.post, "/a/fizz/idees/code", headers: form, body: "codeEmail=leo%40example.com")
            #expect(sent.status == .ok)
            #expect(sent.text.contains(#"id="code-sent""#))
            let code = try #require(try await IdeaFixture.lastCode(world, email: "leo@example.com"))
            let wrong = try await client.raw(.post, "/a/fizz/idees/code/check", headers: form, body: "codeEmail=leo%40example.com&code=12")
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.text.contains(#"id="err-code""#))
            let right = try await client.raw(.post, "/a/fizz/idees/code/check", headers: form, body: "codeEmail=leo%40example.com&code=\(code)")
            #expect(right.status == .seeOther)
            #expect(right.headers[.location]?.hasPrefix("/a/fizz/idees?m=") == true)

            _ = try await client.raw(.post, "/a/fizz/idees/code", headers: form, body: "codeEmail=leo%40example.com")
            let late = try #require(try await IdeaFixture.lastCode(world, email: "leo@example.com"))
            try await world.withDatabase { database in
                let codes = EmailedCodes(database: database, signer: LinkSigner(secret: try await InstanceSecrets.linkSigningKey(database)))
                await #expect(throws: EmailedCodes.Problem.wrongCode) {
                    try await codes.check(email: "leo@example.com", code: late, brand: world.brandA, now: Clock.nowMillis() + MemberCode.lifetimeMillis + 1)
                }
                #expect(try await codes.check(email: "leo@example.com", code: late, brand: world.brandA) > 0)
            }
        }
    }
}
