import Foundation
import Testing
@testable import RelaisApp

@Suite("Importing posts from other tools")
struct PostImportTests {
    @Test("JSON Lines: HTML stripped, dates read, bad lines reported with their number and skipped")
    func jsonLines() {
        let text = """
            {"url":"https://forum.example/t/1","title":"Malaxo en panne","text":"<p>Ma <b>bétonnière</b> Malaxo ne démarre plus.</p>","author":"Jo","publishedAt":"2026-11-30T10:00:00Z"}

            {"id":"tw-42","text":"Malaxo au top","language":"fr","publishedAt":"2026-11-29"}
            not json
            {"title":"Sans clé"}
            {"id":"x","text":"t","likes":3}
            """
        let read = PostImportFormat.jsonLines(text)
        #expect(read.posts.count == 2)
        #expect(read.posts.first?.text == "Ma bétonnière Malaxo ne démarre plus.")
        #expect(read.posts.first?.publishedAt == Clock.parseISO("2026-11-30T10:00:00Z"))
        #expect(read.posts.last?.itemID == "tw-42")
        #expect(read.errors.map(\.line) == [4, 5, 6])
        #expect(read.errors.last?.message == "likes is not a known field")
    }

    @Test("CSV: a header names the columns in any order; unknown columns are refused")
    func csv() {
        let read = PostImportFormat.csv("title;url;text\nMalaxo;https://blog.example/a;\"Une bétonnière, enfin\"\n;;\n")
        #expect(read.posts.count == 1)
        #expect(read.posts.first?.url?.absoluteString == "https://blog.example/a")
        #expect(read.errors.count == 1)
        #expect(PostImportFormat.csv("titre,url\nx,https://a.example\n").errors.first?.message.contains("unknown column") == true)
    }

    @Test("An import through the API stores new posts once and matches them against the brand's queries")
    func throughTheAPI() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            _ = try await client.api(.post, "/api/v1/listening/queries", key: world.keyA, json: #"{"name":"Malaxo","query":"malaxo"}"#)
            let lines = #"{"url":"https://forum.example/t/1","title":"Malaxo en panne","text":"Ma bétonnière Malaxo ne démarre plus, très déçu."}\n{"id":"tw-1","text":"Rien à voir"}\n{"oops":1}"#
            let body = try String(decoding: JSONSerialization.data(withJSONObject: ["format": "jsonl", "data": lines.replacingOccurrences(of: "\\n", with: "\n")]), as: UTF8.self)
            let first = try await client.api(.post, "/api/v1/listening/imports", key: world.keyA, json: body)
            #expect(first.status == .ok, "\(first.text)")
            #expect(first.json["newPosts"] as? Int == 2)
            #expect(first.json["newMentions"] as? Int == 1)
            #expect((first.json["errors"] as? [[String: Any]])?.first?["line"] as? Int == 3)
            let again = try await client.api(.post, "/api/v1/listening/imports", key: world.keyA, json: body)
            #expect(again.json["newPosts"] as? Int == 0)
            #expect(again.json["duplicates"] as? Int == 2)
            #expect(try await client.api(.post, "/api/v1/listening/imports", key: world.keyAnalystA, json: body).status == .forbidden)
            let mentions = try await client.api(.get, "/api/v1/listening/mentions", key: world.keyA)
            #expect((mentions.json["items"] as? [Any])?.count == 1)
        }
    }
}
