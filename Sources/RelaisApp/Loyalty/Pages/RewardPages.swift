import Foundation
import Hummingbird

/// The back-office rewards catalogue: the list, and a form to add or change a reward (cost,
/// stock, minimum tier, validity of its coupons). Only those who may change loyalty settings
/// for the whole brand get the forms.
struct RewardPages: Sendable {
    let services: AppServices
    let renderer: PageRenderer

    func addRoutes(to staff: RouterGroup<StaffContext>) {
        staff.get("loyalty/rewards", use: list)
        staff.get("loyalty/rewards/new", use: newReward)
        staff.post("loyalty/rewards", use: create)
        staff.get("loyalty/rewards/{id}", use: show)
        staff.post("loyalty/rewards/{id}", use: update)
    }

    @Sendable func list(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        try frame.access.require(.readMembers)
        let page = try await services.rewards.list(brandID: frame.access.brandID, status: nil, page: try PageRequest(query: request.queryDictionary))
        return renderer.page("loyalty_rewards", frame.values([
            "rewards": page.items.map { reward -> [String: Any] in
                ["id": reward.id, "name": reward.name, "cost": reward.costPoints, "stock": reward.stock.map(String.init) ?? "∞",
                 "tier": reward.minimumTier ?? "—", "validity": reward.couponValidityDays, "redeemed": reward.redeemed,
                 "active": reward.status == .active]
            },
            "empty": page.items.isEmpty,
            "next": page.nextCursor.map { "/loyalty/rewards?cursor=\($0)" } as Any,
            "canEdit": Self.canEdit(frame.access),
        ], active: "loyalty").merging(LoyaltyTabs.values("rewards")) { $1 }, language: context.language)
    }

    @Sendable func newReward(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        try RewardActions.requireEditor(frame.access)
        return try await editor(frame, context: context, reward: nil, fields: Fields(), errors: [])
    }

    @Sendable func show(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        try frame.access.require(.readMembers)
        let reward = try await services.rewardActions.reward(try context.parameters.id("id", what: "reward"), access: frame.access)
        return try await editor(frame, context: context, reward: reward, fields: Fields(reward), errors: [],
                                saved: request.queryDictionary["saved"] != nil)
    }

    @Sendable func create(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let form = try await FormData.read(request, limit: 16 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        try RewardActions.requireEditor(frame.access)
        return try await submit(form, frame: frame, context: context, reward: nil)
    }

    @Sendable func update(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let form = try await FormData.read(request, limit: 16 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        try RewardActions.requireEditor(frame.access)
        let reward = try await services.rewardActions.reward(try context.parameters.id("id", what: "reward"), access: frame.access)
        return try await submit(form, frame: frame, context: context, reward: reward)
    }

    private func submit(_ form: FormData, frame: BackOfficeFrame, context: StaffContext, reward: Reward?) async throws -> Response {
        let fields = Fields(form)
        let ladder = try await services.rewardActions.ladder(access: frame.access)
        switch fields.checked(ladder: ladder) {
        case .failure(let error):
            return try await editor(frame, context: context, reward: reward, fields: fields, errors: error.fieldErrors, status: .unprocessableContent)
        case .success(let draft):
            do {
                let saved: Reward
                if let reward {
                    saved = try await services.rewardActions.update(reward.id, draft, access: frame.access)
                } else {
                    saved = try await services.rewardActions.create(draft, access: frame.access)
                }
                return Response(status: .seeOther, headers: [.location: "/loyalty/rewards/\(saved.id)?saved=1"])
            } catch let error as AppError where error.status == .unprocessableContent {
                return try await editor(frame, context: context, reward: reward, fields: fields, errors: error.fieldErrors, status: .unprocessableContent)
            }
        }
    }

    private func editor(_ frame: BackOfficeFrame, context: StaffContext, reward: Reward?, fields: Fields, errors: [FieldError],
                        saved: Bool = false, status: HTTPResponse.Status = .ok) async throws -> Response {
        let language = context.language
        let ladder = try await services.rewardActions.ladder(access: frame.access)
        func error(_ field: String) -> Any { errors.first { $0.field == field }.map { FieldMessages.localized($0.message, language) } as Any }
        return renderer.page("loyalty_reward", frame.values([
            "reward": reward.map { ["id": $0.id, "redeemed": $0.redeemed] } as Any,
            "isNew": reward == nil,
            "action": reward.map { "/loyalty/rewards/\($0.id)" } ?? "/loyalty/rewards",
            "canEdit": Self.canEdit(frame.access),
            "saved": saved,
            "name": fields.name, "description": fields.description, "costPoints": fields.costPoints, "stock": fields.stock,
            "validity": fields.validity,
            "codesGenerated": fields.codes != RewardCodes.list.rawValue, "codesList": fields.codes == RewardCodes.list.rawValue,
            "statusActive": fields.status != RewardStatus.retired.rawValue, "statusRetired": fields.status == RewardStatus.retired.rawValue,
            "tiers": ladder.tiers.map { ["name": $0.name, "selected": $0.name.lowercased() == fields.minimumTier.lowercased()] },
            "nameError": error("name"), "descriptionError": error("description"), "costPointsError": error("costPoints"),
            "stockError": error("stock"), "codesError": error("codes"), "validityError": error("couponValidityDays"),
            "statusError": error("status"), "minimumTierError": error("minimumTier"),
            "hasErrors": !errors.isEmpty,
        ], active: "loyalty").merging(LoyaltyTabs.values("rewards")) { $1 }, language: language, status: status)
    }

    /// Whether the access may use the forms (loyalty settings, for the whole brand).
    static func canEdit(_ access: BrandAccess) -> Bool { (try? RewardActions.requireEditor(access)) != nil }

    /// The reward form's fields as typed, so a refused form comes back as it was sent.
    struct Fields {
        var name = ""
        var description = ""
        var costPoints = ""
        var stock = ""
        var codes = RewardCodes.generated.rawValue
        var validity = "90"
        var status = RewardStatus.active.rawValue
        var minimumTier = ""
        private var form: FormData?

        init() {}

        init(_ reward: Reward) {
            name = reward.name
            description = reward.description
            costPoints = String(reward.costPoints)
            stock = reward.stock.map(String.init) ?? ""
            codes = reward.codes.rawValue
            validity = String(reward.couponValidityDays)
            status = reward.status.rawValue
            minimumTier = reward.minimumTier ?? ""
        }

        init(_ form: FormData) {
            name = form["name"] ?? ""
            description = form["description"] ?? ""
            costPoints = form["costPoints"] ?? ""
            stock = form["stock"] ?? ""
            codes = form["codes"] ?? ""
            validity = form["couponValidityDays"] ?? ""
            status = form["status"] ?? ""
            minimumTier = form["minimumTier"] ?? ""
            self.form = form
        }

        /// The checked reward, or a validation error with every problem and its field.
        func checked(ladder: TierLadder) -> Result<RewardDraft, AppError> {
            let form = form ?? FormData()
            var errors: [FieldError] = []
            let cost = form.wholeNumber("costPoints", errors: &errors)
            let stock = form.wholeNumber("stock", errors: &errors).map { Int(clamping: $0) }
            let validity = form.wholeNumber("couponValidityDays", errors: &errors).map { Int(clamping: $0) }
            switch RewardDraft.checked(name: name, description: description, costPoints: cost, stock: stock, codes: codes.isEmpty ? nil : codes,
                                       couponValidityDays: validity, status: status.isEmpty ? nil : status,
                                       minimumTier: minimumTier, ladder: ladder) {
            case .success(let draft) where errors.isEmpty: return .success(draft)
            case .success: return .failure(.validation(errors))
            case .failure(let error): return .failure(.validation(errors.merged(with: error.fieldErrors)))
            }
        }
    }
}
