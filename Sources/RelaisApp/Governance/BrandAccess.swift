/// Who is acting, as recorded in the audit log and the consent ledger.
public struct ActorRef: Sendable, Equatable {
    /// `staff`, `api_key`, `member` or `system`.
    public var kind: String
    /// The staff or key identifier.
    public var id: Int64?
    /// A label safe to show in the audit log (staff name, key name).
    public var label: String

    /// The system itself (jobs, demo loader).
    static let system = ActorRef(kind: "system", id: nil, label: "Relais")
}

/// What a caller may see and do inside one brand: the tenancy boundary every query respects.
public struct BrandAccess: Sendable {
    /// The organisation owning the brand.
    public var organisationID: Int64
    /// The brand being worked on.
    public var brandID: Int64
    /// Set when the caller is limited to one unit of the brand.
    public var unitID: Int64?
    /// What the caller may do.
    public var permissions: Set<Permission>
    /// Who the caller is.
    public var actor: ActorRef

    /// Throws 403 unless the caller holds `permission`.
    func require(_ permission: Permission) throws {
        guard permissions.contains(permission) else {
            throw AppError.forbidden("Your role does not allow this action (\(permission.rawValue)).")
        }
    }

    /// Whether the caller holds `permission`.
    func can(_ permission: Permission) -> Bool { permissions.contains(permission) }
}

/// A role granted to a staff member at some scope.
struct RoleGrant: Sendable, Equatable {
    var role: Role
    var brandID: Int64?
    var unitID: Int64?
    /// Brand of the unit, for unit-scoped grants.
    var unitBrandID: Int64?

    /// The access this set of grants gives inside `brandID`, or nil when none applies.
    static func access(
        grants: [RoleGrant], organisationID: Int64, brandID: Int64, actor: ActorRef
    ) -> BrandAccess? {
        var permissions = Set<Permission>()
        var unitOnly: Int64? = nil
        var hasBrandWide = false
        for grant in grants {
            if grant.brandID == nil && grant.unitID == nil {
                permissions.formUnion(grant.role.permissions)
                hasBrandWide = true
            } else if grant.brandID == brandID && grant.unitID == nil {
                permissions.formUnion(grant.role.permissions)
                hasBrandWide = true
            } else if let unit = grant.unitID, grant.unitBrandID == brandID {
                permissions.formUnion(grant.role.permissions)
                unitOnly = unitOnly ?? unit
            }
        }
        guard !permissions.isEmpty else { return nil }
        return BrandAccess(
            organisationID: organisationID,
            brandID: brandID,
            unitID: hasBrandWide ? nil : unitOnly,
            permissions: permissions,
            actor: actor
        )
    }
}
