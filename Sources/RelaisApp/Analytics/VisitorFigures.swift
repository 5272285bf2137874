import SQLKit

/// The visitor figures of several activations — share links, counted clicks, visits, distinct
/// visitors, page and widget views, distinct page visitors — read with one grouped query per
/// table for all of them (the brand overview shows dozens of reports).
enum VisitorFigures {
    static func read(brandID: Int64, activationIDs: [Int64], into outcomes: inout [Int64: ActivationOutcomes], on sql: any SQLDatabase) async throws {
        guard !activationIDs.isEmpty else { return }
        let ids = SQLList(activationIDs.map { SQLBind($0) })
        func each(_ query: SQLQueryString, _ apply: (inout ActivationOutcomes, any SQLRow) throws -> Void) async throws {
            for row in try await sql.raw(query).all() {
                let id = try row.decode(column: "activation_id", as: Int64.self)
                guard var found = outcomes[id] else { continue }
                try apply(&found, row)
                outcomes[id] = found
            }
        }
        try await each("""
            SELECT activation_id, COUNT(*) AS n FROM share_links WHERE brand_id = \(bind: brandID) AND activation_id IN (\(ids)) GROUP BY activation_id
            """) { $0.shareLinks = try $1.decode(column: "n", as: Int.self) }
        try await each("""
            SELECT l.activation_id, COUNT(*) AS n FROM share_links l JOIN share_clicks c ON c.link_id = l.id
            WHERE l.brand_id = \(bind: brandID) AND l.activation_id IN (\(ids)) AND c.counted = 1 AND c.bot = 0 GROUP BY l.activation_id
            """) { $0.shareClicks = try $1.decode(column: "n", as: Int.self) }
        try await each("""
            SELECT l.activation_id, COUNT(*) AS n, COUNT(DISTINCT v.visitor_hash) AS visitors FROM share_links l JOIN share_visits v ON v.link_id = l.id
            WHERE l.brand_id = \(bind: brandID) AND l.activation_id IN (\(ids)) GROUP BY l.activation_id
            """) {
            $0.shareVisits = try $1.decode(column: "n", as: Int.self)
            $0.uniqueVisitors = try $1.decode(column: "visitors", as: Int.self)
        }
        try await each("""
            SELECT activation_id, kind, CAST(SUM(views) AS BIGINT) AS n FROM activation_view_days WHERE activation_id IN (\(ids)) GROUP BY activation_id, kind
            """) { outcome, row in
            let views = try row.decode(column: "n", as: Int64?.self) ?? 0
            switch ActivationViews.Kind(rawValue: try row.decode(column: "kind", as: String.self)) {
            case .page: outcome.pageViews = views
            case .widget: outcome.widgetViews = views
            case nil: break
            }
        }
        try await each("""
            SELECT activation_id, COUNT(*) AS n FROM activation_view_visitors WHERE activation_id IN (\(ids)) AND kind = 'page' GROUP BY activation_id
            """) { $0.pageVisitors = try $1.decode(column: "n", as: Int.self) }
    }
}
