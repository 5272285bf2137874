import Foundation

/// The listening page's analysis sections over the last 30 days: where the brand is discussed
/// (sites and sources, by posts and by negative share), share of voice of the brand and
/// competitor queries, top authors, and the banner of open alerts. Values for the template.
struct ListeningInsights: Sendable {
    let services: AppServices

    /// Rows per table.
    static let rows = 10

    func values(access: BrandAccess, language: UILanguage, now: Int64 = Clock.nowMillis()) async throws -> [String: Any] {
        let t = { (key: String) in Strings.get(key, language) }
        let until = (now / Clock.dayMillis + 1) * Clock.dayMillis
        let since = until - 30 * Clock.dayMillis
        let reports = services.listeningReports
        let sites = try await reports.places(access: access, bySource: false, queryID: nil, since: since, until: until, order: .posts, minPosts: 1, limit: Self.rows)
        let negativeSites = try await reports.places(access: access, bySource: false, queryID: nil, since: since, until: until, order: .negativeShare,
                                                     minPosts: 3, limit: Self.rows)
        let sources = try await reports.places(access: access, bySource: true, queryID: nil, since: since, until: until, order: .posts, minPosts: 1, limit: Self.rows)
        let (shares, _) = try await reports.shareOfVoice(access: access, since: since, until: until)
        let authors = try await reports.topAuthors(access: access, queryID: nil, since: since, until: until, limit: Self.rows)
        let open = try await services.listeningAlerts.alerts(access: access, open: true, queryID: nil, page: PageRequest(limit: 20, afterID: nil)).items
        let showMembers = access.can(.readMembers)
        func percent(_ share: Double) -> String { String(format: "%.0f %%", share * 100) }
        func place(_ item: DiscussionPlace) -> [String: Any] {
            ["name": item.name.isEmpty ? t("listening_imported") : item.name, "posts": item.posts, "negative": item.negative,
             "negativeShare": percent(item.negativeShare)]
        }
        let sitesChart = BarChart(frame: ChartFrame(id: "listening-sites-chart", title: t("listening_sites_chart"), description: t("listening_sites_chart_desc"),
                                                    emptyMessage: t("chart_empty")),
                                  labels: sites.map(\.name), series: sites.isEmpty ? [] : [ChartSeries(name: t("listening_posts"), counts: sites.map(\.posts))])
        let voiceChart = BarChart(frame: ChartFrame(id: "listening-voice-chart", title: t("listening_voice_chart"), description: t("listening_voice_chart_desc"),
                                                    emptyMessage: t("chart_empty")),
                                  labels: shares.map(\.name),
                                  series: shares.isEmpty ? [] : [ChartSeries(name: t("listening_share"), values: shares.map { ($0.share * 1_000).rounded() / 10 })],
                                  format: { String(format: "%.0f %%", $0) })
        return [
            "openAlerts": open.map { alert -> [String: Any] in
                ["id": alert.id, "query": alert.queryName, "kindLabel": t("listening_alert_\(alert.kind.rawValue)"),
                 "since": ListeningPages.time(alert.openedAt), "acknowledged": alert.acknowledgedAt != nil,
                 "summary": AlertWording.summary(alert, language: language)]
            },
            "hasOpenAlerts": !open.isEmpty,
            "sites": sites.map(place), "noSites": sites.isEmpty, "sitesChart": sitesChart.svg(),
            "negativeSites": negativeSites.map(place), "noNegativeSites": negativeSites.isEmpty,
            "sourcePlaces": sources.map(place), "noSourcePlaces": sources.isEmpty,
            "voice": shares.map { ["name": $0.name, "kind": t("listening_kind_\($0.kind.rawValue)"), "mentions": $0.mentions, "share": percent($0.share)] },
            "noVoice": shares.isEmpty, "voiceChart": voiceChart.svg(),
            "authors": authors.map { author -> [String: Any] in
                ["author": author.author, "posts": author.posts, "positive": author.positive, "neutral": author.neutral, "negative": author.negative,
                 "memberLink": author.memberID.map { "/members/\($0)" } ?? "", "hasMember": showMembers && author.memberID != nil]
            },
            "noAuthors": authors.isEmpty,
        ]
    }
}

/// Sentences that explain an alert to staff. Pure.
enum AlertWording {
    /// "42 mentions in 60 min, 5.1 expected (z = 16.3)" or "68 % negative in 60 min vs 20 % before (z = 4.1)", in the page's language.
    static func summary(_ alert: ListeningAlert, language: UILanguage) -> String {
        let z = String(format: "%.1f", alert.score)
        switch (alert.kind, language) {
        case (.volumeSpike, .french):
            return "\(alert.observed) mentions en \(alert.windowMinutes) min, \(String(format: "%.1f", alert.expected)) attendues (z = \(z))"
        case (.volumeSpike, _):
            return "\(alert.observed) mentions in \(alert.windowMinutes) min, \(String(format: "%.1f", alert.expected)) expected (z = \(z))"
        case (.negativeShare, .french):
            return "\(Self.percent(alert.negativeShare)) de négatif sur \(alert.observed) mentions en \(alert.windowMinutes) min, contre \(Self.percent(alert.baselineShare)) avant (z = \(z))"
        case (.negativeShare, _):
            return "\(Self.percent(alert.negativeShare)) negative of \(alert.observed) mentions in \(alert.windowMinutes) min, vs \(Self.percent(alert.baselineShare)) before (z = \(z))"
        }
    }

    private static func percent(_ share: Double?) -> String {
        String(format: "%.0f %%", (share ?? 0) * 100)
    }
}
