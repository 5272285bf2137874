import SQLKit

/// A member who brought people in, and how many they brought directly.
struct TopReferrer: Sendable, Equatable {
    var memberID: Int64
    var firstName: String?
    var lastName: String?
    /// Distinct people they brought directly (share sign-ups and referral invitations).
    var brought: Int
}

extension ShareReports {
    /// The brand's members who brought the most people directly, most first (ties by id), one
    /// page at `offset`; only people and sponsors visible to the caller count.
    func topReferrers(access: BrandAccess, limit: Int, offset: Int) async throws -> (items: [TopReferrer], hasMore: Bool) {
        try await database.readOnly { sql in
            let rows = try await sql.raw("""
                SELECT m.id, m.first_name, m.last_name, e.n FROM (
                  SELECT parent, COUNT(DISTINCT child) AS n FROM (\(Self.edges(sponsors: nil, access: access))) edges GROUP BY parent
                ) e JOIN members m ON m.id = e.parent
                WHERE \(MemberStore.visible(access))
                ORDER BY e.n DESC, m.id LIMIT \(bind: limit + 1) OFFSET \(bind: max(0, offset))
                """).all()
            let items = try rows.map { row in
                TopReferrer(memberID: try row.decode(column: "id", as: Int64.self), firstName: try row.decode(column: "first_name", as: String?.self),
                            lastName: try row.decode(column: "last_name", as: String?.self), brought: try row.decode(column: "n", as: Int.self))
            }
            return (Array(items.prefix(limit)), items.count > limit)
        }
    }
}
