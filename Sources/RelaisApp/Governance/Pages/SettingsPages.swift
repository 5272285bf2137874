import Foundation
import Hummingbird

/// Brand settings in the back-office: consent purposes with their versioned wordings, and custom attributes.
struct SettingsPages: Sendable {
    let services: AppServices
    let renderer: PageRenderer

    func addRoutes(to staff: RouterGroup<StaffContext>) {
        staff.get("settings/consent", use: show)
        staff.post("settings/consent/purposes", use: createPurpose)
        staff.post("settings/consent/wordings", use: publishWording)
        staff.post("settings/attributes", use: defineAttribute)
    }

    @Sendable func show(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        return try await render(frame, context: context, notice: request.queryDictionary["done"].map { _ in Strings.get("saved", context.language) })
    }

    private func render(_ frame: BackOfficeFrame, context: StaffContext, notice: String? = nil, errors: [FieldError] = [], status: HTTPResponse.Status = .ok) async throws -> Response {
        try frame.access.require(.readConsent)
        let brandID = frame.brand.id
        let (purposes, attributes) = try await services.database.read { sql in
            var rows: [(ConsentPurpose, [ConsentWording])] = []
            for purpose in try await services.consentSettings.purposes(brandID: brandID, on: sql) {
                rows.append((purpose, try await services.consentSettings.wordings(purposeID: purpose.id, on: sql)))
            }
            return (rows, try await services.attributes.definitions(brandID: brandID, on: sql))
        }
        return renderer.page("settings", frame.values([
            "purposes": purposes.map { purpose, wordings in
                [
                    "key": purpose.key, "label": purpose.label, "marketing": purpose.isMarketing,
                    "wordings": wordings.map { ["version": $0.version, "language": $0.language, "body": $0.body, "hash": String($0.sha256.prefix(12))] },
                ] as [String: Any]
            },
            "attributes": attributes.map { ["key": $0.key, "label": $0.label, "type": $0.valueType.rawValue, "choices": $0.choices.joined(separator: ", ")] },
            "types": AttributeType.allCases.map(\.rawValue),
            "canEdit": frame.access.can(.manageConsentSettings),
            "notice": notice as Any,
            "errors": errors.map { ["field": $0.field, "message": FieldMessages.localized($0.message, context.language)] },
        ], active: "settings"), language: context.language, status: status)
    }

    @Sendable func createPurpose(_ request: Request, context: StaffContext) async throws -> Response {
        try await handle(request, context: context) { form, frame in
            let access = frame.access
            try await services.database.transaction { sql in
                let purpose = try await services.consentSettings.createPurpose(brandID: access.brandID, key: form["key"] ?? "", label: form["label"] ?? "",
                                                                               isMarketing: form["marketing"] != nil, on: sql)
                for language in ["fr", "en"] {
                    if let body = form["wording_\(language)"] {
                        _ = try await services.consentSettings.publishWording(purpose: purpose, language: language, body: body, on: sql)
                    }
                }
                try await services.audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                                action: "consent_purpose.created", targetKind: "consent_purpose", targetID: purpose.id,
                                                details: ["key": purpose.key], on: sql)
            }
        }
    }

    @Sendable func publishWording(_ request: Request, context: StaffContext) async throws -> Response {
        try await handle(request, context: context) { form, frame in
            let access = frame.access
            try await services.database.transaction { sql in
                guard let purpose = try await services.consentSettings.purposes(brandID: access.brandID, on: sql).first(where: { $0.key == form["key"] }) else {
                    throw AppError.invalid("key", "is not a purpose of this brand")
                }
                let wording = try await services.consentSettings.publishWording(purpose: purpose, language: form["language"] ?? "", body: form["body"] ?? "", on: sql)
                try await services.audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                                action: "consent_wording.published", targetKind: "consent_purpose", targetID: purpose.id,
                                                details: ["language": wording.language, "version": String(wording.version)], on: sql)
            }
        }
    }

    @Sendable func defineAttribute(_ request: Request, context: StaffContext) async throws -> Response {
        try await handle(request, context: context) { form, frame in
            guard let type = AttributeType(rawValue: form["type"] ?? "") else { throw AppError.invalid("type", "choose a type") }
            let access = frame.access
            try await services.database.transaction { sql in
                let definition = try await services.attributes.define(
                    brandID: access.brandID, key: form["key"] ?? "", label: form["label"] ?? "", type: type,
                    choices: (form["choices"] ?? "").split(separator: ",").map(String.init), on: sql)
                try await services.audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                                action: "attribute.defined", targetKind: "attribute", targetID: definition.id,
                                                details: ["key": definition.key], on: sql)
            }
        }
    }

    /// Checks CSRF and permission, runs the change, and re-shows the page with the errors if it was refused.
    private func handle(_ request: Request, context: StaffContext, change: (FormData, BackOfficeFrame) async throws -> Void) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let form = try await FormData.read(request, limit: 64 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        try frame.access.require(.manageConsentSettings)
        do {
            try await change(form, frame)
        } catch let error as AppError where error.status == .unprocessableContent || error.status == .conflict {
            let errors = error.fieldErrors.isEmpty ? [FieldError("", error.detail)] : error.fieldErrors
            return try await render(frame, context: context, errors: errors, status: error.status)
        }
        return Response(status: .seeOther, headers: [.location: "/settings/consent?done=1"])
    }
}
