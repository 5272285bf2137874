/// Who brought whom, generation by generation, from one member.
struct ReferralTree: Sendable, Equatable {
    /// One person brought into the brand.
    struct Node: Sendable, Equatable {
        var memberID: Int64
        var broughtBy: Int64
        /// `share` (a share link led to their sign-up) or `referral` (a referral activation's invitation).
        var source: String
        var at: Int64
    }

    var rootID: Int64
    /// Generation 1 are the people the root brought, generation 2 those they brought, and so on.
    var generations: [[Node]]
    /// True when the depth or size bound cut the tree.
    var truncated: Bool

    /// Deepest generation returned.
    static let maxDepth = 10
    /// Most people returned in one tree.
    static let maxMembers = 1_000

    /// The next generation from the edges found for the current one: each person once, in the
    /// tree where they first appear (earliest edge wins), never the root or someone already in it.
    static func nextGeneration(_ edges: [Node], seen: inout Set<Int64>, room: Int) -> (nodes: [Node], cut: Bool) {
        var chosen: [Int64: Node] = [:]
        for edge in edges where !seen.contains(edge.memberID) {
            if let current = chosen[edge.memberID], (current.at, current.broughtBy) <= (edge.at, edge.broughtBy) { continue }
            chosen[edge.memberID] = edge
        }
        let ordered = chosen.values.sorted { ($0.at, $0.memberID) < ($1.at, $1.memberID) }
        let kept = Array(ordered.prefix(max(0, room)))
        for node in kept { seen.insert(node.memberID) }
        return (kept, kept.count < ordered.count)
    }
}
