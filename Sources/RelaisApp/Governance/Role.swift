/// A staff role, granted at the scope of the organisation, one brand or one unit.
public enum Role: String, Codable, Sendable, CaseIterable {
    case owner
    case brandManager = "brand_manager"
    case communityManager = "community_manager"
    case unitContributor = "unit_contributor"
    case analyst
    case dpo

    /// What this role may do.
    var permissions: Set<Permission> {
        switch self {
        case .owner:
            Set(Permission.allCases)
        case .brandManager:
            [.readMembers, .writeMembers, .importMembers, .exportMembers, .manageSegments,
             .readConsent, .manageConsentSettings, .manageAPIKeys, .readAudit, .manageActivations, .manageLoyalty, .redeemCoupons,
             .readListening, .manageListening]
        case .communityManager:
            [.readMembers, .writeMembers, .importMembers, .manageSegments, .readConsent, .manageActivations, .manageLoyalty, .redeemCoupons,
             .readListening, .manageListening]
        case .unitContributor:
            [.readMembers, .writeMembers, .readConsent, .manageActivations, .redeemCoupons]
        case .analyst:
            [.readMembers, .readConsent, .readAudit, .readListening]
        case .dpo:
            [.readMembers, .readConsent, .exportMembers, .eraseMembers, .manageConsentSettings, .readAudit, .runRetention]
        }
    }

    /// Roles that only make sense at the organisation scope.
    var isOrganisationWide: Bool { self == .owner }
}

/// One thing a role allows.
public enum Permission: String, Codable, Sendable, CaseIterable {
    case readMembers = "members:read"
    case writeMembers = "members:write"
    case importMembers = "members:import"
    case exportMembers = "members:export"
    case eraseMembers = "members:erase"
    case manageSegments = "segments:write"
    case readConsent = "consent:read"
    case manageConsentSettings = "consent:settings"
    case manageAPIKeys = "api_keys:write"
    case manageStaff = "staff:write"
    case manageOrganisation = "organisation:write"
    case readAudit = "audit:read"
    case runRetention = "retention:run"
    case manageActivations = "activations:write"
    case manageLoyalty = "loyalty:write"
    case redeemCoupons = "coupons:redeem"
    case readListening = "listening:read"
    case manageListening = "listening:write"
    /// Letting a feed source reach private, loopback or link-local addresses (an intranet feed): owners only.
    case allowPrivateFeeds = "listening:private_network"
}
