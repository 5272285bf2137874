/// A movement asked of a member's ledger by one request, waiting to be posted with others.
struct PointsRequest: Sendable {
    var movement: PointsMovement
    var memberID: Int64
    var brandID: Int64
    var organisationID: Int64
    var recordedBy: String

    var account: PointsBatch.AccountKey { .init(brandID: brandID, memberID: memberID) }
}

/// Posts a group of movements as the ledger would post them one after the other, from what the
/// database held before the group: the same expiry first, the same balance checks, the same
/// idempotency rules — so that a group written in one transaction leaves exactly the ledger
/// that one transaction per movement would have left.
///
/// Pure: the caller reads the state, asks for the plan and writes it.
enum PointsBatch {
    struct AccountKey: Hashable, Sendable {
        var brandID: Int64
        var memberID: Int64
    }

    struct KeyInBrand: Hashable, Sendable {
        var brandID: Int64
        var key: String
    }

    /// What the database holds for the group's members, read before anything is written.
    struct State: Sendable {
        /// The requests whose member the caller may see, by position.
        var visible: Set<Int> = []
        /// The accounts as they are; a missing account starts at zero.
        var accounts: [AccountKey: PointsAccount] = [:]
        /// The sum of each account's credits whose expiry instant has passed.
        var expiredCredits: [AccountKey: Int64] = [:]
        /// Entries already written with one of the group's idempotency keys.
        var earlier: [KeyInBrand: PointsEntry] = [:]
        /// Each brand's points validity, in days (0: points never expire).
        var validityDays: [Int64: Int] = [:]
    }

    /// A ledger line to write.
    struct Line: Sendable, Equatable {
        var account: AccountKey
        var organisationID: Int64
        var movement: PointsMovement
        var balanceAfter: Int64
        var expiresAt: Int64?
        var recordedBy: String
    }

    /// What became of one request.
    enum Outcome: Sendable {
        /// Written as `lines[line]`, after `expiredFirst` points expired.
        case posted(line: Int, expiredFirst: Int64)
        /// The key had been used for this very movement before the group: nothing written.
        case replayed(PointsEntry)
        /// The key is used for the same movement earlier in the group: answered as that line.
        case replayedInGroup(line: Int)
        case refused(AppError)
    }

    struct Plan: Sendable {
        var lines: [Line] = []
        var outcomes: [Outcome] = []
        /// The accounts the group changed, as they end, with the last line written to each.
        var accounts: [AccountKey: (account: PointsAccount, lastLine: Int)] = [:]
        /// Accounts that earned in the group (their tier may change).
        var earned: [AccountKey] = []
    }

    static func plan(_ requests: [PointsRequest], state: State, now: Int64) -> Plan {
        var plan = Plan()
        var accounts = state.accounts
        var keysUsed: [KeyInBrand: Int] = [:]
        var earnedSeen: Set<AccountKey> = []
        for (index, request) in requests.enumerated() {
            let outcome = post(request, at: index, state: state, accounts: &accounts, keysUsed: &keysUsed, plan: &plan, now: now)
            plan.outcomes.append(outcome)
            if case .posted = outcome, request.movement.kind == .earn, earnedSeen.insert(request.account).inserted {
                plan.earned.append(request.account)
            }
        }
        return plan
    }

    private static func post(_ request: PointsRequest, at index: Int, state: State, accounts: inout [AccountKey: PointsAccount],
                             keysUsed: inout [KeyInBrand: Int], plan: inout Plan, now: Int64) -> Outcome {
        guard state.visible.contains(index) else { return .refused(.notFound("member")) }
        let movement = request.movement
        let key = movement.idempotencyKey.map { KeyInBrand(brandID: request.brandID, key: $0) }
        if let key {
            if let earlier = state.earlier[key] {
                return same(earlier.memberID, earlier.kind, earlier.points, as: request) ? .replayed(earlier) : .refused(reusedKey)
            }
            if let line = keysUsed[key] {
                let used = plan.lines[line]
                return same(used.account.memberID, used.movement.kind, used.movement.points, as: request) ? .replayedInGroup(line: line) : .refused(reusedKey)
            }
        }
        var account = accounts[request.account] ?? PointsAccount()
        var lines: [Line] = []
        let due = PointsExpiry.due(expiredCredits: state.expiredCredits[request.account] ?? 0, debits: account.spent + account.expired)
        if due > 0 {
            let expiry = PointsMovement(kind: .expire, points: -due, reason: "", source: "expiry", sourceRef: nil, idempotencyKey: nil)
            lines.append(apply(expiry, to: &account, request: request, expiresAt: nil, recordedBy: "Relais"))
        }
        if movement.points < 0 && account.balance + movement.points < 0 {
            // Nothing of this request is written, not even the expiry it would have caused.
            return .refused(insufficient(balance: account.balance, needed: -movement.points))
        }
        let validity = state.validityDays[request.brandID] ?? LoyaltySettings.standard.pointsValidityDays
        let expiresAt = movement.points > 0 ? PointsExpiry.expiry(at: now, validityDays: validity) : nil
        lines.append(apply(movement, to: &account, request: request, expiresAt: expiresAt, recordedBy: request.recordedBy))
        accounts[request.account] = account
        plan.lines += lines
        let last = plan.lines.count - 1
        plan.accounts[request.account] = (account, last)
        if let key { keysUsed[key] = last }
        return .posted(line: last, expiredFirst: due)
    }

    private static func apply(_ movement: PointsMovement, to account: inout PointsAccount, request: PointsRequest,
                              expiresAt: Int64?, recordedBy: String) -> Line {
        account.apply(movement)
        return Line(account: request.account, organisationID: request.organisationID, movement: movement,
                    balanceAfter: account.balance, expiresAt: expiresAt, recordedBy: recordedBy)
    }

    private static func same(_ memberID: Int64, _ kind: PointsEntryKind, _ points: Int64, as request: PointsRequest) -> Bool {
        memberID == request.memberID && kind == request.movement.kind && points == request.movement.points
    }

    static let reusedKey = AppError.conflict("This Idempotency-Key was already used for another movement.")

    static func insufficient(balance: Int64, needed: Int64) -> AppError {
        AppError(status: .unprocessableContent, code: "insufficient_points", title: "Not enough points",
                 detail: "The member has \(balance) points; this movement needs \(needed).",
                 fieldErrors: [FieldError("points", "is more than the balance of \(balance)")])
    }
}
