import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `/api/v1/listening/alerts…`, each query's `alert-settings`, the brand's `alert-webhook`, and the
/// signed push endpoint of push sources (`listening/sources/{id}/push`, no API key: the signature).
struct ListeningAlertsAPI: Sendable {
    let services: AppServices

    func addRoutes(to group: RouterGroup<APIContext>, router: Router<AppRequestContext>) {
        group.get("listening/alerts", use: list)
        group.get("listening/alerts/{id}", use: show)
        group.post("listening/alerts/{id}/acknowledge", use: acknowledge)
        group.get("listening/queries/{id}/alert-settings", use: settings)
        group.put("listening/queries/{id}/alert-settings", use: saveSettings)
        group.get("listening/alert-webhook", use: webhook)
        group.put("listening/alert-webhook", use: saveWebhook)
        group.delete("listening/alert-webhook", use: deleteWebhook)
        router.post("api/v1/listening/sources/{id}/push", use: push)
    }

    @Sendable func list(_ request: Request, context: APIContext) async throws -> Response {
        let query = request.queryDictionary
        let open: Bool?
        switch query["status"] ?? "" {
        case "": open = nil
        case "open": open = true
        case "closed": open = false
        default: throw AppError.invalid("status", "must be open or closed")
        }
        let page = try await services.listeningAlerts.alerts(access: context.access, open: open, queryID: try ListeningPeriod.id(query, "query"),
                                                             page: try PageRequest(query: query))
        return try JSONOutput.response(Page(items: page.items.map { ListeningAlertDTO($0, delivery: nil) }, nextCursor: page.nextCursor, total: nil))
    }

    @Sendable func show(_ request: Request, context: APIContext) async throws -> Response {
        let (alert, delivery) = try await services.listeningAlerts.alert(try context.parameters.id("id", what: "alert"), access: context.access)
        return try JSONOutput.response(ListeningAlertDTO(alert, delivery: delivery))
    }

    @Sendable func acknowledge(_ request: Request, context: APIContext) async throws -> Response {
        let alert = try await services.listeningAlerts.acknowledge(try context.parameters.id("id", what: "alert"), access: context.access)
        return try JSONOutput.response(ListeningAlertDTO(alert, delivery: nil))
    }

    @Sendable func settings(_ request: Request, context: APIContext) async throws -> Response {
        try JSONOutput.response(AlertSettingsDTO(try await services.listeningAlerts.settings(queryID: try context.parameters.id("id", what: "query"),
                                                                                             access: context.access)))
    }

    @Sendable func saveSettings(_ request: Request, context: APIContext) async throws -> Response {
        let id = try context.parameters.id("id", what: "query")
        _ = try await services.listeningAlerts.settings(queryID: id, access: context.access) // another brand's id is a 404 whatever the body
        let body = try await JSONInput.decode(AlertSettingsInput.self, from: request, limit: 4 * 1024)
        let saved = try await services.listeningAlerts.saveSettings(queryID: id, change: body.apply, access: context.access)
        return try JSONOutput.response(AlertSettingsDTO(saved))
    }

    @Sendable func webhook(_ request: Request, context: APIContext) async throws -> Response {
        guard let webhook = try await services.alertWebhook.webhook(access: context.access) else { throw AppError.notFound("alert webhook") }
        return try JSONOutput.response(AlertWebhookDTO(webhook))
    }

    @Sendable func saveWebhook(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.manageListening)
        let body = try await JSONInput.decode(AlertWebhookInput.self, from: request, limit: 8 * 1024)
        let saved = try await services.alertWebhook.save(AlertWebhookChanges(url: body.url, enabled: body.enabled, allowPrivateNetwork: body.allowPrivateNetwork,
                                                                             renewSecret: body.renewSecret), access: context.access)
        return try JSONOutput.response(AlertWebhookDTO(saved))
    }

    @Sendable func deleteWebhook(_ request: Request, context: APIContext) async throws -> Response {
        try await services.alertWebhook.delete(access: context.access)
        return Response(status: .noContent)
    }

    @Sendable func push(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else { throw AppError.notFound("push source") }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: PostPush.maxBytes)
        } catch {
            throw AppError.tooLarge(limit: PostPush.maxBytes)
        }
        let report = try await services.postPush.receive(sourceID: id, body: Data(buffer: buffer), signature: request.headers[.relaisSignature])
        return try JSONOutput.response(PostImportReportDTO(report))
    }
}

extension HTTPField.Name {
    /// `Relais-Signature`, on pushed posts and on alert webhooks.
    static let relaisSignature = HTTPField.Name(PushSignature.header)!
}

/// Body of `PUT /api/v1/listening/queries/{id}/alert-settings`; fields left out keep their value.
struct AlertSettingsInput: APIInput {
    static let fieldNames: Set<String> = ["enabled", "windowMinutes", "baselineWindows", "spikeMinCount", "spikeZ", "negativeMinCount", "negativeZ",
                                          "cooldownMinutes"]
    var enabled: Bool?
    var windowMinutes: Int?
    var baselineWindows: Int?
    var spikeMinCount: Int?
    var spikeZ: Double?
    var negativeMinCount: Int?
    var negativeZ: Double?
    var cooldownMinutes: Int?

    /// Applies the fields present.
    func apply(_ settings: inout AlertSettings) {
        if let enabled { settings.enabled = enabled }
        if let windowMinutes { settings.windowMinutes = windowMinutes }
        if let baselineWindows { settings.baselineWindows = baselineWindows }
        if let spikeMinCount { settings.spikeMinCount = spikeMinCount }
        if let spikeZ { settings.spikeZ = spikeZ }
        if let negativeMinCount { settings.negativeMinCount = negativeMinCount }
        if let negativeZ { settings.negativeZ = negativeZ }
        if let cooldownMinutes { settings.cooldownMinutes = cooldownMinutes }
    }
}

struct AlertSettingsDTO: Codable, Sendable {
    var enabled: Bool
    var windowMinutes: Int
    var baselineWindows: Int
    var spikeMinCount: Int
    var spikeZ: Double
    var negativeMinCount: Int
    var negativeZ: Double
    var cooldownMinutes: Int

    init(_ settings: AlertSettings) {
        enabled = settings.enabled
        windowMinutes = settings.windowMinutes
        baselineWindows = settings.baselineWindows
        spikeMinCount = settings.spikeMinCount
        spikeZ = settings.spikeZ
        negativeMinCount = settings.negativeMinCount
        negativeZ = settings.negativeZ
        cooldownMinutes = settings.cooldownMinutes
    }
}

/// Body of `PUT /api/v1/listening/alert-webhook`.
struct AlertWebhookInput: APIInput {
    static let fieldNames: Set<String> = ["url", "enabled", "allowPrivateNetwork", "renewSecret"]
    var url: String?
    var enabled: Bool?
    var allowPrivateNetwork: Bool?
    var renewSecret: Bool?
}

struct AlertWebhookDTO: Codable, Sendable {
    var url: String
    var enabled: Bool
    var allowPrivateNetwork: Bool
    /// Only in the answer that created or renewed it.
    var secret: String?
    var createdAt: String
    var updatedAt: String

    init(_ webhook: AlertWebhook) {
        url = webhook.url
        enabled = webhook.enabled
        allowPrivateNetwork = webhook.allowPrivateNetwork
        secret = webhook.secret
        createdAt = Clock.iso(webhook.createdAt)
        updatedAt = Clock.iso(webhook.updatedAt)
    }
}

struct ListeningAlertDTO: Codable, Sendable {
    struct Delivery: Codable, Sendable {
        struct Attempt: Codable, Sendable {
            var attemptedAt: String
            var statusCode: Int?
            var error: String?
            var durationMs: Int
        }

        var url: String
        var status: String
        var attempts: Int
        var nextAttemptAt: String?
        var lastError: String?
        var deliveredAt: String?
        var history: [Attempt]
    }

    var id: Int64
    var queryId: Int64
    var queryName: String
    var kind: String
    var status: String
    var openedAt: String
    var lastTrueAt: String
    var closedAt: String?
    var windowMinutes: Int
    var observed: Int
    var expected: Double
    var score: Double
    var negativeShare: Double?
    var baselineShare: Double?
    var acknowledgedAt: String?
    var acknowledgedBy: String?
    var deliveryStatus: String?
    var delivery: Delivery?

    init(_ alert: ListeningAlert, delivery: AlertDelivery?) {
        func rounded(_ value: Double) -> Double { (value * 1_000).rounded() / 1_000 }
        id = alert.id
        queryId = alert.queryID
        queryName = alert.queryName
        kind = alert.kind.rawValue
        status = alert.isOpen ? "open" : "closed"
        openedAt = Clock.iso(alert.openedAt)
        lastTrueAt = Clock.iso(alert.lastTrueAt)
        closedAt = alert.closedAt.map(Clock.iso)
        windowMinutes = alert.windowMinutes
        observed = alert.observed
        expected = rounded(alert.expected)
        score = rounded(alert.score)
        negativeShare = alert.negativeShare.map(rounded)
        baselineShare = alert.baselineShare.map(rounded)
        acknowledgedAt = alert.acknowledgedAt.map(Clock.iso)
        acknowledgedBy = alert.acknowledgedBy
        deliveryStatus = alert.deliveryStatus
        self.delivery = delivery.map { delivery in
            Delivery(url: delivery.url, status: delivery.status, attempts: delivery.attempts,
                     nextAttemptAt: delivery.status == "pending" ? Clock.iso(delivery.nextAttemptAt) : nil, lastError: delivery.lastError,
                     deliveredAt: delivery.deliveredAt.map(Clock.iso),
                     history: delivery.history.map { Delivery.Attempt(attemptedAt: Clock.iso($0.attemptedAt), statusCode: $0.statusCode, error: $0.error,
                                                                      durationMs: $0.durationMillis) })
        }
    }
}
