import Foundation
import HTTPTypes
import HummingbirdTesting
import SQLKit
import Testing
@testable import RelaisApp

@Suite("Merging profiles keeps what the person did")
struct ShareMergeTests {
    @Test("A merge moves entries, share links, their credits and devices to the survivor; codes keep working; nothing counts twice")
    func mergeCarriesActivity() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let activation = try await ActivationFixture.live(world, client: client)
            let survivor = try await LoyaltyFixture.member(client, world, email: "alice@example.com")
            let duplicate = try await LoyaltyFixture.member(client, world, email: "alice.pro@example.com")
            // Both profiles made a link to the same activation; the duplicate's link brought Chloé.
            let survivorCode = try await ShareFixture.code(client, world, member: survivor, activation: activation)
            let duplicateCode = try await ShareFixture.code(client, world, member: duplicate, activation: activation)
            let jar = ShareFixture.cookies(try await ShareFixture.follow(client, duplicateCode))
            #expect(try await ShareFixture.enter(client, email: "chloe@example.com", cookies: jar).status == .created)
            // The duplicate entered the activation itself, the survivor did not.
            #expect(try await ShareFixture.enter(client, email: "alice.pro@example.com", cookies: nil).status == .created)

            let merged = try await client.api(.post, "/api/v1/members/\(survivor)/merge", key: world.keyA, json: #"{"duplicateId":\#(duplicate)}"#)
            #expect(merged.status == .ok, "\(merged.text)")

            #expect(try await ShareFixture.scalar(world, "SELECT COUNT(*) AS n FROM share_links WHERE member_id = \(duplicate)") == 0)
            #expect(try await ShareFixture.scalar(world, "SELECT COUNT(*) AS n FROM share_links WHERE member_id = \(survivor)") == 2)
            #expect(try await ShareFixture.scalar(world, "SELECT COUNT(*) AS n FROM share_attributions WHERE last_sharer_id = \(survivor) AND first_sharer_id = \(survivor)") == 1)
            #expect(try await ShareFixture.scalar(world, "SELECT COUNT(*) AS n FROM activation_entries WHERE member_id = \(survivor)") == 1)
            #expect(try await ShareFixture.scalar(world, "SELECT COUNT(*) AS n FROM share_devices WHERE member_id = \(duplicate)") == 0)

            // Both codes still redirect, and the survivor's link for the activation is the one it had.
            #expect(try await ShareFixture.follow(client, duplicateCode).status == .found)
            #expect(try await ShareFixture.follow(client, survivorCode).status == .found)
            #expect(try await ShareFixture.code(client, world, member: survivor, activation: activation) == survivorCode)
            // The survivor's tree holds Chloé, brought by the duplicate's link.
            let tree = try await client.api(.get, "/api/v1/members/\(survivor)/referral-tree", key: world.keyA)
            #expect(tree.json["total"] as? Int == 1, "\(tree.text)")
            let links = try await client.api(.get, "/api/v1/members/\(survivor)/share-links", key: world.keyA)
            #expect((links.json["items"] as? [[String: Any]])?.count == 2, "\(links.text)")
        }
    }

    @Test("Two profiles that voted for the same idea keep one vote after the merge")
    func mergeKeepsOneVote() async throws {
        let world = try await TestWorld.make()
        // A vote row is written directly: the idea-contest flow is tested elsewhere; here only the merge rule matters.
        try await world.withServer { client in
            let activation = try await ActivationFixture.live(world, client: client)
            let author = try await LoyaltyFixture.member(client, world, email: "author@example.com")
            let survivor = try await LoyaltyFixture.member(client, world, email: "bruno@example.com")
            let duplicate = try await LoyaltyFixture.member(client, world, email: "bruno.b@example.com")
            try await world.withDatabase { database in
                try await database.transaction { sql in
                    let entry = try await sql.raw("""
                        INSERT INTO activation_entries (organisation_id, brand_id, activation_id, member_id, token, frequency_key, created_at)
                        VALUES (\(bind: world.organisation.id), \(bind: world.brandA.id), \(bind: activation), \(bind: author), 'tok-merge', 'once', 1)
                        RETURNING id
                        """).first()!.decode(column: "id", as: Int64.self)
                    let idea = try await sql.raw("""
                        INSERT INTO activation_ideas (organisation_id, brand_id, activation_id, member_id, entry_id, title, body, status, created_at)
                        VALUES (\(bind: world.organisation.id), \(bind: world.brandA.id), \(bind: activation), \(bind: author), \(bind: entry), 'Grue', 'Rouge', 'approved', 1)
                        RETURNING id
                        """).first()!.decode(column: "id", as: Int64.self)
                    for voter in [survivor, duplicate] {
                        try await sql.raw("""
                            INSERT INTO idea_votes (activation_id, idea_id, member_id, created_at) VALUES (\(bind: activation), \(bind: idea), \(bind: voter), 1)
                            """).run()
                    }
                }
            }
            let merged = try await client.api(.post, "/api/v1/members/\(survivor)/merge", key: world.keyA, json: #"{"duplicateId":\#(duplicate)}"#)
            #expect(merged.status == .ok, "\(merged.text)")
            #expect(try await ShareFixture.scalar(world, "SELECT COUNT(*) AS n FROM idea_votes") == 1)
            #expect(try await ShareFixture.scalar(world, "SELECT COUNT(*) AS n FROM idea_votes WHERE member_id = \(survivor)") == 1)
        }
    }
}
