import Foundation
import SQLKit

/// What staff, API keys and (later) earning rules do with points: every movement checks the
/// member is the caller's to see, runs in one transaction and is recorded once.
struct LoyaltyActions: Sendable {
    let database: Database
    let ledger: PointsLedger
    let settings: LoyaltySettingsStore
    let audit: AuditLog
    let tiers: TierTracker
    let desk: PointsDesk

    /// Posts a movement on a member's ledger, grouped with the movements asked at the same moment.
    func move(_ movement: PointsMovement, memberID: Int64, access: BrandAccess) async throws -> PointsPosting {
        try await desk.post(PointsRequest(movement: movement, memberID: memberID, brandID: access.brandID, organisationID: access.organisationID,
                                          recordedBy: access.actor.label), access: access)
    }

    /// The member's points and tier now.
    func account(memberID: Int64, access: BrandAccess) async throws -> (PointsAccount, MemberTier) {
        try await database.readOnly { sql in
            try await Self.requireVisible(memberID, access: access, on: sql)
            return (try await ledger.account(memberID: memberID, brandID: access.brandID, on: sql),
                    try await tiers.tier(memberID: memberID, brandID: access.brandID, on: sql))
        }
    }

    /// One page of the member's ledger.
    func entries(memberID: Int64, access: BrandAccess, page: PageRequest) async throws -> (items: [PointsEntry], nextCursor: String?) {
        try await database.readOnly { sql in
            try await Self.requireVisible(memberID, access: access, on: sql)
            return try await ledger.entries(memberID: memberID, brandID: access.brandID, page: page, on: sql)
        }
    }

    func settings(access: BrandAccess) async throws -> LoyaltySettings {
        try await database.readOnly { sql in try await settings.settings(brandID: access.brandID, on: sql) }
    }

    func save(_ value: LoyaltySettings, access: BrandAccess) async throws {
        guard access.unitID == nil else { throw AppError.forbidden("Loyalty settings belong to the brand, not to one unit.") }
        try await database.transaction { sql in
            try await settings.save(value, brandID: access.brandID, on: sql)
            try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                   action: "loyalty.settings_changed", targetKind: "brand", targetID: access.brandID,
                                   details: ["pointsValidityDays": String(value.pointsValidityDays)], on: sql)
        }
    }

    /// Throws 404 unless the member is visible to the caller.
    static func requireVisible(_ memberID: Int64, access: BrandAccess, on sql: any SQLDatabase) async throws {
        guard try await sql.raw("SELECT 1 AS found FROM members m WHERE m.id = \(bind: memberID) AND \(MemberStore.visible(access))").first() != nil else {
            throw AppError.notFound("member")
        }
    }
}
