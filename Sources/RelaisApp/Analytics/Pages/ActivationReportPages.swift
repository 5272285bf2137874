import Foundation
import Hummingbird

/// The back-office activation report: costs by category (chart and lines, with the budget form),
/// declared vs measured reach, outcomes from click to shop (chart and table), cost per outcome,
/// attributed value and ROI, readable at a glance and printable; and its CSV.
struct ActivationReportPages: Sendable {
    let services: AppServices
    let renderer: PageRenderer

    func addRoutes(to staff: RouterGroup<StaffContext>) {
        staff.get("activations/{id}/report", use: show)
        staff.get("activations/{id}/report.csv", use: csv)
        staff.post("activations/{id}/report/budget-lines", use: addLine)
        staff.post("activations/{id}/report/budget-lines/{lineId}/remove", use: removeLine)
        staff.post("activations/{id}/report/declared-reach", use: addReach)
        staff.post("activations/{id}/report/value-model", use: saveModel)
        staff.post("activations/{id}/report/declared-reach/{reachId}/remove", use: removeReach)
    }

    @Sendable func show(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        try frame.access.require(.readMembers)
        let activation = try await activation(context, frame)
        return try await page(frame, context: context, activation: activation, form: LineFields(), errors: [],
                              added: request.queryDictionary["added"] != nil)
    }

    @Sendable func csv(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        try frame.access.require(.readMembers)
        let report = try await services.activationReports.report(try await activation(context, frame))
        return ImportAPI.csvResponse(ReportCSV.csv(report), fileName: "activation-\(report.activation.id)-report.csv")
    }

    @Sendable func addLine(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let form = try await FormData.read(request, limit: 8 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        try frame.access.require(.manageActivations)
        let activation = try await activation(context, frame)
        let fields = LineFields(form)
        switch fields.draft() {
        case .failure(let error):
            return try await page(frame, context: context, activation: activation, form: fields, errors: error.fieldErrors, status: .unprocessableContent)
        case .success(let draft):
            _ = try await services.budgets.addLine(draft, activationID: activation.id, access: frame.access)
            return Response(status: .seeOther, headers: [.location: "/activations/\(activation.id)/report?added=1#costs"])
        }
    }

    @Sendable func removeLine(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let form = try await FormData.read(request, limit: 4 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        let activation = try await activation(context, frame)
        try await services.budgets.removeLine(try context.parameters.id("lineId", what: "budget line"), activationID: activation.id, access: frame.access)
        return Response(status: .seeOther, headers: [.location: "/activations/\(activation.id)/report#costs"])
    }

    @Sendable func addReach(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let form = try await FormData.read(request, limit: 8 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        try frame.access.require(.manageActivations)
        let activation = try await activation(context, frame)
        let fields = ReachFields(form)
        switch fields.draft() {
        case .failure(let error):
            return try await page(frame, context: context, activation: activation, form: LineFields(), reachForm: fields,
                                  errors: error.fieldErrors.map { FieldError("reach." + $0.field, $0.message) }, status: .unprocessableContent)
        case .success(let draft):
            _ = try await services.declaredReach.add(draft, activation: activation, access: frame.access)
            return Response(status: .seeOther, headers: [.location: "/activations/\(activation.id)/report#reach"])
        }
    }

    /// The brand's value model, set from the report where its effect is seen.
    @Sendable func saveModel(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let form = try await FormData.read(request, limit: 4 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        try frame.access.require(.manageActivations)
        let activation = try await activation(context, frame)
        let fields = ModelFields(form)
        switch fields.model() {
        case .failure(let error):
            return try await page(frame, context: context, activation: activation, form: LineFields(), modelForm: fields,
                                  errors: error.fieldErrors.map { FieldError("model." + $0.field, $0.message) }, status: .unprocessableContent)
        case .success(let model):
            _ = try await services.valueModels.save(model, access: frame.access)
            return Response(status: .seeOther, headers: [.location: "/activations/\(activation.id)/report#roi"])
        }
    }

    @Sendable func removeReach(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let form = try await FormData.read(request, limit: 4 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        let activation = try await activation(context, frame)
        try await services.declaredReach.remove(try context.parameters.id("reachId", what: "declared reach"), activation: activation, access: frame.access)
        return Response(status: .seeOther, headers: [.location: "/activations/\(activation.id)/report#reach"])
    }

    private func activation(_ context: StaffContext, _ frame: BackOfficeFrame) async throws -> Activation {
        try await services.activations.activation(try context.parameters.id("id", what: "activation"), access: frame.access)
    }

    private func page(_ frame: BackOfficeFrame, context: StaffContext, activation: Activation, form: LineFields,
                      reachForm: ReachFields = ReachFields(), modelForm: ModelFields? = nil, errors: [FieldError],
                      added: Bool = false, status: HTTPResponse.Status = .ok) async throws -> Response {
        let language = context.language
        let report = try await services.activationReports.report(activation)
        var values: [String: Any] = ActivationReportView(report: report, language: language).values()
        func error(_ field: String) -> Any { errors.first { $0.field == field }.map { FieldMessages.localized($0.message, language) } as Any }
        values["canEdit"] = frame.access.can(.manageActivations)
        values["added"] = added
        values["hasErrors"] = !errors.isEmpty
        values["form"] = [
            "categories": BudgetCategory.allCases.map { ["value": $0.rawValue, "label": Strings.get("roi_cat_\($0.rawValue)", language),
                                                         "selected": $0.rawValue == form.category] },
            "label": form.label, "planned": form.planned, "actual": form.actual, "currency": form.currency,
            "categoryError": error("category"), "labelError": error("label"), "plannedError": error("plannedCents"),
            "actualError": error("actualCents"), "currencyError": error("currency"),
        ] as [String: Any]
        values["reachForm"] = ["source": reachForm.source, "impressions": reachForm.impressions, "potential": reachForm.potential,
                               "sourceError": error("reach.source"), "impressionsError": error("reach.impressions"),
                               "potentialError": error("reach.potentialReach")] as [String: Any]
        let model = modelForm ?? ModelFields(report.valueModel)
        values["canEditModel"] = frame.access.can(.manageActivations) && frame.access.unitID == nil
        values["modelForm"] = ["currency": model.currency, "optIn": model.optIn, "newMember": model.newMember, "storeVisit": model.storeVisit,
                               "countRevenue": model.countRevenue, "point": model.point, "pointError": error("model.pointCents"), "currencyError": error("model.currency"), "optInError": error("model.optInCents"),
                               "newMemberError": error("model.newMemberCents"), "storeVisitError": error("model.storeVisitCents")] as [String: Any]
        return renderer.page("activation_report", frame.values(values, active: "activations"), language: language, status: status)
    }

    /// The value-model form's fields as typed; amounts in currency units.
    struct ModelFields {
        var currency = CurrencyCode.euro
        var optIn = ""
        var newMember = ""
        var storeVisit = ""
        var countRevenue = true
        var point = ""

        init(_ model: ValueModel) {
            currency = model.currency
            optIn = MoneyText.field(model.optInCents)
            newMember = MoneyText.field(model.newMemberCents)
            storeVisit = MoneyText.field(model.storeVisitCents)
            countRevenue = model.countRevenue
            point = MoneyText.field(model.pointCents)
        }

        init(_ form: FormData) {
            currency = form["currency"] ?? ""
            optIn = form["optIn"] ?? ""
            newMember = form["newMember"] ?? ""
            storeVisit = form["storeVisit"] ?? ""
            countRevenue = form["countRevenue"] != nil
            point = form["point"] ?? ""
        }

        /// The checked model, or field errors named as in the API.
        func model() -> Result<ValueModel, AppError> {
            var errors: [FieldError] = []
            func cents(_ text: String, _ field: String) -> Int64? {
                guard !text.isEmpty else { return nil }
                guard let value = MoneyText.cents(text) else {
                    errors.append(FieldError(field, "must be an amount such as 1200.50"))
                    return nil
                }
                return value
            }
            let optInCents = cents(optIn, "optInCents"), newMemberCents = cents(newMember, "newMemberCents")
            let storeVisitCents = cents(storeVisit, "storeVisitCents"), pointCents = cents(point, "pointCents")
            switch ValueModel.validated(currency: currency, optInCents: optInCents, newMemberCents: newMemberCents,
                                        storeVisitCents: storeVisitCents, countRevenue: countRevenue, pointCents: pointCents) {
            case .success(let model) where errors.isEmpty: return .success(model)
            case .success: return .failure(.validation(errors))
            case .failure(let error): return .failure(.validation(errors.merged(with: error.fieldErrors)))
            }
        }
    }

    /// The declared-reach form's fields as typed.
    struct ReachFields {
        var source = ""
        var impressions = ""
        var potential = ""

        init() {}

        init(_ form: FormData) {
            source = form["source"] ?? ""
            impressions = form["impressions"] ?? ""
            potential = form["potentialReach"] ?? ""
        }

        /// The checked reach; figures may be typed with spaces between thousands.
        func draft() -> Result<DeclaredReachDraft, AppError> {
            var errors: [FieldError] = []
            func number(_ text: String, _ field: String) -> Int64? {
                let compact = text.filter { !$0.isWhitespace && $0 != "\u{202F}" && $0 != "\u{00A0}" }
                guard !compact.isEmpty else { return nil }
                guard compact.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int64(compact) else {
                    errors.append(FieldError(field, "must be a whole number"))
                    return nil
                }
                return value
            }
            let impressionCount = number(impressions, "impressions"), potentialCount = number(potential, "potentialReach")
            switch DeclaredReachDraft.validated(source: source, impressions: impressionCount, potentialReach: potentialCount) {
            case .success(let draft) where errors.isEmpty: return .success(draft)
            case .success: return .failure(.validation(errors))
            case .failure(let error): return .failure(.validation(errors.merged(with: error.fieldErrors)))
            }
        }
    }

    /// The budget form's fields as typed, so a refused form comes back as it was sent.
    struct LineFields {
        var category = BudgetCategory.media.rawValue
        var label = ""
        var planned = ""
        var actual = ""
        var currency = CurrencyCode.euro

        init() {}

        init(_ form: FormData) {
            category = form["category"] ?? ""
            label = form["label"] ?? ""
            planned = form["planned"] ?? ""
            actual = form["actual"] ?? ""
            currency = form["currency"] ?? ""
        }

        /// The checked line; amounts are typed in currency units and stored in cents.
        func draft() -> Result<BudgetLineDraft, AppError> {
            var errors: [FieldError] = []
            let plannedCents = planned.isEmpty ? nil : MoneyText.cents(planned)
            if !planned.isEmpty && plannedCents == nil { errors.append(FieldError("plannedCents", "must be an amount such as 1200.50")) }
            let actualCents = actual.isEmpty ? nil : MoneyText.cents(actual)
            if !actual.isEmpty && actualCents == nil { errors.append(FieldError("actualCents", "must be an amount such as 1200.50")) }
            switch BudgetLineDraft.validated(category: category, label: label, plannedCents: plannedCents, actualCents: actualCents, currency: currency) {
            case .success(let draft) where errors.isEmpty: return .success(draft)
            case .success: return .failure(.validation(errors))
            case .failure(let error): return .failure(.validation(errors.merged(with: error.fieldErrors)))
            }
        }
    }
}
