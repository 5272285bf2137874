/// A member's share link: a short code redirecting to an activation's page or to any page of the brand.
struct ShareLink: Sendable, Equatable {
    var id: Int64
    var memberID: Int64
    /// Set when the link leads to an activation's hosted page.
    var activationID: Int64?
    /// The page the link leads to, before UTM parameters.
    var targetURL: String
    var code: String
    var createdAt: Int64
}

/// A share link with what it led to.
struct ShareLinkStats: Sendable, Equatable {
    var link: ShareLink
    /// Counted human clicks (repeats within 30 minutes, bots and the sharer's own devices excluded).
    var clicks: Int
    /// Distinct visitors.
    var visits: Int
    /// Sign-ups and entries credited to this link as last touch (self-referrals excluded).
    var conversions: Int
}

/// What the redirect of `/r/{code}` needs, read in one query.
struct ShareRedirect: Sendable {
    var linkID: Int64
    var organisationID: Int64
    var brandID: Int64
    var memberID: Int64
    var activationID: Int64?
    var targetURL: String
    var activationSlug: String?
    var brandName: String
    var brandLogo: String?
    /// The activation's title, description and cover, for the Open Graph page.
    var title: (fr: String, en: String)?
    var description: (fr: String, en: String)?
    var cover: String?
    /// The redirect's `Location`: the target with the UTM parameters, worked out once per link.
    var location: String = ""
}

/// What the links of one brand and activation show of them: the brand, and the activation's
/// slug (in the UTM campaign) and its Open Graph card.
struct ShareLinkFace: Sendable {
    var brandName: String
    var brandLogo: String?
    var activationSlug: String?
    var title: (fr: String, en: String)?
    var description: (fr: String, en: String)?
    var cover: String?
}

/// Where a share link leads: an activation or any page.
enum ShareTarget: Sendable, Equatable {
    case activation(Int64)
    case url(String)

    /// The key of the target, unique per member (one link per member and target).
    var key: String {
        switch self {
        case .activation(let id): "activation:\(id)"
        case .url(let address): "url:\(address)"
        }
    }
}
