import Foundation

/// The template values of the activation report page: figures formatted in the page's language,
/// and the SVG charts with the tables beneath them.
struct ActivationReportView {
    let report: ActivationReport
    let language: UILanguage

    private var french: Bool { language == .french }
    private func t(_ key: String) -> String { Strings.get(key, language) }
    private func money(_ cents: Int64?, _ currency: String) -> String { cents.map { MoneyText.display($0, currency, french: french) } ?? t("roi_none") }
    private func percent(_ ratio: Double?) -> String { ratio.map { ShareFunnelPages.percent($0, language) } ?? t("roi_none") }
    private func decimal(_ value: Double?, places: Int) -> String {
        guard let value else { return t("roi_none") }
        let text = String(format: "%.\(places)f", value)
        return french ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    /// Every value of the page.
    func values() -> [String: Any] {
        let activation = report.activation
        let title = activation.content.title(language.rawValue)
        return [
            "activation": ["id": activation.id, "title": title, "opens": LocalTime.text(activation.opensAt, timeZone: activation.timeZone),
                           "closes": LocalTime.text(activation.closesAt, timeZone: activation.timeZone), "timeZone": activation.timeZone],
            "summary": summary(),
            "costsChart": costsChart(title: title).svg(),
            "lines": report.lines.map { line -> [String: Any] in
                ["id": line.id, "category": t("roi_cat_\(line.category.rawValue)"), "label": line.label,
                 "planned": money(line.plannedCents, line.currency), "actual": money(line.actualCents, line.currency),
                 "cost": money(line.costCents, line.currency), "currency": line.currency]
            },
            "hasLines": !report.lines.isEmpty,
            "costTotals": report.costs.map { cost -> [String: Any] in
                ["currency": cost.currency, "planned": money(cost.plannedCents, cost.currency), "actual": money(cost.actualCents, cost.currency),
                 "cost": money(cost.costCents, cost.currency)]
            },
            "declared": report.declared.map { reach -> [String: Any] in
                ["id": reach.id, "source": reach.source, "impressions": reach.impressions.map(String.init) ?? t("roi_none"),
                 "potential": reach.potentialReach.map(String.init) ?? t("roi_none")]
            },
            "hasDeclared": !report.declared.isEmpty,
            "reach": ["impressions": report.reach.declaredImpressions, "potential": report.reach.declaredPotentialReach,
                      "clicks": report.reach.shareClicks, "visitors": report.reach.uniqueVisitors, "participants": report.reach.participants,
                      "visitorsPerImpression": decimal(report.reach.visitorsPerImpression, places: 6),
                      "participantsPerReach": decimal(report.reach.participantsPerPotentialReach, places: 6),
                      "pageViews": report.reach.pageViews, "widgetViews": report.reach.widgetViews, "pageVisitors": report.reach.pageVisitors,
                      "pageViewsPerImpression": decimal(report.reach.pageViewsPerImpression, places: 6),
                      "widgetViewsPerImpression": decimal(report.reach.widgetViewsPerImpression, places: 6)],
            "continuity": ContinuityView(continuity: report.continuity, language: language).values(),
            "outcomesChart": outcomesChart(title: title).svg(),
            "outcomes": outcomeRows(),
            "optIns": report.outcomes.optIns.map { ["purpose": $0.purpose, "channel": $0.channel, "count": $0.count] },
            "hasOptIns": !report.outcomes.optIns.isEmpty,
            "ratios": report.ratios.map { ratio -> [String: Any] in
                ["currency": ratio.currency, "perParticipant": money(ratio.perParticipantCents, ratio.currency),
                 "perNewMember": money(ratio.perNewMemberCents, ratio.currency), "perOptIn": money(ratio.perOptInCents, ratio.currency),
                 "perStoreVisit": money(ratio.perStoreVisitCents, ratio.currency), "rebought": money(ratio.reboughtCents, ratio.currency)]
            },
            "hasRatios": !report.ratios.isEmpty,
            "value": valueRows(),
            "valueTotal": money(report.value.totalCents, report.value.currency),
            "model": modelSentence(),
            "roi": roi(),
        ]
    }

    private func summary() -> [[String: Any]] {
        let costs = report.costs.map { money($0.costCents, $0.currency) }.joined(separator: " + ")
        return [
            ["key": "cost", "label": t("roi_costs"), "value": costs.isEmpty ? t("roi_none") : costs],
            ["key": "participants", "label": t("roi_participants"), "value": String(report.outcomes.participants)],
            ["key": "new-members", "label": t("roi_new_members"), "value": String(report.outcomes.newMembers)],
            ["key": "rebought", "label": t("roi_rebought"), "value": percent(report.reboughtShare)],
            ["key": "value", "label": t("roi_value"), "value": money(report.value.totalCents, report.value.currency)],
            ["key": "roi", "label": t("roi_roi"), "value": roi()["text"] as? String ?? ""],
        ]
    }

    private func costsChart(title: String) -> BarChart {
        let categories = BudgetCategory.allCases.filter { category in report.costs.contains { $0.byCategory.contains { $0.category == category } } }
        return BarChart(frame: ChartFrame(id: "costs-chart", title: t("roi_costs_chart") + " — " + title,
                                          description: report.costs.map { "\($0.currency): \(money($0.costCents, $0.currency))" }.joined(separator: ", "),
                                          emptyMessage: t("roi_no_cost")),
                        labels: categories.map { t("roi_cat_\($0.rawValue)") },
                        series: report.costs.map { cost in
                            ChartSeries(name: cost.currency, values: categories.map { category in
                                Double(cost.byCategory.first { $0.category == category }?.cents ?? 0) / 100
                            })
                        })
    }

    private func funnel() -> [(key: String, count: Int)] {
        let o = report.outcomes
        return [("ov_page_views", Int(o.pageViews)), ("roi_visitors", o.uniqueVisitors), ("roi_participants", o.participants), ("roi_new_members", o.newMembers),
                ("roi_opt_ins", o.optInsTotal), ("roi_coupons_issued", o.couponsIssued), ("roi_store_visits", o.storeVisits)]
    }

    private func outcomesChart(title: String) -> BarChart {
        let steps = funnel()
        return BarChart(frame: ChartFrame(id: "outcomes-chart", title: t("roi_outcomes_chart") + " — " + title,
                                          description: steps.map { "\(t($0.key)): \($0.count)" }.joined(separator: ", "),
                                          emptyMessage: t("chart_empty")),
                        labels: steps.map { t($0.key) }, series: [ChartSeries(name: t("roi_count"), counts: steps.map { $0.count })])
    }

    private func outcomeRows() -> [[String: Any]] {
        let o = report.outcomes
        let counts: [(String, String, String)] = [
            ("participants", "roi_participants", String(o.participants)), ("new-members", "roi_new_members", String(o.newMembers)),
            ("known-members", "roi_known_members", String(o.knownMembers)), ("rebought", "roi_rebought", percent(report.reboughtShare)),
            ("opt-ins", "roi_opt_ins", String(o.optInsTotal)), ("confirmed-emails", "roi_confirmed_emails", String(o.confirmedEmails)),
            ("share-links", "roi_share_links", String(o.shareLinks)), ("share-clicks", "roi_clicks", String(o.shareClicks)),
            ("share-visits", "roi_share_visits", String(o.shareVisits)), ("unique-visitors", "roi_visitors", String(o.uniqueVisitors)),
            ("share-signups", "roi_share_signups", String(o.shareSignups)), ("referrals", "roi_referrals", String(o.referrals)),
            ("coupons-issued", "roi_coupons_issued", String(o.couponsIssued)), ("store-visits", "roi_store_visits", String(o.storeVisits)),
            ("revenue", "roi_revenue", money(o.revenueCents, report.valueModel.currency)),
            ("points-given", "roi_points_given", String(o.pointsGiven)), ("points-redeemed", "roi_points_redeemed", String(o.pointsRedeemed)),
        ]
        return counts.map { ["key": $0.0, "label": t($0.1), "value": $0.2] }
    }

    private func valueRows() -> [[String: Any]] {
        let v = report.value
        return [("roi_value_opt_ins", v.optInsCents), ("roi_value_new_members", v.newMembersCents), ("roi_value_revenue", v.revenueCents),
                ("roi_value_store_visits", v.storeVisitsCents)].map { ["label": t($0.0), "value": money($0.1, v.currency)] }
    }

    private func modelSentence() -> String {
        let model = report.valueModel
        return t("roi_model_help").replacingOccurrences(of: "%1", with: money(model.optInCents, model.currency))
            .replacingOccurrences(of: "%2", with: money(model.newMemberCents, model.currency))
            .replacingOccurrences(of: "%3", with: money(model.storeVisitCents, model.currency))
            .replacingOccurrences(of: "%4", with: model.countRevenue ? t("roi_model_revenue") : "")
    }

    private func roi() -> [String: Any] {
        switch report.roi {
        case .computed(let value):
            return ["computed": true, "text": percent(value), "positive": value >= 0]
        case .mixedCurrencies:
            return ["mixed": true, "text": t("roi_none")]
        case .noCost:
            return ["noCost": true, "text": t("roi_none")]
        }
    }
}
