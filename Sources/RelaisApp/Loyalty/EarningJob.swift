import Foundation
import Logging
import SQLKit
import ServiceLifecycle

/// Turns timeline events into points under the brands' active earning rules.
///
/// It reads the timeline in id order from where it stopped (`loyalty_progress`), in bounded
/// ranges, and writes the earnings of a range and its new position in one transaction; every
/// earning also carries the idempotency key `rule:{rule}:event:{event}`, so an event never earns
/// twice from a rule. A rule applies to events from its creation on, with the version in force
/// when the event is read; caps count earnings by the day of the event in the brand's time zone.
struct EarningJob: Sendable {
    let database: Database
    let rules: EarningRuleStore
    let ledger: PointsLedger
    let settings: LoyaltySettingsStore
    let tiers: TierTracker

    /// Events read per transaction: a range holds the one SQLite writer for a few milliseconds,
    /// so that requests waiting for it are not held up for long (as for `BadgeAwards.range`).
    static let range: Int64 = 500
    /// The job's position in the timeline.
    static let progress = JobProgress(name: "earning")

    /// Processes one range of new events; returns how many earnings were written, or nil when
    /// the timeline has been read to its end.
    func processNextRange(now: Int64 = Clock.nowMillis()) async throws -> Int? {
        // A read first, so that an instance without rules, or with nothing new, never opens a write transaction.
        let pending = try await database.readOnly { sql in
            guard !(try await rules.activeTriggers(on: sql)).isEmpty else { return false }
            return try await Self.progress.hasPending(on: sql)
        }
        guard pending else { return nil }
        return try await database.transaction { sql in
            guard let (from, to) = try await Self.progress.claimRange(limit: Self.range, on: sql) else { return nil }
            let triggers = try await rules.activeTriggers(on: sql)
            var written = 0
            if !triggers.isEmpty {
                written = try await earn(events: try await events(after: from, through: to, triggers: triggers, on: sql),
                                         rules: try await rules.active(triggers: triggers, on: sql), now: now, on: sql)
            }
            try await Self.progress.save(to, on: sql)
            return written
        }
    }

    /// Processes every pending event, waiting `pause` between two ranges; returns the earnings written.
    @discardableResult
    func processPending(pause: Duration = .zero, demand: WriterDemand? = nil) async throws -> Int {
        try await JobProgress.drain(pause: pause, demand: demand) { try await processNextRange() }
    }

    private struct Event {
        var id: Int64
        var organisationID: Int64
        var brandID: Int64
        var memberID: Int64
        var kind: String
        var at: Int64
        var data: [String: String]
    }

    private func events(after from: Int64, through to: Int64, triggers: [String], on sql: any SQLDatabase) async throws -> [Event] {
        let list = SQLList(triggers.map { SQLBind($0) })
        return try await sql.raw("""
            SELECT e.id, e.organisation_id, e.brand_id, e.member_id, e.kind, e.occurred_at, e.data FROM timeline_events e
            JOIN members m ON m.id = e.member_id
            WHERE e.id > \(bind: from) AND e.id <= \(bind: to) AND e.brand_id IS NOT NULL AND e.kind IN (\(list))
              AND m.merged_into_id IS NULL AND m.erased_at IS NULL
            ORDER BY e.id
            """).all().map { row in
            let json = try row.decode(column: "data", as: String.self)
            return Event(id: try row.decode(column: "id", as: Int64.self), organisationID: try row.decode(column: "organisation_id", as: Int64.self),
                         brandID: try row.decode(column: "brand_id", as: Int64.self), memberID: try row.decode(column: "member_id", as: Int64.self),
                         kind: try row.decode(column: "kind", as: String.self), at: try row.decode(column: "occurred_at", as: Int64.self),
                         data: (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:])
        }
    }

    private func earn(events: [Event], rules: [EarningRule], now: Int64, on sql: any SQLDatabase) async throws -> Int {
        var written = 0
        var zones: [Int64: String] = [:]
        var validity: [Int64: Int] = [:]
        var ladders: [Int64: TierLadder] = [:]
        for event in events {
            let matching = rules.filter { $0.brandID == event.brandID && $0.definition.trigger == event.kind && $0.createdAt <= event.at }
            guard !matching.isEmpty else { continue }
            if zones[event.brandID] == nil {
                // Read on this transaction's connection: another session would wait for it.
                zones[event.brandID] = try await sql.raw("SELECT time_zone FROM brands WHERE id = \(bind: event.brandID)").first()?
                    .decode(column: "time_zone", as: String.self) ?? "Europe/Paris"
            }
            if validity[event.brandID] == nil { validity[event.brandID] = try await settings.settings(brandID: event.brandID, on: sql).pointsValidityDays }
            if ladders[event.brandID] == nil { ladders[event.brandID] = try await settings.ladder(brandID: event.brandID, on: sql) }
            let zone = zones[event.brandID] ?? "Europe/Paris"
            let multiplier = try await tiers.multiplier(memberID: event.memberID, brandID: event.brandID, ladder: ladders[event.brandID] ?? .none, on: sql)
            let earning = EarningEvent(id: event.id, memberID: event.memberID, at: event.at, activationID: event.data["activation"],
                                       amountCents: event.data["amountCents"].flatMap { Int64($0) })
            for rule in matching {
                let history = try await history(rule: rule, event: earning, zone: zone, on: sql)
                guard let points = EarningCalculation.points(rule.definition, event: earning, history: history, multiplierPercent: multiplier) else { continue }
                let movement = PointsMovement(kind: .earn, points: points, reason: rule.definition.name, source: "rule",
                                              sourceRef: "rule:\(rule.id):v\(rule.version):event:\(event.id)",
                                              idempotencyKey: "rule:\(rule.id):event:\(event.id)", ruleID: rule.id,
                                              activationRef: earning.activationID, eventAt: event.at)
                let posting = try await ledger.post(movement, memberID: event.memberID, brandID: event.brandID, organisationID: event.organisationID,
                                                    validityDays: validity[event.brandID] ?? 365, recordedBy: "Relais", now: now, on: sql)
                if !posting.replayed { written += 1 }
            }
            try await tiers.refresh(memberID: event.memberID, brandID: event.brandID, organisationID: event.organisationID,
                                    ladder: ladders[event.brandID], now: now, on: sql)
        }
        return written
    }

    private func history(rule: EarningRule, event: EarningEvent, zone: String, on sql: any SQLDatabase) async throws -> EarningHistory {
        var history = EarningHistory()
        if rule.definition.maxPerDay != nil {
            let day = LocalTime.day(event.at, timeZone: zone)
            let start = LocalTime.instant("\(day)T00:00", timeZone: zone) ?? event.at
            let end = LocalTime.nextMidnight(after: event.at, timeZone: zone)
            history.today = try await sql.raw("""
                SELECT COUNT(*) AS n FROM points_entries WHERE brand_id = \(bind: rule.brandID) AND member_id = \(bind: event.memberID)
                  AND rule_id = \(bind: rule.id) AND event_at >= \(bind: start) AND event_at < \(bind: end)
                """).first()?.decode(column: "n", as: Int.self) ?? 0
        }
        if rule.definition.maxPerActivation != nil, let activation = event.activationID {
            history.thisActivation = try await sql.raw("""
                SELECT COUNT(*) AS n FROM points_entries WHERE brand_id = \(bind: rule.brandID) AND member_id = \(bind: event.memberID)
                  AND rule_id = \(bind: rule.id) AND activation_ref = \(bind: activation)
                """).first()?.decode(column: "n", as: Int.self) ?? 0
        }
        return history
    }
}

/// Runs the earning job every few seconds while Relais runs.
struct EarningService: Service {
    let job: EarningJob
    /// While people wait for the writer, ranges are spaced out further (`WriterDemand`).
    let demand: WriterDemand
    let logger: Logger

    /// Left between two ranges of a backlog, so that entries and other requests waiting for the
    /// writer go first (see `BadgeService.pause`).
    static let pause: Duration = .milliseconds(25)

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let written = try await job.processPending(pause: Self.pause, demand: demand)
                if written > 0 { logger.debug("Points earned under the brands' rules", metadata: ["earnings": "\(written)"]) }
            } catch {
                logger.error("Earning job failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(2)) }
        }
    }
}
