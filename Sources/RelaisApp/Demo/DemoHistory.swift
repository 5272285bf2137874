import Foundation
import SQLKit

/// A year in the life of the demo's soft-drink brand: four activations that closed over the past
/// months, entered by members who joined through them and by members the brand already had,
/// with the SMS opt-ins their forms gathered, budget lines and a value model — so that the brand
/// overview, the activation reports, the cohorts and the continuity between moments have
/// something to show from the first log-in.
enum DemoHistory {
    struct Moment {
        var slug: String
        var titleFR: String
        var titleEN: String
        /// Days before now the activation opened; it stayed open three weeks.
        var daysAgo: Int64
        var mediaCents: Int64
        var prizesCents: Int64
    }

    /// Neutral themes: the moments fall on whatever dates the demo is loaded.
    static let moments = [
        Moment(slug: "concours-photo-fizz", titleFR: "Concours photo Fizz", titleEN: "Fizz photo contest", daysAgo: 330, mediaCents: 240_000, prizesCents: 60_000),
        Moment(slug: "nouveau-gout", titleFR: "Goûtez le nouveau Fizz", titleEN: "Taste the new Fizz", daysAgo: 240, mediaCents: 150_000, prizesCents: 40_000),
        Moment(slug: "defi-entre-amis", titleFR: "Le défi Fizz entre amis", titleEN: "The Fizz friends challenge", daysAgo: 150, mediaCents: 320_000, prizesCents: 90_000),
        Moment(slug: "club-fizz", titleFR: "Rejoignez le club Fizz", titleEN: "Join the Fizz club", daysAgo: 60, mediaCents: 120_000, prizesCents: 30_000),
    ]

    /// Writes the history for the brand, whose members were first seen when their profile was created.
    static func load(organisationID: Int64, brandID: Int64, smsPurposeID: Int64?, now: Int64, random: inout DemoRandom, on sql: any SQLDatabase) async throws {
        let day = Clock.dayMillis
        // The brand first saw each member when the demo says they joined.
        try await sql.raw("""
            UPDATE member_brands SET first_seen_at = (SELECT created_at FROM members WHERE members.id = member_brands.member_id)
            WHERE brand_id = \(bind: brandID)
            """).run()
        // Members and whether they are old enough to consent alone (15 in France).
        let members = try await sql.raw("""
            SELECT mb.member_id, mb.first_seen_at, m.birth_date FROM member_brands mb JOIN members m ON m.id = mb.member_id
            WHERE mb.brand_id = \(bind: brandID) ORDER BY mb.member_id
            """).all().map { row in
            let birth = try row.decode(column: "birth_date", as: String?.self).flatMap { AgeRules.parseBirthDate($0) }
            return (try row.decode(column: "member_id", as: Int64.self), try row.decode(column: "first_seen_at", as: Int64.self),
                    birth.map { AgeRules.age(birth: $0) >= 15 } ?? false)
        }
        try await sql.raw("""
            INSERT INTO value_models (brand_id, organisation_id, currency, opt_in_cents, new_member_cents, store_visit_cents, count_revenue, point_cents, updated_at)
            VALUES (\(bind: brandID), \(bind: organisationID), 'EUR', 300, 2500, 1000, 0, 1, \(bind: now))
            ON CONFLICT (brand_id) DO NOTHING
            """).run()
        for moment in moments {
            let opens = now - moment.daysAgo * day, closes = opens + 21 * day
            let activationID = try await sql.raw("""
                INSERT INTO activations (organisation_id, brand_id, kind, slug, status, title_fr, title_en, description_fr, description_en,
                                         opens_local, closes_local, time_zone, opens_at, closes_at, created_at, updated_at)
                VALUES (\(bind: organisationID), \(bind: brandID), 'lead_form', \(bind: moment.slug), 'closed', \(bind: moment.titleFR), \(bind: moment.titleEN),
                        'Rejoignez la communauté Fizz.', 'Join the Fizz community.', \(bind: LocalTime.text(opens, timeZone: "Europe/Paris")),
                        \(bind: LocalTime.text(closes, timeZone: "Europe/Paris")), 'Europe/Paris', \(bind: opens), \(bind: closes),
                        \(bind: opens - 14 * day), \(bind: closes))
                RETURNING id
                """).first()!.decode(column: "id", as: Int64.self)
            for (category, label, cents) in [("media", "Réseaux sociaux", moment.mediaCents), ("prizes", "Lots", moment.prizesCents)] {
                try await sql.raw("""
                    INSERT INTO budget_lines (organisation_id, brand_id, activation_id, category, label, planned_cents, actual_cents, currency, created_at, updated_at)
                    VALUES (\(bind: organisationID), \(bind: brandID), \(bind: activationID), \(bind: category), \(bind: label), \(bind: cents),
                            \(bind: cents + Int64.random(in: -cents / 10...cents / 10, using: &random)), 'EUR', \(bind: opens - 7 * day), \(bind: closes))
                    """).run()
            }
            // Members who joined while it was open came through it; a fifth of those the brand already had took part too.
            for (memberID, seen, adult) in members {
                let joinedHere = seen >= opens && seen < closes
                guard joinedHere || (seen < opens && Int.random(in: 0..<5, using: &random) == 0) else { continue }
                let at = joinedHere ? seen : opens + Int64.random(in: 0..<(21 * day), using: &random)
                let token = String((0..<24).map { _ in "0123456789abcdef".randomElement(using: &random)! })
                try await sql.raw("""
                    INSERT INTO activation_entries (organisation_id, brand_id, activation_id, member_id, token, frequency_key, status, created_at)
                    VALUES (\(bind: organisationID), \(bind: brandID), \(bind: activationID), \(bind: memberID), \(bind: token), 'once',
                            \(bind: Int.random(in: 0..<40, using: &random) == 0 ? "invalidated" : "valid"), \(bind: at))
                    """).run()
                try await sql.raw("""
                    INSERT INTO timeline_events (organisation_id, brand_id, member_id, kind, summary, data, initiated_by_member, occurred_at)
                    VALUES (\(bind: organisationID), \(bind: brandID), \(bind: memberID), 'activation.entry', \(bind: moment.titleFR), '{}', 1, \(bind: at))
                    """).run()
                if let smsPurposeID, adult, Int.random(in: 0..<3, using: &random) == 0 {
                    try await sql.raw("""
                        INSERT INTO consent_records (organisation_id, brand_id, member_id, purpose_id, channel, status, source_kind, source_label, recorded_at)
                        VALUES (\(bind: organisationID), \(bind: brandID), \(bind: memberID), \(bind: smsPurposeID), 'sms', 'granted', 'form',
                                \(bind: Activation.consentLabel(slug: moment.slug)), \(bind: at))
                        """).run()
                }
            }
        }
    }
}
