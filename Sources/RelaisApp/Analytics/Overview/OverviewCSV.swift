import Foundation

/// The tables of the brand overview as one CSV, in the activation report's shape: `table, figure,
/// detail, currency, value, unit`. Activation titles typed by staff are neutralised against formulas.
enum OverviewCSV {
    /// The tables a CSV may be limited to.
    static let tables = ["community", "costs", "value", "months", "cohorts", "continuity", "activations"]

    /// The CSV of the overview, or of one of its tables.
    static func csv(_ overview: BrandOverview, table: String? = nil) -> String {
        ReportCSV.figures(rows(overview), table: table)
    }

    /// Every row: table, figure, detail, currency, value, unit.
    static func rows(_ o: BrandOverview) -> [[String]] {
        var rows: [[String]] = []
        func add(_ table: String, _ figure: String, _ detail: String = "", _ currency: String = "", value: String, unit: String) {
            rows.append([table, figure, detail, currency, value, unit])
        }
        let c = o.community
        for (figure, value) in [("members", c.members), ("new_members", c.newMembers), ("active_members_30_days", c.active30),
                                ("active_members_90_days", c.active90), ("active_members_in_period", c.activeInPeriod),
                                ("reactivated_members", c.reactivated), ("unsubscribes", c.unsubscribes), ("erasures", c.erasures)] {
            add("community", figure, o.period.label, value: String(value), unit: "count")
        }
        for cost in o.costs {
            add("costs", "activations", o.period.label, cost.currency, value: String(cost.activationsCents), unit: "cents")
            add("costs", "brand", o.period.label, cost.currency, value: String(cost.brandCents), unit: "cents")
            add("costs", "rewards", o.period.label, cost.currency, value: String(cost.rewardsCents), unit: "cents")
            add("costs", "total", o.period.label, cost.currency, value: String(cost.totalCents), unit: "cents")
            add("costs", "acquisition_cost_per_new_member", o.period.label, cost.currency, value: cost.perNewMemberCents.map(String.init) ?? "", unit: "cents")
            add("costs", "retention_cost_per_active_member", o.period.label, cost.currency, value: cost.perActiveMemberCents.map(String.init) ?? "", unit: "cents")
        }
        add("costs", "points_spent", o.period.label, value: String(o.pointsSpent), unit: "points")
        add("value", "total", o.period.label, o.valueModel.currency, value: String(o.valueCents), unit: "cents")
        add("value", "roi", o.roi.status, o.valueModel.currency, value: o.roi.value.map { String(format: "%.4f", $0) } ?? "", unit: "ratio")
        for month in o.months {
            add("months", "members", month.label, value: String(month.members), unit: "count")
            add("months", "new_members", month.label, value: String(month.newMembers), unit: "count")
            add("months", "active_members", month.label, value: String(month.activeMembers), unit: "count")
            add("months", "reactivated_members", month.label, value: String(month.reactivated), unit: "count")
            add("months", "value", month.label, o.valueModel.currency, value: String(month.valueCents), unit: "cents")
            add("months", "cost", month.label, o.valueModel.currency, value: String(month.costCents), unit: "cents")
        }
        for cohort in o.cohorts {
            add("cohorts", "size", cohort.label, value: String(cohort.size), unit: "count")
            for (k, active) in cohort.active.enumerated() { add("cohorts", "active_m\(k)", cohort.label, value: String(active), unit: "count") }
        }
        for r in o.activations.sorted(by: { ($0.activation.opensAt, $0.activation.id) < ($1.activation.opensAt, $1.activation.id) }) {
            let detail = "\(r.activation.id) \(r.activation.content.titleFR)"
            add("continuity", "acquired", detail, value: String(r.continuity.acquired), unit: "count")
            for later in r.continuity.later {
                add("continuity", "returned_n\(later.position)", detail, value: String(later.returned), unit: "count")
                add("continuity", "returned_without_share_link_n\(later.position)", detail, value: String(later.returnedDirect), unit: "count")
            }
            add("continuity", "reactivated", detail, value: String(r.continuity.reactivated), unit: "count")
        }
        for r in o.activations {
            let detail = "\(r.activation.id) \(r.activation.content.titleFR)"
            for cost in r.costs { add("activations", "cost", detail, cost.currency, value: String(cost.costCents), unit: "cents") }
            add("activations", "value", detail, r.value.currency, value: String(r.value.totalCents), unit: "cents")
            add("activations", "roi", detail, r.value.currency, value: r.roi.value.map { String(format: "%.4f", $0) } ?? "", unit: "ratio")
            add("activations", "new_members", detail, value: String(r.outcomes.newMembers), unit: "count")
            add("activations", "returned_later", detail, value: String(r.continuity.returnedAny), unit: "count")
        }
        return rows
    }
}
