import Foundation

/// Whole numbers of a JSON body read field by field, so that `12.5` or `"12"` is reported on its own
/// field (the platform's decoder reports a fractional number as a fault of the whole body).
enum WholeNumberField {
    /// The field's value; nil when absent or null; a field error otherwise.
    static func decode<Key: CodingKey>(_ container: KeyedDecodingContainer<Key>, _ key: Key, message: String) throws -> Int64? {
        guard container.contains(key), try !container.decodeNil(forKey: key) else { return nil }
        guard let value = try? container.decode(Int64.self, forKey: key) else { throw AppError.invalid(key.stringValue, message) }
        return value
    }
}

/// Body of the budget-line routes (create and replace).
struct BudgetLineInput: APIInput {
    static let fieldNames: Set<String> = ["category", "label", "plannedCents", "actualCents", "currency"]
    var category: String?
    var label: String?
    var plannedCents: Int64?
    var actualCents: Int64?
    var currency: String?

    private enum CodingKeys: String, CodingKey { case category, label, plannedCents, actualCents, currency }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        category = try container.decodeIfPresent(String.self, forKey: .category)
        label = try container.decodeIfPresent(String.self, forKey: .label)
        plannedCents = try WholeNumberField.decode(container, .plannedCents, message: "must be a whole number of cents")
        actualCents = try WholeNumberField.decode(container, .actualCents, message: "must be a whole number of cents")
        currency = try container.decodeIfPresent(String.self, forKey: .currency)
    }

    /// The checked draft, or field errors.
    func draft() throws -> BudgetLineDraft {
        try BudgetLineDraft.validated(category: category, label: label, plannedCents: plannedCents, actualCents: actualCents, currency: currency).get()
    }
}

/// A budget line as the API shows it.
struct BudgetLineDTO: Codable, Sendable {
    var id: Int64
    var activationId: Int64?
    var category: String
    var label: String
    var plannedCents: Int64
    var actualCents: Int64?
    var currency: String
    var createdAt: String
    var updatedAt: String

    init(_ line: BudgetLine) {
        id = line.id; activationId = line.activationID; category = line.category.rawValue; label = line.label
        plannedCents = line.plannedCents; actualCents = line.actualCents; currency = line.currency
        createdAt = Clock.iso(line.createdAt); updatedAt = Clock.iso(line.updatedAt)
    }
}

/// Body of the declared-reach routes (create and replace).
struct DeclaredReachInput: APIInput {
    static let fieldNames: Set<String> = ["source", "impressions", "potentialReach"]
    var source: String?
    var impressions: Int64?
    var potentialReach: Int64?

    private enum CodingKeys: String, CodingKey { case source, impressions, potentialReach }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        source = try container.decodeIfPresent(String.self, forKey: .source)
        impressions = try WholeNumberField.decode(container, .impressions, message: "must be a whole number")
        potentialReach = try WholeNumberField.decode(container, .potentialReach, message: "must be a whole number")
    }

    /// The checked draft, or field errors.
    func draft() throws -> DeclaredReachDraft {
        try DeclaredReachDraft.validated(source: source, impressions: impressions, potentialReach: potentialReach).get()
    }
}

/// A declared reach as the API shows it.
struct DeclaredReachDTO: Codable, Sendable {
    var id: Int64
    var activationId: Int64
    var source: String
    var impressions: Int64?
    var potentialReach: Int64?
    var createdAt: String
    var updatedAt: String

    init(_ reach: DeclaredReach) {
        id = reach.id; activationId = reach.activationID; source = reach.source; impressions = reach.impressions
        potentialReach = reach.potentialReach; createdAt = Clock.iso(reach.createdAt); updatedAt = Clock.iso(reach.updatedAt)
    }
}

/// Body of `PUT /api/v1/value-model`.
struct ValueModelInput: APIInput {
    static let fieldNames: Set<String> = ["currency", "optInCents", "newMemberCents", "storeVisitCents", "countRevenue", "pointCents"]
    var currency: String?
    var optInCents: Int64?
    var newMemberCents: Int64?
    var storeVisitCents: Int64?
    var countRevenue: Bool?
    var pointCents: Int64?

    private enum CodingKeys: String, CodingKey { case currency, optInCents, newMemberCents, storeVisitCents, countRevenue, pointCents }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        currency = try container.decodeIfPresent(String.self, forKey: .currency)
        optInCents = try WholeNumberField.decode(container, .optInCents, message: "must be a whole number of cents")
        newMemberCents = try WholeNumberField.decode(container, .newMemberCents, message: "must be a whole number of cents")
        storeVisitCents = try WholeNumberField.decode(container, .storeVisitCents, message: "must be a whole number of cents")
        countRevenue = try container.decodeIfPresent(Bool.self, forKey: .countRevenue)
        pointCents = try WholeNumberField.decode(container, .pointCents, message: "must be a whole number of cents")
    }

    /// The checked model, or field errors.
    func model() throws -> ValueModel {
        try ValueModel.validated(currency: currency, optInCents: optInCents, newMemberCents: newMemberCents,
                                 storeVisitCents: storeVisitCents, countRevenue: countRevenue, pointCents: pointCents).get()
    }
}

/// The brand's value model as the API shows it.
struct ValueModelDTO: Codable, Sendable {
    var currency: String
    var optInCents: Int64
    var newMemberCents: Int64
    var storeVisitCents: Int64
    var countRevenue: Bool
    var pointCents: Int64
    var updatedAt: String?

    init(_ model: ValueModel) {
        currency = model.currency; optInCents = model.optInCents; newMemberCents = model.newMemberCents
        storeVisitCents = model.storeVisitCents; countRevenue = model.countRevenue; pointCents = model.pointCents; updatedAt = model.updatedAt.map(Clock.iso)
    }
}

/// A list of items.
struct ItemsDTO<Item: Codable & Sendable>: Codable, Sendable {
    var items: [Item]
}
