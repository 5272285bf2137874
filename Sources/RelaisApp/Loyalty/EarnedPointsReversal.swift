import Foundation
import SQLKit

/// Takes back the points the earning rules gave for an entry that staff invalidated: an entry
/// that does not count earns nothing. Each rule's earning is reversed once by an `adjust` line,
/// never below zero (points already spent stay spent; the line says how many came back).
struct EarnedPointsReversal: Sendable {
    let ledger: PointsLedger

    /// Reverses, inside the invalidation's transaction, what the entry's `activation.entry` event earned; returns the points taken back.
    @discardableResult
    func reverse(entryID: Int64, memberID: Int64, activationID: Int64, brandID: Int64, organisationID: Int64, now: Int64,
                 on sql: any SQLDatabase) async throws -> Int64 {
        // The entry's event: the member's `activation.entry` whose data names this entry.
        let events = try await sql.raw("""
            SELECT id, data FROM timeline_events WHERE member_id = \(bind: memberID) AND brand_id = \(bind: brandID) AND kind = 'activation.entry'
            """).all().compactMap { row -> Int64? in
            let json = try row.decode(column: "data", as: String?.self) ?? "{}"
            let data = (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:]
            guard data["entry"] == String(entryID), data["activation"] == String(activationID) else { return nil }
            return try row.decode(column: "id", as: Int64.self)
        }
        var reversed: Int64 = 0
        for event in events {
            let earned = try await sql.raw("""
                SELECT idempotency_key, points, rule_id FROM points_entries
                WHERE brand_id = \(bind: brandID) AND member_id = \(bind: memberID) AND kind = 'earn' AND source = 'rule'
                  AND idempotency_key LIKE \(bind: "rule:%:event:\(event)")
                """).all()
            for row in earned {
                let key = try row.decode(column: "idempotency_key", as: String.self)
                guard key.hasSuffix(":event:\(event)") else { continue }
                let points = try row.decode(column: "points", as: Int64.self)
                let balance = try await ledger.account(memberID: memberID, brandID: brandID, now: now, on: sql).balance
                let back = min(points, max(0, balance))
                guard back > 0 else { continue }
                let movement = PointsMovement(kind: .adjust, points: -back, reason: "Participation invalidée", source: "rule",
                                              sourceRef: "invalidated:\(key)", idempotencyKey: "invalidated:\(key)",
                                              ruleID: try row.decode(column: "rule_id", as: Int64?.self), activationRef: String(activationID))
                let posting = try await ledger.post(movement, memberID: memberID, brandID: brandID, organisationID: organisationID,
                                                    validityDays: 365, recordedBy: "Relais", now: now, on: sql)
                if !posting.replayed { reversed += back }
            }
        }
        return reversed
    }
}
