import Foundation
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle

/// The composition root: opens the database, migrates it, builds every service and mounts
/// every route. The `relais` command and the tests both call it.
public func buildApplication(
    configuration: AppConfiguration,
    registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
    logger providedLogger: Logger? = nil
) async throws -> some ApplicationProtocol {
    var logger = providedLogger ?? Logger(label: "relais")
    logger.logLevel = configuration.logLevel
    let database = try await Database.open(configuration.database, logger: logger)
    try await Migrator(database: database, logger: logger).migrate()
    let services = AppServices(configuration: configuration, database: database, logger: logger,
                               linkSigningKey: try await InstanceSecrets.linkSigningKey(database))
    let renderer = try await PageRenderer.load()
    let router = buildRouter(services: services, renderer: renderer, registry: registry)
    let setupLink = try await services.setupTokens.issueIfEmpty().map { "\(configuration.publicBaseURL)/setup/\($0)" }
    let startLogger = logger
    var app = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Relais"),
        onServerRunning: { _ in
            if let setupLink {
                startLogger.notice("Relais has no account yet. Create the first owner account here (one-time link): \(setupLink)")
            }
        },
        logger: logger
    )
    // Services stop in the reverse order of this list: the database closes after the jobs that use it.
    app.addServices(DatabaseService(database: database), retentionService(services, logger: logger),
                    EarningService(job: services.earning, demand: services.writerDemand, logger: logger),
                    BadgeService(awards: services.badges, demand: services.writerDemand, logger: logger),
                    lifeEventsService(services, logger: logger), activationClockService(services, logger: logger),
                    loyaltyClockService(services, logger: logger),
                    ShareClickService(queue: services.shareClicks, writer: services.shareClickWriter, logger: logger),
                    ActivationViewService(views: services.activationViews, writer: services.activationViewWriter, logger: logger),
                    ListeningService(poller: services.feedPoller, logger: logger), RollupService(rollups: services.rollups, demand: services.writerDemand, logger: logger),
                    ListeningJobsService(rematch: services.queryRematch, evaluator: services.alertEvaluator, deliveries: services.alertDeliveries,
                                         logger: logger))
    return app
}

/// Mounts every route, in labelled sections.
func buildRouter(services: AppServices, renderer: PageRenderer, registry: PrometheusCollectorRegistry) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.addMiddleware {
        PublicPageFastPath(cache: services.publicPages, views: services.activationViews)
        ShareRedirectFastPath(services: services)
        ErrorMiddleware(pages: ErrorPages(renderer: renderer))
        MetricsMiddleware()
        LogRequestsMiddleware(.debug)
        LanguageMiddleware()
        AuthenticationMiddleware(apiKeys: services.apiKeys, sessions: services.sessions)
        PublicPageInvalidation(cache: services.publicPages, activations: services.activations)
    }

    // Operations
    OperationsRoutes(database: services.database, registry: registry).addRoutes(to: router)

    // REST API, authenticated by API keys
    router.get("api/v1/openapi.json") { _, _ in OpenAPIDocument.response() }
    let api = router.group("api/v1", context: APIContext.self)
    MemberAPI(services: services).addRoutes(to: api)
    PrivacyAPI(services: services).addRoutes(to: api)
    AttributeAPI(services: services).addRoutes(to: api)
    ConsentSettingsAPI(services: services).addRoutes(to: api)
    BrandAPI(services: services).addRoutes(to: api)
    ImportAPI(services: services).addRoutes(to: api)
    SegmentAPI(services: services).addRoutes(to: api)
    LoyaltyAPI(services: services).addRoutes(to: api)
    EarningAPI(services: services).addRoutes(to: api)
    AmbassadorAPI(services: services).addRoutes(to: api)
    MemberSpaceAPI(services: services).addRoutes(to: api)
    ActivationAPI(services: services).addRoutes(to: api)
    IdeaReferralAPI(services: services).addRoutes(to: api)
    ShareAPI(services: services).addRoutes(to: api)
    StoreOfferAPI(services: services).addRoutes(to: api)
    BadgeAPI(services: services).addRoutes(to: api)
    RoiAPI(services: services).addRoutes(to: api)
    BrandOverviewAPI(services: services).addRoutes(to: api)
    ListeningAPI(services: services).addRoutes(to: api)
    ListeningReportsAPI(services: services).addRoutes(to: api)
    ListeningAlertsAPI(services: services).addRoutes(to: api, router: router)
    PublicEntryAPI(services: services).addRoutes(to: router)
    PublicIdeaReferralAPI(services: services).addRoutes(to: router)
    WidgetViewAPI(services: services).addRoutes(to: router)

    // Back-office pages, for logged-in staff
    let staff = router.group(context: StaffContext.self)
    SessionPages(services: services, renderer: renderer).addRoutes(to: router, staff: staff)
    DuplicatePages(services: services, renderer: renderer).addRoutes(to: staff)
    MemberPages(services: services, renderer: renderer).addRoutes(to: staff)
    SettingsPages(services: services, renderer: renderer).addRoutes(to: staff)
    APIKeyPages(services: services, renderer: renderer).addRoutes(to: staff)
    StaffPages(services: services, renderer: renderer).addRoutes(to: router, staff: staff)
    AuditPages(services: services, renderer: renderer).addRoutes(to: staff)
    ImportPages(services: services, renderer: renderer).addRoutes(to: staff)
    SegmentPages(services: services, renderer: renderer).addRoutes(to: staff)
    ActivationPages(services: services, renderer: renderer).addRoutes(to: staff)
    LoyaltyPages(services: services, renderer: renderer).addRoutes(to: staff)
    EarningRulePages(services: services, renderer: renderer).addRoutes(to: staff)
    RewardPages(services: services, renderer: renderer).addRoutes(to: staff)
    CouponPages(services: services, renderer: renderer).addRoutes(to: staff)
    SharingPages(services: services, renderer: renderer).addRoutes(to: staff)
    ShareFunnelPages(services: services, renderer: renderer).addRoutes(to: staff)
    ActivationReportPages(services: services, renderer: renderer).addRoutes(to: staff)
    BrandOverviewPages(services: services, renderer: renderer).addRoutes(to: staff)
    ListeningPages(services: services, renderer: renderer).addRoutes(to: staff)
    router.get("static/relais.css") { _, _ in StaticAssets.stylesheet() }
    router.get("static/segments.js") { _, _ in StaticAssets.segmentEditorScript() }
    router.get("static/copy.js") { _, _ in StaticAssets.copyScript() }

    // Public pages reached by signed links (double opt-in, preference centre)
    PublicConsentPages(services: services, renderer: renderer).addRoutes(to: router)

    // The member's own space: points, coupons, rewards to redeem, share links (signed link)
    MemberSpacePages(services: services, renderer: renderer).addRoutes(to: router)

    // Hosted activation pages: entry form, draw verification, winners, brand theme
    PublicActivationPages(services: services, renderer: renderer).addRoutes(to: router)

    // Share links of members: redirect with click logging, Open Graph page for link-preview bots
    ShareRedirectRoutes(services: services, renderer: renderer).addRoutes(to: router)

    return router
}

/// Closes the database when the application shuts down.
struct DatabaseService: Service {
    let database: Database

    func run() async throws {
        try? await gracefulShutdown()
        await database.close()
    }
}
