import Foundation
import Hummingbird
import NIOCore

/// `/api/v1/loyalty`, `/members/{id}/points`, `/rewards`, `/members/{id}/redemptions` and
/// `/coupons`: the points ledger, the rewards catalogue and coupons redeemed at the till.
struct LoyaltyAPI: Sendable {
    let services: AppServices

    func addRoutes(to group: RouterGroup<APIContext>) {
        group.get("loyalty/settings", use: settings)
        group.put("loyalty/settings", use: saveSettings)
        group.get("members/{id}/points", use: account)
        group.post("members/{id}/points", use: move)
        group.get("members/{id}/points/entries", use: entries)
        group.get("rewards", use: rewards)
        group.post("rewards", use: createReward)
        group.get("rewards/{id}", use: reward)
        group.put("rewards/{id}", use: updateReward)
        group.post("rewards/{id}/codes", use: importCodes)
        group.post("members/{id}/redemptions", use: redeem)
        group.get("members/{id}/coupons", use: coupons)
        group.get("coupons/{code}", use: coupon)
        group.post("coupons/{code}/redeem", use: redeemAtTill)
        group.post("coupons/till-imports", use: importTill)
    }

    @Sendable func settings(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let settings = try await services.loyalty.settings(access: context.access)
        return try JSONOutput.response(LoyaltySettingsDTO(pointsValidityDays: settings.pointsValidityDays))
    }

    @Sendable func saveSettings(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.manageLoyalty)
        let body = try await JSONInput.decode(LoyaltySettingsInput.self, from: request, limit: 4 * 1024)
        let settings = try LoyaltySettings.checked(pointsValidityDays: body.pointsValidityDays).get()
        try await services.loyalty.save(settings, access: context.access)
        return try JSONOutput.response(LoyaltySettingsDTO(pointsValidityDays: settings.pointsValidityDays))
    }

    @Sendable func account(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let (account, tier) = try await services.loyalty.account(memberID: try context.parameters.memberID(), access: context.access)
        return try JSONOutput.response(PointsAccountDTO(account, tier: tier))
    }

    @Sendable func move(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.manageLoyalty)
        let memberID = try context.parameters.memberID()
        let body = try await JSONInput.decode(PointsMovementInput.self, from: request, limit: 4 * 1024)
        let movement: PointsMovement
        switch PointsMovement.requested(kind: body.kind, points: body.points, reason: body.reason, source: "api",
                                        idempotencyKey: try request.idempotencyKey()) {
        case .success(let value): movement = value
        case .failure(let problem): throw AppError.invalid(problem.field, problem.message)
        }
        let posting = try await services.loyalty.move(movement, memberID: memberID, access: context.access)
        let dto = PointsPostingDTO(entry: PointsEntryDTO(posting.entry), expiredFirst: posting.expiredFirst, balance: posting.entry.balanceAfter)
        return JSONOutput.response(json: dto.json, status: posting.replayed ? .ok : .created)
    }

    @Sendable func entries(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let page = try await services.loyalty.entries(memberID: try context.parameters.memberID(), access: context.access,
                                                      page: try PageRequest(query: request.queryDictionary))
        return try JSONOutput.response(Page(items: page.items.map(PointsEntryDTO.init), nextCursor: page.nextCursor, total: nil))
    }

    @Sendable func rewards(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let query = request.queryDictionary
        var status: RewardStatus? = nil
        if let text = query["status"] {
            guard let value = RewardStatus(rawValue: text) else { throw AppError.invalid("status", "must be active or retired") }
            status = value
        }
        let page = try await services.rewards.list(brandID: context.access.brandID, status: status, page: try PageRequest(query: query))
        return try JSONOutput.response(Page(items: page.items.map(RewardDTO.init), nextCursor: page.nextCursor, total: nil))
    }

    @Sendable func createReward(_ request: Request, context: APIContext) async throws -> Response {
        try RewardActions.requireEditor(context.access)
        let input = try await JSONInput.decode(RewardInput.self, from: request, limit: 16 * 1024)
        let draft = try input.draft(ladder: try await services.rewardActions.ladder(access: context.access))
        let reward = try await services.rewardActions.create(draft, access: context.access)
        return try JSONOutput.response(RewardDTO(reward), status: .created, headers: [.location: "/api/v1/rewards/\(reward.id)"])
    }

    @Sendable func reward(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let reward = try await services.rewardActions.reward(try context.parameters.id("id", what: "reward"), access: context.access)
        return try JSONOutput.response(RewardDTO(reward))
    }

    @Sendable func updateReward(_ request: Request, context: APIContext) async throws -> Response {
        try RewardActions.requireEditor(context.access)
        let id = try context.parameters.id("id", what: "reward")
        // Another brand's reward is a 404 whatever the body.
        _ = try await services.rewardActions.reward(id, access: context.access)
        let input = try await JSONInput.decode(RewardInput.self, from: request, limit: 16 * 1024)
        let draft = try input.draft(ladder: try await services.rewardActions.ladder(access: context.access))
        let reward = try await services.rewardActions.update(id, draft, access: context.access)
        return try JSONOutput.response(RewardDTO(reward))
    }

    @Sendable func importCodes(_ request: Request, context: APIContext) async throws -> Response {
        try RewardActions.requireEditor(context.access)
        let id = try context.parameters.id("id", what: "reward")
        let access = context.access
        _ = try await services.database.readOnly { sql in try await services.rewards.reward(id, brandID: access.brandID, on: sql) }
        let body = try await JSONInput.decode(RewardCodesInput.self, from: request, limit: 2 * 1024 * 1024)
        guard !body.codes.isEmpty, body.codes.count <= 50_000 else { throw AppError.invalid("codes", "must hold 1 to 50000 codes") }
        var codes: [String] = []
        var errors: [FieldError] = []
        for (index, text) in body.codes.enumerated() {
            guard let code = CouponCode.normalised(text) else {
                errors.append(FieldError("codes[\(index)]", "must be 1 to 64 letters and digits (spaces and dashes are ignored)"))
                continue
            }
            codes.append(code)
        }
        if !errors.isEmpty { throw AppError.validation(Array(errors.prefix(50))) }
        let checked = codes
        let result = try await services.database.transaction { sql in
            let reward = try await services.rewards.reward(id, brandID: access.brandID, on: sql)
            guard reward.codes == .list else { throw AppError.invalid("codes", "this reward generates its own codes; set codes to list first") }
            let result = try await services.rewards.importCodes(checked, rewardID: id, on: sql)
            try await services.audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                            action: "reward.codes_imported", targetKind: "reward", targetID: id,
                                            details: ["added": String(result.added)], on: sql)
            return result
        }
        return try JSONOutput.response(RewardCodesResultDTO(added: result.added, skipped: result.skipped, available: result.available))
    }

    @Sendable func redeem(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.manageLoyalty)
        let memberID = try context.parameters.memberID()
        let body = try await JSONInput.decode(RedemptionInput.self, from: request, limit: 4 * 1024)
        let receipt = try await services.redemptions.redeem(rewardID: body.rewardId, memberID: memberID,
                                                            idempotencyKey: try request.idempotencyKey(), access: context.access)
        let dto = RedemptionDTO(coupon: CouponDTO(receipt.coupon, showMember: true), pointsSpent: receipt.entry.map { -$0.points },
                                balance: receipt.entry?.balanceAfter)
        return try JSONOutput.response(dto, status: receipt.replayed ? .ok : .created)
    }

    @Sendable func coupons(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let page = try await services.redemptions.coupons(memberID: try context.parameters.memberID(), access: context.access,
                                                          page: try PageRequest(query: request.queryDictionary))
        return try JSONOutput.response(Page(items: page.items.map { CouponDTO($0, showMember: true) }, nextCursor: page.nextCursor, total: nil))
    }

    @Sendable func coupon(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.redeemCoupons)
        let coupon = try await services.redemptions.coupon(code: couponCode(context), access: context.access)
        return try JSONOutput.response(CouponDTO(coupon, showMember: context.access.unitID == nil))
    }

    @Sendable func redeemAtTill(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.redeemCoupons)
        let body = try await JSONInput.decode(TillRedemptionInput.self, from: request, limit: 4 * 1024)
        var errors: [FieldError] = []
        if let amount = body.amountCents, amount < 0 || amount > 100_000_000 { errors.append(FieldError("amountCents", "must be from 0 to 100000000")) }
        if let reference = body.reference, reference.count > 100 || reference.contains(where: \.isNewline) {
            errors.append(FieldError("reference", "must be at most 100 characters on one line"))
        }
        var at: Int64? = nil
        if let text = body.redeemedAt {
            if let millis = Clock.parseISO(text), millis <= Clock.nowMillis() + 5 * 60_000 { at = millis } else {
                errors.append(FieldError("redeemedAt", "must be an ISO 8601 date and time, not in the future"))
            }
        }
        if !errors.isEmpty { throw AppError.validation(errors) }
        let coupon = try await services.redemptions.redeemAtTill(code: couponCode(context), unitID: body.unitId,
                                                                 amountCents: body.amountCents, reference: body.reference, at: at,
                                                                 access: context.access)
        return try JSONOutput.response(CouponDTO(coupon, showMember: context.access.unitID == nil))
    }

    /// A point-of-sale export as `text/csv`: one coupon per line with its store, amount and time.
    @Sendable func importTill(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.redeemCoupons)
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("text/csv") || contentType.hasPrefix("text/plain") else { throw AppError.unsupportedMediaType("text/csv") }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: context.maxUploadSize)
        } catch {
            throw AppError.tooLarge(limit: context.maxUploadSize)
        }
        let text: String
        do {
            text = try CSVTextDecoding.decode(Data(buffer: buffer), encoding: .utf8)
        } catch {
            throw AppError.invalid("file", error.description)
        }
        let brand = try await services.brand(for: context.access)
        let report = try await services.tillImport.run(csv: text, brand: brand, access: context.access)
        return try JSONOutput.response(report)
    }

    /// The `{code}` path parameter as typed at the till (percent-decoded; spaces and dashes are ignored later).
    private func couponCode(_ context: APIContext) -> String {
        let raw = context.parameters.get("code") ?? ""
        return raw.removingPercentEncoding ?? raw
    }
}
