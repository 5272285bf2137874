/// Continuity between campaign moments: of the members an activation brought to the brand,
/// how many took part again in the brand's next activations, and how many came back on their
/// own (not through a share link). Definitions in docs/ROI.md.
struct ActivationContinuity: Sendable, Equatable {
    /// One later activation of the brand, in opening order.
    struct Later: Sendable, Equatable {
        /// 1 for the next activation (N+1), 2 for the one after (N+2)…
        var position: Int
        var activationID: Int64
        var titleFR: String
        var titleEN: String
        var opensAt: Int64
        /// Acquired members with a valid entry in it.
        var returned: Int
        /// Of them, members with a valid entry in it that followed no share link.
        var returnedDirect: Int
    }

    /// Members new to the brand through the activation (its `newMembers`).
    var acquired = 0
    /// The next activations (at most `ContinuityQueries.laterShown`), already opened.
    var later: [Later] = []
    /// Acquired members with a valid entry in any later activation of the brand.
    var returnedAny = 0
    /// Acquired members with a valid entry in a later activation that followed no share link.
    var returnedAnyDirect = 0
    /// Participants already known who had been dormant (no activity for `dormantDays`) before entering.
    var reactivated = 0
    /// The dormancy threshold used, in days.
    var dormantDays = ContinuityQueries.defaultDormantDays

    /// `returnedAny ÷ acquired`, 4 decimals.
    var returnRate: Double? { RoiMaths.share(returnedAny, of: acquired) }
}
