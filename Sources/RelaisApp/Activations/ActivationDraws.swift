import Draws
import Foundation
import SQLKit

/// The provable draw of a sweepstakes or a quiz (docs/DRAWS.md): the commitment is published when the activation
/// is scheduled, the eligible entries are frozen at closing (with their scores for a quiz), the draw picks winners
/// and alternates per prize (a quiz ranks the best scores first), then the seed is revealed and the published data
/// lets anyone recompute it. An instant win is settled at closing instead (`InstantWins`).
struct ActivationDraws: Sendable {
    let database: Database
    let store: ActivationStore
    let entries: EntryStore
    let audit: AuditLog
    let claims: PrizeClaims
    let instantWins: InstantWins

    /// A drawn winner or alternate, as staff see it.
    struct Winner: Sendable, Equatable {
        var prizeID: Int64
        var prizeName: String
        var role: String
        var rank: Int
        var pickIndex: Int
        var token: String
        var memberID: Int64
        var firstName: String?
        var lastName: String?
        /// Where the prize is sent (staff only).
        var email: String? = nil
        var notifiedAt: Int64?
        var claimDeadline: Int64?
        var claimedAt: Int64?
        var expiredAt: Int64?
        var promotedAt: Int64?

        /// Holds the prize now: a winner, or an alternate who took over, whose claim has not expired.
        var holdsPrize: Bool { (role == "winner" || promotedAt != nil) && expiredAt == nil }

        /// First name and initial only, as the public winners page shows a winner.
        var publicName: String {
            let first = firstName?.trimmingCharacters(in: .whitespaces).nilIfEmpty ?? "—"
            guard let initial = lastName?.trimmingCharacters(in: .whitespaces).first else { return first }
            return "\(first) \(initial)."
        }
    }

    /// Freezes the pool of a closed sweepstakes if not yet done: its count and hash are published from then on.
    func freezeIfDue(_ activation: Activation, now: Int64 = Clock.nowMillis()) async throws -> Activation {
        if activation.kind == .instantWin { return try await instantWins.settleIfDue(activation, now: now) }
        guard activation.kind.hasDraw, activation.draw.frozenAt == nil, activation.draw.commitment != nil,
              [.closed, .resultsPublished, .archived].contains(activation.status(now: now)) else { return activation }
        try await database.transaction { sql in
            guard let current = try await store.activation(where: "a.id = \(bind: activation.id)", on: sql, forUpdate: true),
                  current.draw.frozenAt == nil else { return }
            _ = try await freeze(current, now: now, on: sql)
        }
        return try await database.readOnly { sql in try await store.activation(where: "a.id = \(bind: activation.id)", on: sql) } ?? activation
    }

    /// Computes and stores the frozen pool inside the caller's transaction.
    private func freeze(_ activation: Activation, now: Int64, on sql: any SQLDatabase) async throws -> FrozenPool {
        let pool = try await pool(activation, on: sql)
        try await sql.raw("""
            UPDATE activations SET pool_count = \(bind: pool.count), pool_hash = \(bind: pool.hashHex), frozen_at = \(bind: now)
            WHERE id = \(bind: activation.id)
            """).run()
        return pool
    }

    /// The eligible entries of a sweepstakes or a quiz as a draw pool.
    private func pool(_ activation: Activation, on sql: any SQLDatabase) async throws -> FrozenPool {
        do {
            if activation.kind == .quiz {
                return .scored(try FrozenPool.quiz(try await entries.quizEntries(activationID: activation.id, closesAt: activation.closesAt, on: sql)))
            }
            return .tokens(try EntryPool(tokens: try await entries.poolTokens(activationID: activation.id, closesAt: activation.closesAt, on: sql).map(\.token)))
        } catch let error as DrawError {
            throw AppError.conflict("The stored entry tokens cannot form a draw pool (\(error)).")
        }
    }

    /// Draws winners and alternates of a closed sweepstakes, notifies winners through the outbox and reveals the seed.
    func draw(_ id: Int64, publicRandomness text: String?, brand: Brand, access: BrandAccess, now: Int64 = Clock.nowMillis()) async throws -> Activation {
        try access.require(.manageActivations)
        let randomness: PublicRandomness
        do {
            randomness = try text.map { try PublicRandomness($0) } ?? .none
        } catch {
            throw AppError.invalid("publicRandomness", "must be at most 1024 printable ASCII characters")
        }
        try await database.transaction { sql in
            guard let activation = try await store.activation(where: "a.id = \(bind: id) AND \(ActivationStore.scope(access))", on: sql, forUpdate: true) else {
                throw AppError.notFound("activation")
            }
            guard activation.kind.hasDraw else { throw AppError.conflict("A \(activation.kind.rawValue) has no draw.") }
            guard activation.status(now: now) == .closed else {
                throw AppError(status: .conflict, code: "not_closed", title: "Not closed", detail: "The draw takes place after closing; the activation is \(activation.status(now: now).rawValue).")
            }
            guard activation.draw.drawnAt == nil else { throw AppError(status: .conflict, code: "already_drawn", title: "Already drawn", detail: "This activation was already drawn.") }
            // Public randomness binds the draw only when announced before opening: a value chosen now could be picked for its winners.
            if let source = activation.draw.randomnessSource, randomness.value.isEmpty {
                throw AppError.invalid("publicRandomness", "is required: the draw was announced with this public randomness: \(source)")
            }
            if activation.draw.randomnessSource == nil, !randomness.value.isEmpty {
                throw AppError.invalid("publicRandomness", "was not announced before opening (publicRandomnessSource), so it cannot be used")
            }
            guard let seedHex = try await sql.raw("SELECT draw_seed FROM activations WHERE id = \(bind: id)").first()?.optional("draw_seed", as: String.self),
                  let seed = try? DrawSeed(hex: seedHex) else {
                throw AppError.conflict("This activation has no committed seed; it was never scheduled.")
            }
            let pool: FrozenPool
            if activation.draw.frozenAt == nil {
                pool = try await freeze(activation, now: now, on: sql)
            } else {
                pool = try await self.pool(activation, on: sql)
                guard pool.hashHex == activation.draw.poolHash, pool.count == activation.draw.poolCount else {
                    throw AppError.conflict("The entries changed after the pool was frozen; the draw is refused.")
                }
            }
            let prizes = try await store.prizes(activationID: id, on: sql)
            let winnersCount = prizes.reduce(0) { $0 + $1.quantity }
            let alternatesCount = prizes.reduce(0) { $0 + $1.alternates }
            let result: DrawResult
            let published: PublishedDraw
            switch pool {
            case .tokens(let pool):
                let request = try DrawRequest(seed: seed, publicRandomness: randomness, pool: pool, winners: winnersCount, alternates: alternatesCount)
                result = Draw.run(request)
                published = PublishedDraw.sweepstake(request, result: result)
            case .scored(let pool):
                let request = try QuizDrawRequest(seed: seed, publicRandomness: randomness, pool: pool, winners: winnersCount, alternates: alternatesCount)
                result = QuizDraw.run(request)
                published = PublishedDraw.quiz(request, result: result)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let json = String(decoding: try encoder.encode(published), as: UTF8.self)
            // Tokens are unique (a constraint of the table), and every pick comes from this same pool.
            let entryIDs = Dictionary(uniqueKeysWithValues: try await entries.poolTokens(activationID: id, closesAt: activation.closesAt, on: sql).map { ($0.token, $0.entryID) })
            func entryID(_ pick: DrawPick) throws -> Int64 {
                guard let id = entryIDs[pick.token] else { throw AppError.conflict("A drawn token is not an entry of this activation.") }
                return id
            }
            var winners = result.winners[...]
            var alternates = result.alternates[...]
            for prize in prizes {
                for (rank, pick) in winners.prefix(prize.quantity).enumerated() {
                    try await record(pick, role: "winner", rank: rank, prize: prize, activation: activation, brand: brand, entryID: try entryID(pick), on: sql)
                }
                winners = winners.dropFirst(prize.quantity)
                for (rank, pick) in alternates.prefix(prize.alternates).enumerated() {
                    try await record(pick, role: "alternate", rank: rank, prize: prize, activation: activation, brand: brand, entryID: try entryID(pick), on: sql)
                }
                alternates = alternates.dropFirst(prize.alternates)
            }
            try await sql.raw("""
                UPDATE activations SET public_randomness = \(bind: randomness.value), drawn_at = \(bind: now), published_draw = \(bind: json),
                    updated_at = \(bind: now) WHERE id = \(bind: id)
                """).run()
            try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                   action: "activation.drawn", targetKind: "activation", targetID: id,
                                   details: ["pool": String(pool.count), "winners": String(result.winners.count),
                                             "alternates": String(result.alternates.count), "publicRandomness": randomness.value.isEmpty ? "no" : "yes"],
                                   on: sql)
        }
        return try await store.activation(id, access: access)
    }

    /// Stores one drawn pick; a winner is notified and their claim window starts.
    private func record(_ pick: DrawPick, role: String, rank: Int, prize: Prize, activation: Activation, brand: Brand,
                        entryID: Int64, on sql: any SQLDatabase) async throws {
        guard let memberID = try await sql.raw("SELECT member_id FROM activation_entries WHERE id = \(bind: entryID)").first()?
            .decode(column: "member_id", as: Int64.self) else { throw AppError.conflict("A drawn entry no longer exists.") }
        guard let winnerID = try await sql.raw("""
            INSERT INTO activation_winners (activation_id, prize_id, entry_id, role, rank, pick_index)
            VALUES (\(bind: activation.id), \(bind: prize.id), \(bind: entryID), \(bind: role), \(bind: rank), \(bind: pick.index))
            RETURNING id
            """).first()?.decode(column: "id", as: Int64.self) else { throw AppError.conflict("The draw could not be recorded.") }
        if role == "winner" {
            try await claims.notify(winnerID: winnerID, memberID: memberID, prizeName: prize.name, entryToken: pick.token,
                                    activation: activation, brand: brand, now: Clock.nowMillis(), on: sql)
        }
    }

    /// The drawn winners and alternates, by prize, winners first.
    func winners(activationID: Int64) async throws -> [Winner] {
        try await database.readOnly { sql in
            try await sql.raw("""
                SELECT w.*, p.name AS prize_name, p.position, e.token, e.member_id, m.first_name, m.last_name,
                    (SELECT value FROM member_identities i WHERE i.member_id = e.member_id AND i.kind = 'email' ORDER BY i.id LIMIT 1) AS email
                FROM activation_winners w JOIN activation_prizes p ON p.id = w.prize_id
                JOIN activation_entries e ON e.id = w.entry_id JOIN members m ON m.id = e.member_id
                WHERE w.activation_id = \(bind: activationID)
                ORDER BY p.position, CASE WHEN w.role = 'winner' THEN 0 ELSE 1 END, w.rank
                """).all().map { row in
                Winner(prizeID: try row.decode(column: "prize_id", as: Int64.self), prizeName: try row.decode(column: "prize_name", as: String.self),
                       role: try row.decode(column: "role", as: String.self), rank: try row.decode(column: "rank", as: Int.self),
                       pickIndex: try row.decode(column: "pick_index", as: Int.self), token: try row.decode(column: "token", as: String.self),
                       memberID: try row.decode(column: "member_id", as: Int64.self), firstName: try row.optional("first_name"),
                       lastName: try row.optional("last_name"), email: try row.optional("email"), notifiedAt: try row.optional("notified_at"),
                       claimDeadline: try row.optional("claim_deadline"), claimedAt: try row.optional("claimed_at"),
                       expiredAt: try row.optional("expired_at"), promotedAt: try row.optional("promoted_at"))
            }
        }
    }

    /// What the verification page publishes: before the draw, the commitment (and pool once frozen); after, everything.
    func published(_ activation: Activation) async throws -> PublishedDraw? {
        if activation.draw.drawnAt != nil {
            let text = try await database.readOnly { sql in
                try await sql.raw("SELECT published_draw FROM activations WHERE id = \(bind: activation.id)").first()?.optional("published_draw", as: String.self)
            }
            guard let text else { return nil }
            return try JSONDecoder().decode(PublishedDraw.self, from: Data(text.utf8))
        }
        return nil
    }

    /// The frozen pool's tokens, sorted as in the draw (published at closing so entrants find their token).
    func frozenTokens(_ activation: Activation) async throws -> [String] {
        guard activation.draw.frozenAt != nil else { return [] }
        return try await database.readOnly { sql in try await pool(activation, on: sql).lines }
    }
}
