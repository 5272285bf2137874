import Foundation
import Logging
import SQLKit

/// The raw database ceiling of a member upsert: the same rows an API upsert writes (member,
/// e-mail identity, brand link, consent record, two timeline events, audit line), written
/// directly, one transaction each, with no validation, de-duplication or HTTP.
public enum BenchmarkRawUpserts {
    /// Runs `count` raw upserts from `concurrency` tasks and summarises them.
    public static func run(configuration: AppConfiguration, brandID: Int64, count: Int, concurrency: Int) async throws -> LatencySummary {
        try await Database.using(configuration.database, logger: Logger(label: "relais.bench")) { database in
            try await measure(database: database, brandID: brandID, count: count, concurrency: concurrency)
        }
    }

    static func measure(database: Database, brandID: Int64, count: Int, concurrency: Int) async throws -> LatencySummary {
        let (organisationID, purposeID, wordingID) = try await database.read { sql in
            let row = try await sql.raw("""
                SELECT b.organisation_id, p.id AS purpose_id, w.id AS wording_id FROM brands b
                JOIN consent_purposes p ON p.brand_id = b.id JOIN consent_wordings w ON w.purpose_id = p.id
                WHERE b.id = \(bind: brandID) ORDER BY w.id LIMIT 1
                """).first()!
            return (try row.decode(column: "organisation_id", as: Int64.self), try row.decode(column: "purpose_id", as: Int64.self),
                    try row.decode(column: "wording_id", as: Int64.self))
        }
        let prefix = "raw\(Int.random(in: 0..<1_000_000_000))"
        let started = Date()
        let durations = try await withThrowingTaskGroup(of: [Double].self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var local: [Double] = []
                    var index = worker
                    while index < count {
                        let email = "\(prefix)-\(index)@load.example"
                        let begin = Date()
                        try await database.transaction { sql in
                            let now = Clock.nowMillis()
                            let id = try await sql.raw("""
                                INSERT INTO members (organisation_id, first_name, search_name, search_alt, created_at, updated_at, last_contact_at)
                                VALUES (\(bind: organisationID), 'Camille', 'camille', 'camille', \(bind: now), \(bind: now), \(bind: now)) RETURNING id
                                """).first()!.decode(column: "id", as: Int64.self)
                            try await sql.raw("""
                                INSERT INTO member_identities (organisation_id, member_id, kind, namespace, value, match_key, created_at)
                                VALUES (\(bind: organisationID), \(bind: id), 'email', '', \(bind: email), \(bind: email), \(bind: now))
                                """).run()
                            try await sql.raw("""
                                INSERT INTO member_brands (member_id, brand_id, organisation_id, first_seen_at, source)
                                VALUES (\(bind: id), \(bind: brandID), \(bind: organisationID), \(bind: now), 'api_key')
                                """).run()
                            try await sql.raw("""
                                INSERT INTO consent_records (organisation_id, brand_id, member_id, purpose_id, channel, status, source_kind, source_label,
                                    wording_id, confirmed_at, parental_consent, recorded_at)
                                VALUES (\(bind: organisationID), \(bind: brandID), \(bind: id), \(bind: purposeID), 'email', 'granted', 'api_key', 'bench',
                                    \(bind: wordingID), \(bind: now), 0, \(bind: now))
                                """).run()
                            for kind in ["member.created", "consent.granted"] {
                                try await sql.raw("""
                                    INSERT INTO timeline_events (organisation_id, brand_id, member_id, kind, summary, data, initiated_by_member, occurred_at)
                                    VALUES (\(bind: organisationID), \(bind: brandID), \(bind: id), \(bind: kind), '', '{}', 0, \(bind: now))
                                    """).run()
                            }
                            try await sql.raw("""
                                INSERT INTO audit_log (organisation_id, brand_id, actor_kind, actor_id, actor_label, action, target_kind, target_id, details, at)
                                VALUES (\(bind: organisationID), \(bind: brandID), 'api_key', 1, 'bench', 'member.created', 'member', \(bind: id), '{}', \(bind: now))
                                """).run()
                        }
                        local.append(Date().timeIntervalSince(begin))
                        index += concurrency
                    }
                    return local
                }
            }
            var all: [Double] = []
            for try await part in group { all += part }
            return all
        }
        return LatencySummary(durations: durations, wallSeconds: Date().timeIntervalSince(started))
    }
}
