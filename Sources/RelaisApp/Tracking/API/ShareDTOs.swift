import Foundation

/// Body of `POST /api/v1/members/{id}/share-links`: exactly one of an activation or an address.
struct ShareLinkInput: APIInput {
    static let fieldNames: Set<String> = ["activationId", "url"]
    var activationId: Int64?
    var url: String?

    /// The target, or a validation error naming the field.
    func target() throws -> ShareTarget {
        switch (activationId, url) {
        case (let id?, nil):
            guard id > 0 else { throw AppError.invalid("activationId", "must be a positive activation id") }
            return .activation(id)
        case (nil, let address?):
            let trimmed = address.trimmingCharacters(in: .whitespaces)
            guard UTMLink.isAcceptableTarget(trimmed) else {
                throw AppError.invalid("url", "must be an absolute http or https address of at most 2000 characters")
            }
            return .url(trimmed)
        case (nil, nil):
            throw AppError.validation([FieldError("activationId", "give an activation or a url"), FieldError("url", "give an activation or a url")])
        case (.some, .some):
            throw AppError.invalid("url", "give either an activation or a url, not both")
        }
    }
}

/// A share link as the API shows it.
struct ShareLinkDTO: Encodable, Sendable {
    var id: Int64
    var memberId: Int64
    var activationId: Int64?
    var code: String
    /// The short address to share.
    var shareUrl: String
    var targetUrl: String
    var createdAt: String
    var clicks: Int
    var visits: Int
    var conversions: Int

    init(_ stats: ShareLinkStats, publicBaseURL: String) {
        id = stats.link.id
        memberId = stats.link.memberID
        activationId = stats.link.activationID
        code = stats.link.code
        shareUrl = "\(publicBaseURL)/r/\(stats.link.code)"
        targetUrl = stats.link.targetURL
        createdAt = Clock.iso(stats.link.createdAt)
        clicks = stats.clicks
        visits = stats.visits
        conversions = stats.conversions
    }
}

/// One day of an activation's sharing funnel.
struct ShareFunnelDayDTO: Encodable, Sendable {
    var day: String
    var shares: Int
    var clicks: Int
    var visits: Int
    var signups: Int
    var entries: Int
    var participants: Int
    var storeRedemptions: Int
    var viralCoefficient: Double

    init(_ day: ShareFunnelDay) {
        self.day = day.day
        shares = day.shares
        clicks = day.clicks
        visits = day.visits
        signups = day.signups
        entries = day.entries
        participants = day.participants
        storeRedemptions = day.storeRedemptions
        viralCoefficient = day.viralCoefficient
    }
}

/// `GET /api/v1/activations/{id}/share-funnel`.
struct ShareFunnelDTO: Encodable, Sendable {
    var activationId: Int64
    var totals: ShareFunnelDayDTO
    var days: [ShareFunnelDayDTO]
}

/// One person of a referral tree.
struct ReferralNodeDTO: Encodable, Sendable {
    var memberId: Int64
    var broughtBy: Int64
    var source: String
    var at: String
}

/// One generation of a referral tree.
struct ReferralGenerationDTO: Encodable, Sendable {
    var generation: Int
    var members: [ReferralNodeDTO]
}

/// `GET /api/v1/members/{id}/referral-tree`.
struct ReferralTreeDTO: Encodable, Sendable {
    var memberId: Int64
    var total: Int
    var truncated: Bool
    var generations: [ReferralGenerationDTO]

    init(_ tree: ReferralTree) {
        memberId = tree.rootID
        truncated = tree.truncated
        total = tree.generations.reduce(0) { $0 + $1.count }
        generations = tree.generations.enumerated().map { index, nodes in
            ReferralGenerationDTO(generation: index + 1, members: nodes.map {
                ReferralNodeDTO(memberId: $0.memberID, broughtBy: $0.broughtBy, source: $0.source, at: Clock.iso($0.at))
            })
        }
    }
}
