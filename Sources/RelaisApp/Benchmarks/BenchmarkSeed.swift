import Foundation
import Logging
import SQLKit

/// Generates a large, realistic member base for the benchmarks: members with e-mail (and a
/// third with a phone), brand links, consent records and timeline events, written in bulk.
public enum BenchmarkSeed {
    /// What the seed created, for the benchmark scripts.
    public struct Report: Codable, Sendable {
        public var apiKey: String
        public var brandID: Int64
        public var members: Int
        public var events: Int
        public var seconds: Double
    }

    /// Seeds `members` members and `events` timeline events into an empty database.
    public static func run(configuration: AppConfiguration, members: Int, events: Int, log: @Sendable (String) -> Void) async throws -> Report {
        let logger = Logger(label: "relais.bench")
        let database = try await Database.open(configuration.database, logger: logger)
        do {
            try await Migrator(database: database, logger: logger).migrate()
            let report = try await seed(database: database, configuration: configuration, members: members, events: events, log: log)
            await database.close()
            return report
        } catch {
            await database.close()
            throw error
        }
    }

    static func seed(database: Database, configuration: AppConfiguration, members: Int, events: Int, log: @Sendable (String) -> Void) async throws -> Report {
        let started = Date()
        let services = AppServices(configuration: configuration, database: database, logger: Logger(label: "bench"),
                                   linkSigningKey: try await InstanceSecrets.linkSigningKey(database))
        let (brand, key, purposeID, wordingID) = try await database.transaction { sql in
            let org = try await services.tenancy.createOrganisation(name: "Benchmark Group", slug: "bench-\(Int.random(in: 0..<1_000_000))", on: sql)
            let brand = try await services.tenancy.createBrand(organisationID: org.id, name: "Bench Brand", slug: "bench", on: sql)
            let purpose = try await services.consentSettings.createPurpose(brandID: brand.id, key: "newsletter", label: "Newsletter", isMarketing: true, on: sql)
            let wording = try await services.consentSettings.publishWording(purpose: purpose, language: "fr", body: "J'accepte la newsletter.", on: sql)
            _ = try await services.consentSettings.publishWording(purpose: purpose, language: "en", body: "I agree to the newsletter.", on: sql)
            let key = try await services.apiKeys.issue(organisationID: org.id, brandID: brand.id, unitID: nil, name: "bench", role: .brandManager, createdBy: nil, on: sql).secret
            return (brand, key, purpose.id, wording.id)
        }
        let org = brand.organisationID
        let now = Clock.nowMillis()
        var random = DemoRandom(seed: 7)
        let batch = 1000
        var firstID: Int64? = nil
        var lastID: Int64 = 0
        for start in stride(from: 0, to: members, by: batch) {
            let count = min(batch, members - start)
            var rows: [SQLQueryString] = []
            for _ in 0..<count {
                let first = DemoNames.firstNames.randomElement(using: &random)!
                let last = DemoNames.lastNames.randomElement(using: &random)!
                let (city, postal) = DemoNames.cities.randomElement(using: &random)!
                let birth = String(format: "%04d-%02d-%02d", Int.random(in: 1950...2012, using: &random), Int.random(in: 1...12, using: &random), Int.random(in: 1...28, using: &random))
                let (name, alt) = SearchText.nameKeys(first: first, last: last)
                let joined = now - Int64.random(in: 0...(900 * Clock.dayMillis), using: &random)
                rows.append("(\(bind: org), \(bind: first), \(bind: last), \(bind: birth), \(bind: postal), \(bind: city), 'FR', 'fr', \(bind: name), \(bind: alt), \(bind: joined), \(bind: joined), \(bind: joined))")
            }
            let values = rows.joined(separator: ", ")
            let inserted = try await database.transaction { sql in
                try await sql.raw("""
                    INSERT INTO members (organisation_id, first_name, last_name, birth_date, postal_code, city, country, language,
                        search_name, search_alt, created_at, updated_at, last_contact_at)
                    VALUES \(values) RETURNING id
                    """).all().map { try $0.decode(column: "id", as: Int64.self) }
            }
            firstID = firstID ?? inserted.min()
            lastID = max(lastID, inserted.max() ?? 0)
            if (start / batch) % 100 == 0 { log("members: \(start + count)/\(members)") }
        }
        guard let low = firstID else { throw AppError.badRequest("no members to seed") }
        let phone: String = database.kind == .sqlite ? "'+336' || printf('%08d', m.id)" : "'+336' || lpad(m.id::text, 8, '0')"
        let eventsPerMember = max(0, events / max(members, 1))
        let kinds = ["activation.entered", "activation.entered", "email.opened", "share.clicked", "coupon.redeemed", "member.updated"]
        let kindCase = "CASE (m.id + k.n) % \(kinds.count) " + kinds.enumerated().map { "WHEN \($0.offset) THEN '\($0.element)'" }.joined(separator: " ") + " END"
        let numbers = (1...max(eventsPerMember, 1)).map { "SELECT \($0) AS n" }.joined(separator: " UNION ALL ")
        let chunk: Int64 = 20_000
        for from in stride(from: low, through: lastID, by: Int(chunk)) {
            let to = from + chunk - 1
            try await database.transaction { sql in
                for statement in [
                    """
                    INSERT INTO member_identities (organisation_id, member_id, kind, namespace, value, match_key, created_at)
                    SELECT m.organisation_id, m.id, 'email', '', 'member' || m.id || '@example.com', 'member' || m.id || '@example.com', m.created_at
                    FROM members m WHERE m.id BETWEEN \(from) AND \(to) AND m.organisation_id = \(org)
                    """,
                    """
                    INSERT INTO member_identities (organisation_id, member_id, kind, namespace, value, match_key, created_at)
                    SELECT m.organisation_id, m.id, 'phone', '', \(phone), \(phone), m.created_at
                    FROM members m WHERE m.id BETWEEN \(from) AND \(to) AND m.organisation_id = \(org) AND m.id % 3 = 0
                    """,
                    """
                    INSERT INTO member_brands (member_id, brand_id, organisation_id, first_seen_at, source)
                    SELECT m.id, \(brand.id), m.organisation_id, m.created_at, 'bench' FROM members m
                    WHERE m.id BETWEEN \(from) AND \(to) AND m.organisation_id = \(org)
                    """,
                    """
                    INSERT INTO consent_records (organisation_id, brand_id, member_id, purpose_id, channel, status, source_kind, source_label,
                        wording_id, confirmation_sent_at, confirmed_at, parental_consent, recorded_at)
                    SELECT m.organisation_id, \(brand.id), m.id, \(purposeID), 'email', CASE WHEN m.id % 5 = 0 THEN 'withdrawn' ELSE 'granted' END,
                        'form', 'bench', \(wordingID), m.created_at, m.created_at + 60000, 0, m.created_at + 60000
                    FROM members m WHERE m.id BETWEEN \(from) AND \(to) AND m.organisation_id = \(org)
                    """,
                    """
                    INSERT INTO timeline_events (organisation_id, brand_id, member_id, kind, summary, data, initiated_by_member, occurred_at)
                    SELECT m.organisation_id, \(brand.id), m.id, \(kindCase), '', '{}', 1, \(now) - ((m.id * 7 + k.n * 13) % 900) * \(Clock.dayMillis)
                    FROM members m CROSS JOIN (\(numbers)) k WHERE m.id BETWEEN \(from) AND \(to) AND m.organisation_id = \(org)
                    """,
                ] where !(statement.contains("timeline_events") && eventsPerMember == 0) {
                    try await sql.raw(SQLQueryString(statement)).run()
                }
            }
            log("links, consents and events: members \(from)–\(min(to, lastID))")
        }
        // Statistics for the planners; on PostgreSQL also the visibility map that autovacuum keeps
        // on a database in service, without which index-only scans still read the table.
        let settle: SQLQueryString = database.kind == .postgres ? "VACUUM (ANALYZE)" : "ANALYZE"
        try await database.read { sql in try await sql.raw(settle).run() }
        return Report(apiKey: key, brandID: brand.id, members: members, events: eventsPerMember * members,
                      seconds: Date().timeIntervalSince(started))
    }
}
