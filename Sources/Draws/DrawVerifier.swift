import Crypto

/// The outcome of verifying a published draw: one named check per published claim.
public struct DrawVerification: Hashable, Sendable {
    /// The result of one check.
    public enum Outcome: String, Hashable, Sendable {
        /// Recomputed and equal to what was published.
        case passed = "PASS"
        /// Recomputed and different, or not computable from what was published.
        case failed = "FAIL"
        /// Not checkable from what was published (e.g. tokens withheld); not a failure.
        case skipped = "SKIP"
    }

    /// One named check: "algorithm", "seed", "commitment", "pool-count", "pool-hash", "winners", "alternates", "moments", "format".
    public struct Check: Hashable, Sendable {
        /// Name of the check.
        public let name: String
        /// What it found.
        public let outcome: Outcome
        /// Human-readable detail (expected and found values on failure).
        public let detail: String
    }

    /// The checks in the order they ran.
    public private(set) var checks: [Check] = []

    /// True when no check failed and at least one passed.
    public var isValid: Bool {
        !checks.contains { $0.outcome == .failed } && checks.contains { $0.outcome == .passed }
    }

    /// The outcome of the check named `name`, if it ran.
    public func outcome(of name: String) -> Outcome? {
        checks.first { $0.name == name }?.outcome
    }

    /// One line per check ("PASS commitment: …"), then the verdict, in the format `verify_draw.py` prints.
    public var summary: String {
        (checks.map { "\($0.outcome.rawValue) \($0.name): \($0.detail)" } + [isValid ? "VERIFIED" : "NOT VERIFIED"])
            .joined(separator: "\n")
    }

    mutating func record(_ name: String, _ passed: Bool, _ detail: String) {
        checks.append(Check(name: name, outcome: passed ? .passed : .failed, detail: detail))
    }

    mutating func skip(_ name: String, _ detail: String) {
        checks.append(Check(name: name, outcome: .skipped, detail: detail))
    }
}

/// Recomputes a draw from its published data, as anyone can after the seed is revealed.
public enum DrawVerifier {
    /// Checks commitment, pool and claimed winners/alternates or moments of `published`.
    public static func verify(_ published: PublishedDraw) -> DrawVerification {
        var report = DrawVerification()
        guard let algorithm = DrawAlgorithm(rawValue: published.algorithm) else {
            report.record("algorithm", false, "unsupported algorithm \"\(published.algorithm)\"")
            return report
        }
        report.record("algorithm", true, algorithm.rawValue)
        guard let seed = try? DrawSeed(hex: published.seed) else {
            report.record("seed", false, "the seed must be 64 hex digits")
            return report
        }
        let commitment = DrawCommitment(seed: seed, algorithm: algorithm)
        report.record(
            "commitment", commitment.seedHash == published.commitment.lowercased(),
            "sha256(seed) = \(commitment.seedHash), published \(published.commitment)"
        )
        switch published.kind {
        case .sweepstake: verifySweepstake(published, seed: seed, algorithm: algorithm, into: &report)
        case .quiz: verifyQuiz(published, seed: seed, algorithm: algorithm, into: &report)
        case .instantWin: verifyMoments(published, seed: seed, algorithm: algorithm, into: &report)
        }
        return report
    }

    private static func verifySweepstake(
        _ published: PublishedDraw, seed: DrawSeed, algorithm: DrawAlgorithm, into report: inout DrawVerification
    ) {
        guard let claim = PickClaim(published), let hash = try? DrawEncoding.bytes(hex: claim.pool.hash), hash.count == 32 else {
            report.record("format", false, "a sweepstake needs pool {count, hash}, counts, winners and alternates")
            return
        }
        var tokens: [String]?
        if let published = claim.pool.tokens {
            do {
                let pool = try EntryPool(tokens: published)
                tokens = pool.tokens
                checkPool(count: pool.count, hashHex: pool.hashHex, against: claim.pool, into: &report)
            } catch {
                report.record("pool-hash", false, "invalid tokens: \(error)")
                return
            }
        } else {
            report.skip("pool-hash", "tokens not published: winners checked by index only")
        }
        let indices = Draw.indices(
            seed: seed, publicRandomness: claim.randomness, poolHash: hash, poolCount: claim.pool.count,
            count: claim.winnersCount + claim.alternatesCount, algorithm: algorithm
        )
        // A pool whose tokens disagree with its published count must not crash the lookup.
        let picks = indices.map { index in
            DrawPick(index: index, token: tokens.flatMap { $0.indices.contains(index) ? $0[index] : nil } ?? "")
        }
        comparePicks(DrawResult(picks: picks, winners: claim.winnersCount), claim, tokensKnown: tokens != nil, into: &report)
    }

    private static func verifyQuiz(
        _ published: PublishedDraw, seed: DrawSeed, algorithm: DrawAlgorithm, into report: inout DrawVerification
    ) {
        guard let claim = PickClaim(published), let entries = claim.pool.entries else {
            report.record("format", false, "a quiz needs pool {count, hash, entries}, counts, winners and alternates")
            return
        }
        do {
            let pool = try ScoredEntryPool(entries: entries)
            checkPool(count: pool.count, hashHex: pool.hashHex, against: claim.pool, into: &report)
            let request = try QuizDrawRequest(
                seed: seed, publicRandomness: claim.randomness, pool: pool,
                winners: claim.winnersCount, alternates: claim.alternatesCount, algorithm: algorithm
            )
            comparePicks(QuizDraw.run(request), claim, tokensKnown: true, into: &report)
        } catch {
            report.record("pool-hash", false, "invalid entries: \(error)")
        }
    }

    private static func verifyMoments(
        _ published: PublishedDraw, seed: DrawSeed, algorithm: DrawAlgorithm, into report: inout DrawVerification
    ) {
        guard let activationID = published.activationID, let opensAt = published.opensAt,
              let closesAt = published.closesAt, let count = published.momentsCount, let claimed = published.moments
        else {
            report.record("format", false, "an instant win needs activationId, opensAt, closesAt, momentsCount, moments")
            return
        }
        do {
            let derived = try WinningMoments(
                seed: seed, activationID: activationID, opensAt: opensAt, closesAt: closesAt, count: count, algorithm: algorithm
            )
            report.record(
                "moments", derived.moments == claimed,
                derived.moments == claimed ? "\(count) moments recomputed" : "recomputed \(derived.moments), published \(claimed)"
            )
            if let prizes = published.prizes {
                verifyMomentClaims(published, derived: derived, prizes: prizes, into: &report)
            }
        } catch {
            report.record("moments", false, "cannot derive moments: \(error)")
        }
    }

    /// Checks the prize of each moment (drawn order, docs/DRAWS.md §9) and that every claim was taken at or after its moment.
    private static func verifyMomentClaims(
        _ published: PublishedDraw, derived: WinningMoments, prizes: [PublishedPrize], into report: inout DrawVerification
    ) {
        guard let expected = derived.prizes(quantities: prizes.map(\.quantity)) else {
            report.record("prizes", false, "the prizes' quantities do not add up to momentsCount")
            return
        }
        guard let claims = published.claims else {
            report.skip("claims", "claims not published")
            return
        }
        let prizesMatch = claims.map(\.moment) == derived.moments && claims.map(\.prize) == expected
        report.record("prizes", prizesMatch, prizesMatch ? "\(expected.count) prizes of moments recomputed"
                      : "recomputed \(zip(derived.moments, expected).map { "\($0):\($1)" }), published \(claims.map { "\($0.moment):\($0.prize)" })")
        let closesAt = derived.closesAt
        let tokens = claims.compactMap(\.token)
        let late = claims.filter { claim in
            switch (claim.token, claim.at) {
            case (nil, nil): false
            case (let token?, let at?): !EntryPool.isValidToken(Array(token.utf8)) || at < claim.moment || at >= closesAt
            default: true
            }
        }
        let consistent = late.isEmpty && Set(tokens).count == tokens.count
        report.record("claims", consistent, consistent ? "\(tokens.count) of \(claims.count) moments taken, each at or after its moment by a distinct entry"
                      : "claims taken before their moment, after closing, or twice by one entry: \(late.map(\.moment))")
    }

    private static func checkPool(count: Int, hashHex: String, against pool: PublishedDraw.Pool, into report: inout DrawVerification) {
        report.record("pool-count", count == pool.count, "recomputed \(count), published \(pool.count)")
        report.record("pool-hash", hashHex == pool.hash.lowercased(), "recomputed \(hashHex), published \(pool.hash)")
    }

    private static func comparePicks(_ expected: DrawResult, _ claim: PickClaim, tokensKnown: Bool, into report: inout DrawVerification) {
        for (name, recomputed, claimed) in [
            ("winners", expected.winners, claim.winners), ("alternates", expected.alternates, claim.alternates),
        ] {
            let matches = tokensKnown ? recomputed == claimed : recomputed.map(\.index) == claimed.map(\.index)
            let shown = { (picks: [DrawPick]) in picks.map { tokensKnown ? "\($0.index):\($0.token)" : "\($0.index)" } }
            report.record(name, matches, matches ? "\(recomputed.count) recomputed" : "recomputed \(shown(recomputed)), published \(shown(claimed))")
        }
    }

    /// The fields a sweepstake or quiz claim must have, unwrapped.
    private struct PickClaim {
        let pool: PublishedDraw.Pool
        let randomness: PublicRandomness
        let winnersCount: Int
        let alternatesCount: Int
        let winners: [DrawPick]
        let alternates: [DrawPick]

        init?(_ published: PublishedDraw) {
            guard let pool = published.pool, let winnersCount = published.winnersCount,
                  let alternatesCount = published.alternatesCount, winnersCount >= 0, alternatesCount >= 0, pool.count >= 0,
                  !winnersCount.addingReportingOverflow(alternatesCount).overflow,
                  let winners = published.winners, let alternates = published.alternates,
                  let randomness = try? PublicRandomness(published.publicRandomness ?? "")
            else { return nil }
            self.pool = pool
            self.randomness = randomness
            self.winnersCount = winnersCount
            self.alternatesCount = alternatesCount
            self.winners = winners
            self.alternates = alternates
        }
    }
}
