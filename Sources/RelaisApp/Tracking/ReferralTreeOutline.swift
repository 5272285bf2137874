/// A referral tree laid out for one page: people nested under who brought them, down to a
/// depth and within a budget of people shown, so that a huge tree never renders at once.
/// Whatever is left out is counted, and the page links to it. No I/O.
struct ReferralTreeOutline: Sendable, Equatable {
    /// One person shown, with the people they brought that this page shows.
    struct Branch: Sendable, Equatable {
        var node: ReferralTree.Node
        /// The people they brought, when their generation is shown.
        var children: [Branch]
        /// The people they brought that this page does not show (their generation is deeper than the page).
        var hiddenChildren: Int
    }

    /// Generation 1: the people the root brought, oldest first.
    var branches: [Branch]
    /// People per generation in the tree as read, generation 1 first (shown or not).
    var generationCounts: [Int]
    /// How many generations this page shows.
    var shownDepth: Int
    /// Whether people exist deeper than the generations shown.
    var hasDeeper: Bool
    /// People of generation 1 left out because the budget was reached within it.
    var hiddenFirstGeneration: Int

    /// Lays out `tree` down to `depth` generations, showing at most `budget` people: the deepest
    /// generation that would go over the budget is left out whole (generation 1 is cut instead).
    static func of(_ tree: ReferralTree, depth: Int, budget: Int) -> ReferralTreeOutline {
        let generations = tree.generations
        let counts = generations.map(\.count)
        var shownDepth = 0
        var shown = 0
        for count in counts.prefix(max(0, depth)) {
            guard shown + count <= budget else { break }
            shown += count
            shownDepth += 1
        }
        var first = generations.first ?? []
        var hiddenFirst = 0
        if shownDepth == 0, !first.isEmpty, depth > 0 {
            shownDepth = 1
            hiddenFirst = max(0, first.count - budget)
            first = Array(first.prefix(budget))
        }
        var brought: [Int64: [ReferralTree.Node]] = [:]
        for generation in generations.dropFirst() {
            for node in generation { brought[node.broughtBy, default: []].append(node) }
        }
        func branch(_ node: ReferralTree.Node, generation: Int) -> Branch {
            let children = brought[node.memberID] ?? []
            guard generation < shownDepth else { return Branch(node: node, children: [], hiddenChildren: children.count) }
            return Branch(node: node, children: children.map { branch($0, generation: generation + 1) }, hiddenChildren: 0)
        }
        return ReferralTreeOutline(branches: shownDepth == 0 ? [] : first.map { branch($0, generation: 1) }, generationCounts: counts,
                                   shownDepth: shownDepth, hasDeeper: counts.count > shownDepth || tree.truncated,
                                   hiddenFirstGeneration: hiddenFirst)
    }
}
