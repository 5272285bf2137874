/// The kinds of key that identify a member.
public enum IdentityKind: String, Codable, Sendable, CaseIterable {
    case email
    case phone
    /// An identifier from another system (CRM, till, e-shop), with a namespace naming the system.
    case external
    /// A social-network handle or id, with the network as namespace.
    case social
}

/// An identity key as given, with the normalised key used to recognise the same person.
public struct IdentityKey: Sendable, Equatable, Hashable {
    /// Kind of key.
    public var kind: IdentityKind
    /// System or network the key belongs to (empty for email and phone).
    public var namespace: String
    /// The value as given (trimmed), kept for display and for sending.
    public var value: String
    /// The value used for de-duplication.
    public var matchKey: String
}
