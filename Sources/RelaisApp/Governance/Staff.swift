/// A person working in the back-office.
public struct StaffMember: Sendable, Codable, Equatable {
    public var id: Int64
    public var organisationID: Int64
    public var email: String
    public var displayName: String
    public var language: String
}

/// A logged-in staff member with their grants and current brand.
public struct StaffSession: Sendable {
    /// The staff member.
    var staff: StaffMember
    /// Every role they hold.
    var grants: [RoleGrant]
    /// The anti-CSRF token forms must echo.
    var csrfToken: String
    /// The brand currently selected in the back-office.
    var brandID: Int64?
    /// Digest of the session cookie (the key of the session row).
    var tokenHash: String

    /// The actor recorded for this staff member's actions.
    var actor: ActorRef { ActorRef(kind: "staff", id: staff.id, label: staff.displayName) }

    /// Access inside a brand, or nil when no role applies there.
    func access(brandID: Int64) -> BrandAccess? {
        RoleGrant.access(grants: grants, organisationID: staff.organisationID, brandID: brandID, actor: actor)
    }

    /// Whether they hold an organisation-wide role with `permission`.
    func canAtOrganisation(_ permission: Permission) -> Bool {
        grants.contains { $0.brandID == nil && $0.unitID == nil && $0.role.permissions.contains(permission) }
    }
}
