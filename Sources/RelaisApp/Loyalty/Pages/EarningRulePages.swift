import Foundation
import Hummingbird

/// The back-office earning rules editor: the brand's rules, a rule's form with its versions,
/// saving (a new version), deactivating, and a preview over the last 30 days that saves nothing.
/// Everyone who reads members sees the rules; only those who may change loyalty settings for
/// the whole brand get the forms.
struct EarningRulePages: Sendable {
    let services: AppServices
    let renderer: PageRenderer

    func addRoutes(to staff: RouterGroup<StaffContext>) {
        staff.get("loyalty/rules", use: list)
        staff.get("loyalty/rules/new", use: newRule)
        staff.post("loyalty/rules", use: create)
        staff.get("loyalty/rules/{id}", use: show)
        staff.post("loyalty/rules/{id}", use: update)
        staff.post("loyalty/rules/{id}/active", use: setActive)
    }

    @Sendable func list(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        try frame.access.require(.readMembers)
        let page = try await services.earningRuleActions.list(access: frame.access, page: try PageRequest(query: request.queryDictionary))
        let language = context.language
        return renderer.page("loyalty_rules", frame.values([
            "rules": page.items.map { rule -> [String: Any] in
                let definition = rule.definition
                return ["id": rule.id, "name": definition.name, "trigger": Self.triggerLabel(definition.trigger, language),
                        "points": definition.points, "perEuro": definition.pointsPerEuro.map(String.init) ?? "—",
                        "caps": Self.caps(definition, language), "version": rule.version, "active": rule.active,
                        "updated": MemberPages.moment(rule.updatedAt)]
            },
            "empty": page.items.isEmpty,
            "next": page.nextCursor.map { "/loyalty/rules?cursor=\($0)" } as Any,
            "canEdit": Self.canEdit(frame.access),
            "saved": request.queryDictionary["saved"] != nil,
        ], active: "loyalty").merging(LoyaltyTabs.values("rules")) { $1 }, language: language)
    }

    @Sendable func newRule(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        try EarningRuleActions.requireEditor(frame.access)
        return try await editor(frame, context: context, rule: nil, fields: Fields(), errors: [])
    }

    @Sendable func show(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        try frame.access.require(.readMembers)
        let rule = try await services.earningRuleActions.rule(try context.parameters.id("id", what: "earning rule"), access: frame.access)
        return try await editor(frame, context: context, rule: rule, fields: Fields(rule), errors: [],
                                saved: request.queryDictionary["saved"] != nil)
    }

    @Sendable func create(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let form = try await FormData.read(request, limit: 16 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        try EarningRuleActions.requireEditor(frame.access)
        return try await submit(form, frame: frame, context: context, rule: nil)
    }

    @Sendable func update(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let form = try await FormData.read(request, limit: 16 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        try EarningRuleActions.requireEditor(frame.access)
        let rule = try await services.earningRuleActions.rule(try context.parameters.id("id", what: "earning rule"), access: frame.access)
        return try await submit(form, frame: frame, context: context, rule: rule)
    }

    /// Deactivates or reactivates a rule: a new version with the same definition.
    @Sendable func setActive(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let form = try await FormData.read(request, limit: 4 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        try EarningRuleActions.requireEditor(frame.access)
        let id = try context.parameters.id("id", what: "earning rule")
        let rule = try await services.earningRuleActions.rule(id, access: frame.access)
        _ = try await services.earningRuleActions.update(id, rule.definition, active: form["active"] == "1", access: frame.access)
        return Response(status: .seeOther, headers: [.location: "/loyalty/rules/\(id)?saved=1"])
    }

    /// Saves the form, or previews it when the preview button was pressed; field errors re-render the form.
    private func submit(_ form: FormData, frame: BackOfficeFrame, context: StaffContext, rule: EarningRule?) async throws -> Response {
        let fields = Fields(form)
        let definition: EarningRuleDefinition
        switch fields.checked() {
        case .failure(let error):
            return try await editor(frame, context: context, rule: rule, fields: fields, errors: error.fieldErrors, status: .unprocessableContent)
        case .success(let value):
            definition = value
        }
        if form["intent"] == "preview" {
            let preview = try await services.earningRuleActions.preview(definition, access: frame.access)
            return try await editor(frame, context: context, rule: rule, fields: fields, errors: [], preview: preview)
        }
        let saved: EarningRule
        if let rule {
            saved = try await services.earningRuleActions.update(rule.id, definition, active: nil, access: frame.access)
        } else {
            saved = try await services.earningRuleActions.create(definition, active: fields.active, access: frame.access)
        }
        return Response(status: .seeOther, headers: [.location: "/loyalty/rules/\(saved.id)?saved=1"])
    }

    private func editor(_ frame: BackOfficeFrame, context: StaffContext, rule: EarningRule?, fields: Fields, errors: [FieldError],
                        preview: EarningRuleActions.PreviewResult? = nil, saved: Bool = false,
                        status: HTTPResponse.Status = .ok) async throws -> Response {
        let language = context.language
        var versions: [(version: Int, definition: EarningRuleDefinition, active: Bool, changedBy: String, changedAt: Int64)] = []
        if let rule { versions = try await services.earningRuleActions.versions(rule.id, access: frame.access) }
        func error(_ field: String) -> Any { errors.first { $0.field == field }.map { FieldMessages.localized($0.message, language) } as Any }
        let previewText = preview.map { result in
            Strings.get("rules_preview_result", language).replacingOccurrences(of: "{events}", with: String(result.preview.events))
                .replacingOccurrences(of: "{earning}", with: String(result.preview.earning))
                .replacingOccurrences(of: "{points}", with: String(result.preview.points))
                .replacingOccurrences(of: "{members}", with: String(result.preview.members))
        }
        return renderer.page("loyalty_rule", frame.values([
            "rule": rule.map { ["id": $0.id, "version": $0.version, "active": $0.active] } as Any,
            "isNew": rule == nil,
            "action": rule.map { "/loyalty/rules/\($0.id)" } ?? "/loyalty/rules",
            "canEdit": Self.canEdit(frame.access),
            "saved": saved,
            "name": fields.name, "points": fields.points, "pointsPerEuro": fields.pointsPerEuro,
            "maxPerDay": fields.maxPerDay, "maxPerActivation": fields.maxPerActivation, "activeChecked": fields.active,
            "triggers": EarningTrigger.all.map { ["kind": $0.kind, "label": Self.triggerLabel($0.kind, language), "selected": $0.kind == fields.trigger,
                                                  "hasAmount": $0.hasAmount] },
            "nameError": error("name"), "triggerError": error("trigger"), "pointsError": error("points"),
            "pointsPerEuroError": error("pointsPerEuro"), "maxPerDayError": error("maxPerDay"), "maxPerActivationError": error("maxPerActivation"),
            "hasErrors": !errors.isEmpty,
            "preview": previewText as Any,
            "previewPeriod": preview.map { "\(MemberPages.day($0.from)) → \(MemberPages.day($0.to))" } as Any,
            "versions": versions.map { version -> [String: Any] in
                ["version": version.version, "name": version.definition.name, "trigger": Self.triggerLabel(version.definition.trigger, language),
                 "points": version.definition.points, "perEuro": version.definition.pointsPerEuro.map(String.init) ?? "—",
                 "caps": Self.caps(version.definition, language), "active": version.active, "by": version.changedBy,
                 "when": MemberPages.moment(version.changedAt)]
            },
            "hasVersions": !versions.isEmpty,
        ], active: "loyalty").merging(LoyaltyTabs.values("rules")) { $1 }, language: language, status: status)
    }

    /// Whether the access may use the forms (loyalty settings, for the whole brand).
    static func canEdit(_ access: BrandAccess) -> Bool { (try? EarningRuleActions.requireEditor(access)) != nil }

    /// A trigger in the page's language (its event kind when unknown).
    static func triggerLabel(_ kind: String, _ language: UILanguage) -> String {
        let key = "trigger_" + kind.replacingOccurrences(of: ".", with: "_")
        let label = Strings.get(key, language)
        return label == key ? kind : label
    }

    /// The caps of a rule in words, "—" without any.
    static func caps(_ definition: EarningRuleDefinition, _ language: UILanguage) -> String {
        let parts = [definition.maxPerDay.map { Strings.get("rules_cap_day", language).replacingOccurrences(of: "{n}", with: String($0)) },
                     definition.maxPerActivation.map { Strings.get("rules_cap_activation", language).replacingOccurrences(of: "{n}", with: String($0)) }]
        let text = parts.compactMap { $0 }.joined(separator: " · ")
        return text.isEmpty ? "—" : text
    }

    /// The rule form's fields as typed, so a refused form comes back as it was sent.
    struct Fields {
        var name = ""
        var trigger = EarningTrigger.all[0].kind
        var points = ""
        var pointsPerEuro = ""
        var maxPerDay = ""
        var maxPerActivation = ""
        var active = true

        init() {}

        init(_ rule: EarningRule) {
            let definition = rule.definition
            name = definition.name
            trigger = definition.trigger
            points = String(definition.points)
            pointsPerEuro = definition.pointsPerEuro.map(String.init) ?? ""
            maxPerDay = definition.maxPerDay.map(String.init) ?? ""
            maxPerActivation = definition.maxPerActivation.map(String.init) ?? ""
            active = rule.active
        }

        init(_ form: FormData) {
            name = form["name"] ?? ""
            trigger = form["trigger"] ?? ""
            points = form["points"] ?? ""
            pointsPerEuro = form["pointsPerEuro"] ?? ""
            maxPerDay = form["maxPerDay"] ?? ""
            maxPerActivation = form["maxPerActivation"] ?? ""
            active = form["active"] == "1"
            self.form = form
        }

        private var form: FormData?

        /// The checked definition, or a validation error with every problem and its field.
        func checked() -> Result<EarningRuleDefinition, AppError> {
            let form = form ?? FormData()
            var errors: [FieldError] = []
            let points = form.wholeNumber("points", errors: &errors)
            let perEuro = form.wholeNumber("pointsPerEuro", errors: &errors)
            let perDay = form.wholeNumber("maxPerDay", errors: &errors).map { Int(clamping: $0) }
            let perActivation = form.wholeNumber("maxPerActivation", errors: &errors).map { Int(clamping: $0) }
            switch EarningRuleDefinition.checked(name: name, trigger: trigger, points: points, pointsPerEuro: perEuro,
                                                 maxPerDay: perDay, maxPerActivation: perActivation) {
            case .success(let definition) where errors.isEmpty: return .success(definition)
            case .success: return .failure(.validation(errors))
            case .failure(let error): return .failure(.validation(errors.merged(with: error.fieldErrors)))
            }
        }
    }
}
