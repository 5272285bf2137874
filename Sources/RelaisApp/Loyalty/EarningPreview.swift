/// What a rule would have given over past events, without writing anything: the same
/// arithmetic and caps as real earnings, at the tier multiplier of ×1.
struct EarningPreview: Sendable, Equatable, Codable {
    var events: Int
    var earning: Int
    var points: Int64
    var members: Int

    /// Applies `rule` to `events` in time order. `day` gives the brand-local day of an instant.
    static func of(_ rule: EarningRuleDefinition, events: [EarningEvent], day: (Int64) -> String) -> EarningPreview {
        var perDay: [String: Int] = [:]
        var perActivation: [String: Int] = [:]
        var members = Set<Int64>()
        var preview = EarningPreview(events: events.count, earning: 0, points: 0, members: 0)
        for event in events.sorted(by: { ($0.at, $0.id) < ($1.at, $1.id) }) {
            let dayKey = "\(event.memberID)|\(day(event.at))"
            let activationKey = event.activationID.map { "\(event.memberID)|\($0)" }
            let history = EarningHistory(today: perDay[dayKey, default: 0], thisActivation: activationKey.map { perActivation[$0, default: 0] } ?? 0)
            guard let points = EarningCalculation.points(rule, event: event, history: history, multiplierPercent: 100) else { continue }
            perDay[dayKey, default: 0] += 1
            if let activationKey { perActivation[activationKey, default: 0] += 1 }
            preview.earning += 1
            preview.points += points
            members.insert(event.memberID)
        }
        preview.members = members.count
        return preview
    }
}
