/// An organisation: a group that owns brands, and the boundary of member profiles.
public struct Organisation: Sendable, Codable, Equatable {
    public var id: Int64
    public var name: String
    public var slug: String
}

/// A brand of an organisation: the scope of activations, consents and API keys.
public struct Brand: Sendable, Codable, Equatable {
    public var id: Int64
    public var organisationID: Int64
    public var name: String
    public var slug: String
    public var defaultLanguage: String
    public var timeZone: String
    public var country: String
    public var minimumMarketingAge: Int
    public var primaryColor: String
}

/// A unit of a brand: a local agency or a store.
public struct BrandUnit: Sendable, Codable, Equatable {
    public var id: Int64
    public var brandID: Int64
    public var name: String
    public var slug: String
    public var kind: String
    public var city: String?
}
