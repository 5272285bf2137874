import Foundation
import HTTPTypes
import Testing
@testable import RelaisApp

@Suite("Tenant isolation on every ID-bearing route")
struct EveryRouteIsolationTests {
    /// Request bodies that would be valid for brand A's own key, so that only the tenancy check can refuse them.
    static let bodies: [String: String] = [
        "/api/v1/members/{id}/consents": #"{"purpose":"newsletter","channel":"sms","granted":false}"#,
        "/api/v1/members/{id}/merge": #"{"duplicateId":{other}}"#,
        "/api/v1/segments/{id}": #"{"name":"Renamed","match":"all","rules":[{"kind":"hasTag","tag":"vip"}]}"#,
        "/api/v1/consent-purposes/{key}/wordings": #"{"language":"fr","body":"Nouveau texte"}"#,
        "/api/v1/activations/{id}": ActivationFixture.sweepstakes(),
        "/api/v1/activations/{id}/transitions": #"{"action":"close"}"#,
        "/api/v1/activations/{id}/draw": "{}",
        "/api/v1/activations/{id}/invalidations": #"{"entryId":1,"reason":"test of isolation"}"#,
        "/api/v1/members/{id}/points": #"{"kind":"earn","points":10}"#,
        "/api/v1/members/{id}/redemptions": #"{"rewardId":{reward}}"#,
        "/api/v1/rewards/{id}": #"{"name":"Renamed","costPoints":5}"#,
        "/api/v1/rewards/{id}/codes": #"{"codes":["ABC123"]}"#,
        "/api/v1/loyalty/rules/{id}": #"{"name":"Renamed","trigger":"activation.entry","points":5}"#,
        "/api/v1/activations/{id}/budget-lines": #"{"category":"media","plannedCents":100}"#,
        "/api/v1/activations/{id}/budget-lines/{lineId}": #"{"category":"media","plannedCents":100}"#,
        "/api/v1/budget-lines/{id}": #"{"category":"media","plannedCents":100}"#,
        "/api/v1/activations/{id}/declared-reach": #"{"source":"Radio","impressions":10}"#,
        "/api/v1/activations/{id}/declared-reach/{reachId}": #"{"source":"Radio","impressions":10}"#,
        "/api/v1/listening/sources/{id}": #"{"label":"Renamed"}"#,
        "/api/v1/listening/queries/{id}": #"{"name":"Renamed"}"#,
        "/api/v1/listening/queries/{id}/alert-settings": #"{"windowMinutes":30}"#,
    ]

    /// Routes about the brand as a whole that a unit's key may use: the rewards catalogue is read
    /// in every store, and a store's till redeems the brand's coupons whoever holds them.
    static let brandWide: Set<String> = ["GET /api/v1/rewards/{id}", "GET /api/v1/coupons/{code}", "POST /api/v1/coupons/{code}/redeem",
                                         "GET /api/v1/loyalty/rules/{id}", "GET /api/v1/loyalty/rules/{id}/versions"]

    @Test("Every route of the OpenAPI document with an id in its path refuses another brand's key and a unit key outside the unit")
    func everyIDRoute() async throws {
        let world = try await TestWorld.make()
        let document = try JSONSerialization.jsonObject(with: OpenAPIDocument.data) as? [String: Any]
        let paths = try #require(document?["paths"] as? [String: [String: Any]])
        let routes = paths.filter { $0.key.contains("{") }.flatMap { path, item in
            item.keys.filter { ["get", "post", "put", "patch", "delete"].contains($0) }.map { (path, $0) }
        }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        #expect(routes.count >= 12, "the document lists the ID-bearing routes")
        try await world.withServer { client in
            // Brand A's objects: two members outside unit A1, a segment, an import report, the "service" purpose (brand B has none).
            func member(_ email: String) async throws -> Int {
                let response = try await client.api(.post, "/api/v1/members", key: world.keyA, json: #"{"email":"\#(email)","tags":["vip"]}"#)
                return try #require((response.json["member"] as? [String: Any])?["id"] as? Int)
            }
            let memberID = try await member("target@example.com")
            let otherID = try await member("other@example.com")
            let segment = try await client.api(.post, "/api/v1/segments", key: world.keyA,
                                               json: #"{"name":"VIP","match":"all","rules":[{"kind":"hasTag","tag":"vip"}]}"#)
            let segmentID = try #require(segment.json["id"] as? Int)
            let report = try await client.api(.post, "/api/v1/imports/members", key: world.keyA,
                                              json: #"{"csv":"email\nimported@example.com\n","mapping":["email"]}"#)
            let importID = try #require(report.json["id"] as? Int, "\(report.text)")
            let activationID = try await ActivationFixture.live(world, client: client)
            let reward = try await client.api(.post, "/api/v1/rewards", key: world.keyA, json: #"{"name":"Mug","costPoints":1}"#)
            let rewardID = try #require(reward.json["id"] as? Int, "\(reward.text)")
            let holder = try await member("holder@example.com")
            _ = try await client.api(.post, "/api/v1/members/\(holder)/points", key: world.keyA, json: #"{"kind":"earn","points":5}"#)
            let redemption = try await client.api(.post, "/api/v1/members/\(holder)/redemptions", key: world.keyA, json: #"{"rewardId":\#(rewardID)}"#)
            let rule = try await client.api(.post, "/api/v1/loyalty/rules", key: world.keyA, json: #"{"name":"Entries","trigger":"activation.entry","points":5}"#)
            let ruleID = try #require(rule.json["id"] as? Int, "\(rule.text)")
            let source = try await client.api(.post, "/api/v1/listening/sources", key: world.keyA, json: #"{"url":"https://example.com/feed","enabled":false}"#)
            let sourceID = try #require(source.json["id"] as? Int, "\(source.text)")
            let query = try await client.api(.post, "/api/v1/listening/queries", key: world.keyA, json: #"{"name":"Fizz","query":"fizz"}"#)
            let queryID = try #require(query.json["id"] as? Int, "\(query.text)")
            // An alert of brand A's query, as the evaluator would open it.
            let alertID = try await world.withDatabase { database in
                try await database.transaction { sql in
                    try await sql.raw("""
                        INSERT INTO listening_alerts (organisation_id, brand_id, query_id, kind, opened_at, last_true_at, observed, expected, score, window_minutes)
                        VALUES (\(bind: world.organisation.id), \(bind: world.brandA.id), \(bind: Int64(queryID)), 'volume_spike', 0, 0, 12, 1, 11, 60)
                        RETURNING id
                        """).first()?.decode(column: "id", as: Int.self)
                }
            }
            let couponCode = try #require((redemption.json["coupon"] as? [String: Any])?["code"] as? String, "\(redemption.text)")
            // Brand A's costs and declared reach: a line of the activation, a line of the brand, a declared reach.
            let line = try await client.api(.post, "/api/v1/activations/\(activationID)/budget-lines", key: world.keyA, json: #"{"category":"media","plannedCents":100}"#)
            let lineID = try #require(line.json["id"] as? Int, "\(line.text)")
            let brandLine = try await client.api(.post, "/api/v1/budget-lines", key: world.keyA, json: #"{"category":"staff","plannedCents":100}"#)
            let brandLineID = try #require(brandLine.json["id"] as? Int, "\(brandLine.text)")
            let reach = try await client.api(.post, "/api/v1/activations/\(activationID)/declared-reach", key: world.keyA, json: #"{"source":"TV","impressions":5}"#)
            let reachID = try #require(reach.json["id"] as? Int, "\(reach.text)")
            var successes: [String] = []
            for (path, method) in routes {
                let id = path.hasPrefix("/api/v1/segments") ? segmentID : path.hasPrefix("/api/v1/imports") ? importID
                    : path.hasPrefix("/api/v1/activations") ? activationID : path.hasPrefix("/api/v1/rewards") ? rewardID
                    : path.hasPrefix("/api/v1/loyalty/rules") ? ruleID : path.hasPrefix("/api/v1/budget-lines") ? brandLineID : path.hasPrefix("/api/v1/listening/sources") ? sourceID
                    : path.hasPrefix("/api/v1/listening/queries") ? queryID : path.hasPrefix("/api/v1/listening/alerts") ? (alertID ?? 0) : memberID
                let concrete = path.replacingOccurrences(of: "{id}", with: String(id)).replacingOccurrences(of: "{key}", with: "service")
                    .replacingOccurrences(of: "{code}", with: couponCode)
                    .replacingOccurrences(of: "{brand}", with: "fizz").replacingOccurrences(of: "{activation}", with: "noel")
                    .replacingOccurrences(of: "{ideaId}", with: "1")
                    .replacingOccurrences(of: "{lineId}", with: String(lineID)).replacingOccurrences(of: "{reachId}", with: String(reachID))
                let body = Self.bodies[path]?.replacingOccurrences(of: "{other}", with: String(otherID))
                    .replacingOccurrences(of: "{reward}", with: String(rewardID))
                let keys = Self.brandWide.contains("\(method.uppercased()) \(path)") ? [world.keyB] : [world.keyB, world.keyUnitA1]
                for key in keys {
                    let response = try await client.api(HTTPRequest.Method(method.uppercased())!, concrete, key: key,
                                                        json: ["post", "put", "patch"].contains(method) ? (body ?? "{}") : nil)
                    if (200..<300).contains(Int(response.status.code)) {
                        successes.append("\(method.uppercased()) \(path) with \(key == world.keyB ? "brand B" : "unit A1") → \(response.status.code)")
                    }
                    #expect(Int(response.status.code) >= 400 && Int(response.status.code) < 500, "\(method) \(concrete) answered \(response.status)")
                }
            }
            #expect(successes.isEmpty, "\(successes)")
            // Brand A still reaches each of them.
            #expect(try await client.api(.get, "/api/v1/members/\(memberID)", key: world.keyA).status == .ok)
            #expect(try await client.api(.get, "/api/v1/segments/\(segmentID)", key: world.keyA).status == .ok)
            #expect(try await client.api(.get, "/api/v1/imports/\(importID)", key: world.keyA).status == .ok)
            #expect(try await client.api(.get, "/api/v1/activations/\(activationID)", key: world.keyA).status == .ok)
            #expect(try await client.api(.get, "/api/v1/listening/sources/\(sourceID)", key: world.keyA).status == .ok)
            #expect(try await client.api(.get, "/api/v1/listening/queries/\(queryID)", key: world.keyA).status == .ok)
            #expect(try await client.api(.get, "/api/v1/listening/alerts/\(alertID ?? 0)", key: world.keyA).status == .ok)
        }
    }
}
