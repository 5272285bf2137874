import Foundation
import Logging
import Testing
@testable import RelaisApp

@Suite("Eligibility through the entry endpoint")
struct EligibilityTests {
    @Test("Members only: a stranger is refused, a member of the brand's community takes part")
    func membersOnly() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            _ = try await ActivationFixture.live(world, client: client, body: ActivationFixture.sweepstakes(membersOnly: true))
            let stranger = try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: "inconnu@example.com"))
            #expect(stranger.json["code"] as? String == "members_only", "\(stranger.text)")
            #expect(try await IdeaFixture.count(world, "SELECT COUNT(*) AS n FROM members") == 0, "a refused entry records nothing")
            #expect(try await client.api(.post, "/api/v1/members", key: world.keyA, json: #"{"email":"Membre@Example.com"}"#).status == .created)
            let member = try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: "membre@example.com"))
            #expect(member.status == .created, "\(member.text)")
        }
    }

    @Test("Countries: the country is asked and required, others are refused, the code is read in any case")
    func countries() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let body = ActivationFixture.sweepstakes().replacingOccurrences(of: #""kind""#, with: #""countries":["FR","BE"],"kind""#)
            _ = try await ActivationFixture.live(world, client: client, body: body)
            let page = try await client.raw(.get, "/a/fizz/noel")
            #expect(page.text.contains(#"id="f-country""#) && page.text.contains("required"))
            let missing = try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: "a@example.com"))
            #expect(missing.json["code"] as? String == "country_required", "\(missing.text)")
            let elsewhere = try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: "b@example.com", extra: #""country":"US""#))
            #expect(elsewhere.json["code"] as? String == "country_not_allowed", "\(elsewhere.text)")
            let belgian = try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: "c@example.com", extra: #""country":"be""#))
            #expect(belgian.status == .created, "\(belgian.text)")
        }
    }

    @Test("Once a day: a second entry the same day is refused with the time of the next one, and accepted the next day")
    func daily() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            _ = try await ActivationFixture.live(world, client: client, body: ActivationFixture.sweepstakes(frequency: "daily"))
            #expect(try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: "chaque-jour@example.com")).status == .created)
            let again = try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: "chaque-jour@example.com"))
            #expect(again.json["code"] as? String == "already_entered", "\(again.text)")
            #expect((again.json["detail"] as? String)?.contains("again from") == true)
        }
        try await world.withDatabase { database in
            let id = try await database.readOnly { sql in
                try await sql.raw("SELECT id FROM activations WHERE slug = 'noel'").first()!.decode(column: "id", as: Int64.self)
            }
            let services = AppServices(configuration: world.configuration, database: database, logger: Logger(label: "test"),
                                       linkSigningKey: try await InstanceSecrets.linkSigningKey(database))
            let access = BrandAccess(organisationID: world.organisation.id, brandID: world.brandA.id, unitID: nil, permissions: [.readMembers], actor: .system)
            let activation = try await services.activations.activation(id, access: access)
            let submission = EntrySubmission(email: "chaque-jour@example.com", profile: ProfileFields(), acceptedRulesVersion: 1, consents: [],
                                             honeypot: nil, memberLink: nil, idempotencyKey: nil, ipAddress: nil, language: "fr")
            let tomorrow = try await services.activationEntries.submit(submission, activation: activation, brand: world.brandA,
                                                                       now: Clock.nowMillis() + Clock.dayMillis + 60_000)
            #expect(!tomorrow.replayed)
            let entries = try await database.readOnly { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM activation_entries WHERE activation_id = \(bind: id)").first()!.decode(column: "n", as: Int.self)
            }
            #expect(entries == 2)
        }
    }

    @Test("An erased person cannot come back through an entry, whether the suppression digests were worked out before the writer's turn or in it")
    func erasedPersonRefused() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            _ = try await ActivationFixture.live(world, client: client)
            #expect(try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: "anne.oubli@example.com")).status == .created)
            let memberID = try await IdeaFixture.count(world, "SELECT member_id AS n FROM member_identities WHERE value = 'anne.oubli@example.com'")
            #expect(try await client.api(.delete, "/api/v1/members/\(memberID)", key: world.keyDPOA).status == .noContent)
            // The organisation's salt is in memory by now: the digests are worked out before the writer's turn.
            let back = try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: "Anne.Oubli@Example.com"))
            #expect(back.status == .conflict, "\(back.text)")
            #expect(back.json["code"] as? String == "suppressed", "\(back.text)")
            #expect(try await IdeaFixture.count(world, "SELECT COUNT(*) AS n FROM activation_entries") == 1, "the erased person's pseudonymous entry, and no other")
            #expect(try await IdeaFixture.count(world, "SELECT COUNT(*) AS n FROM member_identities WHERE match_key = 'anne.oubli@example.com'") == 0)
            #expect(try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: "autre@example.com")).status == .created)
        }
        try await world.withDatabase { database in
            // A server that has not read the salt yet works the digests out in the writer's turn, and refuses alike.
            let services = AppServices(configuration: world.configuration, database: database, logger: Logger(label: "test"),
                                       linkSigningKey: try await InstanceSecrets.linkSigningKey(database))
            let key = IdentityKey(kind: .email, namespace: "", value: "anne.oubli@example.com", matchKey: "anne.oubli@example.com")
            #expect(await services.memberActions.suppression.probeIfSaltKnown([key], organisationID: world.organisation.id) == nil)
            let id = try await database.readOnly { sql in
                try await sql.raw("SELECT id FROM activations WHERE slug = 'noel'").first()!.decode(column: "id", as: Int64.self)
            }
            let access = BrandAccess(organisationID: world.organisation.id, brandID: world.brandA.id, unitID: nil, permissions: [.readMembers], actor: .system)
            let activation = try await services.activations.activation(id, access: access)
            let submission = EntrySubmission(email: "anne.oubli@example.com", profile: ProfileFields(), acceptedRulesVersion: 1, consents: [],
                                             honeypot: nil, memberLink: nil, idempotencyKey: nil, ipAddress: nil, language: "fr")
            await #expect(throws: AppError.self) {
                _ = try await services.activationEntries.submit(submission, activation: activation, brand: world.brandA)
            }
            #expect(await services.memberActions.suppression.probeIfSaltKnown([key], organisationID: world.organisation.id) != nil)
        }
    }
}
