import Foundation
import HTTPTypes
import Testing
@testable import RelaisApp

@Suite("Listening: where the brand is discussed, share of voice, authors, members, re-matching")
struct ListeningInsightTests {
    /// Six posts a day ago, with queries Fizz (brand) and Pop (competitor):
    /// forum.example ×3 (Marie: negative, positive, positive), blog.example ×2 (Jean: negative about Fizz and Pop; positive about Pop, on www.),
    /// one post without URL nor author (positive about Fizz).
    static func posts(now: Int64) -> [String] {
        let day = now - Clock.dayMillis
        return [
            ListeningPosts.line(id: "1", url: "https://forum.example/t/1", text: ListeningPosts.negative(1, about: "la boisson Fizz"),
                                author: "Marie", authorEmail: "Marie@Example.com", at: day),
            ListeningPosts.line(id: "2", url: "https://forum.example/t/2", text: ListeningPosts.positive(2, about: "the Fizz drink"), author: "Marie", at: day),
            ListeningPosts.line(id: "3", url: "https://blog.example/a", text: ListeningPosts.negative(3, about: "la boisson Fizz comme la Pop"),
                                author: "Jean", authorUrl: "https://twitter.com/Jean_B", at: day),
            ListeningPosts.line(id: "4", url: "https://www.blog.example/b", text: ListeningPosts.positive(4, about: "the Pop soda"), author: "Jean", at: day),
            ListeningPosts.line(id: "5", text: ListeningPosts.positive(5, about: "the Fizz drink"), at: day),
            ListeningPosts.line(id: "6", url: "https://forum.example/t/3", text: ListeningPosts.positive(6, about: "the Fizz drink"), author: "Marie", at: day),
        ]
    }

    @Test("Sites and sources ranked by posts and by negative share, share of voice and top authors, figures by hand")
    func reports() async throws {
        let world = try await TestWorld.make()
        let now = Clock.nowMillis()
        try await world.withServer { client in
            _ = try await client.api(.post, "/api/v1/listening/queries", key: world.keyA, json: #"{"name":"Fizz","kind":"brand","query":"fizz"}"#)
            let pop = try await client.api(.post, "/api/v1/listening/queries", key: world.keyA, json: #"{"name":"Pop","kind":"competitor","query":"pop"}"#)
            let popID = try #require(pop.json["id"] as? Int)
            let imported = try await client.api(.post, "/api/v1/listening/imports", key: world.keyA, json: ListeningPosts.importBody(Self.posts(now: now)))
            #expect(imported.json["newPosts"] as? Int == 6 && imported.json["newMentions"] as? Int == 7, "\(imported.text)")

            let sites = try await client.api(.get, "/api/v1/listening/statistics/sites", key: world.keyAnalystA)
            let siteItems = try #require(sites.json["items"] as? [[String: Any]], "\(sites.text)")
            #expect(siteItems.map { $0["site"] as? String } == ["forum.example", "blog.example", ""])
            #expect(siteItems.map { $0["posts"] as? Int } == [3, 2, 1], "post 3 is matched by both queries and counts once; www. is the same site")
            #expect(siteItems.map { $0["negative"] as? Int } == [1, 1, 0])
            #expect(siteItems.first?["negativeShare"] as? Double == 0.3333)
            let negative = try await client.api(.get, "/api/v1/listening/statistics/sites?order=negativeShare&minPosts=2", key: world.keyA)
            #expect((negative.json["items"] as? [[String: Any]])?.map { $0["site"] as? String } == ["blog.example", "forum.example"])
            let popSites = try await client.api(.get, "/api/v1/listening/statistics/sites?query=\(popID)", key: world.keyA)
            #expect((popSites.json["items"] as? [[String: Any]])?.map { $0["posts"] as? Int } == [2])
            let sources = try await client.api(.get, "/api/v1/listening/statistics/sources", key: world.keyA)
            #expect((sources.json["items"] as? [[String: Any]])?.first?["posts"] as? Int == 6, "imported posts have no source: one row")
            #expect(try await client.api(.get, "/api/v1/listening/statistics/sites?order=loudest", key: world.keyA).status == .unprocessableContent)
            #expect(try await client.api(.get, "/api/v1/listening/statistics/sites?limit=0", key: world.keyA).status == .unprocessableContent)
            #expect((try await client.api(.get, "/api/v1/listening/statistics/sites", key: world.keyB).json["items"] as? [Any])?.isEmpty == true)

            // Fizz: posts 1, 2, 3, 5, 6 = 5 mentions; Pop: posts 3, 4 = 2; shares 5/7 and 2/7.
            let voice = try await client.api(.get, "/api/v1/listening/statistics/share-of-voice", key: world.keyA)
            let shares = try #require(voice.json["queries"] as? [[String: Any]], "\(voice.text)")
            #expect(shares.map { $0["name"] as? String } == ["Fizz", "Pop"])
            #expect(shares.map { $0["mentions"] as? Int } == [5, 2])
            #expect(shares.map { $0["share"] as? Double } == [0.7143, 0.2857])
            #expect((voice.json["days"] as? [Any])?.count == 1)

            let authors = try await client.api(.get, "/api/v1/listening/statistics/authors", key: world.keyA)
            let rows = try #require(authors.json["items"] as? [[String: Any]], "\(authors.text)")
            #expect(rows.map { $0["author"] as? String } == ["Marie", "Jean"])
            #expect(rows.map { $0["posts"] as? Int } == [3, 2])
            #expect(rows.map { $0["positive"] as? Int } == [2, 1])
            #expect(rows.map { $0["negative"] as? Int } == [1, 1])

            var web = WebClient(client: client)
            try await web.logIn(email: world.ownerEmail, password: world.ownerPassword)
            let page = try await web.get("/listening")
            #expect(page.text.contains("id=\"where-sites\""))
            #expect(page.text.contains("id=\"listening-sites-chart\""))
            #expect(page.text.contains("<td>forum.example</td><td class=\"num\">3</td><td class=\"num\">1</td><td class=\"num\">33 %</td>"))
            #expect(page.text.contains("id=\"listening-voice-chart\""))
            #expect(page.text.contains("<td>Fizz</td><td>Marque</td><td class=\"num\">5</td><td class=\"num\">71 %</td>"))
        }
    }

    @Test("A post by a known member's e-mail or social handle is linked to them, shown on their page, and unlinked by their erasure")
    func membersMentions() async throws {
        let world = try await TestWorld.make()
        let now = Clock.nowMillis()
        try await world.withServer { client in
            let marie = try await client.api(.post, "/api/v1/members", key: world.keyA, json: #"{"email":"marie@example.com","firstName":"Marie"}"#)
            let marieID = try #require((marie.json["member"] as? [String: Any])?["id"] as? Int, "\(marie.text)")
            let jean = try await client.api(.post, "/api/v1/members", key: world.keyA,
                                            json: #"{"email":"jean@example.com","identities":[{"kind":"social","namespace":"twitter","value":"@jean_b"}]}"#)
            let jeanID = try #require((jean.json["member"] as? [String: Any])?["id"] as? Int, "\(jean.text)")
            _ = try await client.api(.post, "/api/v1/listening/queries", key: world.keyA, json: #"{"name":"Fizz","kind":"brand","query":"fizz"}"#)
            _ = try await client.api(.post, "/api/v1/listening/imports", key: world.keyA, json: ListeningPosts.importBody(Self.posts(now: now)))

            let mentions = try await client.api(.get, "/api/v1/listening/mentions?limit=100", key: world.keyA)
            let posts = try #require(mentions.json["items"] as? [[String: Any]]).compactMap { $0["post"] as? [String: Any] }
            let linked = Dictionary(posts.compactMap { post in (post["memberId"] as? Int).map { (post["url"] as? String ?? "", $0) } }, uniquingKeysWith: { a, _ in a })
            #expect(linked == ["https://forum.example/t/1": marieID, "https://blog.example/a": jeanID])
            let authors = try await client.api(.get, "/api/v1/listening/statistics/authors", key: world.keyA)
            #expect((authors.json["items"] as? [[String: Any]])?.first?["memberId"] as? Int == marieID)

            var web = WebClient(client: client)
            try await web.logIn(email: world.ownerEmail, password: world.ownerPassword)
            let page = try await web.get("/members/\(marieID)")
            #expect(page.text.contains("id=\"member-mentions\""))
            #expect(page.text.contains("forum.example · Fizz"))
            let stream = try await web.get("/listening")
            #expect(stream.text.contains("href=\"/members/\(marieID)\" class=\"member-link\""))

            #expect(try await client.api(.delete, "/api/v1/members/\(marieID)", key: world.keyDPOA).status == .noContent)
            let after = try await client.api(.get, "/api/v1/listening/mentions?limit=100", key: world.keyA)
            let erased = try #require(after.json["items"] as? [[String: Any]]).compactMap { $0["post"] as? [String: Any] }
                .first { $0["url"] as? String == "https://forum.example/t/1" }
            #expect(erased?["memberId"] == nil)
            #expect(erased?["author"] as? String == "", "the erased member's name goes with the link")
            let stored = try await world.withDatabase { database in
                try await database.readOnly { sql in
                    try await sql.raw("SELECT COUNT(*) AS n FROM listening_posts WHERE member_id = \(bind: Int64(marieID)) OR author_email IS NOT NULL").first()?
                        .decode(column: "n", as: Int.self)
                }
            }
            #expect(stored == 0)
        }
    }

    @Test("A member who joins after their posts came is linked to them, by e-mail or by social handle; erasure removes the keys too")
    func earlierPostsLinked() async throws {
        let world = try await TestWorld.make()
        let now = Clock.nowMillis()
        try await world.withServer { client in
            _ = try await client.api(.post, "/api/v1/listening/queries", key: world.keyA, json: #"{"name":"Fizz","kind":"brand","query":"fizz"}"#)
            // Marie (e-mail) and Jean (twitter.com/Jean_B) wrote before being members; Zoé is nobody's.
            _ = try await client.api(.post, "/api/v1/listening/imports", key: world.keyA, json: ListeningPosts.importBody(Self.posts(now: now)))
            func linked() async throws -> [String: Int] {
                let mentions = try await client.api(.get, "/api/v1/listening/mentions?limit=100", key: world.keyA)
                let posts = try #require(mentions.json["items"] as? [[String: Any]]).compactMap { $0["post"] as? [String: Any] }
                return Dictionary(posts.compactMap { post in (post["memberId"] as? Int).map { (post["url"] as? String ?? "", $0) } },
                                  uniquingKeysWith: { a, _ in a })
            }
            #expect(try await linked().isEmpty)
            let marie = try await client.api(.post, "/api/v1/members", key: world.keyA, json: #"{"email":"MARIE@example.com","firstName":"Marie"}"#)
            let marieID = try #require((marie.json["member"] as? [String: Any])?["id"] as? Int, "\(marie.text)")
            let jean = try await client.api(.post, "/api/v1/members", key: world.keyA,
                                            json: #"{"email":"jean@example.com","identities":[{"kind":"social","namespace":"twitter","value":"@jean_b"}]}"#)
            let jeanID = try #require((jean.json["member"] as? [String: Any])?["id"] as? Int, "\(jean.text)")
            #expect(try await linked() == ["https://forum.example/t/1": marieID, "https://blog.example/a": jeanID])
            // A member already known gains a handle later: their post under it is linked then.
            let lea = try await client.api(.post, "/api/v1/members", key: world.keyA, json: #"{"email":"lea@example.com"}"#)
            let leaID = try #require((lea.json["member"] as? [String: Any])?["id"] as? Int, "\(lea.text)")
            let leaPost = ListeningPosts.line(id: "9", url: "https://photos.example/p/9", text: ListeningPosts.positive(9, about: "the Fizz drink"),
                                              author: "Léa", authorUrl: "https://instagram.com/Lea_Z", at: now - Clock.dayMillis)
            _ = try await client.api(.post, "/api/v1/listening/imports", key: world.keyA, json: ListeningPosts.importBody([leaPost]))
            #expect(try await linked()["https://photos.example/p/9"] == nil)
            _ = try await client.api(.post, "/api/v1/members", key: world.keyA,
                                     json: #"{"email":"lea@example.com","identities":[{"kind":"social","namespace":"instagram","value":"@lea_z"}]}"#)
            #expect(try await linked()["https://photos.example/p/9"] == leaID)
            // Another brand's member with the same address is not linked to this brand's posts.
            let other = try await client.api(.post, "/api/v1/members", key: world.keyB, json: #"{"email":"someone.else@example.com"}"#)
            #expect(other.status == .created || other.status == .ok)
            #expect(try await client.api(.delete, "/api/v1/members/\(jeanID)", key: world.keyDPOA).status == .noContent)
            let keys = try await world.withDatabase { database in
                try await database.readOnly { sql in
                    try await sql.raw("""
                        SELECT COUNT(*) AS n FROM listening_posts WHERE url = 'https://blog.example/a'
                          AND (member_id IS NOT NULL OR author_social_key IS NOT NULL OR author_email_key IS NOT NULL)
                        """).first()?.decode(column: "n", as: Int.self)
                }
            }
            #expect(keys == 0, "the erased member's post keeps no key that could link it again")
        }
    }

    @Test("Entrants who wrote posts before are linked to them, also when many enter at once and their entries are written together")
    func entrantsLinked() async throws {
        let world = try await TestWorld.make()
        let now = Clock.nowMillis()
        try await world.withServer { client in
            _ = try await client.api(.post, "/api/v1/listening/queries", key: world.keyA, json: #"{"name":"Fizz","kind":"brand","query":"fizz"}"#)
            let authors = (0..<3).map { ListeningPosts.line(id: "w\($0)", url: "https://forum.example/w/\($0)", text: ListeningPosts.positive($0, about: "the Fizz drink"),
                                                            author: "Writer \($0)", authorEmail: "Writer\($0)@Example.com", at: now - Clock.dayMillis) }
            _ = try await client.api(.post, "/api/v1/listening/imports", key: world.keyA, json: ListeningPosts.importBody(authors))
            _ = try await ActivationFixture.live(world, client: client)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<24 {
                    let email = index % 8 == 0 ? "writer\(index / 8)@example.com" : "reader\(index)@example.com"
                    group.addTask { Int(try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: email)).status.code) }
                }
                var statuses: [Int] = []
                for try await status in group { statuses.append(status) }
                return statuses
            }
            #expect(statuses.allSatisfy { $0 == 201 }, "\(statuses)")
            let mentions = try await client.api(.get, "/api/v1/listening/mentions?limit=100", key: world.keyA)
            let posts = try #require(mentions.json["items"] as? [[String: Any]]).compactMap { $0["post"] as? [String: Any] }
            #expect(posts.count == 3)
            #expect(posts.allSatisfy { $0["memberId"] is Int }, "\(posts)")
            #expect(Set(posts.compactMap { $0["memberId"] as? Int }).count == 3)
        }
    }

    @Test("A query created after the posts is matched against the last 30 days in the background, older posts left out")
    func rematch() async throws {
        let world = try await TestWorld.make()
        let now = Clock.nowMillis()
        let captured = Captured(0)
        try await world.withServer { client in
            var lines = Self.posts(now: now)
            lines.append(ListeningPosts.line(id: "old", url: "https://blog.example/old", text: ListeningPosts.positive(7, about: "the Pop soda"),
                                             at: now - 40 * Clock.dayMillis))
            _ = try await client.api(.post, "/api/v1/listening/imports", key: world.keyA, json: ListeningPosts.importBody(lines))
            let pop = try await client.api(.post, "/api/v1/listening/queries", key: world.keyA, json: #"{"name":"Pop","kind":"competitor","query":"pop"}"#)
            captured.value = try #require(pop.json["id"] as? Int)
        }
        let queryID = captured.value
        try await world.withDatabase { database in
            let services = try await FeedPollerTests.services(world, database: database)
            #expect(try await services.queryRematch.runDue() == 2)
            #expect(try await services.queryRematch.runDue() == 0)
            let progress = try await database.readOnly { sql in try await services.queryRematch.progress(queryID: Int64(queryID), on: sql) }
            #expect(progress?.status == "done" && progress?.matched == 2)
        }
        try await world.withServer { client in
            let mentions = try await client.api(.get, "/api/v1/listening/mentions?query=\(queryID)", key: world.keyA)
            let items = try #require(mentions.json["items"] as? [[String: Any]])
            #expect(items.count == 2)
            #expect(items.allSatisfy { ($0["highlights"] as? [[String: Any]])?.first?["text"] as? String == "Pop" })
            // Changing the text matches the last 30 days again with the new text: what only the old
            // text found there goes, what the new text finds comes, older mentions stay.
            _ = try await client.api(.patch, "/api/v1/listening/queries/\(queryID)", key: world.keyA, json: #"{"query":"soda"}"#)
        }
        try await world.withDatabase { database in
            let services = try await FeedPollerTests.services(world, database: database)
            try await services.queryRematch.runToEnd()
            let found = try await database.readOnly { sql in
                try await sql.raw("""
                    SELECT p.url FROM listening_mentions m JOIN listening_posts p ON p.id = m.post_id
                    WHERE m.query_id = \(bind: Int64(queryID)) ORDER BY p.url
                    """).all().map { try $0.decode(column: "url", as: String.self) }
            }
            #expect(found == ["https://www.blog.example/b"], "post 4 is found again by 'soda', post 3 (Pop only) is no longer a mention: \(found)")
        }
    }
}
