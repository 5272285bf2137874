import Foundation
import Hummingbird

/// `/api/v1/loyalty/leaderboard` and `/api/v1/loyalty/thanks`: the brand's most engaged members and the thanks sent to them.
struct AmbassadorAPI: Sendable {
    let services: AppServices

    func addRoutes(to group: RouterGroup<APIContext>) {
        group.get("loyalty/leaderboard", use: leaderboard)
        group.get("loyalty/thanks", use: thanksSent)
        group.post("loyalty/thanks", use: thank)
    }

    @Sendable func leaderboard(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let query = request.queryDictionary
        let period = try LeaderboardPeriod.parse(from: query["from"], to: query["to"], now: Clock.nowMillis()).get()
        var limit = 20
        if let text = query["limit"] {
            guard let value = Int(text), (1...100).contains(value) else { throw AppError.invalid("limit", "must be a whole number from 1 to 100") }
            limit = value
        }
        var activationID: Int64? = nil
        if let text = query["activationId"] {
            guard let value = Int64(text), value > 0 else { throw AppError.invalid("activationId", "must be an activation id") }
            // Another brand's activation, or one outside a unit key's unit, is not found.
            activationID = try await services.activations.activation(value, access: context.access).id
        }
        let lines = try await services.ambassadors.leaderboard(access: context.access, period: period, activationID: activationID, limit: limit)
        return try JSONOutput.response(LeaderboardDTO(from: Clock.iso(period.from), to: Clock.iso(period.to),
                                                      activationId: activationID, items: lines.map(LeaderboardLineDTO.init)))
    }

    @Sendable func thank(_ request: Request, context: APIContext) async throws -> Response {
        let body = try await JSONInput.decode(ThanksInput.self, from: request, limit: 16 * 1024)
        let thanks = try AmbassadorThanks.checked(memberIDs: body.memberIds, points: body.points, rewardID: body.rewardId, message: body.message).get()
        let brand = try await services.brand(for: context.access)
        let receipts = try await services.ambassadors.thank(thanks, brand: brand, access: context.access)
        return try JSONOutput.response(ThanksResultDTO(items: receipts.map(ThanksReceiptDTO.init)), status: .created)
    }

    @Sendable func thanksSent(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let page = try await services.ambassadors.thanksSent(access: context.access, page: try PageRequest(query: request.queryDictionary))
        return try JSONOutput.response(Page(items: page.items.map(SentThanksDTO.init), nextCursor: page.nextCursor, total: nil))
    }
}

/// Body of `POST /api/v1/loyalty/thanks`.
struct ThanksInput: APIInput {
    static let fieldNames: Set<String> = ["memberIds", "points", "rewardId", "message"]
    var memberIds: [Int64]?
    var points: Int64?
    var rewardId: Int64?
    var message: String?
}

struct LeaderboardDTO: Codable, Sendable {
    var from: String
    var to: String
    var activationId: Int64?
    var items: [LeaderboardLineDTO]
}

struct LeaderboardLineDTO: Codable, Sendable {
    var rank: Int
    var memberId: Int64
    var name: String
    var points: Int64
    var earnings: Int
    var reachedAt: String

    init(_ line: LeaderboardLine) {
        rank = line.rank
        memberId = line.memberID
        name = line.publicName
        points = line.points
        earnings = line.earnings
        reachedAt = Clock.iso(line.reachedAt)
    }
}

struct ThanksResultDTO: Codable, Sendable {
    var items: [ThanksReceiptDTO]
}

struct ThanksReceiptDTO: Codable, Sendable {
    var memberId: Int64
    var thanksId: Int64
    var pointsEntryId: Int64?
    var couponCode: String?
    var couponExpiresAt: String?
    var notified: Bool

    init(_ receipt: ThanksReceipt) {
        memberId = receipt.memberID
        thanksId = receipt.thanksID
        pointsEntryId = receipt.pointsEntryID
        couponCode = receipt.coupon.map { CouponDTO.display($0.code) }
        couponExpiresAt = receipt.coupon.map { Clock.iso($0.expiresAt) }
        notified = receipt.notified
    }
}

struct SentThanksDTO: Codable, Sendable {
    var id: Int64
    var memberId: Int64
    var name: String
    var points: Int64?
    var reward: String?
    var message: String
    var thankedBy: String
    var thankedAt: String

    init(_ thanks: SentThanks) {
        id = thanks.id
        memberId = thanks.memberID
        name = PublicName.of(firstName: thanks.firstName, lastName: thanks.lastName)
        points = thanks.points
        reward = thanks.rewardName
        message = thanks.message
        thankedBy = thanks.thankedBy
        thankedAt = Clock.iso(thanks.thankedAt)
    }
}
