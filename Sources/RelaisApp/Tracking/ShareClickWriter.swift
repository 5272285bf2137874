import SQLKit

/// Writes a batch of queued clicks in one transaction, applying the counting rules: bots are
/// logged but not counted, a sharer's own devices are not counted, repeats by a visitor within
/// 30 minutes count once, and a visitor's first counted click on a link is a visit that appends
/// one `share.visit` event to the sharer's timeline.
struct ShareClickWriter: Sendable {
    let database: Database
    let timeline: Timeline

    /// What a batch did.
    struct Outcome: Sendable, Equatable {
        var written = 0
        var counted = 0
        var visits = 0
    }

    /// Writes `clicks`, in their order.
    func write(_ clicks: [ShareClick]) async throws -> Outcome {
        guard !clicks.isEmpty else { return Outcome() }
        return try await database.transaction { sql in
            var outcome = Outcome()
            for click in clicks {
                var counted = false
                var ownDevice = false
                if !click.bot, let visitor = click.visitorHash {
                    ownDevice = try await sql.raw("""
                        SELECT 1 AS found FROM share_devices WHERE brand_id = \(bind: click.brandID) AND visitor_hash = \(bind: visitor)
                          AND member_id = \(bind: click.sharerID)
                        """).first() != nil
                    if !ownDevice {
                        let last = try await sql.raw("""
                            SELECT MAX(clicked_at) AS last FROM share_clicks
                            WHERE link_id = \(bind: click.linkID) AND visitor_hash = \(bind: visitor) AND counted = 1
                            """).first()?.decode(column: "last", as: Int64?.self) ?? nil
                        counted = VisitorDeduplication.counts(at: click.at, lastCountedAt: last)
                    }
                }
                try await sql.raw("""
                    INSERT INTO share_clicks (link_id, brand_id, visitor_hash, counted, bot, self_click, clicked_at)
                    VALUES (\(bind: click.linkID), \(bind: click.brandID), \(bind: click.visitorHash), \(bind: counted ? 1 : 0),
                            \(bind: click.bot ? 1 : 0), \(bind: ownDevice ? 1 : 0), \(bind: click.at))
                    """).run()
                outcome.written += 1
                guard counted, let visitor = click.visitorHash else { continue }
                outcome.counted += 1
                let firstVisit = try await sql.raw("""
                    INSERT INTO share_visits (link_id, visitor_hash, visited_at) VALUES (\(bind: click.linkID), \(bind: visitor), \(bind: click.at))
                    ON CONFLICT (link_id, visitor_hash) DO NOTHING RETURNING link_id
                    """).first() != nil
                guard firstVisit else { continue }
                outcome.visits += 1
                var data = ["link": String(click.linkID)]
                if let activation = click.activationID { data["activation"] = String(activation) }
                try await timeline.append(organisationID: click.organisationID, brandID: click.brandID, memberID: click.sharerID,
                                          kind: "share.visit", summary: "Share link visited", data: data, at: click.at, on: sql)
            }
            return outcome
        }
    }
}
