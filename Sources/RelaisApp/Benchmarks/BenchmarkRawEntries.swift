import Foundation
import Logging
import SQLKit

/// The raw database ceiling of an activation entry: the same rows an accepted entry writes
/// (member, e-mail identity, brand link, consent record, three timeline events, audit line,
/// entry, contact time, the attempt at a winning moment), written directly, one transaction
/// each, with no validation, de-duplication, eligibility, anti-fraud or HTTP.
public enum BenchmarkRawEntries {
    /// What the benchmark's activation needs.
    struct Target {
        var organisationID: Int64
        var brandID: Int64
        var purposeID: Int64
        var wordingID: Int64
        var rulesVersion: Int?
        var rulesSHA256: String?
    }

    /// Runs `count` raw entries into activation `activationID` from `concurrency` tasks.
    public static func run(configuration: AppConfiguration, activationID: Int64, count: Int, concurrency: Int) async throws -> LatencySummary {
        try await Database.using(configuration.database, logger: Logger(label: "relais.bench")) { database in
            try await measure(database: database, activationID: activationID, count: count, concurrency: concurrency)
        }
    }

    static func measure(database: Database, activationID: Int64, count: Int, concurrency: Int) async throws -> LatencySummary {
        let target = try await database.read { sql in
            let row = try await sql.raw("""
                SELECT a.organisation_id, a.brand_id, p.id AS purpose_id, w.id AS wording_id,
                    (SELECT MAX(r.version) FROM activation_rules r WHERE r.activation_id = a.id) AS rules_version,
                    (SELECT r.sha256 FROM activation_rules r WHERE r.activation_id = a.id ORDER BY r.version DESC LIMIT 1) AS rules_sha256
                FROM activations a JOIN consent_purposes p ON p.brand_id = a.brand_id JOIN consent_wordings w ON w.purpose_id = p.id
                WHERE a.id = \(bind: activationID) ORDER BY w.id LIMIT 1
                """).first()
            guard let row else { throw AppError.notFound("activation") }
            return Target(organisationID: try row.decode(column: "organisation_id", as: Int64.self), brandID: try row.decode(column: "brand_id", as: Int64.self),
                          purposeID: try row.decode(column: "purpose_id", as: Int64.self), wordingID: try row.decode(column: "wording_id", as: Int64.self),
                          rulesVersion: try row.decode(column: "rules_version", as: Int?.self), rulesSHA256: try row.decode(column: "rules_sha256", as: String?.self))
        }
        let prefix = "rawentry\(Int.random(in: 0..<1_000_000_000))"
        let started = Date()
        let durations = try await withThrowingTaskGroup(of: [Double].self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var local: [Double] = []
                    var index = worker
                    while index < count {
                        let begin = Date()
                        let email = "\(prefix)-\(index)@load.example"
                        try await database.transaction { sql in
                            try await write(target, activationID: activationID, email: email, on: sql)
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

    private static func write(_ target: Target, activationID: Int64, email: String, on sql: any SQLDatabase) async throws {
        let now = Clock.nowMillis()
        let org = target.organisationID, brand = target.brandID
        let member = try await sql.raw("""
            INSERT INTO members (organisation_id, first_name, last_name, birth_date, search_name, search_alt, created_at, updated_at, last_contact_at)
            VALUES (\(bind: org), 'Camille', 'Martin', '1990-04-02', 'camille martin', 'martin camille', \(bind: now), \(bind: now), \(bind: now))
            RETURNING id
            """).first()!.decode(column: "id", as: Int64.self)
        try await sql.raw("""
            INSERT INTO member_identities (organisation_id, member_id, kind, namespace, value, match_key, created_at)
            VALUES (\(bind: org), \(bind: member), 'email', '', \(bind: email), \(bind: email), \(bind: now))
            """).run()
        try await sql.raw("""
            INSERT INTO member_brands (member_id, brand_id, organisation_id, first_seen_at, source)
            VALUES (\(bind: member), \(bind: brand), \(bind: org), \(bind: now), 'form')
            """).run()
        try await sql.raw("""
            INSERT INTO consent_records (organisation_id, brand_id, member_id, purpose_id, channel, status, source_kind, source_label,
                wording_id, parental_consent, recorded_at)
            VALUES (\(bind: org), \(bind: brand), \(bind: member), \(bind: target.purposeID), 'email', 'granted', 'form', 'bench',
                \(bind: target.wordingID), 0, \(bind: now))
            """).run()
        let entry = try await sql.raw("""
            INSERT INTO activation_entries (organisation_id, brand_id, activation_id, member_id, token, frequency_key, rules_version, rules_sha256,
                flags, status, created_at)
            VALUES (\(bind: org), \(bind: brand), \(bind: activationID), \(bind: member), \(bind: Secrets.token(bytes: 12)), 'once',
                \(bind: target.rulesVersion), \(bind: target.rulesSHA256), '', 'valid', \(bind: now))
            RETURNING id
            """).first()!.decode(column: "id", as: Int64.self)
        for kind in ["member.created", "consent.granted", "activation.entry"] {
            try await sql.raw("""
                INSERT INTO timeline_events (organisation_id, brand_id, member_id, kind, summary, data, initiated_by_member, occurred_at)
                VALUES (\(bind: org), \(bind: brand), \(bind: member), \(bind: kind), '', '{}', 1, \(bind: now))
                """).run()
        }
        try await sql.raw("""
            INSERT INTO audit_log (organisation_id, brand_id, actor_kind, actor_id, actor_label, action, target_kind, target_id, details, at)
            VALUES (\(bind: org), \(bind: brand), 'member', NULL, 'bench', 'member.created', 'member', \(bind: member), '{}', \(bind: now))
            """).run()
        try await sql.raw("UPDATE members SET last_contact_at = \(bind: now) WHERE id = \(bind: member)").run()
        _ = try await sql.raw("""
            UPDATE activation_moments SET won_by_entry_id = \(bind: entry), won_at = \(bind: now)
            WHERE id = (SELECT id FROM activation_moments WHERE activation_id = \(bind: activationID) AND won_by_entry_id IS NULL
                          AND moment_at <= \(bind: now) ORDER BY moment_at, position LIMIT 1)
              AND won_by_entry_id IS NULL
            RETURNING id
            """).first()
    }

    /// Rows of the activation after a run: entries, distinct entrants, and moments taken more than once (always 0).
    public static func check(configuration: AppConfiguration, activationID: Int64) async throws -> [String: Int] {
        try await Database.using(configuration.database, logger: Logger(label: "relais.bench")) { database in
            try await counts(database: database, activationID: activationID)
        }
    }

    static func counts(database: Database, activationID: Int64) async throws -> [String: Int] {
        try await database.readOnly { sql in
            let row = try await sql.raw("""
                SELECT COUNT(*) AS entries, COUNT(DISTINCT member_id) AS members,
                    (SELECT COUNT(*) FROM activation_moments WHERE activation_id = \(bind: activationID) AND won_by_entry_id IS NOT NULL) AS won,
                    (SELECT COUNT(*) FROM (SELECT won_by_entry_id FROM activation_moments WHERE activation_id = \(bind: activationID)
                        AND won_by_entry_id IS NOT NULL GROUP BY won_by_entry_id HAVING COUNT(*) > 1) d) AS double_wins
                FROM activation_entries WHERE activation_id = \(bind: activationID)
                """).first()
            return ["entries": try row?.decode(column: "entries", as: Int.self) ?? 0, "members": try row?.decode(column: "members", as: Int.self) ?? 0,
                    "won": try row?.decode(column: "won", as: Int.self) ?? 0, "doubleWins": try row?.decode(column: "double_wins", as: Int.self) ?? 0]
        }
    }
}
