/// What staff and API keys do with the rewards catalogue: create and change rewards, each
/// change in one transaction with its audit line, so the API and the pages behave the same.
struct RewardActions: Sendable {
    let database: Database
    let store: RewardStore
    let settings: LoyaltySettingsStore
    let audit: AuditLog

    /// Throws 403 unless the caller may change the catalogue: loyalty settings, brand-wide.
    static func requireEditor(_ access: BrandAccess) throws {
        try access.require(.manageLoyalty)
        guard access.unitID == nil else { throw AppError.forbidden("The rewards catalogue belongs to the brand, not to one unit.") }
    }

    /// The brand's tiers, which a reward's minimum tier must name.
    func ladder(access: BrandAccess) async throws -> TierLadder {
        try await database.readOnly { sql in try await settings.ladder(brandID: access.brandID, on: sql) }
    }

    /// One reward of the brand; 404 for another brand's.
    func reward(_ id: Int64, access: BrandAccess) async throws -> Reward {
        try await database.readOnly { sql in try await store.reward(id, brandID: access.brandID, on: sql) }
    }

    /// Adds a reward to the catalogue.
    func create(_ draft: RewardDraft, access: BrandAccess) async throws -> Reward {
        try Self.requireEditor(access)
        return try await database.transaction { sql in
            let reward = try await store.create(draft, brandID: access.brandID, organisationID: access.organisationID, on: sql)
            try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                   action: "reward.created", targetKind: "reward", targetID: reward.id, on: sql)
            return reward
        }
    }

    /// Changes a reward; coupons already given keep their code and validity.
    func update(_ id: Int64, _ draft: RewardDraft, access: BrandAccess) async throws -> Reward {
        try Self.requireEditor(access)
        return try await database.transaction { sql in
            let reward = try await store.update(id, draft, brandID: access.brandID, on: sql)
            try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                   action: "reward.updated", targetKind: "reward", targetID: id, on: sql)
            return reward
        }
    }
}
