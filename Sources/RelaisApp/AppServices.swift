import Logging

/// Every store and action of Relais, built once in the composition root and passed to routes.
struct AppServices: Sendable {
    let configuration: AppConfiguration
    let database: Database
    let logger: Logger
    let signer: LinkSigner
    let tenancy: TenancyStore
    let staff: StaffStore
    let sessions: StaffSessionStore
    let loginThrottle: LoginThrottle
    let setupTokens: SetupTokens
    let apiKeys: APIKeyStore
    let audit: AuditLog
    let members: MemberStore
    let memberSearch: MemberSearch
    let timeline: Timeline
    let ledger: ConsentLedger
    let consentSettings: ConsentSettingsStore
    let suppression: SuppressionList
    let doubleOptIn: DoubleOptIn
    let memberActions: MemberActions
    let attributes: AttributeStore
    let duplicates: DuplicateDetection
    let retention: RetentionJob
    let preferenceLinks: PreferenceLinks
    let memberSpaceLinks: MemberSpaceLinks
    let importReports: ImportReportStore
    let memberImporter: MemberImporter
    let memberExport: MemberCSVExport
    let pendingImports: PendingImportStore
    let segments: SegmentStore
    let activations: ActivationStore
    let activationActions: ActivationActions
    let activationEntries: ActivationEntries
    let entryStore: EntryStore
    let activationDraws: ActivationDraws
    let activationClock: ActivationClock
    let brandAppearance: BrandAppearanceStore
    let entryReview: EntryReview
    let prizeClaims: PrizeClaims
    let pointsLedger: PointsLedger
    let loyalty: LoyaltyActions
    let rewards: RewardStore
    let rewardActions: RewardActions
    let redemptions: Redemptions
    let tillImport: TillImport
    let earningRules: EarningRuleStore
    let earningRuleActions: EarningRuleActions
    let loyaltySettings: LoyaltySettingsStore
    let tiers: TierTracker
    let loyaltyClock: LoyaltyClock
    let earning: EarningJob
    let instantWins: InstantWins
    let ideaContests: IdeaContest
    let referrals: ReferralStore
    let emailedCodes: EmailedCodes
    let ambassadors: Ambassadors
    /// Anonymous entry pages of activations, rendered once (per node).
    let publicPages = PublicPageCache()
    /// When entries and points movements were last written, for the background jobs to give way.
    let writerDemand = WriterDemand()
    let shareLinks: ShareLinkStore
    let shareClicks: ShareClickQueue
    let shareClickWriter: ShareClickWriter
    let shareAttribution: ShareAttribution
    let shareDevices: ShareDevices
    let shareReports: ShareReports
    let storeOffers: StoreOffers
    let badges: BadgeAwards
    let lifeEvents: LifeEvents
    let budgets: BudgetStore
    let declaredReach: ReachStore
    let valueModels: ValueModelStore
    let activationReports: ActivationReports
    /// Views of hosted pages and widgets, counted in memory and written every ~10 seconds.
    let activationViews = ActivationViews()
    let activationViewWriter: ActivationViewWriter
    let brandOverviews: BrandOverviews
    let rollups: Rollups
    let feedPoller: FeedPoller
    let listening: ListeningActions
    let mentions: MentionReader
    let postImport: PostImport
    let postPush: PostPush
    let queryRematch: QueryRematch
    let listeningReports: ListeningReports
    let listeningAlerts: ListeningAlerts
    let alertEvaluator: AlertEvaluator
    let alertDeliveries: AlertDeliveries
    let alertWebhook: AlertWebhookSettings
    let mentionAuthors = MentionAuthors()

    init(configuration: AppConfiguration, database: Database, logger: Logger, linkSigningKey: String) {
        self.configuration = configuration
        self.database = database
        self.logger = logger
        signer = LinkSigner(secret: linkSigningKey)
        tenancy = TenancyStore(database: database)
        staff = StaffStore(database: database)
        sessions = StaffSessionStore(database: database, staffStore: staff)
        loginThrottle = LoginThrottle(database: database)
        setupTokens = SetupTokens(database: database)
        apiKeys = APIKeyStore(database: database)
        audit = AuditLog(database: database)
        members = MemberStore(database: database)
        memberSearch = MemberSearch(database: database)
        timeline = Timeline()
        ledger = ConsentLedger(database: database)
        consentSettings = ConsentSettingsStore(database: database)
        suppression = SuppressionList(tenancy: tenancy)
        doubleOptIn = DoubleOptIn(signer: signer, publicBaseURL: configuration.publicBaseURL, ledger: ledger, timeline: timeline)
        let erasure = MemberErasure(suppression: suppression)
        let redirects = ShareLinkStore.redirectCache()
        attributes = AttributeStore(database: database)
        duplicates = DuplicateDetection(database: database)
        memberActions = MemberActions(database: database, members: members, ledger: ledger, consentSettings: consentSettings,
                                      timeline: timeline, audit: audit, suppression: suppression, doubleOptIn: doubleOptIn,
                                      merger: MemberMerge(members: members, ledger: ledger, timeline: timeline),
                                      exporter: MemberExporter(members: members, ledger: ledger, timeline: timeline),
                                      erasure: erasure, tenancy: tenancy, attributes: attributes,
                                      profilesRemoved: { redirects.removeAll() })
        retention = RetentionJob(database: database, erasure: erasure, audit: audit, retentionDays: configuration.retentionDays)
        preferenceLinks = PreferenceLinks(signer: signer, publicBaseURL: configuration.publicBaseURL)
        memberSpaceLinks = MemberSpaceLinks(signer: signer, publicBaseURL: configuration.publicBaseURL)
        importReports = ImportReportStore(database: database)
        memberImporter = MemberImporter(database: database, actions: memberActions, consentSettings: consentSettings,
                                        reports: importReports, audit: audit, logger: logger)
        memberExport = MemberCSVExport(database: database, audit: audit)
        pendingImports = PendingImportStore(database: database)
        segments = SegmentStore(database: database, memberSearch: memberSearch, consentSettings: consentSettings, audit: audit)
        activations = ActivationStore(database: database)
        entryStore = EntryStore(database: database)
        prizeClaims = PrizeClaims(database: database, links: ReturningMemberLinks(signer: signer), timeline: timeline, audit: audit,
                                  publicBaseURL: configuration.publicBaseURL)
        instantWins = InstantWins(database: database, store: activations, claims: prizeClaims)
        activationActions = ActivationActions(database: database, store: activations, tenancy: tenancy, audit: audit, instantWins: instantWins)
        activationEntries = ActivationEntries(database: database, store: activations, entries: entryStore, memberActions: memberActions,
                                              members: members, timeline: timeline, links: ReturningMemberLinks(signer: signer),
                                              disposable: .forInstance(dataDirectory: configuration.dataDirectory), instantWins: instantWins, publicBaseURL: configuration.publicBaseURL, spaceLinks: memberSpaceLinks, logger: logger,
                                              groups: ActivationEntries.writingGroups(database, demand: writerDemand))
        activationDraws = ActivationDraws(database: database, store: activations, entries: entryStore, audit: audit, claims: prizeClaims,
                                          instantWins: instantWins)
        activationClock = ActivationClock(database: database, store: activations, draws: activationDraws, claims: prizeClaims, tenancy: tenancy)
        brandAppearance = BrandAppearanceStore(database: database, tenancy: tenancy, audit: audit)
        entryReview = EntryReview(database: database, store: activations, entries: entryStore, audit: audit, instantWins: instantWins,
                                  reversal: EarnedPointsReversal(ledger: PointsLedger()))
        pointsLedger = PointsLedger()
        let loyaltySettings = LoyaltySettingsStore()
        tiers = TierTracker(settings: loyaltySettings, timeline: timeline)
        loyaltyClock = LoyaltyClock(database: database, ledger: pointsLedger, settings: loyaltySettings, tiers: tiers)
        loyalty = LoyaltyActions(database: database, ledger: pointsLedger, settings: loyaltySettings, audit: audit, tiers: tiers,
                                 desk: PointsDesk(writer: PointsGroupWriter(database: database, ledger: pointsLedger, settings: loyaltySettings,
                                                                            audit: audit, tiers: tiers), demand: writerDemand))
        rewards = RewardStore(database: database)
        rewardActions = RewardActions(database: database, store: rewards, settings: loyaltySettings, audit: audit)
        redemptions = Redemptions(database: database, rewards: rewards, ledger: pointsLedger, settings: loyaltySettings,
                                  timeline: timeline, audit: audit, tiers: tiers)
        tillImport = TillImport(redemptions: redemptions, purchases: TillPurchases(database: database, timeline: timeline), tenancy: tenancy)
        earningRules = EarningRuleStore()
        earningRuleActions = EarningRuleActions(database: database, store: earningRules, tenancy: tenancy, audit: audit)
        self.loyaltySettings = loyaltySettings
        earning = EarningJob(database: database, rules: earningRules, ledger: pointsLedger, settings: loyaltySettings, tiers: tiers)
        ideaContests = IdeaContest(database: database, store: activations, ideas: IdeaStore(database: database), timeline: timeline, audit: audit)
        referrals = ReferralStore(database: database)
        emailedCodes = EmailedCodes(database: database, signer: signer)
        ambassadors = Ambassadors(database: database, ledger: pointsLedger, settings: loyaltySettings, redemptions: redemptions,
                                  timeline: timeline, audit: audit, spaceLinks: memberSpaceLinks)
        shareLinks = ShareLinkStore(database: database, publicBaseURL: configuration.publicBaseURL, redirects: redirects)
        shareClicks = ShareClickQueue()
        shareClickWriter = ShareClickWriter(database: database, timeline: timeline)
        shareAttribution = ShareAttribution(database: database, timeline: timeline, logger: logger)
        shareDevices = ShareDevices(database: database, secureCookies: configuration.secureCookies)
        shareReports = ShareReports(database: database)
        badges = BadgeAwards(database: database, timeline: timeline)
        lifeEvents = LifeEvents(database: database, timeline: timeline)
        let feedSources = FeedSourceStore()
        let listeningQueries = ListeningQueryStore()
        feedPoller = FeedPoller(database: database, sources: feedSources, ingestion: PostIngestion(queries: listeningQueries),
                                fetcher: FeedFetcher(), fetchingEnabled: configuration.feedFetching, logger: logger)
        queryRematch = QueryRematch(database: database, queries: listeningQueries, logger: logger)
        listening = ListeningActions(database: database, sources: feedSources, queries: listeningQueries, poller: feedPoller, audit: audit,
                                     rematch: queryRematch)
        mentions = MentionReader(database: database)
        let alertSettings = AlertSettingsStore()
        let evaluator = AlertEvaluator(database: database, settings: alertSettings, publicBaseURL: configuration.publicBaseURL, logger: logger)
        alertEvaluator = evaluator
        // Posts sent in (imports, pushes) are evaluated for alerts at once; polled ones by the minute's round.
        let evaluateBrand: @Sendable (Int64) async -> Void = { brandID in
            do {
                try await evaluator.evaluate(brandID: brandID)
            } catch {
                // The posts are stored; the minute's round evaluates again.
                logger.error("Listening alerts could not be evaluated", metadata: ["brand": "\(brandID)", "error": "\(error)"])
            }
        }
        postImport = PostImport(database: database, ingestion: PostIngestion(queries: listeningQueries), audit: audit, afterStore: evaluateBrand)
        postPush = PostPush(database: database, sources: feedSources, ingestion: PostIngestion(queries: listeningQueries), afterStore: evaluateBrand)
        listeningReports = ListeningReports(database: database)
        listeningAlerts = ListeningAlerts(database: database, store: ListeningAlertStore(), settings: alertSettings, queries: listeningQueries, audit: audit)
        alertDeliveries = AlertDeliveries(database: database, sender: .live(), outgoingEnabled: configuration.feedFetching, logger: logger)
        alertWebhook = AlertWebhookSettings(database: database, audit: audit)
        storeOffers = StoreOffers(database: database, redemptions: redemptions, rewards: rewards, timeline: timeline, audit: audit, logger: logger)
        budgets = BudgetStore(database: database, audit: audit)
        declaredReach = ReachStore(database: database, audit: audit)
        valueModels = ValueModelStore(database: database, audit: audit)
        rollups = Rollups(database: database)
        activationReports = ActivationReports(database: database, budgets: budgets, reach: declaredReach, valueModels: valueModels, rollups: rollups)
        activationViewWriter = ActivationViewWriter(database: database)
        brandOverviews = BrandOverviews(database: database, reports: activationReports, rollups: rollups)
    }

    /// The brand an access is about.
    func brand(for access: BrandAccess) async throws -> Brand {
        guard let brand = try await tenancy.brand(access.brandID), brand.organisationID == access.organisationID else {
            throw AppError.notFound("brand")
        }
        return brand
    }
}
