import Foundation
import SQLKit

/// The `listening_alert_settings` table: a query without a row has `AlertSettings.standard`.
struct AlertSettingsStore: Sendable {
    /// A query's settings.
    func settings(queryID: Int64, on sql: any SQLDatabase) async throws -> AlertSettings {
        try await sql.raw("SELECT * FROM listening_alert_settings WHERE query_id = \(bind: queryID)").first().map(Self.decode) ?? .standard
    }

    /// Every query to evaluate (of one brand, or of all), with its settings, the disabled ones left out.
    func enabledQueries(brandID: Int64?, on sql: any SQLDatabase) async throws -> [(query: ListeningQuery, settings: AlertSettings)] {
        let onlyBrand: SQLQueryString = brandID.map { "WHERE q.brand_id = \(bind: $0)" } ?? ""
        let rows = try await sql.raw("""
            SELECT q.id, q.organisation_id, q.brand_id, q.name, q.kind, q.query_text, q.created_at, q.updated_at,
                   s.query_id AS configured, s.enabled, s.window_minutes, s.baseline_windows, s.spike_min_count, s.spike_z,
                   s.negative_min_count, s.negative_z, s.cooldown_minutes
            FROM listening_queries q LEFT JOIN listening_alert_settings s ON s.query_id = q.id
            \(onlyBrand) ORDER BY q.id
            """).all()
        return try rows.compactMap { row in
            let settings = try row.decodeNil(column: "configured") ? AlertSettings.standard : Self.decode(row)
            return settings.enabled ? (try ListeningQueryStore.decode(row), settings) : nil
        }
    }

    /// Writes a query's settings.
    func save(_ settings: AlertSettings, queryID: Int64, brandID: Int64, now: Int64, on sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM listening_alert_settings WHERE query_id = \(bind: queryID)").run()
        try await sql.raw("""
            INSERT INTO listening_alert_settings (query_id, brand_id, enabled, window_minutes, baseline_windows, spike_min_count, spike_z,
                                                  negative_min_count, negative_z, cooldown_minutes, updated_at)
            VALUES (\(bind: queryID), \(bind: brandID), \(bind: settings.enabled ? 1 : 0), \(bind: settings.windowMinutes), \(bind: settings.baselineWindows),
                    \(bind: settings.spikeMinCount), \(bind: settings.spikeZ), \(bind: settings.negativeMinCount), \(bind: settings.negativeZ),
                    \(bind: settings.cooldownMinutes), \(bind: now))
            """).run()
    }

    static func decode(_ row: any SQLRow) throws -> AlertSettings {
        AlertSettings(enabled: try row.flag("enabled"), windowMinutes: try row.decode(column: "window_minutes", as: Int.self),
                      baselineWindows: try row.decode(column: "baseline_windows", as: Int.self),
                      spikeMinCount: try row.decode(column: "spike_min_count", as: Int.self), spikeZ: try row.decode(column: "spike_z", as: Double.self),
                      negativeMinCount: try row.decode(column: "negative_min_count", as: Int.self),
                      negativeZ: try row.decode(column: "negative_z", as: Double.self),
                      cooldownMinutes: try row.decode(column: "cooldown_minutes", as: Int.self))
    }
}
