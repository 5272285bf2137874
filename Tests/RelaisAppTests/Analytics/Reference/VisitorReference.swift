import SQLKit
@testable import RelaisApp

/// The visitor figures of an activation counted from their tables — share links, counted
/// clicks, visits, distinct visitors, distinct page visitors — as the reference the counters
/// kept by the database triggers (M024VisitorRollups) are compared with.
enum VisitorReference {
    static func read(_ activation: Activation, into outcomes: inout ActivationOutcomes, on sql: any SQLDatabase) async throws {
        let a = activation.id, b = activation.brandID
        func count(_ query: SQLQueryString) async throws -> Int {
            try await sql.raw(query).first()?.decode(column: "n", as: Int.self) ?? 0
        }
        outcomes.shareLinks = try await count("SELECT COUNT(*) AS n FROM share_links WHERE brand_id = \(bind: b) AND activation_id = \(bind: a)")
        outcomes.shareClicks = try await count("""
            SELECT COUNT(*) AS n FROM share_links l JOIN share_clicks c ON c.link_id = l.id
            WHERE l.brand_id = \(bind: b) AND l.activation_id = \(bind: a) AND c.counted = 1 AND c.bot = 0
            """)
        outcomes.shareVisits = try await count("""
            SELECT COUNT(*) AS n FROM share_links l JOIN share_visits v ON v.link_id = l.id WHERE l.brand_id = \(bind: b) AND l.activation_id = \(bind: a)
            """)
        outcomes.uniqueVisitors = try await count("""
            SELECT COUNT(DISTINCT v.visitor_hash) AS n FROM share_links l JOIN share_visits v ON v.link_id = l.id
            WHERE l.brand_id = \(bind: b) AND l.activation_id = \(bind: a)
            """)
        outcomes.pageVisitors = try await count("SELECT COUNT(*) AS n FROM activation_view_visitors WHERE activation_id = \(bind: a) AND kind = 'page'")
        var views = [a: outcomes]
        try await PageViewFigures.read(activationIDs: [a], into: &views, on: sql)
        outcomes = views[a] ?? outcomes
    }
}
