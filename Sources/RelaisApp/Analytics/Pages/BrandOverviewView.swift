import Foundation

/// The template values of the brand overview: the P&L in figures, the monthly trend, the cohort
/// heat map and the activations ranked by ROI, each chart with the table of the same figures.
struct BrandOverviewView {
    let overview: BrandOverview
    let language: UILanguage

    private var french: Bool { language == .french }
    private var currency: String { overview.valueModel.currency }
    private func t(_ key: String) -> String { Strings.get(key, language) }
    private func money(_ cents: Int64?, _ currency: String) -> String { cents.map { MoneyText.display($0, currency, french: french) } ?? t("roi_none") }
    private func percent(_ ratio: Double?) -> String { ratio.map { ShareFunnelPages.percent($0, language) } ?? t("roi_none") }

    /// Every value of the page.
    func values() -> [String: Any] {
        let o = overview, c = o.community
        let roiText = o.roi.value.map(percent) ?? t("roi_none")
        return [
            "periodLabel": o.period.label, "asOf": LocalTime.text(o.asOf, timeZone: "UTC"),
            "summary": [
                ["key": "members", "label": t("ov_members"), "value": String(c.members)],
                ["key": "new-members", "label": t("roi_new_members"), "value": String(c.newMembers)],
                ["key": "active-30", "label": t("ov_active_30"), "value": String(c.active30)],
                ["key": "value", "label": t("roi_value"), "value": money(o.valueCents, currency)],
                ["key": "cost", "label": t("roi_costs"), "value": o.costs.isEmpty ? t("roi_none") : o.costs.map { money($0.totalCents, $0.currency) }.joined(separator: " + ")],
                ["key": "roi", "label": t("roi_roi"), "value": roiText],
            ] as [[String: Any]],
            "community": [
                ("members", "ov_members", c.members), ("new-members", "roi_new_members", c.newMembers), ("active-30", "ov_active_30", c.active30),
                ("active-90", "ov_active_90", c.active90), ("active-period", "ov_active_period", c.activeInPeriod),
                ("reactivated", "ov_reactivated", c.reactivated), ("unsubscribes", "ov_unsubscribes", c.unsubscribes), ("erasures", "ov_erasures", c.erasures),
            ].map { ["key": $0.0, "label": t($0.1), "value": $0.2] },
            "pending": o.pendingMembers > 0 ? t("ov_pending").replacingOccurrences(of: "%1", with: String(o.pendingMembers)) : "",
            "dormantHelp": t("ov_dormant_help").replacingOccurrences(of: "%1", with: String(o.dormantDays)),
            "costs": o.costs.map { cost -> [String: Any] in
                ["currency": cost.currency, "activations": money(cost.activationsCents, cost.currency), "brand": money(cost.brandCents, cost.currency),
                 "rewards": money(cost.rewardsCents, cost.currency), "total": money(cost.totalCents, cost.currency),
                 "acquisition": money(cost.perNewMemberCents, cost.currency), "retention": money(cost.perActiveMemberCents, cost.currency)]
            },
            "hasCosts": !o.costs.isEmpty,
            "pointsSpent": o.pointsSpent, "pointValue": money(o.valueModel.pointCents, currency),
            "value": money(o.valueCents, currency), "roi": roiText, "roiMixed": o.roi == .mixedCurrencies,
            "membersChart": membersChart().svg(), "moneyChart": moneyChart().svg(),
            "months": o.months.map { month -> [String: Any] in
                ["label": month.label, "members": month.members, "newMembers": month.newMembers, "active": month.activeMembers,
                 "reactivated": month.reactivated, "value": money(month.valueCents, currency), "cost": money(month.costCents, currency)]
            },
            "cohortChart": cohortChart().svg(), "cohortColumns": (0..<cohortWidth).map { ["label": "M+\($0)"] },
            "cohorts": o.cohorts.map { cohort -> [String: Any] in
                ["label": cohort.label, "size": cohort.size,
                 "cells": (0..<cohortWidth).map { k -> [String: Any] in
                     k < cohort.active.count ? ["text": "\(cohort.active[k]) (\(percent(RoiMaths.share(cohort.active[k], of: cohort.size))))"] : ["text": ""]
                 }]
            },
            "hasCohorts": !o.cohorts.isEmpty,
            "roiChart": roiChart().svg(),
            "activations": o.activations.map { r -> [String: Any] in
                ["id": r.activation.id, "title": r.activation.content.title(language.rawValue),
                 "opens": LocalTime.text(r.activation.opensAt, timeZone: r.activation.timeZone),
                 "cost": r.costs.isEmpty ? t("roi_none") : r.costs.map { money($0.costCents, $0.currency) }.joined(separator: " + "),
                 "value": money(r.value.totalCents, r.value.currency), "roi": r.roi.value.map(percent) ?? t("roi_none"),
                 "participants": r.outcomes.participants, "newMembers": r.outcomes.newMembers, "returned": r.continuity.returnedAny,
                 "returnedDirect": r.continuity.returnedAnyDirect]
            },
            "hasActivations": !o.activations.isEmpty,
            "continuityChart": continuityChart().svg(),
            "continuityColumns": (0..<continuityWidth).map { ["label": "N+\($0 + 1)"] },
            "continuity": openingOrder.map { r -> [String: Any] in
                let c = r.continuity
                return ["id": r.activation.id, "title": r.activation.content.title(language.rawValue), "acquired": c.acquired,
                        "cells": (0..<continuityWidth).map { k -> [String: Any] in
                            k < c.later.count ? ["text": "\(c.later[k].returned) · \(c.later[k].returnedDirect)"] : ["text": ""]
                        },
                        "returnedAny": c.returnedAny, "returnedAnyDirect": c.returnedAnyDirect, "reactivated": c.reactivated]
            },
        ]
    }

    /// Months after joining shown in the heat map: as many as the longest cohort has.
    private var cohortWidth: Int { overview.cohorts.map(\.active.count).max() ?? 0 }

    /// The period's activations in opening order: the rows of the continuity heat map.
    private var openingOrder: [ActivationReport] {
        overview.activations.sorted { ($0.activation.opensAt, $0.activation.id) < ($1.activation.opensAt, $1.activation.id) }
    }

    /// Later activations shown in the continuity heat map: as many as the longest row has.
    private var continuityWidth: Int { overview.activations.map(\.continuity.later.count).max() ?? 0 }

    private func continuityChart() -> HeatMapChart {
        let rows = openingOrder
        return HeatMapChart(frame: ChartFrame(id: "continuity-chart", title: t("ov_continuity_brand"), description: t("ov_continuity_brand_help"),
                                              height: 40 + 28 * Double(max(1, rows.count)), emptyMessage: t("ov_no_activations")),
                            rows: rows.map { "\($0.activation.content.title(language.rawValue)) (\($0.continuity.acquired))" },
                            columns: (0..<continuityWidth).map { "N+\($0 + 1)" },
                            shares: rows.map { r in r.continuity.later.map { RoiMaths.share($0.returned, of: r.continuity.acquired) ?? 0 } },
                            texts: rows.map { r in r.continuity.later.map { percent(RoiMaths.share($0.returned, of: r.continuity.acquired)) } })
    }

    private func membersChart() -> LineChart {
        let months = overview.months
        return LineChart(frame: ChartFrame(id: "members-chart", title: t("ov_members_chart"), description: t("ov_members_chart_help"), emptyMessage: t("chart_empty")),
                         labels: months.map { Self.shortMonth($0.label) },
                         series: [ChartSeries(name: t("ov_members"), counts: months.map(\.members)),
                                  ChartSeries(name: t("ov_active_month"), counts: months.map(\.activeMembers)),
                                  ChartSeries(name: t("roi_new_members"), counts: months.map(\.newMembers))])
    }

    private func moneyChart() -> LineChart {
        let months = overview.months
        return LineChart(frame: ChartFrame(id: "money-chart", title: t("ov_money_chart") + " (\(currency))", description: t("ov_money_chart_help"),
                                           emptyMessage: t("chart_empty")),
                         labels: months.map { Self.shortMonth($0.label) },
                         series: [ChartSeries(name: t("roi_value"), values: months.map { Double($0.valueCents) / 100 }),
                                  ChartSeries(name: t("roi_costs"), values: months.map { Double($0.costCents) / 100 })])
    }

    /// `2026-12` as `12/26`: short enough for the last label of a chart to fit inside its right edge.
    static func shortMonth(_ label: String) -> String {
        let parts = label.split(separator: "-")
        return parts.count == 2 ? "\(parts[1])/\(parts[0].suffix(2))" : label
    }

    private func cohortChart() -> HeatMapChart {
        let cohorts = overview.cohorts
        return HeatMapChart(frame: ChartFrame(id: "cohort-chart", title: t("ov_cohorts"), description: t("ov_cohorts_help"),
                                              height: 40 + 28 * Double(max(1, cohorts.count)), emptyMessage: t("chart_empty")),
                            rows: cohorts.map { "\($0.label) (\($0.size))" }, columns: (0..<cohortWidth).map { "M+\($0)" },
                            shares: cohorts.map { cohort in cohort.active.map { RoiMaths.share($0, of: cohort.size) ?? 0 } },
                            texts: cohorts.map { cohort in cohort.active.map { percent(RoiMaths.share($0, of: cohort.size)) } })
    }

    private func roiChart() -> BarChart {
        let ranked = overview.activations.filter { $0.roi.value != nil }
        return BarChart(frame: ChartFrame(id: "roi-chart", title: t("ov_ranking"), description: t("ov_ranking_help"), emptyMessage: t("ov_no_roi")),
                        labels: ranked.map { $0.activation.content.title(language.rawValue) },
                        series: [ChartSeries(name: t("roi_roi"), values: ranked.map { ($0.roi.value ?? 0) * 100 })],
                        format: { ChartNumber.plain($0) + " %" })
    }
}
