import Foundation

/// The continuity section of the activation report: a bar per later activation (N+1, N+2 …)
/// with the table of the same figures beneath.
struct ContinuityView {
    let continuity: ActivationContinuity
    let language: UILanguage

    private func t(_ key: String) -> String { Strings.get(key, language) }
    private func percent(_ ratio: Double?) -> String { ratio.map { ShareFunnelPages.percent($0, language) } ?? t("roi_none") }

    /// The section's template values.
    func values() -> [String: Any] {
        let c = continuity
        let summary = t("ov_continuity_summary").replacingOccurrences(of: "%1", with: String(c.acquired))
            .replacingOccurrences(of: "%2", with: String(c.returnedAny)).replacingOccurrences(of: "%3", with: String(c.returnedAnyDirect))
            .replacingOccurrences(of: "%4", with: String(c.reactivated)).replacingOccurrences(of: "%5", with: String(c.dormantDays))
        let labels = c.later.map { "N+\($0.position)" }
        let chart = BarChart(frame: ChartFrame(id: "continuity-chart", title: t("ov_continuity"), description: summary, emptyMessage: t("ov_no_later")),
                             labels: labels, series: [ChartSeries(name: t("ov_returned"), counts: c.later.map(\.returned)),
                                                      ChartSeries(name: t("ov_returned_direct"), counts: c.later.map(\.returnedDirect))])
        return [
            "summary": summary, "chart": chart.svg(), "hasLater": !c.later.isEmpty,
            "later": c.later.map { later -> [String: Any] in
                ["position": later.position, "id": later.activationID, "title": language == .french ? later.titleFR : later.titleEN,
                 "returned": later.returned, "direct": later.returnedDirect, "rate": percent(RoiMaths.share(later.returned, of: c.acquired))]
            },
            "returnedAny": c.returnedAny, "returnedAnyDirect": c.returnedAnyDirect, "returnRate": percent(c.returnRate),
        ]
    }
}
