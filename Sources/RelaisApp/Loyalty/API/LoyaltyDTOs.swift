import Foundation

/// Body of `POST /api/v1/members/{id}/points`.
struct PointsMovementInput: FlatAPIInput {
    static let fieldNames: Set<String> = ["kind", "points", "reason"]
    var kind: String
    var points: Int64
    var reason: String?

    init?(flat body: FlatJSONBody) {
        guard body.keys.allSatisfy(Self.fieldNames.contains), case .string(let kind)? = body["kind"],
              case .integer(let points)? = body["points"], let reason = body["reason"].optionalText else { return nil }
        self.reason = reason
        self.kind = kind
        self.points = points
    }
}

/// Body of `PUT /api/v1/loyalty/settings`.
struct LoyaltySettingsInput: APIInput {
    static let fieldNames: Set<String> = ["pointsValidityDays"]
    var pointsValidityDays: Int?
}

/// Body of `POST /api/v1/rewards` and `PUT /api/v1/rewards/{id}`.
struct RewardInput: APIInput {
    static let fieldNames: Set<String> = ["name", "description", "costPoints", "stock", "codes", "couponValidityDays", "status", "minimumTier"]
    var name: String?
    var description: String?
    var costPoints: Int64?
    var stock: Int?
    var codes: String?
    var couponValidityDays: Int?
    var status: String?
    var minimumTier: String?

    /// The checked reward; `ladder` is the brand's tiers, which `minimumTier` must name.
    func draft(ladder: TierLadder) throws -> RewardDraft {
        switch RewardDraft.checked(name: name, description: description, costPoints: costPoints, stock: stock, codes: codes,
                                   couponValidityDays: couponValidityDays, status: status, minimumTier: minimumTier, ladder: ladder) {
        case .success(let draft): return draft
        case .failure(let error): throw error
        }
    }
}

/// Body of `POST /api/v1/rewards/{id}/codes`.
struct RewardCodesInput: APIInput {
    static let fieldNames: Set<String> = ["codes"]
    var codes: [String]
}

/// Body of `POST /api/v1/members/{id}/redemptions`.
struct RedemptionInput: APIInput {
    static let fieldNames: Set<String> = ["rewardId"]
    var rewardId: Int64
}

/// Body of `POST /api/v1/coupons/{code}/redeem`.
struct TillRedemptionInput: APIInput {
    static let fieldNames: Set<String> = ["unitId", "amountCents", "reference", "redeemedAt"]
    var unitId: Int64?
    var amountCents: Int64?
    var reference: String?
    var redeemedAt: String?
}

struct LoyaltySettingsDTO: Codable, Sendable {
    var pointsValidityDays: Int
}

struct PointsAccountDTO: Codable, Sendable {
    var balance: Int64
    var earned: Int64
    var spent: Int64
    var expired: Int64
    var nextExpiry: NextExpiryDTO?
    var tier: MemberTierDTO?

    struct NextExpiryDTO: Codable, Sendable {
        var points: Int64
        var at: String
    }

    init(_ account: PointsAccount, tier: MemberTier? = nil) {
        self.tier = tier.map(MemberTierDTO.init)
        balance = account.balance
        earned = account.earned
        spent = account.spent
        expired = account.expired
        nextExpiry = account.nextExpiry.map { NextExpiryDTO(points: $0.points, at: Clock.iso($0.at)) }
    }
}

struct PointsEntryDTO: Codable, Sendable {
    var id: Int64
    var kind: PointsEntryKind
    var points: Int64
    var balanceAfter: Int64
    var reason: String
    var source: String
    var sourceRef: String?
    var expiresAt: String?
    var recordedBy: String
    var occurredAt: String

    init(_ entry: PointsEntry) {
        id = entry.id
        kind = entry.kind
        points = entry.points
        balanceAfter = entry.balanceAfter
        reason = entry.reason
        source = entry.source
        sourceRef = entry.sourceRef
        expiresAt = entry.expiresAt.map(Clock.iso)
        recordedBy = entry.recordedBy
        occurredAt = Clock.iso(entry.occurredAt)
    }

    /// The entry as `JSONOutput` would encode it, written directly.
    var json: FlatJSON.Object {
        var object = FlatJSON.Object()
        object.add("balanceAfter", balanceAfter)
        object.add("expiresAt", expiresAt)
        object.add("id", id)
        object.add("kind", kind.rawValue)
        object.add("occurredAt", occurredAt)
        object.add("points", points)
        object.add("reason", reason)
        object.add("recordedBy", recordedBy)
        object.add("source", source)
        object.add("sourceRef", sourceRef)
        return object
    }
}

/// Answer of a points movement: the entry and the balance after it.
struct PointsPostingDTO: Codable, Sendable {
    var entry: PointsEntryDTO
    var expiredFirst: Int64
    var balance: Int64

    /// The answer as `JSONOutput` would encode it, written directly: the ledger's busiest answer.
    var json: String {
        var object = FlatJSON.Object()
        object.add("balance", balance)
        object.add("entry", entry.json)
        object.add("expiredFirst", expiredFirst)
        return object.json
    }
}

struct RewardDTO: Codable, Sendable {
    var id: Int64
    var name: String
    var description: String
    var costPoints: Int64
    var stock: Int?
    var codes: RewardCodes
    var couponValidityDays: Int
    var status: RewardStatus
    var minimumTier: String?
    var redeemed: Int
    var createdAt: String
    var updatedAt: String

    init(_ reward: Reward) {
        id = reward.id
        name = reward.name
        description = reward.description
        costPoints = reward.costPoints
        stock = reward.stock
        codes = reward.codes
        couponValidityDays = reward.couponValidityDays
        status = reward.status
        minimumTier = reward.minimumTier
        redeemed = reward.redeemed
        createdAt = Clock.iso(reward.createdAt)
        updatedAt = Clock.iso(reward.updatedAt)
    }
}

struct RewardCodesResultDTO: Codable, Sendable {
    var added: Int
    var skipped: Int
    var available: Int
}

/// A coupon as staff and tills see it. Unit-scoped callers (tills) do not get the member id.
struct CouponDTO: Codable, Sendable {
    var id: Int64
    var code: String
    var status: String
    var rewardId: Int64?
    var rewardName: String?
    var memberId: Int64?
    var issuedAt: String
    var expiresAt: String
    var redeemedAt: String?
    var redeemedUnitId: Int64?
    var redeemedAmountCents: Int64?
    var redeemedReference: String?

    init(_ coupon: Coupon, showMember: Bool, now: Int64 = Clock.nowMillis()) {
        id = coupon.id
        code = CouponDTO.display(coupon.code)
        status = coupon.isExpired(now: now) ? "expired" : coupon.status.rawValue
        rewardId = coupon.rewardID
        rewardName = coupon.rewardName
        memberId = showMember ? coupon.memberID : nil
        issuedAt = Clock.iso(coupon.issuedAt)
        expiresAt = Clock.iso(coupon.expiresAt)
        redeemedAt = coupon.redeemedAt.map(Clock.iso)
        redeemedUnitId = coupon.redeemedUnitID
        redeemedAmountCents = coupon.redeemedAmountCents
        redeemedReference = coupon.redeemedReference
    }

    /// The code in groups of four, as printed and read out.
    static func display(_ code: String) -> String {
        var groups: [Substring] = []
        var rest = Substring(code)
        while !rest.isEmpty {
            groups.append(rest.prefix(4))
            rest = rest.dropFirst(4)
        }
        return groups.joined(separator: "-")
    }
}

/// Answer of a redemption: the coupon and the points spent.
struct RedemptionDTO: Codable, Sendable {
    var coupon: CouponDTO
    var pointsSpent: Int64?
    var balance: Int64?
}
