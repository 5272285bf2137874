import Foundation
import SQLKit
import Testing
@testable import RelaisApp

@Suite("Privacy: merge, export, erasure, retention")
struct PrivacyAPITests {
    @Test("A merge moves identities and history and never widens consent")
    func mergeNeverWidens() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let a = try await client.api(.post, "/api/v1/members", key: world.keyA, json: """
                {"phone":"+33655555555","firstName":"Léa","consents":[{"purpose":"newsletter","channel":"sms","granted":true}]}
                """)
            let b = try await client.api(.post, "/api/v1/members", key: world.keyA, json: """
                {"email":"lea.b@example.com","lastName":"Bernard","tags":["salon"],"consents":[{"purpose":"newsletter","channel":"sms","granted":false}]}
                """)
            let survivor = try #require((a.json["member"] as? [String: Any])?["id"] as? Int)
            let duplicate = try #require((b.json["member"] as? [String: Any])?["id"] as? Int)
            // The survivor's grant is the latest record, yet the duplicate had withdrawn: the merge must not grant.
            _ = try await client.api(.post, "/api/v1/members/\(survivor)/consents", key: world.keyA,
                                     json: #"{"purpose":"newsletter","channel":"sms","granted":true}"#)
            let merged = try await client.api(.post, "/api/v1/members/\(survivor)/merge", key: world.keyA, json: #"{"duplicateId":\#(duplicate)}"#)
            #expect(merged.status == .ok)
            #expect(merged.json["lastName"] as? String == "Bernard")
            #expect(merged.json["tags"] as? [String] == ["salon"])
            #expect((merged.json["identities"] as? [[String: Any]])?.count == 2)
            let consents = try await client.api(.get, "/api/v1/members/\(survivor)/consents", key: world.keyA)
            #expect(((consents.json["current"] as? [[String: Any]])?.first?["status"] as? String) == "withdrawn")
            let history = try #require(consents.json["history"] as? [[String: Any]])
            #expect(history.contains { $0["mergedFromMemberId"] as? Int == duplicate })
            #expect(history.last?["source"] as? String == "merge")
            #expect(try await client.api(.get, "/api/v1/members/\(duplicate)", key: world.keyA).status == .notFound)
            let again = try await client.api(.post, "/api/v1/members", key: world.keyA, json: #"{"email":"lea.b@example.com"}"#)
            #expect((again.json["member"] as? [String: Any])?["id"] as? Int == survivor, "the duplicate's e-mail now finds the survivor")
        }
    }

    @Test("Export holds everything; erasure removes it, suppresses the person and is audited")
    func exportThenErase() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let created = try await client.api(.post, "/api/v1/members", key: world.keyA, json: """
                {"email":"Hugo.Dupont@example.com","phone":"0677777777","firstName":"Hugo","tags":["vip"],
                 "consents":[{"purpose":"newsletter","channel":"sms","granted":true}]}
                """)
            let id = try #require((created.json["member"] as? [String: Any])?["id"] as? Int)
            let export = try await client.api(.get, "/api/v1/members/\(id)/export", key: world.keyA)
            #expect(export.status == .ok)
            #expect((export.json["profile"] as? [String: Any])?["firstName"] as? String == "Hugo")
            #expect((export.json["identities"] as? [[String: Any]])?.count == 2)
            #expect((export.json["consents"] as? [[String: Any]])?.count == 1)
            #expect((export.json["timeline"] as? [[String: Any]])?.isEmpty == false)

            #expect(try await client.api(.delete, "/api/v1/members/\(id)", key: world.keyA).status == .forbidden, "a brand manager may not erase")
            #expect(try await client.api(.delete, "/api/v1/members/\(id)", key: world.keyDPOA).status == .noContent)
            #expect(try await client.api(.get, "/api/v1/members/\(id)", key: world.keyA).status == .notFound)
            let back = try await client.api(.post, "/api/v1/members", key: world.keyA, json: #"{"email":"hugo.dupont+new@example.com"}"#)
            #expect(back.status == .conflict)
            #expect(back.json["code"] as? String == "suppressed")

            let audit = try await client.api(.get, "/api/v1/audit-log", key: world.keyDPOA)
            let actions = (audit.json["items"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(actions.contains("member.erased"))
            #expect(actions.contains("member.exported"))
        }
        let leftovers = try await world.withDatabase { database in
            try await database.read { sql -> [Int] in
                var counts: [Int] = []
                for table in ["member_identities", "member_tags", "timeline_events"] {
                    counts.append(try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()!.decode(column: "n", as: Int.self))
                }
                let text = try await sql.raw("SELECT COUNT(*) AS n FROM members WHERE first_name IS NOT NULL").first()!.decode(column: "n", as: Int.self)
                counts.append(text)
                let suppressed = try await sql.raw("SELECT COUNT(*) AS n FROM suppression_entries").first()!.decode(column: "n", as: Int.self)
                counts.append(suppressed)
                return counts
            }
        }
        #expect(leftovers == [0, 0, 0, 0, 2], "no personal data left; two salted hashes (e-mail and phone) kept")
    }

    @Test("Retention anonymises members inactive for longer than the period, and only them")
    func retention() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            var ids: [Int] = []
            for email in ["old@example.com", "recent@example.com"] {
                let created = try await client.api(.post, "/api/v1/members", key: world.keyA, json: #"{"email":"\#(email)","firstName":"X"}"#)
                ids.append(try #require((created.json["member"] as? [String: Any])?["id"] as? Int))
            }
            let old = Int64(ids[0])
            try await world.withDatabase { database in
                try await database.read { sql in
                    try await sql.raw("UPDATE members SET last_contact_at = \(bind: Clock.nowMillis() - 4 * 365 * Clock.dayMillis) WHERE id = \(bind: old)").run()
                }
            }
            #expect(try await client.api(.post, "/api/v1/retention/run", key: world.keyA).status == .forbidden)
            let run = try await client.api(.post, "/api/v1/retention/run", key: world.keyDPOA)
            #expect(run.status == .ok)
            #expect(run.json["anonymised"] as? Int == 1)
            #expect(try await client.api(.get, "/api/v1/members/\(ids[0])", key: world.keyA).status == .notFound)
            #expect(try await client.api(.get, "/api/v1/members/\(ids[1])", key: world.keyA).status == .ok)
            let back = try await client.api(.post, "/api/v1/members", key: world.keyA, json: #"{"email":"old@example.com"}"#)
            #expect(back.status == .created, "retention does not suppress: the person may come back as new")
        }
    }

    @Test("Custom attributes must be defined and typed")
    func attributes() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let defined = try await client.api(.post, "/api/v1/attributes", key: world.keyA,
                                               json: #"{"key":"favourite_colour","label":"Couleur préférée","type":"choice","choices":["rouge","vert"]}"#)
            #expect(defined.status == .created)
            #expect(try await client.api(.post, "/api/v1/attributes", key: world.keyA, json: #"{"key":"size","label":"Taille","type":"number"}"#).status == .created)
            let ok = try await client.api(.post, "/api/v1/members", key: world.keyA,
                                          json: #"{"email":"c@example.com","attributes":{"favourite_colour":"vert","size":"42,0"}}"#)
            #expect(ok.status == .created)
            #expect((ok.json["member"] as? [String: Any])?["attributes"] as? [String: String] == ["favourite_colour": "vert", "size": "42"])
            let wrong = try await client.api(.post, "/api/v1/members", key: world.keyA, json: #"{"email":"d@example.com","attributes":{"favourite_colour":"bleu"}}"#)
            #expect(wrong.status == .unprocessableContent)
            let unknown = try await client.api(.post, "/api/v1/members", key: world.keyA, json: #"{"email":"e@example.com","attributes":{"shoe":"44"}}"#)
            #expect(unknown.status == .unprocessableContent)
            #expect(try await client.api(.get, "/api/v1/members?q=d%40example.com", key: world.keyA).json["items"] as? [Any] != nil)
            let search = try await client.api(.get, "/api/v1/members?q=e%40example.com", key: world.keyA)
            #expect((search.json["items"] as? [Any])?.isEmpty == true, "a refused upsert writes nothing")
        }
    }
}

@Suite("Probable duplicates")
struct DuplicateTests {
    @Test("Same name and birth date under different identities is listed; different birth dates are not")
    func probableDuplicates() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            for body in [
                #"{"email":"marc.d@example.com","firstName":"Marc","lastName":"Durand","birthDate":"1980-05-01"}"#,
                #"{"phone":"+33612121212","firstName":"marc","lastName":"DURAND","birthDate":"1980-05-01"}"#,
                #"{"email":"other.marc@example.com","firstName":"Marc","lastName":"Durand","birthDate":"1991-02-02"}"#,
            ] {
                #expect(try await client.api(.post, "/api/v1/members", key: world.keyA, json: body).status == .created)
            }
            let pairs = try await client.api(.get, "/api/v1/members/duplicates", key: world.keyA)
            #expect(pairs.status == .ok)
            let list = try #require(try JSONSerialization.jsonObject(with: pairs.body) as? [[String: Any]])
            #expect(list.count == 1)
            #expect(list.first?["reason"] as? String == "same_name_and_birth_date")
            let other = try await client.api(.get, "/api/v1/members/duplicates", key: world.keyB)
            #expect((try JSONSerialization.jsonObject(with: other.body) as? [Any])?.isEmpty == true)
        }
    }
}
