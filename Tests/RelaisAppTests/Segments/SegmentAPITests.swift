import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import RelaisApp

/// Brand A members seeded through the API, with timeline events written directly.
struct SegmentFixture: Sendable {
    /// Lyon 69003, 26ish, vip, flavour cherry, newsletter by e-mail granted, unit A1, 2 entries in the last 10 days.
    let lea: Int
    /// Paris 75011, born 1980, staff tag, flavour lime, newsletter by SMS only, joined 400 days ago, 1 recent + 1 old entry.
    let marc: Int
    /// "lyon" 69100, no birth date, newsletter by e-mail pending, one organisation-wide share 5 days ago.
    let zoe: Int
    /// Marseille 13006, no city tag or attribute, newsletter by e-mail withdrawn.
    let paul: Int
    /// A brand B member in Lyon with events of brand B.
    let other: Int

    static func make(_ world: TestWorld, client: some TestClientProtocol) async throws -> SegmentFixture {
        func create(_ key: String, _ json: String) async throws -> Int {
            let response = try await client.api(.post, "/api/v1/members", key: key, json: json)
            #expect(response.status == .created, "\(response.text)")
            return try #require((response.json["member"] as? [String: Any])?["id"] as? Int)
        }
        let confirmed = #""confirmedAt":"2025-01-01T00:00:00Z""#
        let flavour = try await client.api(.post, "/api/v1/attributes", key: world.keyA,
                                           json: #"{"key":"flavour","label":"Parfum","type":"choice","choices":["cherry","lime"]}"#)
        #expect(flavour.status == .created)
        let lea = try await create(world.keyA, """
            {"email":"lea@example.com","firstName":"Léa","city":"Lyon","postalCode":"69003","country":"FR","birthDate":"2000-05-01",
             "tags":["vip"],"attributes":{"flavour":"cherry"},"unitId":\(world.unitA1.id),
             "consents":[{"purpose":"newsletter","channel":"email","granted":true,\(confirmed)}]}
            """)
        let marc = try await create(world.keyA, """
            {"email":"marc@example.com","city":"Paris","postalCode":"75011","birthDate":"1980-01-01","tags":["staff"],
             "attributes":{"flavour":"lime"},"consents":[{"purpose":"newsletter","channel":"sms","granted":true}]}
            """)
        let zoe = try await create(world.keyA, """
            {"email":"zoe@example.com","city":"lyon","postalCode":"69100","consents":[{"purpose":"newsletter","channel":"email","granted":true}]}
            """)
        let paul = try await create(world.keyA, """
            {"email":"paul@example.com","city":"Marseille","postalCode":"13006","consents":[{"purpose":"newsletter","channel":"email","granted":true,\(confirmed)}]}
            """)
        let withdrawal = try await client.api(.post, "/api/v1/members/\(paul)/consents", key: world.keyA,
                                              json: #"{"purpose":"newsletter","channel":"email","granted":false}"#)
        #expect(withdrawal.status == .created)
        let other = try await create(world.keyB, #"{"email":"other@example.com","city":"Lyon","postalCode":"69001"}"#)
        let org = world.organisation.id, a = world.brandA.id, b = world.brandB.id
        let now = Clock.nowMillis(), day = Clock.dayMillis
        try await world.withDatabase { database in
            try await database.transaction { sql in
                let timeline = Timeline()
                for (member, brand, kind, daysAgo) in [
                    (lea, a, "activation.entry", 2), (lea, a, "activation.entry", 9),
                    (marc, a, "activation.entry", 3), (marc, a, "activation.entry", 200),
                    (zoe, b, "activation.entry", 1), (zoe, b, "activation.entry", 2), (zoe, nil, "activation.share", 5),
                    (other, b, "activation.entry", 1), (other, b, "activation.entry", 2),
                ] as [(Int, Int64?, String, Int64)] {
                    try await timeline.append(organisationID: org, brandID: brand, memberID: Int64(member), kind: kind, summary: "test",
                                              at: now - daysAgo * day, on: sql)
                }
                try await sql.raw("UPDATE member_brands SET first_seen_at = \(bind: now - 400 * day) WHERE member_id = \(bind: marc)").run()
            }
        }
        return SegmentFixture(lea: lea, marc: marc, zoe: zoe, paul: paul, other: other)
    }
}

@Suite("Segments API")
struct SegmentAPITests {
    /// The live count of rules, through `POST /segments/preview`.
    static func preview(_ client: some TestClientProtocol, key: String, _ body: String) async throws -> Int? {
        let response = try await client.api(.post, "/api/v1/segments/preview", key: key, json: body)
        #expect(response.status == .ok, "\(body) → \(response.text)")
        return response.json["count"] as? Int
    }

    @Test("Each kind of rule counts the right members of the brand")
    func everyRuleKind() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            _ = try await SegmentFixture.make(world, client: client)
            let cases: [(String, Int)] = [
                (#"[]"#, 4),
                (#"[{"kind":"field","field":"city","op":"equals","value":"LYON"}]"#, 2),
                (#"[{"kind":"field","field":"postalCode","op":"startsWith","value":"69"}]"#, 2),
                (#"[{"kind":"field","field":"city","op":"notEquals","value":"lyon"}]"#, 2),
                (#"[{"kind":"field","field":"country","op":"equals","value":"fr"}]"#, 1),
                (#"[{"kind":"field","field":"country","op":"isNotSet"}]"#, 3),
                (#"[{"kind":"field","field":"firstName","op":"startsWith","value":"lé"}]"#, 1),
                (#"[{"kind":"attribute","key":"flavour","op":"equals","value":"Cherry"}]"#, 1),
                (#"[{"kind":"attribute","key":"flavour","op":"isSet"}]"#, 2),
                (#"[{"kind":"attribute","key":"flavour","op":"notEquals","value":"cherry"}]"#, 3),
                (#"[{"kind":"hasTag","tag":"vip"}]"#, 1),
                (#"[{"kind":"lacksTag","tag":"vip"}]"#, 3),
                (#"[{"kind":"consent","purpose":"newsletter","channel":"email","status":"granted"}]"#, 1),
                (#"[{"kind":"consent","purpose":"newsletter","channel":"email","status":"pending"}]"#, 1),
                (#"[{"kind":"consent","purpose":"newsletter","channel":"email","status":"withdrawn"}]"#, 1),
                (#"[{"kind":"consent","purpose":"newsletter","channel":"email","status":"none"}]"#, 1),
                (#"[{"kind":"consent","purpose":"newsletter","channel":"sms","status":"granted"}]"#, 1),
                (#"[{"kind":"age","min":18,"max":30}]"#, 1),
                (#"[{"kind":"age","min":40}]"#, 1),
                (#"[{"kind":"age","max":17}]"#, 0),
                (#"[{"kind":"event","eventKind":"activation.entry","atLeast":2,"days":90}]"#, 1),
                (#"[{"kind":"event","eventKind":"activation.entry","atLeast":2}]"#, 2),
                (#"[{"kind":"event","eventKind":"activation.","prefix":true,"days":30}]"#, 3),
                (#"[{"kind":"event","eventKind":"activation.share"}]"#, 1),
                (#"[{"kind":"memberSince","op":"before","days":365}]"#, 1),
                (#"[{"kind":"memberSince","op":"within","days":30}]"#, 3),
            ]
            for (rules, expected) in cases {
                #expect(try await Self.preview(client, key: world.keyA, #"{"rules":\#(rules)}"#) == expected, "\(rules)")
            }
        }
    }

    @Test("All needs every rule, any needs one")
    func allAndAny() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            _ = try await SegmentFixture.make(world, client: client)
            let rules = #"[{"kind":"field","field":"postalCode","op":"startsWith","value":"69"},{"kind":"hasTag","tag":"vip"},{"kind":"age","min":18}]"#
            #expect(try await Self.preview(client, key: world.keyA, #"{"match":"all","rules":\#(rules)}"#) == 1)
            #expect(try await Self.preview(client, key: world.keyA, #"{"rules":\#(rules)}"#) == 1)
            #expect(try await Self.preview(client, key: world.keyA, #"{"match":"any","rules":\#(rules)}"#) == 3)
        }
    }

    @Test("A saved segment is created, read, counted, listed with its members, updated and deleted, all audited")
    func lifecycle() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let fixture = try await SegmentFixture.make(world, client: client)
            let body = #"{"name":"Lyon area","rules":[{"kind":"field","field":"postalCode","op":"startsWith","value":"69"}]}"#
            let created = try await client.api(.post, "/api/v1/segments", key: world.keyA, json: body)
            #expect(created.status == .created)
            let id = try #require(created.json["id"] as? Int)
            #expect(created.headers[.location] == "/api/v1/segments/\(id)")
            #expect(created.json["match"] as? String == "all")

            let read = try await client.api(.get, "/api/v1/segments/\(id)", key: world.keyA)
            #expect(read.json["name"] as? String == "Lyon area")
            let rules = try #require(read.json["rules"] as? [[String: Any]])
            #expect(rules.first?["value"] as? String == "69")

            let count = try await client.api(.get, "/api/v1/segments/\(id)/count", key: world.keyA)
            #expect(count.json["count"] as? Int == 2)
            let members = try await client.api(.get, "/api/v1/segments/\(id)/members?limit=1", key: world.keyA)
            let first = try #require(members.json["items"] as? [[String: Any]])
            #expect(first.map { $0["id"] as? Int } == [fixture.zoe])
            #expect(first.first?["email"] as? String == "zoe@example.com")
            let cursor = try #require(members.json["nextCursor"] as? String)
            let second = try await client.api(.get, "/api/v1/segments/\(id)/members?limit=1&cursor=\(cursor)", key: world.keyA)
            #expect((second.json["items"] as? [[String: Any]])?.map { $0["id"] as? Int } == [fixture.lea])
            #expect(second.json["nextCursor"] == nil)

            let list = try await client.api(.get, "/api/v1/segments", key: world.keyA)
            #expect((list.json["items"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [id])

            let updated = try await client.api(.put, "/api/v1/segments/\(id)", key: world.keyA,
                                               json: #"{"name":"Lyon VIP","match":"all","rules":[{"kind":"field","field":"postalCode","op":"startsWith","value":"69"},{"kind":"hasTag","tag":"vip"}]}"#)
            #expect(updated.status == .ok)
            #expect(updated.json["name"] as? String == "Lyon VIP")
            #expect(try await client.api(.get, "/api/v1/segments/\(id)/count", key: world.keyA).json["count"] as? Int == 1)

            #expect(try await client.api(.delete, "/api/v1/segments/\(id)", key: world.keyA).status == .noContent)
            #expect(try await client.api(.get, "/api/v1/segments/\(id)", key: world.keyA).status == .notFound)
            #expect(try await client.api(.delete, "/api/v1/segments/\(id)", key: world.keyA).status == .notFound)

            let actions = try await world.withDatabase { database in
                try await database.read { sql in
                    try await sql.raw("SELECT action FROM audit_log WHERE target_kind = 'segment' AND target_id = \(bind: id) ORDER BY id").all()
                        .map { try $0.decode(column: "action", as: String.self) }
                }
            }
            #expect(actions == ["segment.created", "segment.updated", "segment.deleted"])
        }
    }

    @Test("Another brand's key gets 404 on every segment route; a unit key counts only its unit's members")
    func tenantIsolation() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let fixture = try await SegmentFixture.make(world, client: client)
            let created = try await client.api(.post, "/api/v1/segments", key: world.keyA, json: #"{"name":"Everyone","rules":[]}"#)
            let id = try #require(created.json["id"] as? Int)
            let body = #"{"name":"Stolen","rules":[]}"#
            for (method, path, json) in [(HTTPRequest.Method.get, "/api/v1/segments/\(id)", nil), (.get, "/api/v1/segments/\(id)/count", nil),
                                         (.get, "/api/v1/segments/\(id)/members", nil), (.put, "/api/v1/segments/\(id)", body),
                                         (.delete, "/api/v1/segments/\(id)", nil)] as [(HTTPRequest.Method, String, String?)] {
                let response = try await client.api(method, path, key: world.keyB, json: json)
                #expect(response.status == .notFound, "\(path) answered \(response.status)")
            }
            #expect((try await client.api(.get, "/api/v1/segments", key: world.keyB).json["items"] as? [[String: Any]])?.isEmpty == true)
            #expect(try await client.api(.get, "/api/v1/segments/\(id)/count", key: world.keyA).json["count"] as? Int == 4)
            // Brand B counts its own member only, even with the same rules.
            #expect(try await Self.preview(client, key: world.keyB, #"{"rules":[{"kind":"field","field":"city","op":"equals","value":"Lyon"}]}"#) == 1)

            // Saved segments belong to the brand: a unit key does not see them, and its previews count its unit only.
            for path in ["/api/v1/segments/\(id)", "/api/v1/segments/\(id)/count", "/api/v1/segments/\(id)/members"] {
                #expect(try await client.api(.get, path, key: world.keyUnitA1).status == .notFound)
            }
            #expect(try await client.api(.delete, "/api/v1/segments/\(id)", key: world.keyUnitA1).status == .forbidden)
            #expect((try await client.api(.get, "/api/v1/segments", key: world.keyUnitA1).json["items"] as? [[String: Any]])?.isEmpty == true)
            #expect(try await Self.preview(client, key: world.keyUnitA1, #"{"rules":[]}"#) == 1, "only Léa is in unit A1")
            _ = fixture
        }
    }

    @Test("An analyst reads and counts segments but cannot write them")
    func analystReadsOnly() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let created = try await client.api(.post, "/api/v1/segments", key: world.keyA, json: #"{"name":"All","rules":[]}"#)
            let id = try #require(created.json["id"] as? Int)
            #expect(try await client.api(.get, "/api/v1/segments/\(id)/count", key: world.keyAnalystA).status == .ok)
            #expect(try await client.api(.post, "/api/v1/segments/preview", key: world.keyAnalystA, json: #"{"rules":[]}"#).status == .ok)
            #expect(try await client.api(.post, "/api/v1/segments", key: world.keyAnalystA, json: #"{"name":"x"}"#).status == .forbidden)
            #expect(try await client.api(.put, "/api/v1/segments/\(id)", key: world.keyAnalystA, json: #"{"name":"x"}"#).status == .forbidden)
        }
    }

    @Test("Bad segment input gets field-level problems, never a 500", arguments: [
        ("/api/v1/segments", #"{"name":"","rules":[]}"#, 422, "name"),
        ("/api/v1/segments", #"{"rules":[]}"#, 422, "name"),
        ("/api/v1/segments", #"{"name":"x","rules":[{"kind":"event","eventKind":"x","days":0}]}"#, 422, "rules[0].days"),
        ("/api/v1/segments", #"{"name":" ","rules":[{"kind":"hasTag"}]}"#, 422, "rules[0].tag"),
        ("/api/v1/segments", #"{"name":"x","filters":[]}"#, 422, "filters"),
        ("/api/v1/segments", #"{"name":"x","rules":{}}"#, 422, "rules"),
        ("/api/v1/segments", #"{"name":"x","rules":[{"kind":"consent","purpose":"unknown","channel":"email","status":"granted"}]}"#, 422, "rules[0].purpose"),
        ("/api/v1/segments/preview", #"{"rules":[{"kind":"age","min":"old"}]}"#, 422, "rules[0].min"),
        ("/api/v1/segments/preview", #"{"rules":[{"kind":"hasTag","tag":"a","extra":true}]}"#, 422, "rules[0].extra"),
        ("/api/v1/segments/preview", #"{"rules":[1]}"#, 422, "rules[0]"),
        ("/api/v1/segments/preview", #"{"rules":["#, 400, ""),
    ])
    func badInput(path: String, body: String, status: Int, field: String) async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let response = try await client.api(.post, path, key: world.keyA, json: body)
            #expect(Int(response.status.code) == status, "\(response.text)")
            #expect(response.headers[.contentType] == "application/problem+json")
            if !field.isEmpty {
                let errors = try #require(response.json["errors"] as? [[String: Any]])
                #expect(errors.contains { ($0["field"] as? String) == field }, "\(response.text)")
            }
        }
    }

    @Test("Unknown or malformed segment ids are 404")
    func unknownIDs() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            for path in ["/api/v1/segments/999", "/api/v1/segments/abc", "/api/v1/segments/0/count", "/api/v1/segments/999/members"] {
                let response = try await client.api(.get, path, key: world.keyA)
                #expect(response.status == .notFound, "\(path)")
            }
        }
    }
}
