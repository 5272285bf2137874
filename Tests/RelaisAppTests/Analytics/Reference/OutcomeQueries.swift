import Foundation
import SQLKit
@testable import RelaisApp

/// An activation's outcomes counted from scratch from the tables of entries, consent, sharing,
/// coupons and points, as docs/ROI.md defines them: the reference the pre-aggregated figures
/// (`RollupActivationFigures`) are compared with.
enum OutcomeQueries {
    /// Every outcome of the activation.
    static func outcomes(of activation: Activation, on sql: any SQLDatabase) async throws -> ActivationOutcomes {
        var outcomes = ActivationOutcomes()
        let a = activation.id, b = activation.brandID
        // A participant has a valid entry; they were known when they were a member of the brand
        // before their first entry of the activation (whatever that entry's status).
        if let row = try await sql.raw("""
            SELECT COUNT(*) AS participants, SUM(CASE WHEN mb.first_seen_at < f.first_at THEN 1 ELSE 0 END) AS known
            FROM (SELECT member_id, MIN(created_at) AS first_at FROM activation_entries
                  WHERE activation_id = \(bind: a) AND brand_id = \(bind: b) GROUP BY member_id
                  HAVING SUM(CASE WHEN status = 'valid' THEN 1 ELSE 0 END) > 0) f
            LEFT JOIN member_brands mb ON mb.member_id = f.member_id AND mb.brand_id = \(bind: b)
            """).first() {
            outcomes.participants = try row.decode(column: "participants", as: Int.self)
            outcomes.knownMembers = try row.decode(column: "known", as: Int?.self) ?? 0
            outcomes.newMembers = outcomes.participants - outcomes.knownMembers
        }
        outcomes.optIns = try await optIns(activation, on: sql)
        outcomes.confirmedEmails = try await count(sql, """
            SELECT COUNT(DISTINCT e.member_id) AS n FROM activation_entries e
            WHERE e.activation_id = \(bind: a) AND e.status = 'valid' AND (e.confirmed_at IS NOT NULL OR EXISTS (
              SELECT 1 FROM consent_records r JOIN consent_records c
                ON c.source_id = r.id AND c.member_id = r.member_id AND c.source_kind = 'double_opt_in' AND c.status = 'granted'
              WHERE r.member_id = e.member_id AND r.brand_id = \(bind: b) AND r.source_kind = 'form'
                AND r.source_label = \(bind: activation.consentLabel) AND r.channel = 'email'))
            """)
        outcomes.shareSignups = try await count(sql, """
            SELECT COUNT(DISTINCT t.member_id) AS n FROM share_attributions t JOIN activation_entries e ON e.id = t.entry_id
            WHERE t.activation_id = \(bind: a) AND t.kind = 'signup' AND t.self_referral = 0 AND e.status = 'valid'
            """)
        outcomes.referrals = try await count(sql, """
            SELECT COUNT(*) AS n FROM activation_referrals WHERE activation_id = \(bind: a) AND brand_id = \(bind: b) AND status = 'valid'
            """)
        try await coupons(activation, into: &outcomes, on: sql)
        try await points(activation, into: &outcomes, on: sql)
        try await VisitorReference.read(activation, into: &outcomes, on: sql)
        return outcomes
    }

    /// Opt-ins gained: a member × purpose × channel granted by the activation's form (directly, or
    /// once the confirmation link was followed), by a participant, when it was not already granted.
    private static func optIns(_ activation: Activation, on sql: any SQLDatabase) async throws -> [ActivationOutcomes.OptIns] {
        func sameKey(_ alias: String) -> SQLQueryString {
            SQLQueryString(stringLiteral: "\(alias).member_id = r.member_id AND \(alias).brand_id = r.brand_id AND \(alias).purpose_id = r.purpose_id AND \(alias).channel = r.channel")
        }
        return try await sql.raw("""
            SELECT p.key AS purpose, r.channel AS channel, COUNT(DISTINCT r.member_id) AS n
            FROM consent_records r JOIN consent_purposes p ON p.id = r.purpose_id
            WHERE r.brand_id = \(bind: activation.brandID) AND r.source_kind = 'form' AND r.source_label = \(bind: activation.consentLabel)
              AND r.member_id IN (SELECT member_id FROM activation_entries WHERE activation_id = \(bind: activation.id) AND status = 'valid')
              AND (r.status = 'granted' OR (r.status = 'pending' AND EXISTS (
                   SELECT 1 FROM consent_records c WHERE c.source_kind = 'double_opt_in' AND c.source_id = r.id
                     AND c.member_id = r.member_id AND c.status = 'granted')))
              AND NOT EXISTS (
                   SELECT 1 FROM consent_records g WHERE \(sameKey("g")) AND g.id < r.id AND g.status = 'granted'
                     AND NOT EXISTS (SELECT 1 FROM consent_records q WHERE \(sameKey("q")) AND q.id > g.id AND q.id < r.id))
            GROUP BY p.key, r.channel ORDER BY p.key, r.channel
            """).all().map { row in
            ActivationOutcomes.OptIns(purpose: try row.decode(column: "purpose", as: String.self),
                                      channel: try row.decode(column: "channel", as: String.self), count: try row.decode(column: "n", as: Int.self))
        }
    }

    /// The activation's coupons, leaving out those of invalidated entries.
    private static func coupons(_ activation: Activation, into outcomes: inout ActivationOutcomes, on sql: any SQLDatabase) async throws {
        guard let row = try await sql.raw("""
            SELECT COUNT(*) AS issued,
                   SUM(CASE WHEN c.status = 'redeemed' THEN 1 ELSE 0 END) AS redeemed,
                   SUM(CASE WHEN c.status = 'redeemed' AND c.redeemed_amount_cents IS NOT NULL THEN 1 ELSE 0 END) AS with_amount,
                   CAST(SUM(CASE WHEN c.status = 'redeemed' THEN COALESCE(c.redeemed_amount_cents, 0) ELSE 0 END) AS BIGINT) AS revenue
            FROM coupons c LEFT JOIN activation_entries e ON e.id = c.activation_entry_id
            WHERE c.activation_id = \(bind: activation.id) AND c.brand_id = \(bind: activation.brandID)
              AND (e.status IS NULL OR e.status <> 'invalidated')
            """).first() else { return }
        outcomes.couponsIssued = try row.decode(column: "issued", as: Int.self)
        outcomes.storeVisits = try row.decode(column: "redeemed", as: Int?.self) ?? 0
        outcomes.storeVisitsWithAmount = try row.decode(column: "with_amount", as: Int?.self) ?? 0
        outcomes.revenueCents = try row.decode(column: "revenue", as: Int64?.self) ?? 0
    }

    /// Points earned through the activation's events, and points spent on its coupons.
    private static func points(_ activation: Activation, into outcomes: inout ActivationOutcomes, on sql: any SQLDatabase) async throws {
        outcomes.pointsGiven = try await sql.raw("""
            SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) AS n FROM points_entries
            WHERE brand_id = \(bind: activation.brandID) AND activation_ref = \(bind: String(activation.id)) AND kind = 'earn'
            """).first()?.decode(column: "n", as: Int64.self) ?? 0
        outcomes.pointsRedeemed = try await sql.raw("""
            SELECT CAST(COALESCE(SUM(-p.points), 0) AS BIGINT) AS n FROM coupons c JOIN points_entries p ON p.id = c.points_entry_id
            WHERE c.activation_id = \(bind: activation.id) AND c.brand_id = \(bind: activation.brandID) AND p.kind = 'spend'
            """).first()?.decode(column: "n", as: Int64.self) ?? 0
    }

    private static func count(_ sql: any SQLDatabase, _ query: SQLQueryString) async throws -> Int {
        try await sql.raw(query).first()?.decode(column: "n", as: Int.self) ?? 0
    }
}
