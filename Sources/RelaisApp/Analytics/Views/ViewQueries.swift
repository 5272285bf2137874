import SQLKit

/// Reads the views written by `ActivationViewWriter` for the activation report.
enum ViewQueries {
    /// Views of the hosted page and of the widget, and distinct visitors of the hosted page.
    static func views(of activation: Activation, into outcomes: inout ActivationOutcomes, on sql: any SQLDatabase) async throws {
        for row in try await sql.raw("""
            SELECT kind, CAST(SUM(views) AS BIGINT) AS n FROM activation_view_days WHERE activation_id = \(bind: activation.id) GROUP BY kind
            """).all() {
            let views = try row.decode(column: "n", as: Int64?.self) ?? 0
            switch ActivationViews.Kind(rawValue: try row.decode(column: "kind", as: String.self)) {
            case .page: outcomes.pageViews = views
            case .widget: outcomes.widgetViews = views
            case nil: break
            }
        }
        outcomes.pageVisitors = try await sql.raw("""
            SELECT COUNT(*) AS n FROM activation_view_visitors WHERE activation_id = \(bind: activation.id) AND kind = 'page'
            """).first()?.decode(column: "n", as: Int.self) ?? 0
    }
}
