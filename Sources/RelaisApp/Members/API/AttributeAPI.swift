import Foundation
import Hummingbird

/// `/api/v1/attributes`: the brand's custom attribute definitions.
struct AttributeAPI: Sendable {
    let services: AppServices

    func addRoutes(to group: RouterGroup<APIContext>) {
        group.get("attributes", use: list)
        group.post("attributes", use: define)
    }

    @Sendable func list(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.readMembers)
        let brandID = context.access.brandID
        let definitions = try await services.database.read { sql in try await services.attributes.definitions(brandID: brandID, on: sql) }
        return try JSONOutput.response(definitions.map(AttributeDefinitionDTO.init))
    }

    @Sendable func define(_ request: Request, context: APIContext) async throws -> Response {
        try context.access.require(.manageConsentSettings)
        let input = try await JSONInput.decode(AttributeInput.self, from: request, limit: 64 * 1024)
        let access = context.access
        let definition = try await services.database.transaction { sql in
            let definition = try await services.attributes.define(brandID: access.brandID, key: input.key, label: input.label,
                                                                  type: input.type, choices: input.choices ?? [], on: sql)
            try await services.audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                            action: "attribute.defined", targetKind: "attribute", targetID: definition.id,
                                            details: ["key": definition.key], on: sql)
            return definition
        }
        return try JSONOutput.response(AttributeDefinitionDTO(definition), status: .created)
    }
}

/// Body of a new attribute definition.
struct AttributeInput: APIInput {
    static let fieldNames: Set<String> = ["key", "label", "type", "choices"]
    var key: String
    var label: String
    var type: AttributeType
    var choices: [String]?
}

/// An attribute definition as the API shows it.
struct AttributeDefinitionDTO: Codable, Sendable {
    var key: String
    var label: String
    var type: AttributeType
    var choices: [String]

    init(_ definition: AttributeDefinition) {
        key = definition.key; label = definition.label; type = definition.valueType; choices = definition.choices
    }
}
