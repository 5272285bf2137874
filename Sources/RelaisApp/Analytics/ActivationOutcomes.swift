/// What an activation brought, as counted from the database (definitions in docs/ROI.md).
struct ActivationOutcomes: Sendable, Equatable {
    /// Opt-ins gained for one purpose on one channel.
    struct OptIns: Sendable, Equatable {
        var purpose: String
        var channel: String
        var count: Int
    }

    /// Members with at least one valid entry.
    var participants = 0
    /// Participants who were not members of the brand before their first entry.
    var newMembers = 0
    /// Participants the brand already had: the re-bought audience.
    var knownMembers = 0
    /// Opt-ins gained through the activation's form, per purpose and channel.
    var optIns: [OptIns] = []
    /// Participants whose e-mail address was confirmed through the activation.
    var confirmedEmails = 0
    /// Share links made for the activation.
    var shareLinks = 0
    /// Counted clicks on them (bots, the sharer's own devices and quick repeats excluded).
    var shareClicks = 0
    /// First counted clicks of a visitor on a link.
    var shareVisits = 0
    /// Distinct visitors across all the activation's links.
    var uniqueVisitors = 0
    /// Participants new to the brand who came through a share link (self-referrals excluded).
    var shareSignups = 0
    /// Valid referrals ("parrainage") of the activation.
    var referrals = 0
    /// Coupons of the activation given to entrants.
    var couponsIssued = 0
    /// Those coupons used at a till.
    var storeVisits = 0
    /// Store visits whose receipt amount was stated.
    var storeVisitsWithAmount = 0
    /// Sum of the stated receipt amounts, in cents of the brand's value-model currency.
    var revenueCents: Int64 = 0
    /// Points the brand's earning rules gave for the activation.
    var pointsGiven: Int64 = 0
    /// Points spent on the activation's coupons.
    var pointsRedeemed: Int64 = 0
    /// Views of the hosted page by people (bots and embedded copies excluded).
    var pageViews: Int64 = 0
    /// Times the widget was seen in a visitor's viewport on the brand's allowed sites.
    var widgetViews: Int64 = 0
    /// Distinct visitors of the hosted page among those carrying a visitor cookie.
    var pageVisitors = 0

    /// Opt-ins gained, all purposes and channels together.
    var optInsTotal: Int { optIns.reduce(0) { $0 + $1.count } }
}
