import Foundation
import HTTPTypes
import Hummingbird

/// The alerts page of listening (`/listening/alerts`): every alert episode with its figures and its
/// webhook delivery (each attempt), acknowledgement, each query's alert settings, and the brand's
/// alert webhook (its secret shown once, when created or renewed).
struct ListeningAlertPages: Sendable {
    let services: AppServices
    let renderer: PageRenderer

    func addRoutes(to staff: RouterGroup<StaffContext>) {
        staff.get("listening/alerts", use: show)
        staff.post("listening/alerts/{id}/acknowledge", use: acknowledge)
        staff.post("listening/alert-webhook", use: saveWebhook)
        staff.post("listening/queries/{id}/alert-settings", use: saveSettings)
    }

    @Sendable func show(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        return try await render(frame, context: context)
    }

    @Sendable func acknowledge(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let form = try await FormData.read(request, limit: 4 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        let id = try context.parameters.id("id", what: "alert")
        _ = try await services.listeningAlerts.acknowledge(id, access: frame.access)
        let back = form["back"] == "listening" ? "/listening" : "/listening/alerts#alert-\(id)"
        return Response(status: .seeOther, headers: [.location: back])
    }

    @Sendable func saveWebhook(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let form = try await FormData.read(request, limit: 8 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        do {
            let saved = try await services.alertWebhook.save(AlertWebhookChanges(url: form["url"], enabled: form["enabled"] == "on", allowPrivateNetwork: nil,
                                                                                 renewSecret: form["renew"] == "on"), access: frame.access)
            return try await render(frame, context: context, secret: saved.secret)
        } catch let error as AppError where error.status == .unprocessableContent {
            return try await render(frame, context: context, status: .unprocessableContent,
                                    webhookErrors: error.fieldErrors, typedURL: form["url"])
        }
    }

    @Sendable func saveSettings(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let form = try await FormData.read(request, limit: 8 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        let id = try context.parameters.id("id", what: "query")
        var problems: [FieldError] = []
        func int(_ name: String) -> Int? {
            guard let text = form[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            guard let value = Int(text) else { problems.append(FieldError(name, "must be a whole number")); return nil }
            return value
        }
        func real(_ name: String) -> Double? {
            guard let text = form[name]?.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "."), !text.isEmpty else { return nil }
            guard let value = Double(text) else { problems.append(FieldError(name, "must be a number")); return nil }
            return value
        }
        let input = AlertSettingsInput(enabled: form["enabled"] == "on", windowMinutes: int("windowMinutes"), baselineWindows: int("baselineWindows"),
                                       spikeMinCount: int("spikeMinCount"), spikeZ: real("spikeZ"), negativeMinCount: int("negativeMinCount"),
                                       negativeZ: real("negativeZ"), cooldownMinutes: int("cooldownMinutes"))
        do {
            guard problems.isEmpty else { throw AppError.validation(problems) }
            _ = try await services.listeningAlerts.saveSettings(queryID: id, change: input.apply, access: frame.access)
            return Response(status: .seeOther, headers: [.location: "/listening/alerts#settings-\(id)"])
        } catch let error as AppError where error.status == .unprocessableContent {
            return try await render(frame, context: context, status: .unprocessableContent, settingsErrors: (id, error.fieldErrors))
        }
    }

    private func render(_ frame: BackOfficeFrame, context: StaffContext, status: HTTPResponse.Status = .ok, secret: String? = nil,
                        webhookErrors: [FieldError] = [], typedURL: String? = nil, settingsErrors: (Int64, [FieldError])? = nil) async throws -> Response {
        let access = frame.access
        try access.require(.readListening)
        let language = context.language
        let t = { (key: String) in Strings.get(key, language) }
        let alerts = try await services.listeningAlerts.alerts(access: access, open: nil, queryID: nil, page: PageRequest(limit: 100, afterID: nil)).items
        var rows: [[String: Any]] = []
        for alert in alerts {
            let (_, delivery) = try await services.listeningAlerts.alert(alert.id, access: access)
            rows.append([
                "id": alert.id, "query": alert.queryName, "kindLabel": t("listening_alert_\(alert.kind.rawValue)"),
                "open": alert.isOpen, "statusLabel": t(alert.isOpen ? "listening_alert_open" : "listening_alert_closed"),
                "opened": ListeningPages.time(alert.openedAt), "closed": alert.closedAt.map(ListeningPages.time) ?? "",
                "summary": AlertWording.summary(alert, language: language),
                "acknowledged": alert.acknowledgedAt.map { "\(ListeningPages.time($0)) · \(alert.acknowledgedBy ?? "")" } ?? "",
                "canAcknowledge": alert.acknowledgedAt == nil && access.can(.manageListening),
                "delivery": delivery.map { delivery -> [String: Any] in
                    ["status": delivery.status, "statusLabel": t("listening_delivery_\(delivery.status)"), "attempts": delivery.attempts,
                     "history": delivery.history.map { attempt -> [String: Any] in
                         ["when": ListeningPages.time(attempt.attemptedAt), "code": attempt.statusCode.map(String.init) ?? "—",
                          "error": attempt.error ?? "", "ms": attempt.durationMillis]
                     }]
                } as Any,
            ])
        }
        let queries = try await services.listening.queries(access: access)
        var settingsRows: [[String: Any]] = []
        for query in queries {
            let settings = try await services.listeningAlerts.settings(queryID: query.id, access: access)
            let errors = settingsErrors.flatMap { $0.0 == query.id ? $0.1 : nil } ?? []
            settingsRows.append([
                "id": query.id, "name": query.name, "enabled": settings.enabled, "windowMinutes": settings.windowMinutes,
                "baselineWindows": settings.baselineWindows, "spikeMinCount": settings.spikeMinCount, "spikeZ": String(settings.spikeZ),
                "negativeMinCount": settings.negativeMinCount, "negativeZ": String(settings.negativeZ), "cooldownMinutes": settings.cooldownMinutes,
                "errors": errors.map { ["message": "\($0.field) : " + FieldMessages.localized($0.message, language)] },
            ])
        }
        let webhook = try await services.alertWebhook.webhook(access: access)
        return renderer.page("listening_alerts", frame.values([
            "alerts": rows, "noAlerts": rows.isEmpty, "settings": settingsRows, "noQueries": settingsRows.isEmpty,
            "canWrite": access.can(.manageListening),
            "webhookURL": typedURL ?? webhook?.url ?? "", "webhookEnabled": webhook?.enabled ?? true, "hasWebhook": webhook != nil,
            "secret": secret ?? "", "hasSecret": secret != nil,
            "webhookErrors": webhookErrors.map { ["message": "\($0.field) : " + FieldMessages.localized($0.message, language)] },
        ], active: "listening"), language: language, status: status)
    }
}
