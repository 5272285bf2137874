/// One request to `/r/{code}`, waiting in memory to be written.
struct ShareClick: Sendable, Equatable {
    var linkID: Int64
    var organisationID: Int64
    var brandID: Int64
    /// The sharer, who earns a `share.visit` when this click is a new visitor's first.
    var sharerID: Int64
    /// The activation the link leads to, passed on to the `share.visit` event (earning caps per activation).
    var activationID: Int64?
    /// Hash of the visitor cookie; nil for bots, which get none.
    var visitorHash: String?
    var bot: Bool
    var at: Int64
    /// Whether the visitor id was issued by this very redirect (no cookie came with it): such a
    /// visitor has no earlier click and is nobody's device, so the writer looks nothing up for it.
    var newVisitor = false
}
