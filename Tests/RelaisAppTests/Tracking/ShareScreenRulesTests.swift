import Testing
@testable import RelaisApp

@Suite("Funnel steps and tree outlines of the sharing pages")
struct ShareScreenRulesTests {
    static func node(_ id: Int64, by parent: Int64, at: Int64 = 0) -> ReferralTree.Node {
        ReferralTree.Node(memberID: id, broughtBy: parent, source: "share", at: at)
    }

    @Test("Each funnel step converts from the one before; after a step of zero there is no conversion")
    func steps() {
        var totals = ShareFunnelDay(day: "")
        totals.shares = 4; totals.clicks = 10; totals.visits = 5; totals.signups = 0; totals.entries = 2; totals.storeRedemptions = 1
        let steps = ShareFunnelSteps.of(totals)
        #expect(steps.map(\.key) == ["shares", "clicks", "visits", "signups", "entries", "storeRedemptions"])
        #expect(steps.map(\.count) == [4, 10, 5, 0, 2, 1])
        #expect(steps.map(\.conversion) == [nil, 2.5, 0.5, 0, nil, 0.5])
    }

    @Test("Days without activity are filled in as zeros, keeping the viral coefficient reached")
    func continuousDays() {
        var first = ShareFunnelDay(day: "2026-02-27"); first.clicks = 3; first.viralCoefficient = 0.5
        var last = ShareFunnelDay(day: "2026-03-02"); last.clicks = 1; last.viralCoefficient = 0.8
        let days = ShareFunnelSteps.continuous([first, last])
        #expect(days.map(\.day) == ["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"])
        #expect(days.map(\.clicks) == [3, 0, 0, 1])
        #expect(days.map(\.viralCoefficient) == [0.5, 0.5, 0.5, 0.8])
        #expect(ShareFunnelSteps.continuous([]).isEmpty)
        let far = ShareFunnelDay(day: "2028-01-01")
        #expect(ShareFunnelSteps.continuous([first, far]).count == 2, "a very long stretch keeps its active days only")
    }

    @Test("An outline nests each generation under its sponsors down to the depth asked, and counts who is left out")
    func outlineDepth() {
        let tree = ReferralTree(rootID: 1, generations: [[Self.node(2, by: 1), Self.node(3, by: 1)], [Self.node(4, by: 2), Self.node(5, by: 2)], [Self.node(6, by: 4)]],
                                truncated: false)
        let whole = ReferralTreeOutline.of(tree, depth: 3, budget: 100)
        #expect(whole.shownDepth == 3 && !whole.hasDeeper && whole.generationCounts == [2, 2, 1])
        #expect(whole.branches.map(\.node.memberID) == [2, 3])
        #expect(whole.branches[0].children.map(\.node.memberID) == [4, 5])
        #expect(whole.branches[0].children[0].children.map(\.node.memberID) == [6])

        let shallow = ReferralTreeOutline.of(tree, depth: 1, budget: 100)
        #expect(shallow.shownDepth == 1 && shallow.hasDeeper)
        #expect(shallow.branches[0].children.isEmpty && shallow.branches[0].hiddenChildren == 2 && shallow.branches[1].hiddenChildren == 0)
    }

    @Test("An outline stops before the generation that would go over the budget, and cuts a first generation larger than it")
    func outlineBudget() {
        let tree = ReferralTree(rootID: 1, generations: [[Self.node(2, by: 1), Self.node(3, by: 1)], (10...14).map { Self.node($0, by: 2) }],
                                truncated: false)
        let cut = ReferralTreeOutline.of(tree, depth: 5, budget: 4)
        #expect(cut.shownDepth == 1 && cut.hasDeeper && cut.branches[0].hiddenChildren == 5)
        let tiny = ReferralTreeOutline.of(tree, depth: 5, budget: 1)
        #expect(tiny.shownDepth == 1 && tiny.branches.count == 1 && tiny.hiddenFirstGeneration == 1)
        let empty = ReferralTreeOutline.of(ReferralTree(rootID: 1, generations: [], truncated: false), depth: 3, budget: 10)
        #expect(empty.branches.isEmpty && empty.shownDepth == 0 && !empty.hasDeeper)
    }
}
