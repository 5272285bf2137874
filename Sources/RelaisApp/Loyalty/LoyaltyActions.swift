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

    /// Posts a movement on a member's ledger.
    func move(_ movement: PointsMovement, memberID: Int64, access: BrandAccess) async throws -> PointsPosting {
        do {
            return try await database.transaction { sql in
                try await Self.requireVisible(memberID, access: access, on: sql)
                let validity = try await settings.settings(brandID: access.brandID, on: sql).pointsValidityDays
                let posting = try await ledger.post(movement, memberID: memberID, brandID: access.brandID, organisationID: access.organisationID,
                                                    validityDays: validity, recordedBy: access.actor.label, on: sql)
                if movement.kind == .earn && !posting.replayed {
                    try await tiers.refresh(memberID: memberID, brandID: access.brandID, organisationID: access.organisationID, on: sql)
                }
                if movement.kind == .adjust && !posting.replayed {
                    try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                           action: "points.adjusted", targetKind: "member", targetID: memberID,
                                           details: ["points": String(movement.points)], on: sql)
                }
                return posting
            }
        } catch where UniqueViolation.matches(error) {
            // The same key, sent at the same instant for another member.
            throw AppError.conflict("This Idempotency-Key was already used for another movement.")
        }
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
