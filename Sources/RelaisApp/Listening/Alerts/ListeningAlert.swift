import Foundation
import SQLKit

/// What an alert watches.
enum ListeningAlertKind: String, Sendable, CaseIterable {
    /// More mentions in the window than the baseline explains.
    case volumeSpike = "volume_spike"
    /// A larger share of negative mentions than in the baseline.
    case negativeShare = "negative_share"
}

/// One alert episode of one query: opened when its condition started, closed once it had been
/// false for the cool-down, with the figures of the evaluation that opened it.
struct ListeningAlert: Sendable, Equatable {
    var id: Int64
    var brandID: Int64
    var queryID: Int64
    var queryName: String
    var kind: ListeningAlertKind
    var openedAt: Int64
    var lastTrueAt: Int64
    var closedAt: Int64?
    /// Mentions in the window that opened it.
    var observed: Int
    /// Expected mentions per window (spike) or the baseline's negative share (negative).
    var expected: Double
    /// The z-score that opened it.
    var score: Double
    var negativeShare: Double?
    var baselineShare: Double?
    var windowMinutes: Int
    var acknowledgedAt: Int64?
    var acknowledgedBy: String?
    /// Where its webhook delivery stands: `pending`, `delivered`, `failed`, or nil without a webhook.
    var deliveryStatus: String?

    var isOpen: Bool { closedAt == nil }
}

/// A delivery of an alert to the brand's webhook, with its attempts.
struct AlertDelivery: Sendable, Equatable {
    struct Attempt: Sendable, Equatable {
        var attemptedAt: Int64
        /// The HTTP status answered, nil when no answer came.
        var statusCode: Int?
        var error: String?
        var durationMillis: Int
    }

    var id: Int64
    var alertID: Int64
    var url: String
    var status: String
    var attempts: Int
    var nextAttemptAt: Int64
    var lastError: String?
    var deliveredAt: Int64?
    var history: [Attempt]
}

/// The `listening_alerts` table and its deliveries, read side.
struct ListeningAlertStore: Sendable {
    static let columns = """
        a.id, a.brand_id, a.query_id, q.name AS query_name, a.kind, a.opened_at, a.last_true_at, a.closed_at, a.observed, a.expected, a.score,
        a.negative_share, a.baseline_share, a.window_minutes, a.acknowledged_at, a.acknowledged_by, d.status AS delivery_status
        """

    /// A page of the brand's alerts, newest first; `open` filters on open (true) or closed (false) ones.
    func alerts(brandID: Int64, open: Bool?, queryID: Int64?, afterID: Int64?, limit: Int, on sql: any SQLDatabase) async throws -> [ListeningAlert] {
        var conditions: [SQLQueryString] = ["a.brand_id = \(bind: brandID)"]
        if let open { conditions.append(open ? "a.closed_at IS NULL" : "a.closed_at IS NOT NULL") }
        if let queryID { conditions.append("a.query_id = \(bind: queryID)") }
        if let afterID { conditions.append("a.id < \(bind: afterID)") }
        let statement: SQLQueryString = """
            SELECT \(unsafeRaw: Self.columns) FROM listening_alerts a
            JOIN listening_queries q ON q.id = a.query_id
            LEFT JOIN listening_alert_deliveries d ON d.alert_id = a.id
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY a.id DESC LIMIT \(bind: limit)
            """
        return try await sql.raw(statement).all().map(Self.decode)
    }

    /// The brand's alert, or nil.
    func alert(_ id: Int64, brandID: Int64, on sql: any SQLDatabase) async throws -> ListeningAlert? {
        try await sql.raw("""
            SELECT \(unsafeRaw: Self.columns) FROM listening_alerts a
            JOIN listening_queries q ON q.id = a.query_id
            LEFT JOIN listening_alert_deliveries d ON d.alert_id = a.id
            WHERE a.id = \(bind: id) AND a.brand_id = \(bind: brandID)
            """).first().map(Self.decode)
    }

    /// The delivery of an alert with its attempts, oldest first.
    func delivery(alertID: Int64, on sql: any SQLDatabase) async throws -> AlertDelivery? {
        guard let row = try await sql.raw("""
            SELECT id, alert_id, url, status, attempts, next_attempt_at, last_error, delivered_at FROM listening_alert_deliveries
            WHERE alert_id = \(bind: alertID)
            """).first() else { return nil }
        let id = try row.decode(column: "id", as: Int64.self)
        let attempts = try await sql.raw("""
            SELECT attempted_at, status_code, error, duration_ms FROM listening_delivery_attempts WHERE delivery_id = \(bind: id) ORDER BY id
            """).all().map { attempt in
            AlertDelivery.Attempt(attemptedAt: try attempt.decode(column: "attempted_at", as: Int64.self), statusCode: try attempt.optional("status_code"),
                                  error: try attempt.optional("error"), durationMillis: try attempt.decode(column: "duration_ms", as: Int.self))
        }
        return AlertDelivery(id: id, alertID: alertID, url: try row.decode(column: "url", as: String.self),
                             status: try row.decode(column: "status", as: String.self), attempts: try row.decode(column: "attempts", as: Int.self),
                             nextAttemptAt: try row.decode(column: "next_attempt_at", as: Int64.self), lastError: try row.optional("last_error"),
                             deliveredAt: try row.optional("delivered_at"), history: attempts)
    }

    /// Marks an alert as seen by staff (once: a second acknowledgement keeps the first).
    func acknowledge(_ id: Int64, by label: String, now: Int64, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            UPDATE listening_alerts SET acknowledged_at = \(bind: now), acknowledged_by = \(bind: label)
            WHERE id = \(bind: id) AND acknowledged_at IS NULL
            """).run()
    }

    static func decode(_ row: any SQLRow) throws -> ListeningAlert {
        ListeningAlert(
            id: try row.decode(column: "id", as: Int64.self),
            brandID: try row.decode(column: "brand_id", as: Int64.self),
            queryID: try row.decode(column: "query_id", as: Int64.self),
            queryName: try row.decode(column: "query_name", as: String.self),
            kind: ListeningAlertKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .volumeSpike,
            openedAt: try row.decode(column: "opened_at", as: Int64.self),
            lastTrueAt: try row.decode(column: "last_true_at", as: Int64.self),
            closedAt: try row.optional("closed_at"),
            observed: try row.decode(column: "observed", as: Int.self),
            expected: try row.decode(column: "expected", as: Double.self),
            score: try row.decode(column: "score", as: Double.self),
            negativeShare: try row.optional("negative_share"),
            baselineShare: try row.optional("baseline_share"),
            windowMinutes: try row.decode(column: "window_minutes", as: Int.self),
            acknowledgedAt: try row.optional("acknowledged_at"),
            acknowledgedBy: try row.optional("acknowledged_by"),
            deliveryStatus: try row.optional("delivery_status")
        )
    }
}
