import Draws
import Foundation
import Logging
import SQLKit
import Testing
@testable import RelaisApp

@Suite("Activations API and entries")
struct ActivationAPITests {
    @Test("Create validates every field, refuses unknown kinds, and scheduling publishes the draw commitment")
    func createAndSchedule() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let invalid = try await client.api(.post, "/api/v1/activations", key: world.keyA,
                                               json: #"{"kind":"sweepstakes","slug":"x","opensAt":"tomorrow","closesAt":"2099-01-01T00:00"}"#)
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            let fields = (invalid.json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
            #expect(Set(fields) == ["titleFr", "opensAt"])
            let unknown = try await client.api(.post, "/api/v1/activations", key: world.keyA,
                                               json: #"{"kind":"lottery","slug":"loto","titleFr":"Loto","opensAt":"2026-12-01T09:00","closesAt":"2026-12-02T09:00"}"#)
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.text.contains("\"kind\""), "\(unknown.text)")

            let created = try await client.api(.post, "/api/v1/activations", key: world.keyA, json: ActivationFixture.sweepstakes())
            #expect(created.status == .created)
            #expect(created.json["status"] as? String == "draft")
            #expect(created.json["timeZone"] as? String == "Europe/Paris")
            #expect(created.json["opensAtInstant"] as? String == "2019-12-31T23:00:00Z")
            #expect((created.json["rules"] as? [String: Any])?["version"] as? Int == 1)
            let id = try #require(created.json["id"] as? Int)
            let duplicate = try await client.api(.post, "/api/v1/activations", key: world.keyA, json: ActivationFixture.sweepstakes())
            #expect(duplicate.status == .conflict)
            #expect(duplicate.json["code"] as? String == "slug_taken")

            let scheduled = try await client.api(.post, "/api/v1/activations/\(id)/transitions", key: world.keyA, json: #"{"action":"schedule"}"#)
            #expect(scheduled.status == .ok)
            #expect(scheduled.json["status"] as? String == "live")
            let draw = try #require(scheduled.json["draw"] as? [String: Any])
            #expect(draw["algorithm"] as? String == "relais-draw-v1")
            #expect((draw["commitment"] as? String)?.count == 64)
            #expect(draw["seed"] == nil, "the seed stays secret until the draw")
            let again = try await client.api(.post, "/api/v1/activations/\(id)/transitions", key: world.keyA, json: #"{"action":"schedule"}"#)
            #expect(again.status == .conflict)
            #expect(again.json["code"] as? String == "invalid_transition")
            let list = try await client.api(.get, "/api/v1/activations", key: world.keyA)
            #expect((list.json["items"] as? [[String: Any]])?.count == 1)
            let audit = try await client.api(.get, "/api/v1/audit-log", key: world.keyA)
            let actions = (audit.json["items"] as? [[String: Any]])?.compactMap { $0["action"] as? String } ?? []
            #expect(actions.contains("activation.created") && actions.contains("activation.schedule"))
        }
    }

    @Test("While live only the texts change, audited; prizes and eligibility are locked")
    func liveEditsRestricted() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let id = try await ActivationFixture.live(world, client: client)
            let texts = ActivationFixture.sweepstakes().replacingOccurrences(of: "Gagnez des coffrets.", with: "Gagnez des coffrets et un vélo.")
            let edited = try await client.api(.put, "/api/v1/activations/\(id)", key: world.keyA, json: texts)
            #expect(edited.status == .ok, "\(edited.text)")
            #expect(edited.json["descriptionFr"] as? String == "Gagnez des coffrets et un vélo.")
            let prizes = texts.replacingOccurrences(of: #""quantity":2"#, with: #""quantity":5"#).replacingOccurrences(of: #""minimumAge":0"#, with: #""minimumAge":18"#)
            let locked = try await client.api(.put, "/api/v1/activations/\(id)", key: world.keyA, json: prizes)
            #expect(locked.status == .conflict)
            #expect(locked.json["code"] as? String == "locked")
            let fields = (locked.json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
            #expect(fields == ["eligibility", "prizes"])
            let audit = try await client.api(.get, "/api/v1/audit-log", key: world.keyA)
            let live = (audit.json["items"] as? [[String: Any]])?.first { $0["action"] as? String == "activation.updated_live" }
            #expect((live?["details"] as? [String: String])?["changed"] == "content")
        }
    }

    @Test("An entry upserts the one member, records consent with its wording, the rules accepted and a timeline event")
    func entryLandsOnTheProfile() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let existing = try await client.api(.post, "/api/v1/members", key: world.keyA, json: #"{"email":"camille@example.com","city":"Lyon"}"#)
            let memberID = try #require((existing.json["member"] as? [String: Any])?["id"] as? Int)
            let id = try await ActivationFixture.live(world, client: client)
            let entered = try await ActivationFixture.enter(client, body: ActivationFixture.entry(
                email: "Camille@Example.com", extra: #""consents":[{"purpose":"newsletter","wordingVersion":1}],"language":"fr""#))
            #expect(entered.status == .created, "\(entered.text)")
            let token = try #require(entered.json["token"] as? String)
            #expect(token.count == 32 && token.allSatisfy(\.isHexDigit))
            #expect(entered.json["returnLink"] == nil, "the recognising link goes to the mailbox, never to whoever typed the address")
            let mail = try await world.withDatabase { database in
                try await database.read { sql in
                    try await sql.raw("SELECT recipient, body FROM outbox_messages WHERE purpose = 'activation_entry'").all()
                        .map { (try $0.decode(column: "recipient", as: String.self), try $0.decode(column: "body", as: String.self)) }
                }
            }
            #expect(mail.count == 1)
            #expect(mail.first?.0 == "Camille@Example.com")
            #expect(mail.first?.1.contains(token) == true)
            #expect(mail.first?.1.contains("http://relais.test/a/fizz/noel?m=") == true)
            #expect(entered.json["flags"] == nil, "anti-fraud flags are not shown to the entrant")

            let member = try await client.api(.get, "/api/v1/members/\(memberID)", key: world.keyA)
            #expect(member.json["firstName"] as? String == "Camille")
            #expect(member.json["city"] as? String == "Lyon")
            let consents = try await client.api(.get, "/api/v1/members/\(memberID)/consents", key: world.keyA)
            let history = try #require(consents.json["history"] as? [[String: Any]])
            #expect(history.contains { $0["purpose"] as? String == "newsletter" && $0["status"] as? String == "pending"
                && $0["wordingVersion"] as? Int == 1 && $0["source"] as? String == "form" })
            let timeline = try await client.api(.get, "/api/v1/members/\(memberID)/timeline", key: world.keyA)
            let kinds = (timeline.json["items"] as? [[String: Any]])?.compactMap { $0["kind"] as? String } ?? []
            #expect(kinds.contains("activation.entry"))
            let entries = try await client.api(.get, "/api/v1/activations/\(id)/entries", key: world.keyA)
            let items = try #require(entries.json["items"] as? [[String: Any]])
            #expect(items.count == 1)
            #expect(items.first?["memberId"] as? Int == memberID)
            #expect(items.first?["rulesVersion"] as? Int == 1)
            #expect((items.first?["rulesSha256"] as? String)?.count == 64)
            let members = try await client.api(.get, "/api/v1/members?q=camille%40example.com", key: world.keyA)
            #expect((members.json["items"] as? [[String: Any]])?.count == 1, "no second profile")
        }
    }

    @Test("A replayed request returns the first result; a double submit is refused; nothing is recorded twice")
    func idempotentAndDoubleSubmitSafe() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let id = try await ActivationFixture.live(world, client: client)
            let body = ActivationFixture.entry(email: "paul@example.com")
            let first = try await ActivationFixture.enter(client, body: body, idempotencyKey: "k-123")
            #expect(first.status == .created)
            let replay = try await ActivationFixture.enter(client, body: body, idempotencyKey: "k-123")
            #expect(replay.status == .ok)
            #expect(replay.json["replayed"] as? Bool == true)
            #expect(replay.json["token"] as? String == first.json["token"] as? String)
            let stolen = try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: "mallory@example.com"), idempotencyKey: "k-123")
            #expect(stolen.status == .conflict)
            #expect(stolen.json["code"] as? String == "idempotency_key_reused")
            #expect(stolen.json["token"] == nil)
            let double = try await ActivationFixture.enter(client, body: body, idempotencyKey: "k-456")
            #expect(double.status == .conflict)
            #expect(double.json["code"] as? String == "already_entered")
            // Ten simultaneous submissions of one person: exactly one entry.
            try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<10 {
                    group.addTask { Int(try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: "race@example.com"),
                                                                          idempotencyKey: "race-\(index)").status.code) }
                }
                var statuses: [Int] = []
                for try await status in group { statuses.append(status) }
                #expect(statuses.filter { $0 == 201 }.count == 1, "\(statuses)")
                #expect(statuses.allSatisfy { $0 == 201 || $0 == 409 }, "\(statuses)")
            }
            let entries = try await client.api(.get, "/api/v1/activations/\(id)/entries", key: world.keyA)
            #expect((entries.json["items"] as? [[String: Any]])?.count == 2)
        }
    }

    @Test("Refusals are clear and record nothing: too young, rules not accepted, not yet open, closed, cap, honeypot; disposable e-mails are flagged")
    func refusals() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let id = try await ActivationFixture.live(world, client: client, body: ActivationFixture.sweepstakes(minimumAge: 18, cap: 2))
            let young = try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: "teen@example.com", birthDate: "2015-03-01"))
            #expect(young.status == .unprocessableContent)
            #expect(young.json["code"] as? String == "too_young")
            #expect((young.json["detail"] as? String)?.contains("at least 18") == true)
            let noRules = try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: "a@example.com", birthDate: "1990-01-01", rulesVersion: nil))
            #expect(noRules.json["code"] as? String == "rules_not_accepted")
            let bot = try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: "b@example.com", birthDate: "1990-01-01",
                                                                                               extra: #""website":"http://spam""#))
            #expect(bot.status == .unprocessableContent)
            let throwaway = try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: "c@yopmail.com", birthDate: "1990-01-01"))
            #expect(throwaway.status == .created)
            let fine = try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: "d@example.com", birthDate: "1990-01-01"))
            #expect(fine.status == .created)
            let capped = try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: "e@example.com", birthDate: "1990-01-01"))
            #expect(capped.status == .conflict)
            #expect(capped.json["code"] as? String == "cap_reached")
            let entries = try await client.api(.get, "/api/v1/activations/\(id)/entries", key: world.keyA)
            let items = try #require(entries.json["items"] as? [[String: Any]])
            #expect(items.count == 2)
            #expect(items.contains { ($0["flags"] as? [String]) == ["disposable_email"] })
            let teen = try await client.api(.get, "/api/v1/members?q=teen%40example.com", key: world.keyA)
            #expect((teen.json["items"] as? [[String: Any]])?.isEmpty == true, "a refused entry leaves no profile behind")

            _ = try await ActivationFixture.live(world, client: client, body: ActivationFixture.sweepstakes(slug: "plus-tard", opensLater: true))
            let early = try await ActivationFixture.enter(client, slug: "plus-tard", body: ActivationFixture.entry(email: "f@example.com"))
            #expect(early.status == .conflict)
            #expect(early.json["code"] as? String == "not_yet_open")
            let closed = try await client.api(.post, "/api/v1/activations/\(id)/transitions", key: world.keyA, json: #"{"action":"close"}"#)
            #expect(closed.json["status"] as? String == "closed")
            let late = try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: "g@example.com", birthDate: "1990-01-01"))
            #expect(late.status == .conflict)
            #expect(late.json["code"] as? String == "closed")
            let missing = try await ActivationFixture.enter(client, slug: "nope", body: ActivationFixture.entry(email: "h@example.com"))
            #expect(missing.status == .notFound)
        }
    }

    @Test("Another brand's key and a unit key reach none of brand A's activations")
    func tenantIsolation() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let id = try await ActivationFixture.live(world, client: client)
            for key in [world.keyB, world.keyUnitA1] {
                #expect(try await client.api(.get, "/api/v1/activations/\(id)", key: key).status == .notFound)
                #expect(try await client.api(.get, "/api/v1/activations/\(id)/entries", key: key).status == .notFound)
                #expect(try await client.api(.post, "/api/v1/activations/\(id)/transitions", key: key, json: #"{"action":"close"}"#).status == .notFound)
                let list = try await client.api(.get, "/api/v1/activations", key: key)
                #expect((list.json["items"] as? [[String: Any]])?.isEmpty == true)
            }
            #expect(try await client.api(.post, "/api/v1/activations", key: world.keyAnalystA, json: ActivationFixture.sweepstakes(slug: "x")).status == .forbidden)
        }
    }

    @Test("The brand's time zone, colour and logo brand its public pages; only a brand-wide key may change them")
    func brandAppearance() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let invalid = try await client.api(.put, "/api/v1/brand/appearance", key: world.keyA,
                                               json: #"{"timeZone":"Mars/Olympus","primaryColor":"red","logoUrl":"http://x"}"#)
            #expect(invalid.status == .unprocessableContent)
            let fields = (invalid.json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
            #expect(fields == ["timeZone", "primaryColor", "logoUrl"])
            let unit = try await client.api(.put, "/api/v1/brand/appearance", key: world.keyUnitA1,
                                            json: ##"{"timeZone":"America/Montreal","primaryColor":"#cc0000"}"##)
            #expect(unit.status == .forbidden)
            let changed = try await client.api(.put, "/api/v1/brand/appearance", key: world.keyA,
                                               json: ##"{"timeZone":"America/Montreal","primaryColor":"#CC0000","logoUrl":"https://cdn.example/fizz.png"}"##)
            #expect(changed.status == .ok)
            #expect(changed.json["primaryColor"] as? String == "#cc0000")
            let created = try await client.api(.post, "/api/v1/activations", key: world.keyA, json: ActivationFixture.sweepstakes())
            #expect(created.json["timeZone"] as? String == "America/Montreal")
            #expect(created.json["opensAtInstant"] as? String == "2020-01-01T05:00:00Z")
            _ = try await client.api(.post, "/api/v1/activations/\(try #require(created.json["id"] as? Int))/transitions", key: world.keyA,
                                     json: #"{"action":"schedule"}"#)
            let theme = try await client.raw(.get, "/a/fizz/noel/theme.css")
            #expect(theme.text.contains("--brand:#cc0000"))
            let page = try await client.raw(.get, "/a/fizz/noel")
            #expect(page.text.contains(#"src="https://cdn.example/fizz.png""#))
            #expect(page.headers[.contentSecurityPolicy]?.contains("img-src 'self' data: https:") == true)
        }
    }

    @Test("Flagged entries wait in a review queue; staff invalidate with a reason, logged; nothing changes once the pool is frozen")
    func reviewQueue() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let id = try await ActivationFixture.live(world, client: client)
            #expect(try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: "honest@example.com")).status == .created)
            #expect(try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: "x1@yopmail.com")).status == .created)
            #expect(try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: "x2@yopmail.com")).status == .created)
            let queue = try await client.api(.get, "/api/v1/activations/\(id)/entries?flagged=true", key: world.keyA)
            let flagged = try #require(queue.json["items"] as? [[String: Any]])
            #expect(flagged.count == 2)
            let first = try #require(flagged.first?["id"] as? Int)
            let terse = try await client.api(.post, "/api/v1/activations/\(id)/invalidations", key: world.keyA, json: #"{"entryId":\#(first),"reason":"x"}"#)
            #expect(terse.status == .unprocessableContent)
            let done = try await client.api(.post, "/api/v1/activations/\(id)/invalidations", key: world.keyA,
                                            json: #"{"entryId":\#(first),"reason":"Adresse jetable, doublon d'un autre participant"}"#)
            #expect(done.status == .noContent)
            let again = try await client.api(.post, "/api/v1/activations/\(id)/invalidations", key: world.keyA,
                                             json: #"{"entryId":\#(first),"reason":"encore une fois"}"#)
            #expect(again.status == .unprocessableContent, "an entry is invalidated once")
            let after = try await client.api(.get, "/api/v1/activations/\(id)/entries?flagged=true", key: world.keyA)
            #expect((after.json["items"] as? [[String: Any]])?.count == 1)
            let all = try await client.api(.get, "/api/v1/activations/\(id)/entries", key: world.keyA)
            let invalidated = (all.json["items"] as? [[String: Any]])?.first { $0["id"] as? Int == first }
            #expect(invalidated?["status"] as? String == "invalidated")
            #expect(invalidated?["invalidationReason"] as? String == "Adresse jetable, doublon d'un autre participant")
            let audit = try await client.api(.get, "/api/v1/audit-log", key: world.keyA)
            let line = (audit.json["items"] as? [[String: Any]])?.first { $0["action"] as? String == "activation.entry_invalidated" }
            #expect((line?["details"] as? [String: String])?["entry"] == String(first))
            let closed = try await client.api(.post, "/api/v1/activations/\(id)/transitions", key: world.keyA, json: #"{"action":"close"}"#)
            #expect((closed.json["draw"] as? [String: Any])?["poolCount"] as? Int == 2, "the invalidated entry is not in the pool")
            let second = try #require((after.json["items"] as? [[String: Any]])?.first?["id"] as? Int)
            let frozen = try await client.api(.post, "/api/v1/activations/\(id)/invalidations", key: world.keyA,
                                              json: #"{"entryId":\#(second),"reason":"trop tard pour changer"}"#)
            #expect(frozen.status == .conflict)
            #expect(frozen.json["code"] as? String == "pool_frozen")
        }
    }

    @Test("Entries arriving together: each new entrant's profile, key, community, consent, entry, timeline and e-mails point at one another; the same person, or the same request, twice is answered as alone")
    func simultaneousNewEntrants() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let id = try await ActivationFixture.live(world, client: client)
            let consent = #""consents":[{"purpose":"newsletter","wordingVersion":1}],"language":"fr""#
            // 40 new people, one person four times, and one request sent three times: on SQLite they are
            // written in groups whose new members and entries are kept and written together.
            let statuses = try await withThrowingTaskGroup(of: (String, Int).self) { group in
                for index in 0..<40 {
                    group.addTask {
                        ("new", Int(try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: "crowd\(index)@example.com", extra: consent))
                            .status.code))
                    }
                }
                for index in 0..<4 {
                    group.addTask {
                        ("twice", Int(try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: "twice@example.com", extra: consent),
                                                                        idempotencyKey: "twice-\(index)").status.code))
                    }
                }
                for _ in 0..<3 {
                    group.addTask {
                        ("replay", Int(try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: "replay@example.com", extra: consent),
                                                                         idempotencyKey: "same-request").status.code))
                    }
                }
                var statuses: [String: [Int]] = [:]
                for try await (kind, status) in group { statuses[kind, default: []].append(status) }
                return statuses
            }
            #expect(statuses["new"]?.allSatisfy { $0 == 201 } == true, "\(statuses)")
            #expect(statuses["twice"]?.sorted() == [201, 409, 409, 409], "\(statuses)")
            #expect(statuses["replay"]?.filter { $0 == 201 }.count == 1 && statuses["replay"]?.allSatisfy { $0 == 201 || $0 == 200 } == true,
                    "one entry, the others its replays: \(statuses)")
            let rows = try await world.withDatabase { database in
                try await database.read { sql in
                    try await sql.raw("""
                        SELECT e.id, e.member_id, i.value AS email, m.first_name,
                            (SELECT COUNT(*) FROM member_identities k WHERE k.member_id = e.member_id) AS keys,
                            (SELECT COUNT(*) FROM member_brands b WHERE b.member_id = e.member_id) AS brands,
                            (SELECT COUNT(*) FROM consent_records c WHERE c.member_id = e.member_id AND c.status = 'pending') AS consents,
                            (SELECT COUNT(*) FROM timeline_events t WHERE t.member_id = e.member_id AND t.kind = 'activation.entry') AS entry_events,
                            (SELECT COUNT(*) FROM timeline_events t WHERE t.member_id = e.member_id AND t.kind = 'member.created') AS created_events,
                            (SELECT COUNT(*) FROM outbox_messages o WHERE o.member_id = e.member_id AND o.recipient = i.value
                               AND o.purpose = 'activation_entry' AND o.body LIKE '%' || e.token || '%') AS confirmations,
                            (SELECT COUNT(*) FROM outbox_messages o WHERE o.member_id = e.member_id AND o.recipient = i.value
                               AND o.purpose = 'double_opt_in') AS opt_ins
                        FROM activation_entries e JOIN members m ON m.id = e.member_id JOIN member_identities i ON i.member_id = e.member_id
                        WHERE e.activation_id = \(bind: id) ORDER BY e.id
                        """).all().map { row in
                        (email: try row.decode(column: "email", as: String.self), firstName: try row.decode(column: "first_name", as: String.self),
                         counts: try ["keys", "brands", "consents", "entry_events", "created_events", "confirmations", "opt_ins"].map {
                             try row.decode(column: $0, as: Int.self)
                         })
                    }
                }
            }
            #expect(rows.count == 42, "40 new people, the person entered four times, the request sent three times")
            #expect(Set(rows.map(\.email)) == Set((0..<40).map { "crowd\($0)@example.com" } + ["twice@example.com", "replay@example.com"]))
            #expect(rows.allSatisfy { $0.firstName == "Camille" && $0.counts == [1, 1, 1, 1, 1, 1, 1] },
                    "\(rows.filter { $0.counts != [1, 1, 1, 1, 1, 1, 1] })")
        }
    }

    @Test("Twenty simultaneous entries racing for the last places of a capped activation: exactly the cap is accepted")
    func capUnderConcurrency() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let id = try await ActivationFixture.live(world, client: client, body: ActivationFixture.sweepstakes(cap: 5))
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<20 {
                    group.addTask { Int(try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: "racer\(index)@example.com")).status.code) }
                }
                var statuses: [Int] = []
                for try await status in group { statuses.append(status) }
                return statuses
            }
            #expect(statuses.filter { $0 == 201 }.count == 5, "\(statuses)")
            #expect(statuses.filter { $0 == 409 }.count == 15, "\(statuses)")
            let entries = try await client.api(.get, "/api/v1/activations/\(id)/entries", key: world.keyA)
            #expect((entries.json["items"] as? [[String: Any]])?.count == 5)
        }
    }

    @Test("When the brand asks for it, an entry counts only once the e-mailed link is followed, before closing")
    func emailConfirmation() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let body = ActivationFixture.sweepstakes().replacingOccurrences(of: #""membersOnly":false"#, with: #""membersOnly":false,"confirmEmail":true"#)
            let id = try await ActivationFixture.live(world, client: client, body: body)
            let first = try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: "sure@example.com"))
            #expect(first.json["confirmationRequired"] as? Bool == true)
            #expect(try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: "never@example.com")).status == .created)
            let mail = try await world.withDatabase { database in
                try await database.read { sql in
                    try await sql.raw("SELECT body FROM outbox_messages WHERE purpose = 'activation_entry' AND recipient = 'sure@example.com'")
                        .first()?.decode(column: "body", as: String.self)
                }
            }
            let link = try #require(mail?.split(separator: "\n").first { $0.contains("/confirm/") })
            let path = String(link.dropFirst("http://relais.test".count))
            #expect(try await client.raw(.get, path + "x").status == .notFound, "a tampered link confirms nothing")
            let confirmed = try await client.raw(.get, path)
            #expect(confirmed.status == .ok)
            #expect(confirmed.text.contains(#"id="entry-address-confirmed""#))
            #expect(try await client.raw(.get, path).status == .notFound, "a link confirms once")
            let entries = try await client.api(.get, "/api/v1/activations/\(id)/entries", key: world.keyA)
            #expect(Set((entries.json["items"] as? [[String: Any]])?.compactMap { $0["status"] as? String } ?? []) == ["valid", "unconfirmed"])
            let closed = try await client.api(.post, "/api/v1/activations/\(id)/transitions", key: world.keyA, json: #"{"action":"close"}"#)
            #expect((closed.json["draw"] as? [String: Any])?["poolCount"] as? Int == 1, "an unconfirmed entry is not in the draw")
        }
    }
}
