import Foundation
import Hummingbird

/// The loyalty page of the back-office: the leaderboard with the thank-you form, the thanks
/// sent, the rewards catalogue and the tiers.
struct LoyaltyPages: Sendable {
    let services: AppServices
    let renderer: PageRenderer

    func addRoutes(to staff: RouterGroup<StaffContext>) {
        staff.get("loyalty", use: show)
        staff.post("loyalty/thanks", use: thank)
    }

    /// The periods offered above the leaderboard, in days back from today.
    static let periods = [30, 90, 365]

    @Sendable func show(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        try frame.access.require(.readMembers)
        let query = request.queryDictionary
        return try await render(frame, context: context, query: query, thanked: query["thanked"].flatMap { Int($0) })
    }

    @Sendable func thank(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let form = try await FormData.read(request, limit: 32 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        try frame.access.require(.manageLoyalty)
        let points = form["points"].flatMap { $0.isEmpty ? nil : $0 }
        let reward = form["rewardId"].flatMap { $0.isEmpty ? nil : $0 }
        var errors: [FieldError] = []
        if let points, Int64(points) == nil { errors.append(FieldError("points", "must be a whole number from 1 to \(AmbassadorThanks.maximumPoints)")) }
        let checked = AmbassadorThanks.checked(memberIDs: form.all("member").compactMap { Int64($0) }, points: points.flatMap { Int64($0) },
                                               rewardID: reward.flatMap { Int64($0) }, message: form["message"])
        let query = ["days": form["days"] ?? "", "activation": form["activation"] ?? ""]
        switch checked {
        case .failure(let error):
            return try await render(frame, context: context, query: query, form: form, errors: errors + error.fieldErrors, status: .unprocessableContent)
        case .success(let thanks):
            guard errors.isEmpty else {
                return try await render(frame, context: context, query: query, form: form, errors: errors, status: .unprocessableContent)
            }
            do {
                let receipts = try await services.ambassadors.thank(thanks, brand: frame.brand, access: frame.access)
                return Response(status: .seeOther, headers: [.location: "/loyalty?thanked=\(receipts.count)"])
            } catch let error as AppError where [.unprocessableContent, .notFound, .conflict].contains(error.status) {
                return try await render(frame, context: context, query: query, form: form,
                                        errors: [FieldError("form", error.detail)], status: .unprocessableContent)
            }
        }
    }

    private func render(_ frame: BackOfficeFrame, context: StaffContext, query: [String: String], form: FormData? = nil,
                        errors: [FieldError] = [], status: HTTPResponse.Status = .ok, thanked: Int? = nil) async throws -> Response {
        let access = frame.access
        let language = context.language
        let days = query["days"].flatMap { Int($0) }.flatMap { Self.periods.contains($0) ? $0 : nil } ?? 30
        let now = Clock.nowMillis()
        let period = LeaderboardPeriod(from: now - Int64(days) * Clock.dayMillis, to: now)
        let activations = try await services.activations.list(access: access, page: PageRequest(limit: 100, afterID: nil)).items
        let activationID = query["activation"].flatMap { Int64($0) }.flatMap { id in activations.contains { $0.id == id } ? id : nil }
        let board = try await services.ambassadors.leaderboard(access: access, period: period, activationID: activationID, limit: 20)
        let chosen = Set(form?.all("member") ?? [])
        let rewards = try await services.rewards.list(brandID: access.brandID, status: .active, page: PageRequest(limit: 100, afterID: nil)).items
        let sent = try await services.ambassadors.thanksSent(access: access, page: PageRequest(limit: 10, afterID: nil)).items
        let ladder = try await services.database.readOnly { sql in try await services.loyaltySettings.ladder(brandID: access.brandID, on: sql) }
        let allRewards = try await services.rewards.list(brandID: access.brandID, status: nil, page: PageRequest(limit: 100, afterID: nil)).items
        func error(_ field: String) -> Any { errors.first { $0.field == field }.map { FieldMessages.localized($0.message, language) } as Any }
        return renderer.page("loyalty", frame.values([
            "periods": Self.periods.map { ["days": $0, "selected": $0 == days, "label": Strings.get("loyalty_last_days", language).replacingOccurrences(of: "{n}", with: String($0))] },
            "days": days,
            "activations": activations.map { ["id": $0.id, "title": $0.content.title(language.rawValue), "selected": $0.id == activationID] },
            "activation": activationID.map(String.init) ?? "",
            "lines": board.map { line -> [String: Any] in
                ["rank": line.rank, "memberID": line.memberID, "name": line.publicName, "points": line.points, "earnings": line.earnings,
                 "reached": MemberPages.moment(line.reachedAt), "checked": chosen.contains(String(line.memberID))]
            },
            "empty": board.isEmpty,
            "canThank": access.can(.manageLoyalty),
            "rewards": rewards.map { ["id": $0.id, "name": $0.name, "selected": form?["rewardId"] == String($0.id)] },
            "points": form?["points"] ?? "", "message": form?["message"] ?? "",
            "pointsError": error("points"), "messageError": error("message"), "membersError": error("memberIds"),
            "rewardError": error("rewardId"), "formError": error("form"),
            "thanked": thanked as Any,
            "sent": sent.map { thanks -> [String: Any] in
                ["memberID": thanks.memberID,
                 "name": PublicName.of(firstName: thanks.firstName, lastName: thanks.lastName),
                 "points": thanks.points as Any, "reward": thanks.rewardName as Any, "message": thanks.message,
                 "by": thanks.thankedBy, "when": MemberPages.moment(thanks.thankedAt)]
            },
            "hasSent": !sent.isEmpty,
            "catalogue": allRewards.map { reward -> [String: Any] in
                ["id": reward.id, "name": reward.name, "cost": reward.costPoints, "stock": reward.stock.map(String.init) ?? "∞",
                 "tier": reward.minimumTier ?? "—", "redeemed": reward.redeemed, "active": reward.status == .active]
            },
            "hasCatalogue": !allRewards.isEmpty,
            "tiers": ladder.tiers.map { ["name": $0.name, "threshold": $0.threshold, "multiplier": Double($0.multiplierPercent) / 100, "benefits": $0.benefits] },
            "hasTiers": !ladder.tiers.isEmpty,
            "tiersWindow": Strings.get("loyalty_tiers_window", language).replacingOccurrences(of: "{n}", with: String(ladder.windowDays)),
        ], active: "loyalty").merging(LoyaltyTabs.values("overview")) { $1 }, language: language, status: status)
    }
}
