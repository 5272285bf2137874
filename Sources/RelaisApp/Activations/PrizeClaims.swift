import Foundation
import SQLKit

/// Prize claims: a winner is notified (outbox) with a signed link and claims the prize before a deadline;
/// a winner who does not is replaced by the next alternate of the same prize, who is notified in turn.
struct PrizeClaims: Sendable {
    let database: Database
    let links: ReturningMemberLinks
    let timeline: Timeline
    let audit: AuditLog
    let publicBaseURL: String
    /// How long a winner has to claim a prize.
    static let windowMillis: Int64 = 14 * Clock.dayMillis

    /// What a claim link gave.
    enum Outcome: Equatable, Sendable {
        case claimed(prize: String)
        case alreadyClaimed(prize: String)
        case invalid
    }

    /// Notifies the winner of row `winnerID` and starts their claim window, inside the draw's transaction.
    func notify(winnerID: Int64, memberID: Int64, prizeName: String, entryToken: String, activation: Activation, brand: Brand,
                now: Int64, on sql: any SQLDatabase) async throws {
        let deadline = now + Self.windowMillis
        try await timeline.append(organisationID: brand.organisationID, brandID: brand.id, memberID: memberID, kind: "activation.won",
                                  summary: prizeName, data: ["activation": String(activation.id), "winner": String(winnerID)], at: now, on: sql)
        var notified: Int64? = nil
        if let address = try await sql.raw("""
            SELECT value FROM member_identities WHERE member_id = \(bind: memberID) AND kind = 'email' ORDER BY id LIMIT 1
            """).first()?.decode(column: "value", as: String.self) {
            let link = "\(publicBaseURL)/a/\(brand.slug)/\(activation.slug)/claim/\(links.claimToken(winnerID: winnerID, deadline: deadline))"
            let french = brand.defaultLanguage != "en"
            let title = activation.content.title(french ? "fr" : "en")
            let until = LocalTime.text(deadline, timeZone: activation.timeZone).replacingOccurrences(of: "T", with: " ")
            let subject = french ? "\(brand.name) : vous avez gagné !" : "\(brand.name): you won!"
            let body = french
                ? "Bonjour,\n\nVous faites partie des gagnants de « \(title) » : \(prizeName).\nVotre numéro de participation : \(entryToken).\n\nRéclamez votre lot avant le \(until) (\(activation.timeZone)) :\n\(link)\n\nPassé ce délai, le lot ira au suppléant suivant."
                : "Hello,\n\nYou are one of the winners of \"\(title)\": \(prizeName).\nYour entry number: \(entryToken).\n\nClaim your prize before \(until) (\(activation.timeZone)):\n\(link)\n\nAfter that, the prize goes to the next alternate."
            try await OutboxMessage(organisationID: brand.organisationID, brandID: brand.id, memberID: memberID,
                                    recipient: address, subject: subject, body: body, purpose: "activation_winner", createdAt: now).queue(on: sql)
            notified = now
        }
        try await sql.raw("""
            UPDATE activation_winners SET notified_at = \(bind: notified), claim_deadline = \(bind: deadline) WHERE id = \(bind: winnerID)
            """).run()
    }

    /// Claims the prize behind a link, before its deadline.
    func claim(token: String, activation: Activation, brand: Brand, now: Int64 = Clock.nowMillis()) async throws -> Outcome {
        guard let winnerID = links.claimedWinnerID(token: token, now: now) else { return .invalid }
        return try await database.transaction { sql in
            guard let row = try await sql.raw("""
                SELECT w.claimed_at, w.expired_at, w.claim_deadline, p.name, e.member_id FROM activation_winners w
                JOIN activation_prizes p ON p.id = w.prize_id JOIN activation_entries e ON e.id = w.entry_id
                WHERE w.id = \(bind: winnerID) AND w.activation_id = \(bind: activation.id)
                """).first() else { return .invalid }
            let prize = try row.decode(column: "name", as: String.self)
            if try row.optional("claimed_at", as: Int64.self) != nil { return .alreadyClaimed(prize: prize) }
            guard try row.optional("expired_at", as: Int64.self) == nil,
                  let deadline = try row.optional("claim_deadline", as: Int64.self), now < deadline else { return .invalid }
            try await sql.raw("UPDATE activation_winners SET claimed_at = \(bind: now) WHERE id = \(bind: winnerID)").run()
            let memberID = try row.decode(column: "member_id", as: Int64.self)
            try await timeline.append(organisationID: brand.organisationID, brandID: brand.id, memberID: memberID, kind: "activation.prize_claimed",
                                      summary: prize, data: ["activation": String(activation.id), "winner": String(winnerID)],
                                      initiatedByMember: true, at: now, on: sql)
            return .claimed(prize: prize)
        }
    }

    /// Expires the claims past their deadline and hands each prize to the next alternate of the same prize; returns how many expired.
    @discardableResult
    func expireOverdue(_ activation: Activation, brand: Brand, now: Int64 = Clock.nowMillis()) async throws -> Int {
        guard activation.draw.drawnAt != nil || activation.kind == .instantWin else { return 0 }
        return try await database.transaction { sql in
            let overdue = try await sql.raw("""
                SELECT w.id, w.prize_id FROM activation_winners w
                WHERE w.activation_id = \(bind: activation.id) AND w.claimed_at IS NULL AND w.expired_at IS NULL
                  AND w.claim_deadline IS NOT NULL AND w.claim_deadline <= \(bind: now)
                ORDER BY w.id
                """).all().map { (try $0.decode(column: "id", as: Int64.self), try $0.decode(column: "prize_id", as: Int64.self)) }
            for (winnerID, prizeID) in overdue {
                try await sql.raw("UPDATE activation_winners SET expired_at = \(bind: now) WHERE id = \(bind: winnerID)").run()
                guard let next = try await sql.raw("""
                    SELECT w.id, e.member_id, e.token, p.name FROM activation_winners w
                    JOIN activation_entries e ON e.id = w.entry_id JOIN activation_prizes p ON p.id = w.prize_id
                    WHERE w.activation_id = \(bind: activation.id) AND w.prize_id = \(bind: prizeID) AND w.role = 'alternate'
                      AND w.promoted_at IS NULL AND w.expired_at IS NULL
                    ORDER BY w.rank LIMIT 1
                    """).first() else { continue }
                let alternateID = try next.decode(column: "id", as: Int64.self)
                try await sql.raw("UPDATE activation_winners SET promoted_at = \(bind: now) WHERE id = \(bind: alternateID)").run()
                try await notify(winnerID: alternateID, memberID: try next.decode(column: "member_id", as: Int64.self),
                                 prizeName: try next.decode(column: "name", as: String.self), entryToken: try next.decode(column: "token", as: String.self),
                                 activation: activation, brand: brand, now: now, on: sql)
            }
            if !overdue.isEmpty {
                try await audit.record(organisationID: brand.organisationID, brandID: brand.id, actor: .system, action: "activation.claims_expired",
                                       targetKind: "activation", targetID: activation.id, details: ["expired": String(overdue.count)], on: sql)
            }
            return overdue.count
        }
    }
}
