/// Applies the counting rules to a batch of clicks in memory, given what the database already
/// holds about the batch's visitors. No I/O: `ShareClickWriter` reads the inputs in a few
/// set-based queries and writes the decisions in a few multi-row statements.
struct ShareClickBatch: Sendable, Equatable {
    /// A link and a visitor.
    struct Pair: Hashable, Sendable {
        var linkID: Int64
        var visitorHash: String
    }

    /// A device seen entering as a member of a brand.
    struct Device: Hashable, Sendable {
        var brandID: Int64
        var visitorHash: String
        var memberID: Int64
    }

    /// What to write for one click.
    struct Decision: Sendable, Equatable {
        var click: ShareClick
        var counted: Bool
        var ownDevice: Bool

        /// The click's link and visitor.
        var pair: Pair { Pair(linkID: click.linkID, visitorHash: click.visitorHash ?? "") }
    }

    var decisions: [Decision]

    /// Decides every click, in order: bots are not counted, a sharer's own device is not counted,
    /// and a visitor's click counts when their last counted click on the link — in the database
    /// (`lastCounted`) or earlier in this batch — is 30 minutes away or more.
    init(_ clicks: [ShareClick], devices: Set<Device>, lastCounted: [Pair: Int64]) {
        var last = lastCounted
        decisions = clicks.map { click in
            guard !click.bot, let visitor = click.visitorHash else { return Decision(click: click, counted: false, ownDevice: false) }
            if devices.contains(Device(brandID: click.brandID, visitorHash: visitor, memberID: click.sharerID)) {
                return Decision(click: click, counted: false, ownDevice: true)
            }
            let pair = Pair(linkID: click.linkID, visitorHash: visitor)
            let counted = VisitorDeduplication.counts(at: click.at, lastCountedAt: last[pair])
            if counted { last[pair] = click.at }
            return Decision(click: click, counted: counted, ownDevice: false)
        }
    }

    /// The time of each visitor's last counted click on each link, in this batch (a counted click always has a visitor).
    var lastCountedAt: [Pair: Int64] {
        decisions.filter(\.counted).reduce(into: [:]) { found, d in found[d.pair] = max(found[d.pair] ?? d.click.at, d.click.at) }
    }

    /// The counted clicks that may be a visitor's first on their link, first of each pair only.
    var visitCandidates: [Decision] {
        var seen: Set<Pair> = []
        return decisions.filter { decision in
            guard decision.counted, let visitor = decision.click.visitorHash else { return false }
            return seen.insert(Pair(linkID: decision.click.linkID, visitorHash: visitor)).inserted
        }
    }
}
