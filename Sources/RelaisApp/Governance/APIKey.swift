/// An API key as listed to staff: never the secret itself, only its prefix.
public struct APIKey: Sendable, Codable, Equatable {
    public var id: Int64
    public var brandID: Int64
    public var unitID: Int64?
    public var name: String
    public var role: Role
    public var prefix: String
    public var createdAt: Int64
    public var lastUsedAt: Int64?
    public var revokedAt: Int64?
}
