import SQLKit

/// What counts as a member's **activity** for a brand, in one place: a valid entry in one of the
/// brand's activations, or a coupon of the brand used at a till. Both stay after an erasure (as
/// anonymous rows), so active counts, cohorts and reactivations do not change when someone is
/// forgotten; invalidated entries never count. Definitions in docs/ROI.md.
enum CommunityActivity {
    /// `member_id, happened_at` of every activity of the brand in `[from, to)`.
    static func rows(brandID: Int64, from: Int64, to: Int64) -> SQLQueryString {
        """
        SELECT member_id, created_at AS happened_at FROM activation_entries
        WHERE brand_id = \(bind: brandID) AND status = 'valid' AND created_at >= \(bind: from) AND created_at < \(bind: to)
        UNION ALL
        SELECT member_id, redeemed_at AS happened_at FROM coupons
        WHERE brand_id = \(bind: brandID) AND status = 'redeemed' AND redeemed_at >= \(bind: from) AND redeemed_at < \(bind: to)
        """
    }

    /// A condition true when the member `member` (a column) had no activity for the brand in
    /// `[at − dormant, at)`, `at` being a column or expression: the member was dormant.
    static func dormantBefore(member: String, at: String, brandID: Int64, dormantMillis: Int64) -> SQLQueryString {
        let m = SQLQueryString(stringLiteral: member), t = SQLQueryString(stringLiteral: at)
        return """
            NOT EXISTS (SELECT 1 FROM activation_entries x WHERE x.member_id = \(m) AND x.brand_id = \(bind: brandID) AND x.status = 'valid'
                        AND x.created_at >= \(t) - \(bind: dormantMillis) AND x.created_at < \(t))
            AND NOT EXISTS (SELECT 1 FROM coupons y WHERE y.member_id = \(m) AND y.brand_id = \(bind: brandID) AND y.status = 'redeemed'
                        AND y.redeemed_at >= \(t) - \(bind: dormantMillis) AND y.redeemed_at < \(t))
            """
    }

    /// The index (0…) of the month of `grid` an instant column falls in; instants outside the grid get -1.
    static func month(_ column: String, in grid: MonthGrid) -> SQLQueryString {
        var parts: [SQLQueryString] = ["CASE WHEN \(unsafeRaw: column) < \(bind: grid.starts[0]) THEN -1"]
        for index in 1..<grid.starts.count {
            parts.append("WHEN \(unsafeRaw: column) < \(bind: grid.starts[index]) THEN \(unsafeRaw: String(index - 1))")
        }
        parts.append("ELSE -1 END")
        return parts.joined(separator: " ")
    }
}
