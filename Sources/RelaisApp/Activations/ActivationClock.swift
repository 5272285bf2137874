import SQLKit

/// What must happen at a given time, whether or not anybody looks at the activation: the pool of
/// a draw frozen (and an instant win's moments settled) at closing, and prize claims past their
/// deadline handed to the next alternate. The pages and the API do the same when they are read,
/// so that what they show is never late; this job makes sure it happens on time without them.
struct ActivationClock: Sendable {
    let database: Database
    let store: ActivationStore
    let draws: ActivationDraws
    let claims: PrizeClaims
    let tenancy: TenancyStore

    /// Activations handled per round; the next round takes the rest.
    static let batch = 100

    /// What a round did.
    struct Round: Sendable, Equatable {
        var settled = 0
        var expiredClaims = 0
    }

    /// Freezes the pools of the activations closed since the last round, then expires overdue claims.
    func tick(now: Int64 = Clock.nowMillis()) async throws -> Round {
        var round = Round()
        for activation in try await closedUnsettled(now: now) {
            let after = try await draws.freezeIfDue(activation, now: now)
            if after.draw.frozenAt != nil || after.draw.drawnAt != nil { round.settled += 1 }
        }
        for activation in try await withOverdueClaims(now: now) {
            guard let brand = try await tenancy.brand(activation.brandID) else { continue }
            round.expiredClaims += try await claims.expireOverdue(activation, brand: brand, now: now)
        }
        return round
    }

    /// Activations with a committed draw, past their closing, whose pool is not frozen yet (an
    /// instant win: whose moments are not settled yet).
    private func closedUnsettled(now: Int64) async throws -> [Activation] {
        try await database.readOnly { sql in
            let ids = try await sql.raw("""
                SELECT id FROM activations
                WHERE draw_commitment IS NOT NULL AND status <> 'draft' AND closes_at <= \(bind: now)
                  AND ((kind = 'instant_win' AND drawn_at IS NULL) OR (kind <> 'instant_win' AND frozen_at IS NULL))
                ORDER BY id LIMIT \(bind: Self.batch)
                """).all().map { try $0.decode(column: "id", as: Int64.self) }
            return try await activations(ids, on: sql)
        }
    }

    /// Activations holding a winner who has not claimed by the deadline and was not replaced yet.
    private func withOverdueClaims(now: Int64) async throws -> [Activation] {
        try await database.readOnly { sql in
            let ids = try await sql.raw("""
                SELECT DISTINCT activation_id FROM activation_winners
                WHERE claimed_at IS NULL AND expired_at IS NULL AND claim_deadline IS NOT NULL AND claim_deadline <= \(bind: now)
                ORDER BY activation_id LIMIT \(bind: Self.batch)
                """).all().map { try $0.decode(column: "activation_id", as: Int64.self) }
            return try await activations(ids, on: sql)
        }
    }

    private func activations(_ ids: [Int64], on sql: any SQLDatabase) async throws -> [Activation] {
        var found: [Activation] = []
        for id in ids {
            if let activation = try await store.activation(where: "a.id = \(bind: id)", on: sql) { found.append(activation) }
        }
        return found
    }
}
