import Draws
import Foundation
import SQLKit

/// Instant wins (docs/DRAWS.md §9): the winning moments are drawn from the committed seed at scheduling and
/// stored; the first valid entry at or after a moment takes it with a conditional UPDATE in the entry's own
/// transaction, so there are never more winners than prizes, whatever the load. After closing the seed is
/// revealed with every moment, its prize and the entry that took it.
struct InstantWins: Sendable {
    let database: Database
    let store: ActivationStore
    let claims: PrizeClaims

    /// Draws and stores the moments of an instant win being scheduled at `now`, from its new seed (inside the
    /// transition's transaction). The moments fall between the opening and the closing; an instant win scheduled
    /// after its opening time has them between `now` and the closing, so that the prizes are spread over the time
    /// it will actually be open rather than handed in a burst to its first entrants.
    func commit(_ activation: Activation, prizes: [Prize], seed: DrawSeed, now: Int64, on sql: any SQLDatabase) async throws {
        let moments: WinningMoments
        let opensAt = max(activation.opensAt, now)
        do {
            moments = try WinningMoments(seed: seed, activationID: InstantWinRules.streamID(activation.id), opensAt: opensAt,
                                         closesAt: activation.closesAt, count: prizes.reduce(0) { $0 + $1.quantity })
        } catch {
            throw AppError.invalid("prizes", "there are more prizes than milliseconds left before the closing")
        }
        guard let prizeOfMoment = moments.prizes(quantities: prizes.map(\.quantity)) else { throw AppError.conflict("The moments could not be given their prizes.") }
        try await sql.raw("DELETE FROM activation_moments WHERE activation_id = \(bind: activation.id)").run()
        for (position, (moment, prize)) in zip(moments.moments, prizeOfMoment).enumerated() {
            try await sql.raw("""
                INSERT INTO activation_moments (activation_id, position, moment_at, prize_id)
                VALUES (\(bind: activation.id), \(bind: position), \(bind: moment), \(bind: prizes[prize].id))
                """).run()
        }
        try await sql.raw("""
            UPDATE activations SET moments_opens_at = \(bind: opensAt), moments_closes_at = \(bind: activation.closesAt)
            WHERE id = \(bind: activation.id)
            """).run()
    }

    /// Forgets the moments of an instant win going back to draft: scheduling again draws new ones from a new seed.
    func discard(activationID: Int64, on sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM activation_moments WHERE activation_id = \(bind: activationID)").run()
        try await sql.raw("""
            UPDATE activations SET draw_algorithm = NULL, draw_commitment = NULL, draw_seed = NULL, moments_opens_at = NULL, moments_closes_at = NULL
            WHERE id = \(bind: activationID)
            """).run()
    }

    /// Takes, for a valid entry accepted at `at`, the earliest free moment at or before `at`, inside the entry's
    /// transaction; nil when no moment is free. SQLite has no UPDATE … LIMIT, hence the sub-select. On SQLite the
    /// entry's transaction is the only writer, so a moment the sub-select finds is taken. On PostgreSQL the
    /// sub-select locks the moment it finds and passes over one another transaction holds (entries are written
    /// in groups side by side, and a group holds its moments until it commits): that moment is being won
    /// by an entry that came first. Should that transaction be rolled back, the moment stays free for the
    /// next entry. The `won_by_entry_id IS NULL` repeated outside it makes a taker that lost a race change no
    /// row, and it tries the next moment; the same statement says whether a free moment was seen at all, so
    /// that an entry with none to take costs one statement. Each lost race means another entry took a
    /// moment, so the loop ends after at most as many rounds as moments.
    func take(entryID: Int64, activation: Activation, at: Int64, brand: Brand, memberID: Int64, token: String,
              on sql: any SQLDatabase) async throws -> TakenMoment? {
        // Within a group of entries, the earliest free moment is read once: the entries before it take nothing.
        let key = "next free moment \(activation.id)"
        let nextFree = { try await sql.raw("""
            SELECT MIN(moment_at) AS at FROM activation_moments WHERE activation_id = \(bind: activation.id) AND won_by_entry_id IS NULL
            """).first()?.decode(column: "at", as: Int64?.self) ?? Int64.max }
        if let group = WorkGroup.current, try await group.remember(key, nextFree) > at { return nil }
        defer { if let group = WorkGroup.current { group.forget(key) } }
        return try await takeDue(entryID: entryID, activation: activation, at: at, brand: brand, memberID: memberID, token: token, on: sql)
    }

    /// Takes the earliest free moment at or before `at`, if any.
    private func takeDue(entryID: Int64, activation: Activation, at: Int64, brand: Brand, memberID: Int64, token: String,
                         on sql: any SQLDatabase) async throws -> TakenMoment? {
        try await WorkGroup.current?.writeKept(on: sql)  // the moment and the winner point at the entry
        for _ in 0...InstantWinRules.maximumMoments {
            let taken: (any SQLRow)?
            switch database.kind {
            case .sqlite:
                taken = try await sql.raw("""
                    UPDATE activation_moments SET won_by_entry_id = \(bind: entryID), won_at = \(bind: at)
                    WHERE id = (SELECT id FROM activation_moments WHERE activation_id = \(bind: activation.id) AND won_by_entry_id IS NULL
                                  AND moment_at <= \(bind: at) ORDER BY moment_at, position LIMIT 1)
                    RETURNING id, position, moment_at, prize_id
                    """).first()
                if taken == nil { return nil }
            case .postgres:
                let row = try await sql.raw("""
                    WITH free AS (
                        SELECT id FROM activation_moments WHERE activation_id = \(bind: activation.id) AND won_by_entry_id IS NULL
                          AND moment_at <= \(bind: at) ORDER BY moment_at, position LIMIT 1 FOR UPDATE SKIP LOCKED
                    ), taken AS (
                        UPDATE activation_moments SET won_by_entry_id = \(bind: entryID), won_at = \(bind: at)
                        WHERE id = (SELECT id FROM free) AND won_by_entry_id IS NULL
                        RETURNING id, position, moment_at, prize_id
                    )
                    SELECT (SELECT COUNT(*) FROM free) AS seen, taken.* FROM (SELECT 1) one LEFT JOIN taken ON true
                    """).first()
                guard let row, try row.decode(column: "seen", as: Int.self) > 0 else { return nil }
                taken = try row.decodeNil(column: "id") ? nil : row
            }
            if let taken {
                let prizeID = try taken.decode(column: "prize_id", as: Int64.self)
                let name = try await sql.raw("SELECT name FROM activation_prizes WHERE id = \(bind: prizeID)").first()?
                    .decode(column: "name", as: String.self) ?? ""
                let moment = TakenMoment(momentID: try taken.decode(column: "id", as: Int64.self), position: try taken.decode(column: "position", as: Int.self),
                                         momentAt: try taken.decode(column: "moment_at", as: Int64.self), prizeID: prizeID, prizeName: name)
                try await recordWinner(moment, entryID: entryID, memberID: memberID, token: token, activation: activation, brand: brand, at: at, on: sql)
                return moment
            }
        }
        return nil
    }

    /// The winner row of a taken moment; the winner is notified and claims like a sweepstakes winner.
    private func recordWinner(_ moment: TakenMoment, entryID: Int64, memberID: Int64, token: String, activation: Activation, brand: Brand,
                              at: Int64, on sql: any SQLDatabase) async throws {
        guard let winnerID = try await sql.raw("""
            INSERT INTO activation_winners (activation_id, prize_id, entry_id, role, rank, pick_index)
            VALUES (\(bind: activation.id), \(bind: moment.prizeID), \(bind: entryID), 'winner', \(bind: moment.position), \(bind: moment.position))
            RETURNING id
            """).first()?.decode(column: "id", as: Int64.self) else { throw AppError.conflict("The win could not be recorded.") }
        try await claims.notify(winnerID: winnerID, memberID: memberID, prizeName: moment.prizeName, entryToken: token,
                                activation: activation, brand: brand, now: at, on: sql)
    }

    /// The moment an entry took, if any (to answer a replayed submission).
    func moment(wonBy entryID: Int64) async throws -> TakenMoment? {
        try await database.readOnly { sql in
            try await sql.raw("""
                SELECT m.id, m.position, m.moment_at, m.prize_id, p.name FROM activation_moments m JOIN activation_prizes p ON p.id = m.prize_id
                WHERE m.won_by_entry_id = \(bind: entryID)
                """).first().map { row in
                TakenMoment(momentID: try row.decode(column: "id", as: Int64.self), position: try row.decode(column: "position", as: Int.self),
                            momentAt: try row.decode(column: "moment_at", as: Int64.self), prizeID: try row.decode(column: "prize_id", as: Int64.self),
                            prizeName: try row.decode(column: "name", as: String.self))
            }
        }
    }

    /// Gives back the moment of an entry staff invalidated: the next valid entry takes it. The winner's claim
    /// is expired so that the prize is not handed out twice.
    func release(entryID: Int64, now: Int64, on sql: any SQLDatabase) async throws {
        try await sql.raw("UPDATE activation_moments SET won_by_entry_id = NULL, won_at = NULL WHERE won_by_entry_id = \(bind: entryID)").run()
        try await sql.raw("""
            UPDATE activation_winners SET expired_at = \(bind: now) WHERE entry_id = \(bind: entryID) AND claimed_at IS NULL AND expired_at IS NULL
            """).run()
    }

    /// The moments the caller may see: those already past while the activation runs (a future moment would tell
    /// anyone when to enter), all of them once it has closed.
    func report(_ activation: Activation, now: Int64 = Clock.nowMillis()) async throws -> [MomentReport] {
        let visibleBefore: Int64 = [.closed, .resultsPublished, .archived].contains(activation.status(now: now)) ? Int64.max : now
        return try await database.readOnly { sql in
            try await sql.raw("""
                SELECT m.position, m.moment_at, m.prize_id, m.won_at, p.name, e.token FROM activation_moments m
                JOIN activation_prizes p ON p.id = m.prize_id LEFT JOIN activation_entries e ON e.id = m.won_by_entry_id
                WHERE m.activation_id = \(bind: activation.id) AND m.moment_at <= \(bind: visibleBefore) ORDER BY m.moment_at, m.position
                """).all().map { row in
                MomentReport(position: try row.decode(column: "position", as: Int.self), momentAt: try row.decode(column: "moment_at", as: Int64.self),
                             prizeID: try row.decode(column: "prize_id", as: Int64.self), prizeName: try row.decode(column: "name", as: String.self),
                             wonAt: try row.optional("won_at"), token: try row.optional("token"))
            }
        }
    }

    /// After closing, once: publishes the moments with their prizes and takers, and reveals the seed.
    func settleIfDue(_ activation: Activation, now: Int64 = Clock.nowMillis()) async throws -> Activation {
        guard activation.kind == .instantWin, activation.draw.drawnAt == nil, activation.draw.commitment != nil,
              [.closed, .resultsPublished, .archived].contains(activation.status(now: now)) else { return activation }
        try await database.transaction { sql in
            guard let current = try await store.activation(where: "a.id = \(bind: activation.id)", on: sql, forUpdate: true),
                  current.draw.drawnAt == nil else { return }
            try await settle(current, now: now, on: sql)
        }
        return try await database.readOnly { sql in try await store.activation(where: "a.id = \(bind: activation.id)", on: sql) } ?? activation
    }

    private func settle(_ activation: Activation, now: Int64, on sql: any SQLDatabase) async throws {
        guard let row = try await sql.raw("""
            SELECT draw_seed, moments_opens_at, moments_closes_at FROM activations WHERE id = \(bind: activation.id)
            """).first(), let seed = try? DrawSeed(hex: try row.decode(column: "draw_seed", as: String.self)),
              let opensAt = try row.optional("moments_opens_at", as: Int64.self), let closesAt = try row.optional("moments_closes_at", as: Int64.self) else {
            throw AppError.conflict("This instant win has no committed seed; it was never scheduled.")
        }
        let prizes = try await store.prizes(activationID: activation.id, on: sql)
        let stored = try await sql.raw("""
            SELECT m.moment_at, m.prize_id, m.won_at, e.token FROM activation_moments m LEFT JOIN activation_entries e ON e.id = m.won_by_entry_id
            WHERE m.activation_id = \(bind: activation.id) ORDER BY m.moment_at, m.position
            """).all()
        let prizeIndex = Dictionary(uniqueKeysWithValues: prizes.enumerated().map { ($0.element.id, $0.offset) })
        var claimsMade: [PublishedMomentClaim] = []
        for row in stored {
            claimsMade.append(PublishedMomentClaim(moment: try row.decode(column: "moment_at", as: Int64.self),
                                                   prize: prizeIndex[try row.decode(column: "prize_id", as: Int64.self)] ?? -1,
                                                   token: try row.optional("token"), at: try row.optional("won_at")))
        }
        let moments = try WinningMoments(seed: seed, activationID: InstantWinRules.streamID(activation.id), opensAt: opensAt, closesAt: closesAt,
                                         count: claimsMade.count)
        guard moments.moments == claimsMade.map(\.moment) else { throw AppError.conflict("The stored moments differ from those of the committed seed.") }
        let published = PublishedDraw.instantWin(moments, seed: seed, prizes: prizes.map { PublishedPrize(name: $0.name, quantity: $0.quantity) },
                                                 claims: claimsMade)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(published), as: UTF8.self)
        let entries = try await sql.raw("""
            SELECT COUNT(*) AS n FROM activation_entries WHERE activation_id = \(bind: activation.id) AND status = 'valid' AND created_at < \(bind: activation.closesAt)
            """).first()?.decode(column: "n", as: Int.self) ?? 0
        try await sql.raw("""
            UPDATE activations SET pool_count = \(bind: entries), frozen_at = \(bind: now), drawn_at = \(bind: now), published_draw = \(bind: json)
            WHERE id = \(bind: activation.id)
            """).run()
    }
}
