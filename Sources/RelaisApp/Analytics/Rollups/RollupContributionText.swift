/// A member's stored contribution as text: `metric,scope,a,b,c,n` lines joined by `;`, in key order.
enum RollupContributionText {
    static func encode(_ counts: [RollupKey: Int64]) -> String {
        counts.keys.sorted().map { key in
            "\(key.metric.rawValue),\(key.scope),\(key.a),\(key.b),\(key.c),\(counts[key] ?? 0)"
        }.joined(separator: ";")
    }

    /// The counts of stored text; parts that cannot be read (none are written) are left out.
    static func decode(_ text: String) -> [RollupKey: Int64] {
        var counts: [RollupKey: Int64] = [:]
        for part in text.split(separator: ";") {
            let fields = part.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 6, let metric = RollupMetric(rawValue: String(fields[0])),
                  let scope = Int64(fields[1]), let a = Int64(fields[2]), let b = Int64(fields[3]), let c = Int64(fields[4]),
                  let n = Int64(fields[5]) else { continue }
            counts[RollupKey(metric: metric, scope: scope, a: a, b: b, c: c), default: 0] += n
        }
        return counts
    }

    /// What moves the counters from `old` to `new`: `new − old`, without zeros.
    static func difference(from old: [RollupKey: Int64], to new: [RollupKey: Int64]) -> [RollupKey: Int64] {
        var delta = new
        for (key, n) in old { delta[key, default: 0] -= n }
        return delta.filter { $0.value != 0 }
    }
}
