import SQLKit

/// The page and widget views of several activations, from their daily counts, in one grouped
/// query (the other visitor figures are counters: `RollupMetric.shareLinks` …).
enum PageViewFigures {
    static func read(activationIDs: [Int64], into outcomes: inout [Int64: ActivationOutcomes], on sql: any SQLDatabase) async throws {
        guard !activationIDs.isEmpty else { return }
        for row in try await sql.raw("""
            SELECT activation_id, kind, CAST(SUM(views) AS BIGINT) AS n FROM activation_view_days
            WHERE activation_id IN (\(SQLList(activationIDs.map { SQLBind($0) }))) GROUP BY activation_id, kind
            """).all() {
            let id = try row.decode(column: "activation_id", as: Int64.self)
            guard var found = outcomes[id] else { continue }
            let views = try row.decode(column: "n", as: Int64?.self) ?? 0
            switch ActivationViews.Kind(rawValue: try row.decode(column: "kind", as: String.self)) {
            case .page: found.pageViews = views
            case .widget: found.widgetViews = views
            case nil: break
            }
            outcomes[id] = found
        }
    }
}
