import Foundation
import Hummingbird

/// The sharing funnel of one activation: shares → clicks → visits → sign-ups → entries → store
/// redemptions as a bar chart with the figures and conversions beneath it, the viral
/// coefficient, clicks and visits over time as a line chart, and the figures per day.
struct ShareFunnelPages: Sendable {
    let services: AppServices
    let renderer: PageRenderer

    /// Days per page of the daily table, newest first.
    static let daysPerPage = 31

    func addRoutes(to staff: RouterGroup<StaffContext>) {
        staff.get("activations/{id}/funnel", use: show)
    }

    @Sendable func show(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        try frame.access.require(.readMembers)
        let activation = try await services.activations.activation(try context.parameters.id("id", what: "activation"), access: frame.access)
        let report = try await services.shareReports.funnel(activationID: activation.id, access: frame.access)
        let language = context.language
        let title = activation.content.title(language.rawValue)
        let steps = ShareFunnelSteps.of(report.totals)
        let labels = steps.map { Strings.get("funnel_\($0.key)", language) }
        let funnel = BarChart(frame: ChartFrame(id: "funnel-chart", title: Strings.get("funnel_chart_title", language) + " — " + title,
                                                description: zip(labels, steps).map { "\($0): \($1.count)" }.joined(separator: ", "),
                                                emptyMessage: Strings.get("chart_empty", language)),
                              labels: labels, series: [ChartSeries(name: Strings.get("funnel_count", language), counts: steps.map(\.count))])
        let days = ShareFunnelSteps.continuous(report.days)
        let overTime = LineChart(frame: ChartFrame(id: "clicks-chart", title: Strings.get("funnel_over_time", language) + " — " + title,
                                                   description: Strings.get("funnel_over_time_desc", language),
                                                   emptyMessage: Strings.get("chart_empty", language)),
                                 labels: days.map(\.day),
                                 series: [ChartSeries(name: Strings.get("funnel_clicks", language), counts: days.map(\.clicks)),
                                          ChartSeries(name: Strings.get("funnel_visits", language), counts: days.map(\.visits))])
        let pageIndex = max(0, request.queryDictionary["page"].flatMap { Int($0) } ?? 0)
        let newestFirst = Array(report.days.reversed())
        let shown = newestFirst.dropFirst(pageIndex * Self.daysPerPage).prefix(Self.daysPerPage)
        return renderer.page("activation_funnel", frame.values([
            "activation": ["id": activation.id, "title": title],
            "funnelChart": funnel.svg(),
            "overTimeChart": overTime.svg(),
            "steps": steps.map { step -> [String: Any] in
                ["key": step.key, "label": Strings.get("funnel_\(step.key)", language), "count": step.count,
                 "conversion": step.conversion.map { Self.percent($0, language) } ?? "—"]
            },
            "noActivity": steps.allSatisfy { $0.count == 0 },
            "participants": report.totals.participants,
            "viral": Self.decimal(report.totals.viralCoefficient, language),
            "days": shown.map { day -> [String: Any] in
                ["day": day.day, "shares": day.shares, "clicks": day.clicks, "visits": day.visits, "signups": day.signups,
                 "entries": day.entries, "storeRedemptions": day.storeRedemptions, "participants": day.participants,
                 "viral": Self.decimal(day.viralCoefficient, language)]
            },
            "hasDays": !shown.isEmpty,
            "newer": (pageIndex > 0 ? "/activations/\(activation.id)/funnel?page=\(pageIndex - 1)" : nil) as String? as Any,
            "older": (newestFirst.count > (pageIndex + 1) * Self.daysPerPage ? "/activations/\(activation.id)/funnel?page=\(pageIndex + 1)" : nil) as String? as Any,
        ], active: "activations"), language: language)
    }

    /// A ratio as a percentage with one decimal, in the page's language ("45,5 %" or "45.5%").
    static func percent(_ ratio: Double, _ language: UILanguage) -> String {
        let text = String(format: "%.1f", ratio * 100)
        return language == .french ? text.replacingOccurrences(of: ".", with: ",") + "\u{202F}%" : text + "%"
    }

    /// A number with up to three decimals, in the page's language.
    static func decimal(_ value: Double, _ language: UILanguage) -> String {
        let text = ChartNumber.plain((value * 1000).rounded() / 1000)
        return language == .french ? text.replacingOccurrences(of: ".", with: ",") : text
    }
}
