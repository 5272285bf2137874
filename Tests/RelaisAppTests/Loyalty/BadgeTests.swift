import Foundation
import Logging
import SQLKit
import Testing
@testable import RelaisApp

@Suite("Badges")
struct BadgeTests {
    @Test("Milestones are reached at their thresholds, once, lowest first")
    func milestones() {
        #expect(Badge.newlyEarned(family: .entries, count: 0, held: []).isEmpty)
        #expect(Badge.newlyEarned(family: .entries, count: 10, held: []).map(\.id) == ["first-entry", "regular"])
        #expect(Badge.newlyEarned(family: .entries, count: 10, held: ["first-entry"]).map(\.id) == ["regular"])
        #expect(Badge.complete(.visits, held: ["first-visitor", "influencer"]))
        #expect(!Badge.complete(.visits, held: ["first-visitor"]))
        #expect(Badge.families(touchedBy: ["share.visit", "consent.confirmed"]) == [.visits])
        #expect(Set(Badge.all.map(\.id)).count == Badge.all.count, "badge ids are unique")
    }

    @Test("An entry gives the first-entry badge once, with a timeline event; another brand sees no badges of the member")
    func firstEntry() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            _ = try await ActivationFixture.live(world, client: client)
            let entered = try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: "camille@example.com"))
            #expect(entered.status == .created, "\(entered.text)")
            try await world.withDatabase { database in
                let services = AppServices(configuration: world.configuration, database: database, logger: Logger(label: "test"),
                                           linkSigningKey: try await InstanceSecrets.linkSigningKey(database))
                try await services.badges.processPending()
                // Nothing new: nothing given twice.
                #expect(try await services.badges.processPending() == 0)
            }
            let member = try await ShareFixture.scalar(world, "SELECT member_id AS n FROM activation_entries")
            let badges = try await client.api(.get, "/api/v1/members/\(member)/badges", key: world.keyA)
            #expect(badges.status == .ok, "\(badges.text)")
            let items = try #require(badges.json["items"] as? [[String: Any]])
            #expect(items.map { $0["badge"] as? String } == ["first-entry"])
            #expect(try await ShareFixture.scalar(world, "SELECT COUNT(*) AS n FROM timeline_events WHERE kind = 'badge.earned' AND member_id = \(member)") == 1)
            let catalogue = try await client.api(.get, "/api/v1/loyalty/badges", key: world.keyA)
            let first = (catalogue.json["items"] as? [[String: Any]])?.first { $0["badge"] as? String == "first-entry" }
            #expect(first?["holders"] as? Int == 1, "\(catalogue.text)")
            #expect(try await client.api(.get, "/api/v1/members/\(member)/badges", key: world.keyB).status == .notFound)
        }
    }

    @Test("A backlog is read range by range, the writer left free between two ranges")
    func backlogInRanges() async throws {
        let world = try await TestWorld.make()
        try await world.withDatabase { database in
            let services = AppServices(configuration: world.configuration, database: database, logger: Logger(label: "test"),
                                       linkSigningKey: try await InstanceSecrets.linkSigningKey(database))
            try await services.badges.processPending()
            // Two and a half ranges of events no badge counts.
            let org = world.organisation.id, brand = world.brandA.id
            try await database.transaction { sql in
                let member = try await sql.raw("INSERT INTO members (organisation_id, created_at, updated_at, last_contact_at) VALUES (\(bind: org), 0, 0, 0) RETURNING id")
                    .first()!.decode(column: "id", as: Int64.self)
                let rows = Array(repeating: "(\(org), \(brand), \(member), 'consent.confirmed', 1)", count: 100).joined(separator: ", ")
                for _ in 0..<(Int(BadgeAwards.range) * 5 / 200) {
                    try await sql.raw("INSERT INTO timeline_events (organisation_id, brand_id, member_id, kind, occurred_at) VALUES \(unsafeRaw: rows)").run()
                }
            }
            let started = ContinuousClock.now
            #expect(try await services.badges.processPending(pause: .milliseconds(120)) == 0)
            // Three ranges, each followed by a pause.
            #expect(ContinuousClock.now - started >= .milliseconds(240))
            let newest = try await database.readOnly { sql in try await JobProgress.newestEvent(on: sql) }
            #expect(try await database.readOnly { sql in try await BadgeAwards.progress.peek(on: sql) } == newest)
            #expect(try await database.readOnly { sql in try await BadgeAwards.progress.hasPending(on: sql) } == false)
        }
    }

    @Test("Members reaching milestones together get their badges in one pass: entries and visits, each once, with their events")
    func manyMembersAtOnce() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let activation = try await ActivationFixture.live(world, client: client)
            for n in 1...4 {
                let entered = try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: "entrant\(n)@example.com"))
                #expect(entered.status == .created, "\(entered.text)")
            }
            let sharer = try await ShareFixture.scalar(world, "SELECT MIN(member_id) AS n FROM activation_entries")
            let code = try await ShareFixture.code(client, world, member: sharer, activation: activation)
            for _ in 1...3 { #expect(try await ShareFixture.follow(client, code).status == .found) }
            try await ShareFixture.waitForClicks(world, count: 3)
            for _ in 0..<100 where try await ShareFixture.scalar(world, "SELECT COUNT(*) AS n FROM timeline_events WHERE kind = 'share.visit'") < 3 {
                try await Task.sleep(for: .milliseconds(50))
            }
            try await world.withDatabase { database in
                // 97 earlier visitors of the link: 100 in all, the influencer's threshold.
                try await database.transaction { sql in
                    for n in 1...97 {
                        try await sql.raw("""
                            INSERT INTO share_visits (link_id, brand_id, activation_id, visitor_hash, visited_at)
                            SELECT id, brand_id, activation_id, \(bind: "earlier-\(n)"), 1 FROM share_links
                            """).run()
                    }
                }
                let services = AppServices(configuration: world.configuration, database: database, logger: Logger(label: "test"),
                                           linkSigningKey: try await InstanceSecrets.linkSigningKey(database))
                #expect(try await services.badges.processPending() == 6, "four first entries, the sharer's first visitor and influencer")
                #expect(try await services.badges.processPending() == 0)
            }
            let badges = try await client.api(.get, "/api/v1/members/\(sharer)/badges", key: world.keyA)
            #expect((badges.json["items"] as? [[String: Any]])?.compactMap { $0["badge"] as? String } == ["first-entry", "first-visitor", "influencer"],
                    "\(badges.text)")
            #expect(try await ShareFixture.scalar(world, "SELECT COUNT(*) AS n FROM member_badges WHERE badge = 'first-entry'") == 4)
            #expect(try await ShareFixture.scalar(world, "SELECT COUNT(*) AS n FROM timeline_events WHERE kind = 'badge.earned'") == 6)
            #expect(try await ShareFixture.scalar(world, "SELECT COUNT(*) AS n FROM timeline_events WHERE kind = 'badge.earned' AND member_id = \(sharer)") == 3)
        }
    }
}

@Suite("Birthdays and completed profiles")
struct LifeEventTests {
    @Test("Birthdays are celebrated on the local day, leap-day birthdays on 28 February of common years")
    func calendar() {
        #expect(BirthdayCalendar.monthDays(celebratedOn: "2027-02-28") == ["02-28", "02-29"])
        #expect(BirthdayCalendar.monthDays(celebratedOn: "2028-02-28") == ["02-28"])
        #expect(BirthdayCalendar.monthDays(celebratedOn: "2028-02-29") == ["02-29"])
        #expect(BirthdayCalendar.monthDays(celebratedOn: "2027-12-04") == ["12-04"])
        #expect(ProfileCompletion.isComplete(["A", "B", "2000-01-01", "75011", "Paris", "FR"]))
        #expect(!ProfileCompletion.isComplete(["A", "B", "2000-01-01", "75011", " ", "FR"]))
    }

    @Test("The birthday event is written once a year per brand, and the completed-profile event once")
    func written() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            var ids: [String: Int] = [:]
            for (email, birth, city) in [("leap@example.com", "1992-02-29", "Lyon"), ("feb@example.com", "1990-02-28", nil),
                                         ("march@example.com", "1990-03-01", "Nantes")] as [(String, String, String?)] {
                let cityPart = city.map { #","city":"\#($0)""# } ?? ""
                let created = try await client.api(.post, "/api/v1/members", key: world.keyA, json: """
                    {"email":"\(email)","firstName":"Ana","lastName":"Roy","birthDate":"\(birth)","postalCode":"69001","country":"FR"\(cityPart)}
                    """)
                #expect(created.status == .created, "\(created.text)")
                ids[email] = (created.json["member"] as? [String: Any])?["id"] as? Int
            }
            try await world.withDatabase { database in
                let events = LifeEvents(database: database, timeline: Timeline())
                let feb28 = try #require(LocalTime.instant("2027-02-28T09:00", timeZone: "Europe/Paris"))
                #expect(try await events.celebrateBirthdays(now: feb28) == 2)
                #expect(try await events.celebrateBirthdays(now: feb28 + 3_600_000) == 0, "once a year")
                let leapDay = try #require(LocalTime.instant("2028-02-29T09:00", timeZone: "Europe/Paris"))
                #expect(try await events.celebrateBirthdays(now: leapDay) == 1)

                #expect(try await events.recordCompletedProfiles() == 2, "the member without a city is not complete")
                #expect(try await events.recordCompletedProfiles() == 0)
            }
            let member = try #require(ids["feb@example.com"])
            let updated = try await client.api(.post, "/api/v1/members", key: world.keyA, json: #"{"email":"feb@example.com","city":"Lille"}"#)
            #expect([.ok, .created].contains(updated.status), "\(updated.text)")
            try await world.withDatabase { database in
                let written = try await LifeEvents(database: database, timeline: Timeline()).recordCompletedProfiles()
                #expect(written == 1)
            }
            #expect(try await ShareFixture.scalar(world, "SELECT COUNT(*) AS n FROM timeline_events WHERE kind = 'profile.completed' AND member_id = \(member)") == 1)
        }
    }

    @Test("Thousands of members imported in the same millisecond each get their completed-profile event once, batch after batch")
    func completedProfilesOfOneInstant() async throws {
        let world = try await TestWorld.make()
        try await world.withDatabase { database in
            let at = Clock.nowMillis() - 3_600_000
            try await database.transaction { sql in
                let brand = try #require(try await sql.raw("SELECT id, organisation_id FROM brands ORDER BY id LIMIT 1").first())
                let brandID = try brand.decode(column: "id", as: Int64.self), organisationID = try brand.decode(column: "organisation_id", as: Int64.self)
                for chunk in Array(0..<2_500).chunked(250) {
                    let rows: [SQLQueryString] = chunk.map { index in
                        // Every 10th profile lacks its city: not complete.
                        let city = index % 10 == 0 ? "" : "Lyon"
                        return "(\(bind: organisationID), 'Ana', 'Roy', '1990-01-01', '69001', \(bind: city), 'FR', 'ana roy', 'roy ana', \(bind: at), \(bind: at), \(bind: at))"
                    }
                    let ids = try await sql.raw("""
                        INSERT INTO members (organisation_id, first_name, last_name, birth_date, postal_code, city, country, search_name, search_alt,
                            created_at, updated_at, last_contact_at) VALUES \(rows.joined(separator: ", ")) RETURNING id
                        """).all().map { try $0.decode(column: "id", as: Int64.self) }
                    let links: [SQLQueryString] = ids.map { "(\(bind: $0), \(bind: brandID), \(bind: organisationID), \(bind: at), 'import')" }
                    try await sql.raw("""
                        INSERT INTO member_brands (member_id, brand_id, organisation_id, first_seen_at, source) VALUES \(links.joined(separator: ", "))
                        """).run()
                }
            }
            let events = LifeEvents(database: database, timeline: Timeline())
            #expect(try await events.recordCompletedProfiles() == 2_250)
            #expect(try await events.recordCompletedProfiles() == 0)
            let counts = try await database.readOnly { sql in
                try await sql.raw("""
                    SELECT COUNT(*) AS n, COUNT(DISTINCT member_id) AS members FROM timeline_events WHERE kind = 'profile.completed'
                    """).first().map { (try $0.decode(column: "n", as: Int.self), try $0.decode(column: "members", as: Int.self)) }
            }
            #expect(counts?.0 == 2_250 && counts?.1 == 2_250)
        }
    }
}
