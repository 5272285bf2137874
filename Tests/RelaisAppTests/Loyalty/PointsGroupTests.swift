import Foundation
import HummingbirdTesting
import Synchronization
import Testing
@testable import RelaisApp

/// Movements posted in groups leave the ledger that posting them one by one would have left.
@Suite("Points ledger, movements posted in groups")
struct PointsGroupTests {
    private static let day = Clock.dayMillis
    private static let now: Int64 = 1_800_000_000_000

    private func request(_ member: Int64, _ kind: PointsEntryKind, _ points: Int64, key: String? = nil, brand: Int64 = 1) -> PointsRequest {
        PointsRequest(movement: PointsMovement(kind: kind, points: kind == .spend ? -points : points, reason: "", source: "api", sourceRef: nil, idempotencyKey: key),
                      memberID: member, brandID: brand, organisationID: 9, recordedBy: "key")
    }

    private func state(_ requests: [PointsRequest], _ change: (inout PointsBatch.State) -> Void = { _ in }) -> PointsBatch.State {
        var state = PointsBatch.State()
        state.visible = Set(requests.indices)
        state.validityDays[1] = 10
        change(&state)
        return state
    }

    @Test("Expiry is written once, before the member's first movement of the group; balances run on in order")
    func expiryAndOrder() {
        let requests = [request(7, .earn, 10), request(8, .spend, 5), request(7, .spend, 25), request(7, .earn, 3)]
        let plan = PointsBatch.plan(requests, state: state(requests) { state in
            state.accounts[.init(brandID: 1, memberID: 7)] = PointsAccount(balance: 100, earned: 100, spent: 0, expired: 0)
            state.expiredCredits[.init(brandID: 1, memberID: 7)] = 80   // 80 of the 100 are past their validity
            state.accounts[.init(brandID: 1, memberID: 8)] = PointsAccount(balance: 5, earned: 5, spent: 0, expired: 0)
        }, now: Self.now)
        #expect(plan.lines.map(\.movement.kind) == [.expire, .earn, .spend, .spend, .earn])
        #expect(plan.lines.map(\.movement.points) == [-80, 10, -5, -25, 3])
        #expect(plan.lines.map(\.balanceAfter) == [20, 30, 0, 5, 8])
        #expect(plan.lines[1].expiresAt == Self.now + 10 * Self.day && plan.lines[2].expiresAt == nil && plan.lines[0].recordedBy == "Relais")
        guard case .posted(line: 1, expiredFirst: 80) = plan.outcomes[0], case .posted(line: 3, expiredFirst: 0) = plan.outcomes[2] else {
            Issue.record("\(plan.outcomes)"); return
        }
        let seven = plan.accounts[.init(brandID: 1, memberID: 7)]
        #expect(seven?.account == PointsAccount(balance: 8, earned: 113, spent: 25, expired: 80) && seven?.lastLine == 4)
        #expect(plan.earned == [.init(brandID: 1, memberID: 7)])
    }

    @Test("A refused spend writes nothing, not even the expiry it would have caused")
    func refusedSpend() {
        let requests = [request(7, .spend, 50), request(7, .spend, 15)]
        let plan = PointsBatch.plan(requests, state: state(requests) { state in
            state.accounts[.init(brandID: 1, memberID: 7)] = PointsAccount(balance: 60, earned: 60, spent: 0, expired: 0)
            state.expiredCredits[.init(brandID: 1, memberID: 7)] = 20
        }, now: Self.now)
        guard case .refused(let problem) = plan.outcomes[0] else { Issue.record("\(plan.outcomes)"); return }
        #expect(problem.code == "insufficient_points" && problem.detail.contains("40 points"))
        // The second spend fits the 40 points left once 20 expired: the expiry goes with it.
        #expect(plan.lines.map(\.movement.points) == [-20, -15])
        #expect(plan.accounts[.init(brandID: 1, memberID: 7)]?.account.balance == 25)
    }

    @Test("Idempotency keys: replays before and inside the group, conflicts, and a key freed by a refusal")
    func idempotency() {
        let earlier = PointsEntry(id: 41, memberID: 7, kind: .earn, points: 10, balanceAfter: 10, reason: "", source: "api", sourceRef: nil,
                                  expiresAt: nil, recordedBy: "key", occurredAt: 0)
        let requests = [request(7, .earn, 10, key: "a"),      // replay of line 41
                        request(7, .earn, 11, key: "a"),      // same key, other movement: conflict
                        request(7, .earn, 5, key: "b"),       // posted
                        request(7, .earn, 5, key: "b"),       // replay of the line just planned
                        request(8, .earn, 5, key: "b"),       // same key for another member: conflict
                        request(8, .spend, 500, key: "c"),    // refused: the key stays free
                        request(8, .earn, 2, key: "c")]       // posted with it
        let plan = PointsBatch.plan(requests, state: state(requests) { state in
            state.earlier[.init(brandID: 1, key: "a")] = earlier
        }, now: Self.now)
        var kinds: [String] = []
        for outcome in plan.outcomes {
            switch outcome {
            case .replayed(let entry): kinds.append("replayed \(entry.id)")
            case .replayedInGroup(let line): kinds.append("replayed line \(line)")
            case .posted(let line, _): kinds.append("posted \(line)")
            case .refused(let problem): kinds.append("refused \(problem.status.code)")
            }
        }
        #expect(kinds == ["replayed 41", "refused 409", "posted 0", "replayed line 0", "refused 409", "refused 422", "posted 1"])
        #expect(plan.lines.count == 2)
    }

    @Test("A member the caller may not see is refused as not found, without touching the others")
    func invisibleMember() {
        let requests = [request(7, .earn, 10), request(99, .earn, 10)]
        let plan = PointsBatch.plan(requests, state: state(requests) { $0.visible = [0] }, now: Self.now)
        guard case .refused(let problem) = plan.outcomes[1] else { Issue.record("\(plan.outcomes)"); return }
        #expect(problem.status == .notFound && plan.lines.count == 1)
    }

    @Test("Hundreds of concurrent movements with replays: every answer is right and the ledger agrees with the accounts")
    func concurrentMovementsThroughTheAPI() async throws {
        let world = try await TestWorld.make()
        let members = Mutex<[Int]>([])
        try await world.withServer { client in
            let tiers = try await client.api(.put, "/api/v1/loyalty/tiers", key: world.keyA,
                                             json: #"{"windowDays":365,"tiers":[{"name":"Silver","threshold":100,"multiplierPercent":100,"benefits":""}]}"#)
            #expect(tiers.status == .ok, "\(tiers.text)")
            var ids: [Int] = []
            for index in 0..<6 { ids.append(try await LoyaltyFixture.member(client, world, email: "group\(index)@example.com")) }
            members.withLock { $0 = ids }
            // 300 movements: earns of 10 and spends of 15, each key sent twice at the same time.
            let plan: [(member: Int, kind: String, points: Int, key: String)] = (0..<150).map { index in
                let spend = (index / ids.count) % 3 == 2
                return (ids[index % ids.count], spend ? "spend" : "earn", spend ? 15 : 10, "k-\(index)")
            }
            let answers = try await withThrowingTaskGroup(of: (Int, Int, Int?, Int?).self) { group in
                for (index, move) in (plan + plan).enumerated() {
                    group.addTask {
                        let response = try await LoyaltyFixture.move(client, world, member: move.member, kind: move.kind, points: move.points,
                                                                     idempotencyKey: move.key)
                        let entry = response.json["entry"] as? [String: Any]
                        return (index % plan.count, Int(response.status.code), entry?["id"] as? Int, response.json["balance"] as? Int)
                    }
                }
                var answers: [(Int, Int, Int?, Int?)] = []
                for try await answer in group { answers.append(answer) }
                return answers
            }
            var expected: [Int: Int] = [:]
            for index in plan.indices {
                let pair = answers.filter { $0.0 == index }.map { ($0.1, $0.2) }
                #expect(pair.count == 2)
                let statuses = pair.map(\.0).sorted()
                switch statuses {
                case [422, 422]:
                    continue
                case [200, 201]:
                    // One of the two wrote the line, the other is its replay with the same line.
                    #expect(pair[0].1 != nil && pair[0].1 == pair[1].1)
                case [201, 422]:
                    // A spend refused for want of points leaves its key free for the copy sent later.
                    #expect(plan[index].kind == "spend")
                default:
                    Issue.record("key \(plan[index].key): \(statuses)")
                }
                expected[plan[index].member, default: 0] += plan[index].kind == "earn" ? 10 : -15
            }
            for member in ids {
                #expect(try await LoyaltyFixture.balance(client, world, member: member) == expected[member, default: 0])
            }
        }
        try await world.withDatabase { database in
            let disagreeing = try await database.readOnly { sql in try await PointsLedger().verify(brandID: world.brandA.id, on: sql) }
            #expect(disagreeing.isEmpty)
            let lines = try await database.readOnly { sql in
                try await sql.raw("SELECT COUNT(*) AS n, COUNT(DISTINCT idempotency_key) AS k FROM points_entries WHERE brand_id = \(bind: world.brandA.id)").first()
            }
            #expect(try lines?.decode(column: "n", as: Int.self) == lines?.decode(column: "k", as: Int.self), "one line per key")
            // Every member earned 170 and crossed the Silver threshold once: one tier change each.
            let changes = try await database.readOnly { sql in
                try await sql.raw("SELECT member_id, COUNT(*) AS n FROM timeline_events WHERE kind = 'tier.changed' GROUP BY member_id").all()
            }
            #expect(changes.count == members.withLock { $0.count })
            #expect(try changes.allSatisfy { try $0.decode(column: "n", as: Int.self) == 1 })
            let silver = try await database.readOnly { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM member_tiers WHERE brand_id = \(bind: world.brandA.id) AND tier = 'Silver'").first()
            }
            #expect(try silver?.decode(column: "n", as: Int.self) == members.withLock { $0.count })
        }
    }
}
