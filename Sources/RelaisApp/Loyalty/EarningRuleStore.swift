import Foundation
import SQLKit

/// The earning rules of each brand, with every version kept.
struct EarningRuleStore: Sendable {
    func list(brandID: Int64, page: PageRequest, on sql: any SQLDatabase) async throws -> (items: [EarningRule], nextCursor: String?) {
        let cursor: SQLQueryString = page.afterID.map { "AND id < \(bind: $0)" } ?? ""
        let items = try await sql.raw("""
            SELECT * FROM earning_rules WHERE brand_id = \(bind: brandID) \(cursor) ORDER BY id DESC LIMIT \(bind: page.limit + 1)
            """).all().map(Self.rule)
        return page.trimmed(items, id: \.id)
    }

    func rule(_ id: Int64, brandID: Int64, on sql: any SQLDatabase) async throws -> EarningRule {
        guard let row = try await sql.raw("SELECT * FROM earning_rules WHERE id = \(bind: id) AND brand_id = \(bind: brandID)").first() else {
            throw AppError.notFound("earning rule")
        }
        return try Self.rule(row)
    }

    func create(_ definition: EarningRuleDefinition, active: Bool, brandID: Int64, organisationID: Int64, changedBy: String,
                on sql: any SQLDatabase) async throws -> EarningRule {
        if active { try await skipPastEventsIfIdle(on: sql) }
        let now = Clock.nowMillis()
        let json = try Self.json(definition)
        let row = try await sql.raw("""
            INSERT INTO earning_rules (organisation_id, brand_id, version, definition, trigger_kind, active, created_at, updated_at)
            VALUES (\(bind: organisationID), \(bind: brandID), 1, \(bind: json), \(bind: definition.trigger), \(bind: active ? 1 : 0), \(bind: now), \(bind: now))
            RETURNING id
            """).first()
        let id = try row?.decode(column: "id", as: Int64.self) ?? 0
        try await keepVersion(id, version: 1, json: json, active: active, changedBy: changedBy, at: now, on: sql)
        return try await rule(id, brandID: brandID, on: sql)
    }

    /// Writes a new version of the rule; earnings already given keep the version they came from.
    func update(_ id: Int64, _ definition: EarningRuleDefinition, active: Bool, brandID: Int64, changedBy: String,
                on sql: any SQLDatabase) async throws -> EarningRule {
        let current = try await rule(id, brandID: brandID, on: sql)
        guard current.definition != definition || current.active != active else { return current }
        if active && !current.active { try await skipPastEventsIfIdle(on: sql) }
        let now = Clock.nowMillis()
        let json = try Self.json(definition)
        let version = current.version + 1
        try await sql.raw("""
            UPDATE earning_rules SET version = \(bind: version), definition = \(bind: json), trigger_kind = \(bind: definition.trigger),
                active = \(bind: active ? 1 : 0), updated_at = \(bind: now)
            WHERE id = \(bind: id) AND brand_id = \(bind: brandID)
            """).run()
        try await keepVersion(id, version: version, json: json, active: active, changedBy: changedBy, at: now, on: sql)
        return try await rule(id, brandID: brandID, on: sql)
    }

    /// Every version of a rule, newest first.
    func versions(_ id: Int64, on sql: any SQLDatabase) async throws -> [(version: Int, definition: EarningRuleDefinition, active: Bool, changedBy: String, changedAt: Int64)] {
        try await sql.raw("SELECT * FROM earning_rule_versions WHERE rule_id = \(bind: id) ORDER BY version DESC").all().map { row in
            (try row.decode(column: "version", as: Int.self), try Self.definition(try row.decode(column: "definition", as: String.self)),
             try row.decode(column: "active", as: Int.self) != 0, try row.decode(column: "changed_by", as: String.self),
             try row.decode(column: "changed_at", as: Int64.self))
        }
    }

    /// Active rules of every brand for these triggers.
    func active(triggers: [String], on sql: any SQLDatabase) async throws -> [EarningRule] {
        guard !triggers.isEmpty else { return [] }
        let list = SQLList(triggers.map { SQLBind($0) })
        return try await sql.raw("SELECT * FROM earning_rules WHERE active = 1 AND trigger_kind IN (\(list)) ORDER BY id").all().map(Self.rule)
    }

    /// The triggers some active rule listens to.
    func activeTriggers(on sql: any SQLDatabase) async throws -> [String] {
        try await sql.raw("SELECT DISTINCT trigger_kind FROM earning_rules WHERE active = 1").all().map { try $0.decode(column: "trigger_kind", as: String.self) }
    }

    /// The brand's events of one trigger since `from`, in time order, as a preview reads them
    /// (through the timeline's index of trigger events).
    func events(brandID: Int64, trigger: String, from: Int64, on sql: any SQLDatabase) async throws -> [EarningEvent] {
        try await sql.raw(Self.eventsQuery(brandID: brandID, trigger: trigger, from: from)).all().map { row -> EarningEvent in
            let data = (try? JSONDecoder().decode([String: String].self, from: Data(try row.decode(column: "data", as: String.self).utf8))) ?? [:]
            return EarningEvent(id: try row.decode(column: "id", as: Int64.self), memberID: try row.decode(column: "member_id", as: Int64.self),
                                at: try row.decode(column: "occurred_at", as: Int64.self), activationID: data["activation"],
                                amountCents: data["amountCents"].flatMap { Int64($0) })
        }
    }

    /// The preview's read of the timeline.
    static func eventsQuery(brandID: Int64, trigger: String, from: Int64) -> SQLQueryString {
        """
        SELECT e.id, e.member_id, e.occurred_at, e.data FROM timeline_events e
        WHERE e.brand_id = \(bind: brandID) AND e.kind = \(bind: trigger) AND e.occurred_at >= \(bind: from)
          AND \(unsafeRaw: EarningTrigger.indexedCondition)
        ORDER BY e.occurred_at, e.id LIMIT 500000
        """
    }

    /// While no rule is active the earning job reads nothing; a rule applies only to events from
    /// its creation on, so the first active rule moves the job past the events already there
    /// rather than have it read the whole timeline for nothing.
    private func skipPastEventsIfIdle(on sql: any SQLDatabase) async throws {
        let active = try await sql.raw("SELECT COUNT(*) AS n FROM earning_rules WHERE active = 1").first()?.decode(column: "n", as: Int.self) ?? 0
        guard active == 0 else { return }
        try await sql.raw("""
            INSERT INTO loyalty_progress (name, last_event_id) SELECT 'earning', COALESCE(MAX(id), 0) FROM timeline_events WHERE 1 = 1
            ON CONFLICT (name) DO UPDATE SET last_event_id = excluded.last_event_id
            """).run()
    }

    private func keepVersion(_ id: Int64, version: Int, json: String, active: Bool, changedBy: String, at: Int64, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            INSERT INTO earning_rule_versions (rule_id, version, definition, active, changed_by, changed_at)
            VALUES (\(bind: id), \(bind: version), \(bind: json), \(bind: active ? 1 : 0), \(bind: changedBy), \(bind: at))
            """).run()
    }

    static func json(_ definition: EarningRuleDefinition) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(definition), as: UTF8.self)
    }

    static func definition(_ json: String) throws -> EarningRuleDefinition {
        try JSONDecoder().decode(EarningRuleDefinition.self, from: Data(json.utf8))
    }

    static func rule(_ row: any SQLRow) throws -> EarningRule {
        EarningRule(id: try row.decode(column: "id", as: Int64.self), brandID: try row.decode(column: "brand_id", as: Int64.self),
                    version: try row.decode(column: "version", as: Int.self),
                    definition: try definition(try row.decode(column: "definition", as: String.self)),
                    active: try row.decode(column: "active", as: Int.self) != 0,
                    createdAt: try row.decode(column: "created_at", as: Int64.self), updatedAt: try row.decode(column: "updated_at", as: Int64.self))
    }
}
