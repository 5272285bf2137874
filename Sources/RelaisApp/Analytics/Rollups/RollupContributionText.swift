/// A member's stored contribution as compact text: one group per metric and scope,
/// `metric/scope/item,item…`, groups joined by `;`; an item is `a:b:c:n` without its trailing
/// fields that hold their usual value (`b` = 0, `c` = 0, `n` = 1). For instance
/// `ad/0/20010:-1,20100:20010;j/0/20000;xp/12/0`.
enum RollupContributionText {
    static func encode(_ counts: [RollupKey: Int64]) -> String {
        var groups: [String] = []
        var current: (RollupMetric, Int64)?
        var items: [String] = []
        func flush() {
            if let (metric, scope) = current { groups.append("\(metric.rawValue)/\(scope)/\(items.joined(separator: ","))") }
            items = []
        }
        for key in counts.keys.sorted() {
            let n = counts[key] ?? 0
            if current == nil || current! != (key.metric, key.scope) {
                flush()
                current = (key.metric, key.scope)
            }
            var fields = [key.a, key.b, key.c, n]
            let usual: [Int64] = [0, 0, 0, 1]
            while fields.count > 1, fields[fields.count - 1] == usual[fields.count - 1] { fields.removeLast() }
            items.append(fields.map(String.init).joined(separator: ":"))
        }
        flush()
        return groups.joined(separator: ";")
    }

    /// The counts of stored text; parts that cannot be read (none are written) are left out.
    static func decode(_ text: String) -> [RollupKey: Int64] {
        var counts: [RollupKey: Int64] = [:]
        for group in text.split(separator: ";") {
            let parts = group.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, let metric = RollupMetric(rawValue: String(parts[0])), let scope = Int64(parts[1]) else { continue }
            for item in parts[2].split(separator: ",") {
                var fields: [Int64] = [0, 0, 0, 1]
                let written = item.split(separator: ":", omittingEmptySubsequences: false)
                guard written.count <= 4 else { continue }
                var readable = true
                for (index, field) in written.enumerated() {
                    guard let value = Int64(field) else { readable = false; break }
                    fields[index] = value
                }
                guard readable else { continue }
                counts[RollupKey(metric: metric, scope: scope, a: fields[0], b: fields[1], c: fields[2]), default: 0] += fields[3]
            }
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
