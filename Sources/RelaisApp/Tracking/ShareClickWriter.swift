import Foundation
import SQLKit

/// Writes a batch of queued clicks in one transaction, applying the counting rules: bots are
/// logged but not counted, a sharer's own devices are not counted, repeats by a visitor within
/// 30 minutes count once, and a visitor's first counted click on a link is a visit that appends
/// one `share.visit` event to the sharer's timeline.
///
/// A batch costs a handful of statements whatever its size — one read of the devices, one of
/// the visitors' visits, then multi-row inserts of clicks, visits and events — because a popular
/// link brings thousands of clicks a second, each from a new visitor. The visit of a visitor on
/// a link holds the time of their last counted click there (M028), so a click writes no index
/// by visitor of its own.
struct ShareClickWriter: Sendable {
    let database: Database
    let timeline: Timeline

    /// Rows per multi-row statement (well under the engines' bound-parameter limits).
    static let rowsPerStatement = 100

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
            // Visitors first seen in this batch's redirects have no history to read.
            let returning = clicks.filter { !$0.bot && $0.visitorHash != nil && !$0.newVisitor }
            let known = try await lastCounted(of: returning, on: sql)
            let batch = ShareClickBatch(clicks, devices: try await devices(of: returning, on: sql), lastCounted: known)
            let latest = batch.lastCountedAt
            var outcome = Outcome(written: clicks.count, counted: batch.decisions.filter(\.counted).count)
            for chunk in batch.decisions.chunked(Self.rowsPerStatement) {
                var values: [any Encodable & Sendable] = []
                values.reserveCapacity(chunk.count * 8)
                for d in chunk {
                    values += [d.click.linkID, d.click.brandID, d.click.activationID, d.click.visitorHash, d.counted ? 1 : 0, d.click.bot ? 1 : 0,
                               d.ownDevice ? 1 : 0, d.click.at]
                }
                try await RowsStatement(Self.insertClicks, columns: 8, rows: chunk.count, values: values, on: sql).run(on: sql)
            }
            let candidates = batch.visitCandidates
            try await moveLastCounted(candidates.filter { known[$0.pair] != nil }, to: latest, on: sql)
            outcome.visits = try await insertVisits(candidates.filter { known[$0.pair] == nil }, lastCounted: latest, on: sql)
            return outcome
        }
    }

    /// Visitors already holding a visit on the link: only the time of their last counted click moves.
    private func moveLastCounted(_ decisions: [ShareClickBatch.Decision], to latest: [ShareClickBatch.Pair: Int64],
                                 on sql: any SQLDatabase) async throws {
        for chunk in decisions.chunked(Self.rowsPerStatement) {
            try await RowsStatement(Self.insertVisits, columns: 6, rows: chunk.count,
                                    tail: "ON CONFLICT (link_id, visitor_hash) DO UPDATE SET last_counted_at = excluded.last_counted_at",
                                    values: visitValues(chunk, latest), on: sql).run(on: sql)
        }
    }

    /// The visits of visitors new to their link, each with its `share.visit` event; how many were new.
    private func insertVisits(_ decisions: [ShareClickBatch.Decision], lastCounted latest: [ShareClickBatch.Pair: Int64],
                              on sql: any SQLDatabase) async throws -> Int {
        var visits = 0
        for chunk in decisions.chunked(Self.rowsPerStatement) {
            // Another node may have written the same visit a moment earlier: it is not a new visit here.
            let inserted = try await RowsStatement(Self.insertVisits, columns: 6, rows: chunk.count,
                                                   tail: "ON CONFLICT (link_id, visitor_hash) DO NOTHING RETURNING link_id, visitor_hash",
                                                   values: visitValues(chunk, latest), on: sql).all(on: sql).reduce(into: Set<ShareClickBatch.Pair>()) { found, row in
                found.insert(ShareClickBatch.Pair(linkID: try row.decode(column: "link_id", as: Int64.self),
                                                  visitorHash: try row.decode(column: "visitor_hash", as: String.self)))
            }
            let new = chunk.filter { inserted.contains($0.pair) }
            visits += new.count
            try await appendVisitEvents(new.map(\.click), on: sql)
        }
        return visits
    }

    private static let insertClicks = "INSERT INTO share_clicks (link_id, brand_id, activation_id, visitor_hash, counted, bot, self_click, clicked_at)"
    private static let insertVisits = "INSERT INTO share_visits (link_id, brand_id, activation_id, visitor_hash, visited_at, last_counted_at)"

    /// The values of `share_visits` rows for these counted clicks: visited then, last counted at the batch's last counted click.
    private func visitValues(_ decisions: ArraySlice<ShareClickBatch.Decision>, _ latest: [ShareClickBatch.Pair: Int64]) -> [any Encodable & Sendable] {
        var values: [any Encodable & Sendable] = []
        values.reserveCapacity(decisions.count * 6)
        for d in decisions {
            values += [d.click.linkID, d.click.brandID, d.click.activationID, d.click.visitorHash, d.click.at, latest[d.pair] ?? d.click.at]
        }
        return values
    }

    /// The `share.visit` events of new visits, on their sharers' timelines, written together.
    private func appendVisitEvents(_ clicks: [ShareClick], on sql: any SQLDatabase) async throws {
        try await WorkGroup.collecting(on: sql) {
            for click in clicks {
                var data = ["link": String(click.linkID)]
                if let activation = click.activationID { data["activation"] = String(activation) }
                try await timeline.append(organisationID: click.organisationID, brandID: click.brandID, memberID: click.sharerID,
                                          kind: "share.visit", summary: "Share link visited", data: data, at: click.at, on: sql)
            }
        }
    }

    /// The batch's visitors seen entering as a member of the link's brand.
    private func devices(of clicks: [ShareClick], on sql: any SQLDatabase) async throws -> Set<ShareClickBatch.Device> {
        var found: Set<ShareClickBatch.Device> = []
        let brands = SQLList(Array(Set(clicks.map(\.brandID))).map { SQLBind($0) })
        for chunk in Array(Set(clicks.compactMap(\.visitorHash))).chunked(Self.rowsPerStatement) {
            let visitors = SQLList(chunk.map { SQLBind($0) })
            for row in try await sql.raw("""
                SELECT brand_id, visitor_hash, member_id FROM share_devices WHERE brand_id IN (\(brands)) AND visitor_hash IN (\(visitors))
                """).all() {
                found.insert(ShareClickBatch.Device(brandID: try row.decode(column: "brand_id", as: Int64.self),
                                                    visitorHash: try row.decode(column: "visitor_hash", as: String.self),
                                                    memberID: try row.decode(column: "member_id", as: Int64.self)))
            }
        }
        return found
    }

    /// The last counted click of each of the batch's visitors on each of their links, kept on their visit.
    private func lastCounted(of clicks: [ShareClick], on sql: any SQLDatabase) async throws -> [ShareClickBatch.Pair: Int64] {
        var found: [ShareClickBatch.Pair: Int64] = [:]
        let pairs = Array(Set(clicks.compactMap { c in c.visitorHash.map { ShareClickBatch.Pair(linkID: c.linkID, visitorHash: $0) } }))
        for chunk in pairs.chunked(Self.rowsPerStatement) {
            // One index probe per pair, the pairs joined as a common table (SQLite reads a row-value
            // `IN (VALUES …)` by scanning every visit).
            let values: [SQLQueryString] = chunk.map { "(\(bind: $0.linkID), \(bind: $0.visitorHash))" }
            for row in try await sql.raw("""
                WITH p (link_id, visitor_hash) AS (VALUES \(values.joined(separator: ", ")))
                SELECT v.link_id, v.visitor_hash, COALESCE(v.last_counted_at, v.visited_at) AS last FROM p
                JOIN share_visits v ON v.link_id = p.link_id AND v.visitor_hash = p.visitor_hash
                """).all() {
                let pair = ShareClickBatch.Pair(linkID: try row.decode(column: "link_id", as: Int64.self),
                                                visitorHash: try row.decode(column: "visitor_hash", as: String.self))
                if let last = try row.decode(column: "last", as: Int64?.self) { found[pair] = last }
            }
        }
        return found
    }
}

extension Array {
    /// The array cut into consecutive slices of at most `size` elements.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
