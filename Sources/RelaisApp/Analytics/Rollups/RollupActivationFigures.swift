import SQLKit

/// An activation report's member figures read from the counters: outcomes (participants,
/// re-bought audience, opt-ins, confirmations, sign-ups, referrals, coupons, points) and
/// continuity, visitor figures, for one activation or for all those an overview shows, in a few queries.
enum RollupActivationFigures {
    struct Figures: Sendable {
        var outcomes = ActivationOutcomes()
        /// Per later activation: acquired members who came back, and of them without a share link.
        var returned: [Int64: (Int, Int)] = [:]
        var returnedAny = 0
        var returnedAnyDirect = 0
        /// Reactivated participants after the dormancy asked for, when the counters keep it.
        var reactivated = 0
    }

    /// The figures of `activations`, each given with the later activations its report lists
    /// (returns are read for those alone: every later one would be a row per pair of activations),
    /// with the reactivated participants of one dormancy. The counters come packed in one text
    /// value per statement (`PackedCounters`): on PostgreSQL, decoding a few thousand rows column
    /// by column costed more than the queries.
    static func figures(brandID: Int64, activations: [(id: Int64, later: [Int64])], dormantDays: Int, kind: DatabaseKind,
                        on sql: any SQLDatabase) async throws -> [Int64: Figures] {
        guard !activations.isEmpty else { return [:] }
        var figures = Dictionary(activations.map { ($0.id, Figures()) }, uniquingKeysWith: { first, _ in first })
        var optIns: [Int64: [(purpose: Int64, channel: Int64, count: Int)]] = [:]
        // One row per counter (the key is unique): no grouping.
        var rows = try await PackedCounters.read(kind: kind, on: sql, """
            FROM rollup_counts r
            WHERE r.brand_id = \(bind: brandID) AND r.metric IN (\(SQLList(activationMetrics.map { SQLBind($0.rawValue) })))
              AND r.scope IN (\(SQLList(activations.map { SQLBind($0.id) }))) AND r.n <> 0
              AND (r.metric <> '\(unsafeRaw: RollupMetric.reactivatedParticipants.rawValue)' OR r.c = \(bind: Int64(dormantDays)))
            """)
        // The pairs lead the join (on SQLite, CROSS JOIN keeps that order): each is a key lookup.
        let pairs = activations.flatMap { activation in activation.later.map { (activation.id, $0) } }
        for chunk in pairs.chunked(200) {
            let values = SQLList(chunk.map { SQLQueryString("(\(bind: $0.0), \(bind: $0.1))") }, separator: SQLRaw(", "))
            rows += try await PackedCounters.read(kind: kind, on: sql, """
                FROM (VALUES \(values)) AS p CROSS JOIN rollup_counts r
                WHERE r.brand_id = \(bind: brandID) AND r.metric IN ('\(unsafeRaw: RollupMetric.returned.rawValue)', '\(unsafeRaw: RollupMetric.returnedDirect.rawValue)')
                  AND r.scope = p.column1 AND r.a = p.column2 AND r.n <> 0
                """)
        }
        for (key, n) in rows {
            guard var f = figures[key.scope] else { continue }
            switch key.metric {
            case .participants: f.outcomes.participants = Int(n)
            case .knownParticipants: f.outcomes.knownMembers = Int(n)
            case .optIns: optIns[key.scope, default: []].append((key.b, key.c, Int(n)))
            case .confirmedEmails: f.outcomes.confirmedEmails = Int(n)
            case .shareSignups: f.outcomes.shareSignups = Int(n)
            case .referrals: f.outcomes.referrals = Int(n)
            case .couponsIssued: f.outcomes.couponsIssued = Int(n)
            case .storeVisits: f.outcomes.storeVisits = Int(n)
            case .storeVisitsWithAmount: f.outcomes.storeVisitsWithAmount = Int(n)
            case .revenueCents: f.outcomes.revenueCents = n
            case .pointsGiven: f.outcomes.pointsGiven = n
            case .pointsRedeemed: f.outcomes.pointsRedeemed = n
            case .returned: f.returned[key.a, default: (0, 0)].0 = Int(n)
            case .returnedDirect: f.returned[key.a, default: (0, 0)].1 = Int(n)
            case .returnedAny: f.returnedAny = Int(n)
            case .returnedAnyDirect: f.returnedAnyDirect = Int(n)
            case .reactivatedParticipants: f.reactivated = Int(n)
            case .shareLinks: f.outcomes.shareLinks = Int(n)
            case .shareClicks: f.outcomes.shareClicks = Int(n)
            case .shareVisits: f.outcomes.shareVisits = Int(n)
            case .shareVisitors: f.outcomes.uniqueVisitors = Int(n)
            case .pageVisitors: f.outcomes.pageVisitors = Int(n)
            default: break
            }
            figures[key.scope] = f
        }
        if !optIns.isEmpty {
            var keys: [Int64: String] = [:]
            for row in try await sql.raw("SELECT id, key FROM consent_purposes WHERE brand_id = \(bind: brandID)").all() {
                keys[try row.decode(column: "id", as: Int64.self)] = try row.decode(column: "key", as: String.self)
            }
            let channels = ConsentChannel.allCases.map(\.rawValue)
            for (scope, lines) in optIns {
                figures[scope]?.outcomes.optIns = lines.compactMap { line in
                    guard let purpose = keys[line.purpose], channels.indices.contains(Int(line.channel)) else { return nil }
                    return ActivationOutcomes.OptIns(purpose: purpose, channel: channels[Int(line.channel)], count: line.count)
                }.sorted { ($0.purpose, $0.channel) < ($1.purpose, $1.channel) }
            }
        }
        for (id, _) in activations {
            guard var f = figures[id] else { continue }
            f.outcomes.newMembers = f.outcomes.participants - f.outcomes.knownMembers
            figures[id] = f
        }
        return figures
    }

    /// The metrics read whole (returns to a given later activation are read pair by pair).
    static let activationMetrics: [RollupMetric] = [
        .participants, .knownParticipants, .optIns, .confirmedEmails, .shareSignups, .referrals, .couponsIssued, .storeVisits,
        .storeVisitsWithAmount, .revenueCents, .pointsGiven, .pointsRedeemed, .returnedAny,
        .returnedAnyDirect, .reactivatedParticipants, .shareLinks, .shareClicks, .shareVisits, .shareVisitors, .pageVisitors,
    ]
}
