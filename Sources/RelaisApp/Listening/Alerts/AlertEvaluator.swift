import Foundation
import Logging
import SQLKit

/// Evaluates every query's alert conditions: one read of the mentions per minute and of the open
/// episodes, the tests and the episode steps in memory, and a short write transaction only when an
/// episode opens, closes or must record that it still holds (rarely: see `AlertEpisode`).
/// An episode that opens queues one delivery to the brand's webhook, in the same transaction.
struct AlertEvaluator: Sendable {
    let database: Database
    let settings: AlertSettingsStore
    /// Base of the back-office links put in webhook bodies.
    let publicBaseURL: String
    let logger: Logger

    /// What one evaluation changed.
    struct Report: Sendable, Equatable {
        var opened = 0
        var refreshed = 0
        var closed = 0
    }

    private struct Change: Sendable {
        var query: ListeningQuery
        var kind: ListeningAlertKind
        var step: AlertEpisode.Step
        var episodeID: Int64?
        var outcome: AlertStatistics.Outcome
        var windowMinutes: Int
    }

    /// Evaluates the queries of one brand, or of all brands, at `now`.
    @discardableResult
    func evaluate(brandID: Int64? = nil, now: Int64 = Clock.nowMillis()) async throws -> Report {
        let store = settings
        let read = try await database.readOnly { sql -> (queries: [(query: ListeningQuery, settings: AlertSettings)], counts: [Int64: AlertWindows],
                                                       open: [String: (id: Int64, lastTrue: Int64)], span: Int) in
            let queries = try await store.enabledQueries(brandID: brandID, on: sql)
            guard !queries.isEmpty else { return ([], [:], [:], 0) }
            let span = queries.map { AlertWindows.span($0.settings) }.max() ?? 0
            let start = now - Int64(span) * 60_000
            let onlyBrand: SQLQueryString = brandID.map { "AND brand_id = \(bind: $0)" } ?? ""
            // The minute is computed once in a sub-query: PostgreSQL would not see two bound parameters as the same GROUP BY expression.
            let rows = try await sql.raw("""
                SELECT query_id, minute, COUNT(*) AS mentions, CAST(SUM(CASE WHEN sentiment = 'negative' THEN 1 ELSE 0 END) AS BIGINT) AS negative
                FROM (SELECT query_id, sentiment, (published_at - \(bind: start)) / 60000 AS minute FROM listening_mentions
                      WHERE published_at >= \(bind: start) AND published_at < \(bind: now) \(onlyBrand)) AS recent
                GROUP BY query_id, minute
                """).all()
            var counts: [Int64: AlertWindows] = [:]
            for row in rows {
                let query = try row.decode(column: "query_id", as: Int64.self)
                let minute = try row.decode(column: "minute", as: Int.self)
                guard minute >= 0 && minute < span else { continue }
                var windows = counts[query] ?? AlertWindows(mentions: Array(repeating: 0, count: span), negative: Array(repeating: 0, count: span))
                windows.mentions[minute] += try row.decode(column: "mentions", as: Int.self)
                windows.negative[minute] += try row.decode(column: "negative", as: Int.self)
                counts[query] = windows
            }
            var open: [String: (id: Int64, lastTrue: Int64)] = [:]
            let openRows = try await sql.raw("""
                SELECT id, query_id, kind, last_true_at FROM listening_alerts WHERE closed_at IS NULL \(onlyBrand)
                """).all()
            for row in openRows {
                let key = "\(try row.decode(column: "query_id", as: Int64.self)):\(try row.decode(column: "kind", as: String.self))"
                open[key] = (try row.decode(column: "id", as: Int64.self), try row.decode(column: "last_true_at", as: Int64.self))
            }
            return (queries, counts, open, span)
        }
        var changes: [Change] = []
        for (query, settings) in read.queries {
            let empty = AlertWindows(mentions: Array(repeating: 0, count: read.span), negative: Array(repeating: 0, count: read.span))
            let all = read.counts[query.id] ?? empty
            // Each query reads only the minutes its own settings cover: the last `span(settings)` of the longest span.
            let own = AlertWindows.span(settings)
            let windows = AlertWindows(mentions: Array(all.mentions.suffix(own)), negative: Array(all.negative.suffix(own)))
            for (kind, outcome) in windows.outcomes(settings) {
                let episode = read.open["\(query.id):\(kind.rawValue)"]
                let step = AlertEpisode.step(condition: outcome.triggered, openLastTrueAt: episode?.lastTrue, now: now,
                                             cooldownMillis: Int64(settings.cooldownMinutes) * 60_000)
                if step != .none {
                    changes.append(Change(query: query, kind: kind, step: step, episodeID: episode?.id, outcome: outcome, windowMinutes: settings.windowMinutes))
                }
            }
        }
        guard !changes.isEmpty else { return Report() }
        let base = publicBaseURL
        let ordered = changes.sorted(by: { ($0.query.id, $0.kind.rawValue) < ($1.query.id, $1.kind.rawValue) })
        let report = try await database.transaction { sql in
            var report = Report()
            for change in ordered {
                switch change.step {
                case .none:
                    continue
                case .refresh:
                    if let id = change.episodeID {
                        try await sql.raw("UPDATE listening_alerts SET last_true_at = \(bind: now) WHERE id = \(bind: id) AND closed_at IS NULL").run()
                        report.refreshed += 1
                    }
                case .close:
                    if let id = change.episodeID {
                        try await sql.raw("UPDATE listening_alerts SET closed_at = \(bind: now) WHERE id = \(bind: id) AND closed_at IS NULL").run()
                        report.closed += 1
                    }
                case .open:
                    if try await Self.open(change, now: now, publicBaseURL: base, on: sql) { report.opened += 1 }
                }
            }
            return report
        }
        if report.opened > 0 { logger.notice("Listening alerts opened", metadata: ["alerts": "\(report.opened)"]) }
        return report
    }

    /// Inserts an episode (unless another node opened it first) and queues its delivery; true when inserted.
    private static func open(_ change: Change, now: Int64, publicBaseURL: String, on sql: any SQLDatabase) async throws -> Bool {
        let outcome = change.outcome
        let query = change.query
        guard let row = try await sql.raw("""
            INSERT INTO listening_alerts (organisation_id, brand_id, query_id, kind, opened_at, last_true_at, observed, expected, score,
                                          negative_share, baseline_share, window_minutes)
            VALUES (\(bind: query.organisationID), \(bind: query.brandID), \(bind: query.id), \(bind: change.kind.rawValue), \(bind: now), \(bind: now),
                    \(bind: outcome.observed), \(bind: outcome.expected), \(bind: outcome.score), \(bind: outcome.share), \(bind: outcome.baselineShare),
                    \(bind: change.windowMinutes))
            ON CONFLICT (query_id, kind) WHERE closed_at IS NULL DO NOTHING
            RETURNING id
            """).first() else { return false }
        let id = try row.decode(column: "id", as: Int64.self)
        guard let webhook = try await sql.raw("""
            SELECT url FROM listening_alert_webhooks WHERE brand_id = \(bind: query.brandID) AND enabled = 1
            """).first() else { return true }
        let body = AlertWebhookBody(event: "listening.alert.opened",
                                    alert: .init(id: id, kind: change.kind.rawValue, queryId: query.id, queryName: query.name, queryKind: query.kind.rawValue,
                                                 openedAt: Clock.iso(now), windowMinutes: change.windowMinutes, observed: outcome.observed,
                                                 expected: (outcome.expected * 1_000).rounded() / 1_000, score: (outcome.score * 1_000).rounded() / 1_000,
                                                 negativeShare: outcome.share.map { ($0 * 1_000).rounded() / 1_000 },
                                                 baselineShare: outcome.baselineShare.map { ($0 * 1_000).rounded() / 1_000 },
                                                 link: "\(publicBaseURL)/listening/alerts#alert-\(id)"),
                                    brandId: query.brandID)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try await sql.raw("""
            INSERT INTO listening_alert_deliveries (brand_id, alert_id, url, body, next_attempt_at, created_at)
            VALUES (\(bind: query.brandID), \(bind: id), \(bind: try webhook.decode(column: "url", as: String.self)),
                    \(bind: String(decoding: try encoder.encode(body), as: UTF8.self)), \(bind: now), \(bind: now))
            """).run()
        return true
    }
}

/// The JSON body an alert webhook receives.
struct AlertWebhookBody: Codable, Sendable, Equatable {
    struct Alert: Codable, Sendable, Equatable {
        var id: Int64
        var kind: String
        var queryId: Int64
        var queryName: String
        var queryKind: String
        var openedAt: String
        var windowMinutes: Int
        var observed: Int
        var expected: Double
        var score: Double
        var negativeShare: Double?
        var baselineShare: Double?
        /// The alert in the back-office.
        var link: String
    }

    var event: String
    var alert: Alert
    var brandId: Int64
}
