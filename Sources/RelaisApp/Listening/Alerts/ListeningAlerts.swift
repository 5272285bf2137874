import Foundation
import SQLKit

/// What staff and API keys do with alerts: read them, acknowledge them, set each query's alert
/// settings (permissions checked, changes in the audit log).
struct ListeningAlerts: Sendable {
    let database: Database
    let store: ListeningAlertStore
    let settings: AlertSettingsStore
    let queries: ListeningQueryStore
    let audit: AuditLog

    /// A page of the brand's alerts, newest first.
    func alerts(access: BrandAccess, open: Bool?, queryID: Int64?, page: PageRequest) async throws -> (items: [ListeningAlert], nextCursor: String?) {
        try access.require(.readListening)
        let fetched = try await database.readOnly { sql in
            try await store.alerts(brandID: access.brandID, open: open, queryID: queryID, afterID: page.afterID, limit: page.limit + 1, on: sql)
        }
        return page.trimmed(fetched, id: \.id)
    }

    /// The brand's alert with its webhook delivery; 404 for another brand's.
    func alert(_ id: Int64, access: BrandAccess) async throws -> (ListeningAlert, AlertDelivery?) {
        try access.require(.readListening)
        return try await database.readOnly { sql in
            guard let alert = try await store.alert(id, brandID: access.brandID, on: sql) else { throw AppError.notFound("alert") }
            return (alert, try await store.delivery(alertID: id, on: sql))
        }
    }

    /// Marks the alert as seen (the first acknowledgement is kept).
    func acknowledge(_ id: Int64, access: BrandAccess, now: Int64 = Clock.nowMillis()) async throws -> ListeningAlert {
        try access.require(.readListening)
        _ = try await alert(id, access: access)
        try access.require(.manageListening)
        return try await database.transaction { sql in
            try await store.acknowledge(id, by: access.actor.label, now: now, on: sql)
            try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                   action: "listening.alert.acknowledged", targetKind: "listening_alert", targetID: id, details: [:], on: sql)
            guard let alert = try await store.alert(id, brandID: access.brandID, on: sql) else { throw AppError.notFound("alert") }
            return alert
        }
    }

    /// The query's alert settings; 404 for another brand's query.
    func settings(queryID: Int64, access: BrandAccess) async throws -> AlertSettings {
        try access.require(.readListening)
        return try await database.readOnly { sql in
            guard try await queries.query(queryID, brandID: access.brandID, on: sql) != nil else { throw AppError.notFound("query") }
            return try await settings.settings(queryID: queryID, on: sql)
        }
    }

    /// Changes the query's alert settings (fields left out keep their value).
    func saveSettings(queryID: Int64, change: (inout AlertSettings) -> Void, access: BrandAccess, now: Int64 = Clock.nowMillis()) async throws -> AlertSettings {
        var updated = try await settings(queryID: queryID, access: access)
        try access.require(.manageListening)
        change(&updated)
        let errors = updated.validate()
        guard errors.isEmpty else { throw AppError.validation(errors) }
        let saved = updated
        try await database.transaction { sql in
            try await settings.save(saved, queryID: queryID, brandID: access.brandID, now: now, on: sql)
            try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                   action: "listening.alert_settings.saved", targetKind: "listening_query", targetID: queryID,
                                   details: ["enabled": String(saved.enabled), "windowMinutes": String(saved.windowMinutes)], on: sql)
        }
        return saved
    }
}
