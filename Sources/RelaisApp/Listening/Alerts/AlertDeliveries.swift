import Foundation
import Logging
import SQLKit

/// The alert outbox: sends due deliveries to the brand's webhook, records every attempt, and
/// retries a failure later (`DeliverySchedule`) until it succeeds or is given up. A read finds the
/// due deliveries (none due: nothing written); each is claimed by moving its next attempt ahead
/// (only if unchanged, so two nodes never send it at once), sent outside any transaction, and its
/// attempt recorded in one short transaction.
struct AlertDeliveries: Sendable {
    let database: Database
    let sender: AlertWebhookSender
    /// False when the instance must not reach the network (`RELAIS_FEED_FETCHING=off`): deliveries then fail and are retried.
    var outgoingEnabled = true
    let logger: Logger

    /// Deliveries taken per round.
    static let batch = 20
    /// How long a taken delivery stays out of other nodes' reach while it is sent.
    static let leaseMillis: Int64 = 60_000

    private struct Due: Sendable {
        var id: Int64
        var url: String
        var body: String
        var attempts: Int
        var nextAttemptAt: Int64
        var secret: String?
        var allowPrivateNetwork: Bool
    }

    /// Sends every due delivery; returns how many were attempted.
    @discardableResult
    func deliverDue(now: Int64 = Clock.nowMillis()) async throws -> Int {
        let due = try await database.readOnly { sql in
            try await sql.raw("""
                SELECT d.id, d.url, d.body, d.attempts, d.next_attempt_at, w.secret, w.allow_private_network
                FROM listening_alert_deliveries d LEFT JOIN listening_alert_webhooks w ON w.brand_id = d.brand_id
                WHERE d.status = 'pending' AND d.next_attempt_at <= \(bind: now)
                ORDER BY d.next_attempt_at, d.id LIMIT \(bind: Self.batch)
                """).all().map { row in
                Due(id: try row.decode(column: "id", as: Int64.self), url: try row.decode(column: "url", as: String.self),
                    body: try row.decode(column: "body", as: String.self), attempts: try row.decode(column: "attempts", as: Int.self),
                    nextAttemptAt: try row.decode(column: "next_attempt_at", as: Int64.self), secret: try row.optional("secret"),
                    allowPrivateNetwork: (try row.optional("allow_private_network", as: Int.self) ?? 0) != 0)
            }
        }
        guard !due.isEmpty else { return 0 }
        let taken = try await database.transaction { sql in
            var taken: [Due] = []
            for delivery in due {
                let row = try await sql.raw("""
                    UPDATE listening_alert_deliveries SET next_attempt_at = \(bind: now + Self.leaseMillis)
                    WHERE id = \(bind: delivery.id) AND status = 'pending' AND next_attempt_at = \(bind: delivery.nextAttemptAt) RETURNING id
                    """).first()
                if row != nil { taken.append(delivery) }
            }
            return taken
        }
        for delivery in taken {
            let started = Clock.nowMillis()
            let answer: AlertWebhookSender.Answer
            if !outgoingEnabled {
                answer = .init(statusCode: nil, error: "Outgoing requests are turned off on this instance (RELAIS_FEED_FETCHING=off).")
            } else if let secret = delivery.secret {
                let body = Data(delivery.body.utf8)
                answer = await sender.send(delivery.url, body, PushSignature.sign(body, secret: secret, timestamp: Clock.nowMillis() / 1_000),
                                           delivery.allowPrivateNetwork)
            } else {
                answer = .init(statusCode: nil, error: "The brand has no alert webhook any more.")
            }
            let duration = Int(max(0, Clock.nowMillis() - started))
            try await record(delivery, answer: answer, at: now, durationMillis: duration)
        }
        return taken.count
    }

    private func record(_ delivery: Due, answer: AlertWebhookSender.Answer, at now: Int64, durationMillis: Int) async throws {
        let attempts = delivery.attempts + 1
        let retry = answer.succeeded || delivery.secret == nil ? nil : DeliverySchedule.retry(after: attempts, at: now)
        let status = answer.succeeded ? "delivered" : retry == nil ? "failed" : "pending"
        try await database.transaction { sql in
            try await sql.raw("""
                INSERT INTO listening_delivery_attempts (delivery_id, attempted_at, status_code, error, duration_ms)
                VALUES (\(bind: delivery.id), \(bind: now), \(bind: answer.statusCode), \(bind: answer.error.map { String($0.prefix(500)) }), \(bind: durationMillis))
                """).run()
            try await sql.raw("""
                UPDATE listening_alert_deliveries SET attempts = \(bind: attempts), status = \(bind: status),
                    next_attempt_at = \(bind: retry ?? now), last_error = \(bind: answer.error.map { String($0.prefix(500)) }),
                    delivered_at = \(bind: answer.succeeded ? now : nil)
                WHERE id = \(bind: delivery.id)
                """).run()
        }
        if !answer.succeeded {
            logger.info("Alert webhook delivery failed", metadata: ["delivery": "\(delivery.id)", "attempts": "\(attempts)", "status": "\(status)"])
        }
    }
}
