/// How long the anonymous entry page of an activation may be served from memory.
enum PublicPageLifetime {
    /// A page without live figures: another node's change shows within this time.
    static let standardMillis: Int64 = 10_000
    /// A page showing figures that entries change (live poll results, votes on ideas).
    static let liveFiguresMillis: Int64 = 2_000

    /// The instant after which the page rendered at `now` must be rendered again: its lifetime,
    /// cut short by the next instant at which the activation changes by itself (opening,
    /// closing, the opening of an idea vote), so that a page never shows a form after closing.
    static func expiry(of activation: Activation, now: Int64) -> Int64 {
        let status = activation.status(now: now)
        let liveFigures = status == .live && (activation.kind == .idea || (activation.poll?.showsResults(status) ?? false))
        var expiry = now + (liveFigures ? liveFiguresMillis : standardMillis)
        var boundaries = [activation.opensAt, activation.closesAt]
        if let idea = activation.idea {
            boundaries.append(idea.votingPeriod(opensAt: activation.opensAt, closesAt: activation.closesAt).lowerBound)
        }
        for boundary in boundaries where boundary > now {
            expiry = min(expiry, boundary)
        }
        return expiry
    }
}
