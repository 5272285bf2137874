import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import Testing
@testable import RelaisApp

@Suite("Listening API")
struct ListeningAPITests {
    /// An owner key of brand A, the only kind of key that may let a source reach a private address.
    static func ownerKey(_ world: TestWorld) async throws -> String {
        try await world.withDatabase { database in
            try await database.transaction { sql in
                try await APIKeyStore(database: database).issue(organisationID: world.organisation.id, brandID: world.brandA.id, unitID: nil,
                                                                name: "Owner", role: .owner, createdBy: nil, on: sql).secret
            }
        }
    }

    @Test("A query that does not parse is refused with the parser's error and its position; unknown fields and kinds too")
    func validation() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let bad = try await client.api(.post, "/api/v1/listening/queries", key: world.keyA, json: #"{"name":"Grues","query":"grue AND (panne"}"#)
            #expect(bad.status == .unprocessableContent)
            let errors = try #require(bad.json["errors"] as? [[String: Any]])
            #expect(errors.first?["field"] as? String == "query")
            #expect((errors.first?["message"] as? String)?.contains("at character 10") == true, "\(bad.text)")
            #expect(bad.headers[.contentType]?.hasPrefix("application/problem+json") == true)

            let kind = try await client.api(.post, "/api/v1/listening/queries", key: world.keyA, json: #"{"name":"X","kind":"rumour","query":"grue"}"#)
            #expect(kind.status == .unprocessableContent)
            let unknown = try await client.api(.post, "/api/v1/listening/queries", key: world.keyA, json: #"{"name":"X","query":"grue","lang":"fr"}"#)
            #expect(unknown.status == .unprocessableContent)
            let scheme = try await client.api(.post, "/api/v1/listening/sources", key: world.keyA, json: #"{"url":"file:///etc/passwd"}"#)
            #expect(scheme.status == .unprocessableContent)
            let interval = try await client.api(.post, "/api/v1/listening/sources", key: world.keyA, json: #"{"url":"https://example.com/feed","pollIntervalMinutes":1}"#)
            #expect(interval.status == .unprocessableContent)

            let good = try await client.api(.post, "/api/v1/listening/queries", key: world.keyA,
                                            json: #"{"name":"Grues","kind":"crisis","query":"Grue (panne OR cassée)"}"#)
            #expect(good.status == .created, "\(good.text)")
            #expect(good.json["canonical"] as? String == "grue AND (panne OR cassee)")
            let id = try #require(good.json["id"] as? Int)
            let patched = try await client.api(.patch, "/api/v1/listening/queries/\(id)", key: world.keyA, json: #"{"query":"grue NEAR/0 panne"}"#)
            #expect(patched.status == .unprocessableContent)
        }
    }

    @Test("Another brand's key gets 404 on the brand's sources and queries; an analyst reads but cannot write; only an owner sets the override")
    func tenancyAndRoles() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let source = try await client.api(.post, "/api/v1/listening/sources", key: world.keyA, json: #"{"url":"https://example.com/feed","label":"Blog","enabled":false}"#)
            #expect(source.status == .created, "\(source.text)")
            let sourceID = try #require(source.json["id"] as? Int)
            #expect(source.json["status"] as? String == "pending")
            let query = try await client.api(.post, "/api/v1/listening/queries", key: world.keyA, json: #"{"name":"Fizz","query":"fizz"}"#)
            let queryID = try #require(query.json["id"] as? Int)

            for (method, path) in [(HTTPRequest.Method.get, "sources/\(sourceID)"), (.patch, "sources/\(sourceID)"), (.delete, "sources/\(sourceID)"),
                                   (.post, "sources/\(sourceID)/poll"), (.get, "queries/\(queryID)"), (.patch, "queries/\(queryID)"),
                                   (.delete, "queries/\(queryID)")] {
                let response = try await client.api(method, "/api/v1/listening/\(path)", key: world.keyB,
                                                    json: [.patch, .post].contains(method) ? #"{"label":"x"}"# : nil)
                #expect(response.status == .notFound, "\(method) \(path) → \(response.status)")
            }
            let listedByB = try await client.api(.get, "/api/v1/listening/sources", key: world.keyB)
            #expect((listedByB.json["items"] as? [Any])?.isEmpty == true)

            #expect(try await client.api(.get, "/api/v1/listening/sources/\(sourceID)", key: world.keyAnalystA).status == .ok)
            #expect(try await client.api(.get, "/api/v1/listening/mentions", key: world.keyAnalystA).status == .ok)
            #expect(try await client.api(.post, "/api/v1/listening/sources", key: world.keyAnalystA, json: #"{"url":"https://example.com/x"}"#).status == .forbidden)
            #expect(try await client.api(.patch, "/api/v1/listening/queries/\(queryID)", key: world.keyAnalystA, json: #"{"name":"x"}"#).status == .forbidden)
            #expect(try await client.api(.post, "/api/v1/listening/sources/\(sourceID)/poll", key: world.keyAnalystA).status == .forbidden)
            #expect(try await client.api(.get, "/api/v1/listening/sources", key: world.keyUnitA1).status == .forbidden)

            let override = try await client.api(.patch, "/api/v1/listening/sources/\(sourceID)", key: world.keyA, json: #"{"allowPrivateNetwork":true}"#)
            #expect(override.status == .forbidden)
            let owner = try await Self.ownerKey(world)
            let allowed = try await client.api(.patch, "/api/v1/listening/sources/\(sourceID)", key: owner, json: #"{"allowPrivateNetwork":true}"#)
            #expect(allowed.json["allowPrivateNetwork"] as? Bool == true, "\(allowed.text)")
            // A new address set by a manager drops the override given to the old one.
            let moved = try await client.api(.patch, "/api/v1/listening/sources/\(sourceID)", key: world.keyA, json: #"{"url":"https://example.org/feed"}"#)
            #expect(moved.json["allowPrivateNetwork"] as? Bool == false, "\(moved.text)")
            #expect(try await client.api(.delete, "/api/v1/listening/sources/\(sourceID)", key: world.keyA).status == .noContent)
            #expect(try await client.api(.get, "/api/v1/listening/sources/\(sourceID)", key: world.keyA).status == .notFound)
        }
    }

    @Test("Poll now, then the mention stream with filters and cursor pages, and the daily statistics")
    func mentionsThroughTheAPI() async throws {
        let world = try await TestWorld.make()
        let owner = try await Self.ownerKey(world)
        try await FeedServer.run(FeedServer.Counters()) { base in
            try await world.withServer { client in
                let query = try await client.api(.post, "/api/v1/listening/queries", key: world.keyA, json: #"{"name":"Malaxo","kind":"product","query":"malaxo"}"#)
                let queryID = try #require(query.json["id"] as? Int)
                let refused = try await client.api(.post, "/api/v1/listening/sources", key: world.keyA, json: #"{"url":"\#(base)/feed.xml"}"#)
                let refusedID = try #require(refused.json["id"] as? Int)
                let failed = try await client.api(.post, "/api/v1/listening/sources/\(refusedID)/poll", key: world.keyA)
                #expect(failed.json["outcome"] as? String == "failed")
                #expect((failed.json["source"] as? [String: Any])?["status"] as? String == "failing")
                #expect(((failed.json["source"] as? [String: Any])?["lastError"] as? String)?.contains("loopback") == true, "\(failed.text)")

                let source = try await client.api(.post, "/api/v1/listening/sources", key: owner,
                                                  json: #"{"url":"\#(base)/feed.xml","allowPrivateNetwork":true,"pollIntervalMinutes":30}"#)
                let sourceID = try #require(source.json["id"] as? Int, "\(source.text)")
                let polled = try await client.api(.post, "/api/v1/listening/sources/\(sourceID)/poll", key: world.keyA)
                #expect(polled.status == .ok)
                #expect(polled.json["newMentions"] as? Int == 2, "\(polled.text)")

                let all = try await client.api(.get, "/api/v1/listening/mentions?limit=1", key: world.keyA)
                #expect((all.json["items"] as? [Any])?.count == 1)
                let cursor = try #require(all.json["nextCursor"] as? String)
                let next = try await client.api(.get, "/api/v1/listening/mentions?limit=1&cursor=\(cursor)", key: world.keyA)
                #expect((next.json["items"] as? [Any])?.count == 1)
                #expect(next.json["nextCursor"] == nil)
                let negative = try await client.api(.get, "/api/v1/listening/mentions?sentiment=negative&language=fr&query=\(queryID)&source=\(sourceID)&since=2026-11-01",
                                                    key: world.keyA)
                let items = try #require(negative.json["items"] as? [[String: Any]])
                #expect(items.count == 1)
                #expect((items.first?["post"] as? [String: Any])?["title"] as? String == "La bétonnière Malaxo tombe en panne")
                #expect(try await client.api(.get, "/api/v1/listening/mentions?sentiment=angry", key: world.keyA).status == .unprocessableContent)
                #expect(try await client.api(.get, "/api/v1/listening/mentions", key: world.keyB).json["items"] as? [Any] != nil)
                #expect((try await client.api(.get, "/api/v1/listening/mentions", key: world.keyB).json["items"] as? [Any])?.isEmpty == true)

                let stats = try await client.api(.get, "/api/v1/listening/statistics?since=2026-11-01&until=2026-12-31", key: world.keyAnalystA)
                let days = try #require(stats.json["days"] as? [[String: Any]], "\(stats.text)")
                #expect(days.count == 2)
                #expect(days.first?["day"] as? String == "2026-12-01")
                #expect(days.first?["negativeShare"] as? Double == 1)
            }
        }
    }
}
