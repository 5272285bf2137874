import Foundation
import SQLKit

/// A brand's loyalty settings.
struct LoyaltySettings: Sendable, Equatable {
    /// Days earned points stay valid; 0 means they never expire.
    var pointsValidityDays: Int

    /// Points last a year unless the brand decides otherwise.
    static let standard = LoyaltySettings(pointsValidityDays: 365)

    /// Checks a validity asked for.
    static func checked(pointsValidityDays: Int?) -> Result<LoyaltySettings, AppError> {
        guard let days = pointsValidityDays, (0...3650).contains(days) else {
            return .failure(.invalid("pointsValidityDays", "must be from 0 (never expire) to 3650 days"))
        }
        return .success(LoyaltySettings(pointsValidityDays: days))
    }
}

/// Reads and writes loyalty settings per brand.
struct LoyaltySettingsStore: Sendable {
    func settings(brandID: Int64, on sql: any SQLDatabase) async throws -> LoyaltySettings {
        guard let row = try await sql.raw("SELECT points_validity_days FROM loyalty_settings WHERE brand_id = \(bind: brandID)").first() else {
            return .standard
        }
        return LoyaltySettings(pointsValidityDays: try row.decode(column: "points_validity_days", as: Int.self))
    }

    func save(_ settings: LoyaltySettings, brandID: Int64, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            INSERT INTO loyalty_settings (brand_id, points_validity_days, updated_at)
            VALUES (\(bind: brandID), \(bind: settings.pointsValidityDays), \(bind: Clock.nowMillis()))
            ON CONFLICT (brand_id) DO UPDATE SET points_validity_days = excluded.points_validity_days, updated_at = excluded.updated_at
            """).run()
    }

    /// The brand's tier ladder.
    func ladder(brandID: Int64, on sql: any SQLDatabase) async throws -> TierLadder {
        guard let row = try await sql.raw("SELECT tiers, tier_window_days FROM loyalty_settings WHERE brand_id = \(bind: brandID)").first() else {
            return .none
        }
        let tiers = (try? JSONDecoder().decode([Tier].self, from: Data(try row.decode(column: "tiers", as: String.self).utf8))) ?? []
        return TierLadder(tiers: tiers, windowDays: try row.decode(column: "tier_window_days", as: Int.self))
    }

    func save(_ ladder: TierLadder, brandID: Int64, on sql: any SQLDatabase) async throws {
        let json = String(decoding: try JSONEncoder().encode(ladder.tiers), as: UTF8.self)
        try await sql.raw("""
            INSERT INTO loyalty_settings (brand_id, points_validity_days, tiers, tier_window_days, updated_at)
            VALUES (\(bind: brandID), \(bind: LoyaltySettings.standard.pointsValidityDays), \(bind: json), \(bind: ladder.windowDays), \(bind: Clock.nowMillis()))
            ON CONFLICT (brand_id) DO UPDATE SET tiers = excluded.tiers, tier_window_days = excluded.tier_window_days, updated_at = excluded.updated_at
            """).run()
    }
}
