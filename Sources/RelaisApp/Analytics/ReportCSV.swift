import Foundation

/// The tables of an activation report as one CSV: one figure per line, with its table, detail,
/// currency and unit. Text typed by staff (labels, sources) is neutralised against formula
/// injection; numbers are written as numbers (Relais formats them, nobody typed them).
enum ReportCSV {
    /// The tables a CSV may be limited to.
    static let tables = ["costs", "reach", "outcomes", "opt_ins", "ratios", "value", "roi", "continuity"]

    /// The CSV of the report, or of one of its tables.
    static func csv(_ report: ActivationReport, table: String? = nil) -> String {
        figures(rows(report), table: table)
    }

    /// Rows of figures (table, figure, detail, currency, value, unit) as CSV, all or those of `table`.
    static func figures(_ rows: [[String]], table: String?) -> String {
        var text = CSVWriter.byteOrderMark + CSVWriter.line(["table", "figure", "detail", "currency", "value", "unit"])
        for row in rows where table == nil || row[0] == table {
            // The value column is a number Relais wrote (a negative ROI must stay a number); the rest may hold typed text.
            text += row.enumerated().map { $0.offset == 4 ? $0.element : CSVWriter.field($0.element) }.joined(separator: ",") + "\r\n"
        }
        return text
    }

    /// Every row: table, figure, detail, currency, value, unit.
    static func rows(_ report: ActivationReport) -> [[String]] {
        var rows: [[String]] = []
        func add(_ table: String, _ figure: String, _ detail: String = "", _ currency: String = "", value: String, unit: String) {
            rows.append([table, figure, detail, currency, value, unit])
        }
        for line in report.lines {
            add("costs", "line_\(line.category.rawValue)", line.label, line.currency, value: String(line.costCents), unit: "cents")
        }
        for cost in report.costs {
            for category in cost.byCategory { add("costs", "category", category.category.rawValue, cost.currency, value: String(category.cents), unit: "cents") }
            add("costs", "planned", "", cost.currency, value: String(cost.plannedCents), unit: "cents")
            add("costs", "actual", "", cost.currency, value: String(cost.actualCents), unit: "cents")
            add("costs", "cost", "actual where known, planned otherwise", cost.currency, value: String(cost.costCents), unit: "cents")
        }
        for declared in report.declared {
            if let impressions = declared.impressions { add("reach", "declared_impressions", declared.source, "", value: String(impressions), unit: "count") }
            if let potential = declared.potentialReach { add("reach", "declared_potential_reach", declared.source, "", value: String(potential), unit: "count") }
        }
        let reach = report.reach
        add("reach", "declared_impressions_total", "", "", value: String(reach.declaredImpressions), unit: "count")
        add("reach", "declared_potential_reach_total", "", "", value: String(reach.declaredPotentialReach), unit: "count")
        add("reach", "share_clicks", "", "", value: String(reach.shareClicks), unit: "count")
        add("reach", "unique_visitors", "", "", value: String(reach.uniqueVisitors), unit: "count")
        add("reach", "participants", "", "", value: String(reach.participants), unit: "count")
        add("reach", "page_views", "", "", value: String(reach.pageViews), unit: "count")
        add("reach", "page_visitors", "", "", value: String(reach.pageVisitors), unit: "count")
        add("reach", "widget_views", "", "", value: String(reach.widgetViews), unit: "count")
        add("reach", "page_views_per_impression", "", "", value: ratio(reach.pageViewsPerImpression, places: 6), unit: "ratio")
        add("reach", "widget_views_per_impression", "", "", value: ratio(reach.widgetViewsPerImpression, places: 6), unit: "ratio")
        add("reach", "visitors_per_impression", "", "", value: ratio(reach.visitorsPerImpression, places: 6), unit: "ratio")
        add("reach", "participants_per_potential_reach", "", "", value: ratio(reach.participantsPerPotentialReach, places: 6), unit: "ratio")
        let o = report.outcomes
        for (figure, value) in [("participants", o.participants), ("new_members", o.newMembers), ("known_members", o.knownMembers),
                                ("opt_ins", o.optInsTotal), ("confirmed_emails", o.confirmedEmails), ("share_links", o.shareLinks),
                                ("share_clicks", o.shareClicks), ("share_visits", o.shareVisits), ("unique_visitors", o.uniqueVisitors),
                                ("share_signups", o.shareSignups), ("referrals", o.referrals), ("coupons_issued", o.couponsIssued),
                                ("store_visits", o.storeVisits), ("store_visits_with_amount", o.storeVisitsWithAmount)] {
            add("outcomes", figure, value: String(value), unit: "count")
        }
        add("outcomes", "rebought_share", value: ratio(report.reboughtShare), unit: "ratio")
        add("outcomes", "revenue", "", report.valueModel.currency, value: String(o.revenueCents), unit: "cents")
        add("outcomes", "points_given", value: String(o.pointsGiven), unit: "points")
        add("outcomes", "points_redeemed", value: String(o.pointsRedeemed), unit: "points")
        for optIn in o.optIns { add("opt_ins", optIn.purpose, optIn.channel, "", value: String(optIn.count), unit: "count") }
        for ratios in report.ratios {
            for (figure, value) in [("cost_per_participant", ratios.perParticipantCents), ("cost_per_new_member", ratios.perNewMemberCents),
                                    ("cost_per_opt_in", ratios.perOptInCents), ("cost_per_store_visit", ratios.perStoreVisitCents),
                                    ("rebought_audience_cost", ratios.reboughtCents)] {
                add("ratios", figure, "", ratios.currency, value: value.map(String.init) ?? "", unit: "cents")
            }
        }
        let v = report.value
        for (figure, cents) in [("opt_ins", v.optInsCents), ("new_members", v.newMembersCents), ("revenue", v.revenueCents),
                                ("store_visits", v.storeVisitsCents), ("total", v.totalCents)] {
            add("value", figure, "", v.currency, value: String(cents), unit: "cents")
        }
        add("roi", "roi", report.roi.status, v.currency, value: ratio(report.roi.value), unit: "ratio")
        let c = report.continuity
        add("continuity", "acquired", value: String(c.acquired), unit: "count")
        for later in c.later {
            add("continuity", "returned", "N+\(later.position) activation \(later.activationID)", value: String(later.returned), unit: "count")
            add("continuity", "returned_without_share_link", "N+\(later.position) activation \(later.activationID)", value: String(later.returnedDirect), unit: "count")
        }
        add("continuity", "returned_any", value: String(c.returnedAny), unit: "count")
        add("continuity", "returned_any_without_share_link", value: String(c.returnedAnyDirect), unit: "count")
        add("continuity", "reactivated", "dormant \(c.dormantDays) days", value: String(c.reactivated), unit: "count")
        return rows
    }

    private static func ratio(_ value: Double?, places: Int = 4) -> String {
        value.map { String(format: "%.\(places)f", $0) } ?? ""
    }
}

