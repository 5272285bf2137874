import Foundation
import SQLKit

/// Merges a duplicate profile into a surviving one with its whole history.
///
/// Consent records move with their provenance (`merged_from_member_id`), and when the latest
/// record would now grant more than both profiles did, a `merge` record is appended that keeps
/// the narrower state: a merge never widens consent.
struct MemberMerge: Sendable {
    let members: MemberStore
    let ledger: ConsentLedger
    let timeline: Timeline

    /// Moves everything of `duplicateID` onto `survivorID`; both are visible to the caller.
    func merge(survivorID: Int64, duplicateID: Int64, access: BrandAccess, on sql: any SQLDatabase) async throws {
        let survivorStates = try await ledger.latestStatuses(memberID: survivorID, on: sql)
        let duplicateStates = try await ledger.latestStatuses(memberID: duplicateID, on: sql)
        let target = ConsentDerivation.merged(survivor: survivorStates, duplicate: duplicateStates)

        let s = survivorID, d = duplicateID
        for statement: SQLQueryString in [
            "UPDATE consent_records SET member_id = \(bind: s), merged_from_member_id = \(bind: d) WHERE member_id = \(bind: d)",
            "UPDATE member_identities SET member_id = \(bind: s) WHERE member_id = \(bind: d)",
            // Posts the duplicate wrote, as recognised by listening, are the survivor's.
            "UPDATE listening_posts SET member_id = \(bind: s) WHERE member_id = \(bind: d)",
            """
            INSERT INTO member_brands (member_id, brand_id, organisation_id, first_seen_at, source)
            SELECT \(bind: s), brand_id, organisation_id, first_seen_at, source FROM member_brands WHERE member_id = \(bind: d)
            ON CONFLICT (member_id, brand_id) DO NOTHING
            """,
            "DELETE FROM member_brands WHERE member_id = \(bind: d)",
            """
            INSERT INTO member_units (member_id, unit_id, brand_id, first_seen_at)
            SELECT \(bind: s), unit_id, brand_id, first_seen_at FROM member_units WHERE member_id = \(bind: d)
            ON CONFLICT (member_id, unit_id) DO NOTHING
            """,
            "DELETE FROM member_units WHERE member_id = \(bind: d)",
            """
            INSERT INTO member_attributes (member_id, brand_id, key, value, updated_at)
            SELECT \(bind: s), brand_id, key, value, updated_at FROM member_attributes WHERE member_id = \(bind: d)
            ON CONFLICT (member_id, brand_id, key) DO NOTHING
            """,
            "DELETE FROM member_attributes WHERE member_id = \(bind: d)",
            """
            INSERT INTO member_tags (member_id, brand_id, tag, created_at)
            SELECT \(bind: s), brand_id, tag, created_at FROM member_tags WHERE member_id = \(bind: d)
            ON CONFLICT (member_id, brand_id, tag) DO NOTHING
            """,
            "DELETE FROM member_tags WHERE member_id = \(bind: d)",
            "UPDATE timeline_events SET member_id = \(bind: s) WHERE member_id = \(bind: d)",
            "UPDATE outbox_messages SET member_id = \(bind: s) WHERE member_id = \(bind: d)",
            "UPDATE coupons SET member_id = \(bind: s) WHERE member_id = \(bind: d)",
            "UPDATE coupons SET sharer_member_id = \(bind: s) WHERE sharer_member_id = \(bind: d)",
            "UPDATE ambassador_thanks SET member_id = \(bind: s) WHERE member_id = \(bind: d)",
        ] + Self.activity(survivor: s, duplicate: d) {
            try await sql.raw(statement).run()
        }
        try await PointsLedger().transfer(from: d, to: s, on: sql)

        if let duplicateProfile = try await members.profileRow(memberID: d, on: sql),
           let survivorProfile = try await members.profileRow(memberID: s, on: sql) {
            var fill = ProfileFields()
            fill.firstName = survivorProfile.firstName == nil ? duplicateProfile.firstName : nil
            fill.lastName = survivorProfile.lastName == nil ? duplicateProfile.lastName : nil
            fill.birthDate = survivorProfile.birthDate == nil ? duplicateProfile.birthDate : nil
            fill.postalCode = survivorProfile.postalCode == nil ? duplicateProfile.postalCode : nil
            fill.city = survivorProfile.city == nil ? duplicateProfile.city : nil
            fill.country = survivorProfile.country == nil ? duplicateProfile.country : nil
            fill.language = survivorProfile.language == nil ? duplicateProfile.language : nil
            _ = try await members.update(memberID: s, with: fill, on: sql)
        }
        try await sql.raw("""
            UPDATE members SET last_contact_at = (SELECT MAX(last_contact_at) FROM members WHERE id IN (\(bind: s), \(bind: d))),
                created_at = (SELECT MIN(created_at) FROM members WHERE id IN (\(bind: s), \(bind: d)))
            WHERE id = \(bind: s)
            """).run()
        try await sql.raw("""
            UPDATE members SET merged_into_id = \(bind: s), first_name = NULL, last_name = NULL, birth_date = NULL, postal_code = NULL,
                city = NULL, language = NULL, search_name = '', search_alt = '', updated_at = \(bind: Clock.nowMillis())
            WHERE id = \(bind: d)
            """).run()

        // The ledger's latest record per key must now say what the merge rule decided.
        let after = try await ledger.latestStatuses(memberID: s, on: sql)
        for (key, status) in target.sorted(by: { ($0.key.brandID, $0.key.purposeID, $0.key.channel.rawValue) < ($1.key.brandID, $1.key.purposeID, $1.key.channel.rawValue) })
        where after[key] != status {
            try await ledger.append(NewConsentRecord(
                organisationID: access.organisationID, brandID: key.brandID, memberID: s, purposeID: key.purposeID,
                channel: key.channel, status: status, sourceKind: .merge, sourceID: d, sourceLabel: "merge of member \(d)",
                wordingID: nil, mergedFromMemberID: d
            ), on: sql)
        }
        try await timeline.append(organisationID: access.organisationID, brandID: access.brandID, memberID: s, kind: "member.merged",
                                  summary: "member \(d)", data: ["duplicate": String(d), "by": access.actor.label], on: sql)
    }

    /// What the person did: entries, ideas, votes, referrals, share links and what they led to,
    /// badges. A once-only act that both profiles did (an entry for the same period, a vote for
    /// the same idea, being invited to the same activation) keeps the survivor's, so nothing
    /// counts twice: the duplicate's entry stays on the retired profile, its second vote goes.
    /// A share link to a target the survivor also has keeps its code (it may be printed or
    /// posted) under a target key of its own, so both links stay credited to the survivor.
    static func activity(survivor s: Int64, duplicate d: Int64) -> [SQLQueryString] {
        [
            """
            UPDATE activation_entries SET member_id = \(bind: s) WHERE member_id = \(bind: d) AND NOT EXISTS (
              SELECT 1 FROM activation_entries e WHERE e.member_id = \(bind: s) AND e.activation_id = activation_entries.activation_id
                AND e.frequency_key = activation_entries.frequency_key)
            """,
            "UPDATE activation_ideas SET member_id = \(bind: s) WHERE member_id = \(bind: d)",
            """
            UPDATE idea_votes SET member_id = \(bind: s) WHERE member_id = \(bind: d) AND NOT EXISTS (
              SELECT 1 FROM idea_votes v WHERE v.member_id = \(bind: s) AND v.idea_id = idea_votes.idea_id)
            """,
            "DELETE FROM idea_votes WHERE member_id = \(bind: d)",
            "UPDATE activation_referrals SET referrer_member_id = \(bind: s) WHERE referrer_member_id = \(bind: d)",
            """
            UPDATE activation_referrals SET referee_member_id = \(bind: s) WHERE referee_member_id = \(bind: d) AND NOT EXISTS (
              SELECT 1 FROM activation_referrals r WHERE r.referee_member_id = \(bind: s) AND r.activation_id = activation_referrals.activation_id)
            """,
            "UPDATE member_codes SET member_id = \(bind: s) WHERE member_id = \(bind: d)",
            """
            UPDATE share_links SET target_key = target_key || '#' || CAST(id AS TEXT) WHERE member_id = \(bind: d) AND EXISTS (
              SELECT 1 FROM share_links o WHERE o.member_id = \(bind: s) AND o.brand_id = share_links.brand_id AND o.target_key = share_links.target_key)
            """,
            "UPDATE share_links SET member_id = \(bind: s) WHERE member_id = \(bind: d)",
            "UPDATE till_purchases SET member_id = \(bind: s) WHERE member_id = \(bind: d)",
            "UPDATE share_attributions SET member_id = \(bind: s) WHERE member_id = \(bind: d)",
            "UPDATE share_attributions SET first_sharer_id = \(bind: s) WHERE first_sharer_id = \(bind: d)",
            "UPDATE share_attributions SET last_sharer_id = \(bind: s) WHERE last_sharer_id = \(bind: d)",
            """
            INSERT INTO share_devices (brand_id, visitor_hash, member_id, seen_at)
            SELECT brand_id, visitor_hash, \(bind: s), seen_at FROM share_devices WHERE member_id = \(bind: d)
            ON CONFLICT (brand_id, visitor_hash, member_id) DO NOTHING
            """,
            "DELETE FROM share_devices WHERE member_id = \(bind: d)",
            """
            INSERT INTO member_badges (brand_id, member_id, badge, earned_at)
            SELECT brand_id, \(bind: s), badge, earned_at FROM member_badges WHERE member_id = \(bind: d)
            ON CONFLICT (brand_id, member_id, badge) DO NOTHING
            """,
            "DELETE FROM member_badges WHERE member_id = \(bind: d)",
        ]
    }
}
