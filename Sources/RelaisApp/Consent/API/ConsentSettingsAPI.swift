import Foundation
import Hummingbird

/// `/api/v1/consent-purposes`: the brand's purposes and their versioned wordings.
struct ConsentSettingsAPI: Sendable {
    let services: AppServices

    func addRoutes(to group: RouterGroup<APIContext>) {
        group.get("consent-purposes", use: list)
        group.post("consent-purposes", use: create)
        group.post("consent-purposes/{key}/wordings", use: publishWording)
    }

    @Sendable func list(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readConsent)
        let brandID = context.access.brandID
        let purposes = try await services.database.read { sql in
            var result: [PurposeDTO] = []
            for purpose in try await services.consentSettings.purposes(brandID: brandID, on: sql) {
                let wordings = try await services.consentSettings.wordings(purposeID: purpose.id, on: sql)
                result.append(PurposeDTO(purpose, wordings: wordings))
            }
            return result
        }
        return try JSONOutput.response(purposes)
    }

    @Sendable func create(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.manageConsentSettings)
        let input = try await JSONInput.decode(PurposeInput.self, from: request, limit: 64 * 1024)
        let access = context.access
        let purpose = try await services.database.transaction { sql in
            let purpose = try await services.consentSettings.createPurpose(brandID: access.brandID, key: input.key, label: input.label,
                                                                           isMarketing: input.isMarketing ?? true, on: sql)
            var wordings: [ConsentWording] = []
            for (language, body) in (input.wordings ?? [:]).sorted(by: { $0.key < $1.key }) {
                wordings.append(try await services.consentSettings.publishWording(purpose: purpose, language: language, body: body, on: sql))
            }
            try await services.audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                            action: "consent_purpose.created", targetKind: "consent_purpose", targetID: purpose.id,
                                            details: ["key": purpose.key], on: sql)
            return PurposeDTO(purpose, wordings: wordings)
        }
        return try JSONOutput.response(purpose, status: .created)
    }

    @Sendable func publishWording(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.manageConsentSettings)
        let key = context.parameters.get("key") ?? ""
        let input = try await JSONInput.decode(WordingInput.self, from: request, limit: 64 * 1024)
        let access = context.access
        let wording = try await services.database.transaction { sql in
            guard let purpose = try await services.consentSettings.purposes(brandID: access.brandID, on: sql).first(where: { $0.key == key }) else {
                throw AppError.notFound("consent purpose")
            }
            let wording = try await services.consentSettings.publishWording(purpose: purpose, language: input.language, body: input.body, on: sql)
            try await services.audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                            action: "consent_wording.published", targetKind: "consent_purpose", targetID: purpose.id,
                                            details: ["language": wording.language, "version": String(wording.version), "sha256": wording.sha256], on: sql)
            return wording
        }
        return try JSONOutput.response(WordingDTO(wording), status: .created)
    }
}

/// Body of a new purpose.
struct PurposeInput: APIInput {
    static let fieldNames: Set<String> = ["key", "label", "isMarketing", "wordings"]
    var key: String
    var label: String
    var isMarketing: Bool?
    /// First wordings by language (fr, en).
    var wordings: [String: String]?
}

/// Body of a new wording version.
struct WordingInput: APIInput {
    static let fieldNames: Set<String> = ["language", "body"]
    var language: String
    var body: String
}

/// A purpose as the API shows it.
struct PurposeDTO: Codable, Sendable {
    var key: String
    var label: String
    var isMarketing: Bool
    var wordings: [WordingDTO]

    init(_ purpose: ConsentPurpose, wordings: [ConsentWording]) {
        key = purpose.key; label = purpose.label; isMarketing = purpose.isMarketing; self.wordings = wordings.map(WordingDTO.init)
    }
}

/// A wording version as the API shows it.
struct WordingDTO: Codable, Sendable {
    var version: Int
    var language: String
    var body: String
    var sha256: String

    init(_ wording: ConsentWording) {
        version = wording.version; language = wording.language; body = wording.body; sha256 = wording.sha256
    }
}
