import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import RelaisApp

/// Activations created through the API for tests.
enum ActivationFixture {
    /// A sweepstakes body: open since 2020 (or from tomorrow when `opensLater`), closing in 2099, two prizes, rules.
    static func sweepstakes(slug: String = "noel", minimumAge: Int = 0, frequency: String = "once", cap: Int? = nil,
                            opensLater: Bool = false, membersOnly: Bool = false) -> String {
        let opens = opensLater ? LocalTime.text(Clock.nowMillis() + 2 * Clock.dayMillis, timeZone: "Europe/Paris") : "2020-01-01T00:00"
        return """
        {"kind":"sweepstakes","slug":"\(slug)","titleFr":"Grand jeu de Noël","titleEn":"Christmas sweepstakes",
         "descriptionFr":"Gagnez des coffrets.","opensAt":"\(opens)","closesAt":"2099-01-01T00:00","minimumAge":\(minimumAge),
         "entryFrequency":"\(frequency)"\(cap.map { ",\"entryCap\":\($0)" } ?? ""),"membersOnly":\(membersOnly),
         "prizes":[{"name":"Coffret collector","quantity":2,"alternates":1},{"name":"Vélo","quantity":1}],
         "rules":"Article 1 : jeu gratuit sans obligation d'achat."}
        """
    }

    /// Creates and schedules an activation with brand A's key; returns its id.
    static func live(_ world: TestWorld, client: some TestClientProtocol, body: String = sweepstakes()) async throws -> Int {
        let created = try await client.api(.post, "/api/v1/activations", key: world.keyA, json: body)
        #expect(created.status == .created, "\(created.text)")
        let id = try #require(created.json["id"] as? Int)
        let scheduled = try await client.api(.post, "/api/v1/activations/\(id)/transitions", key: world.keyA, json: #"{"action":"schedule"}"#)
        #expect(scheduled.status == .ok, "\(scheduled.text)")
        return id
    }

    /// An entry body for the public endpoint.
    static func entry(email: String, birthDate: String? = nil, rulesVersion: Int? = 1, extra: String = "") -> String {
        var fields = [#""email":"\#(email)""#, #""firstName":"Camille""#, #""lastName":"Martin""#]
        if let birthDate { fields.append(#""birthDate":"\#(birthDate)""#) }
        if let rulesVersion { fields.append(#""acceptRulesVersion":\#(rulesVersion)"#) }
        if !extra.isEmpty { fields.append(extra) }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// Posts an entry to the public endpoint of brand A's activation `slug`.
    static func enter(_ client: some TestClientProtocol, slug: String = "noel", body: String, idempotencyKey: String? = nil) async throws -> APIResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let idempotencyKey { headers[.init("Idempotency-Key")!] = idempotencyKey }
        return try await client.raw(.post, "/api/v1/public/activations/fizz/\(slug)/entries", headers: headers, body: body)
    }

    /// A sweepstakes of brand A with `entrants` entries, closed and drawn; returns its id.
    static func drawn(_ world: TestWorld, client: some TestClientProtocol, entrants: Int) async throws -> Int {
        let id = try await live(world, client: client)
        for index in 0..<entrants {
            #expect(try await enter(client, body: entry(email: "winner\(index)@example.com")).status == .created)
        }
        _ = try await client.api(.post, "/api/v1/activations/\(id)/transitions", key: world.keyA, json: #"{"action":"close"}"#)
        let drawn = try await client.api(.post, "/api/v1/activations/\(id)/draw", key: world.keyA, json: "{}")
        #expect(drawn.status == .created)
        return id
    }
}
