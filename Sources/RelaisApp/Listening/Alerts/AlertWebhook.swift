import Foundation
import SQLKit

/// The brand's alert webhook: where alerts are sent, signed with the brand's secret.
struct AlertWebhook: Sendable, Equatable {
    var brandID: Int64
    var url: String
    var enabled: Bool
    /// The owner's override: the address may be on a private network.
    var allowPrivateNetwork: Bool
    var createdAt: Int64
    var updatedAt: Int64
    /// The signing secret, only in the answer that created or renewed it.
    var secret: String? = nil
}

/// What staff send to set the webhook; nil fields are left as they are.
struct AlertWebhookChanges: Sendable {
    var url: String?
    var enabled: Bool?
    var allowPrivateNetwork: Bool?
    /// Makes a new secret (the old one stops working at once).
    var renewSecret: Bool?
}

/// The `listening_alert_webhooks` table and what staff do with it (permissions checked, audited).
struct AlertWebhookSettings: Sendable {
    let database: Database
    let audit: AuditLog

    /// The brand's webhook, or nil.
    func webhook(access: BrandAccess) async throws -> AlertWebhook? {
        try access.require(.readListening)
        return try await database.readOnly { sql in try await Self.webhook(brandID: access.brandID, on: sql) }
    }

    /// Sets the webhook (created on first use, with a new secret returned that once).
    func save(_ changes: AlertWebhookChanges, access: BrandAccess, now: Int64 = Clock.nowMillis()) async throws -> AlertWebhook {
        try access.require(.manageListening)
        let current = try await database.readOnly { sql in try await Self.webhook(brandID: access.brandID, on: sql) }
        var errors: [FieldError] = []
        let url = changes.url?.trimmingCharacters(in: .whitespaces)
        if let url, let problem = FeedSourceChanges.urlProblem(url) { errors.append(FieldError("url", problem)) }
        if current == nil && url == nil { errors.append(FieldError("url", "is required")) }
        guard errors.isEmpty else { throw AppError.validation(errors) }
        if changes.allowPrivateNetwork == true && current?.allowPrivateNetwork != true { try access.require(.allowPrivateFeeds) }
        var webhook = current ?? AlertWebhook(brandID: access.brandID, url: url ?? "", enabled: true, allowPrivateNetwork: false, createdAt: now, updatedAt: now)
        let urlChanged = url != nil && url != current?.url
        if let url { webhook.url = url }
        if let enabled = changes.enabled { webhook.enabled = enabled }
        if let allow = changes.allowPrivateNetwork { webhook.allowPrivateNetwork = allow }
        // The override was given to one address, not to whatever replaces it.
        if urlChanged && current != nil && !access.can(.allowPrivateFeeds) { webhook.allowPrivateNetwork = false }
        webhook.updatedAt = now
        let secret: String? = current == nil || changes.renewSecret == true ? "whsec_" + Secrets.token(bytes: 24) : nil
        let saved = webhook
        try await database.transaction { sql in
            if current == nil {
                try await sql.raw("""
                    INSERT INTO listening_alert_webhooks (brand_id, organisation_id, url, secret, enabled, allow_private_network, created_at, updated_at)
                    VALUES (\(bind: access.brandID), \(bind: access.organisationID), \(bind: saved.url), \(bind: secret ?? ""), \(bind: saved.enabled ? 1 : 0),
                            \(bind: saved.allowPrivateNetwork ? 1 : 0), \(bind: now), \(bind: now))
                    """).run()
            } else {
                try await sql.raw("""
                    UPDATE listening_alert_webhooks SET url = \(bind: saved.url), enabled = \(bind: saved.enabled ? 1 : 0),
                        allow_private_network = \(bind: saved.allowPrivateNetwork ? 1 : 0), updated_at = \(bind: now)
                    WHERE brand_id = \(bind: access.brandID)
                    """).run()
                if let secret {
                    try await sql.raw("UPDATE listening_alert_webhooks SET secret = \(bind: secret) WHERE brand_id = \(bind: access.brandID)").run()
                }
            }
            try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                   action: "listening.alert_webhook.saved", targetKind: "brand", targetID: access.brandID,
                                   details: ["url": saved.url, "privateNetwork": String(saved.allowPrivateNetwork),
                                             "secretRenewed": String(secret != nil)], on: sql)
        }
        webhook.secret = secret
        return webhook
    }

    /// Removes the webhook; deliveries not yet made fail at their next attempt.
    func delete(access: BrandAccess) async throws {
        try access.require(.manageListening)
        try await database.transaction { sql in
            guard try await Self.webhook(brandID: access.brandID, on: sql) != nil else { throw AppError.notFound("alert webhook") }
            try await sql.raw("DELETE FROM listening_alert_webhooks WHERE brand_id = \(bind: access.brandID)").run()
            try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                   action: "listening.alert_webhook.deleted", targetKind: "brand", targetID: access.brandID, details: [:], on: sql)
        }
    }

    static func webhook(brandID: Int64, on sql: any SQLDatabase) async throws -> AlertWebhook? {
        try await sql.raw("""
            SELECT brand_id, url, enabled, allow_private_network, created_at, updated_at FROM listening_alert_webhooks WHERE brand_id = \(bind: brandID)
            """).first().map { row in
            AlertWebhook(brandID: try row.decode(column: "brand_id", as: Int64.self), url: try row.decode(column: "url", as: String.self),
                         enabled: try row.flag("enabled"), allowPrivateNetwork: try row.flag("allow_private_network"),
                         createdAt: try row.decode(column: "created_at", as: Int64.self), updatedAt: try row.decode(column: "updated_at", as: Int64.self))
        }
    }
}
