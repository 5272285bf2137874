import Foundation
import SQLKit

/// Erasure (GDPR art. 17) and retention anonymisation.
///
/// Both remove personal data from every table and keep an empty profile row so that anonymous
/// counts stay right. Erasure also puts salted hashes of the identity keys in the suppression
/// list, so the person is not silently brought back by an import; retention does not, because
/// the person did not ask to be forgotten.
struct MemberErasure: Sendable {
    let suppression: SuppressionList

    /// Why personal data is removed.
    enum Reason: String, Sendable {
        case request = "erasure_request"
        case retention
    }

    /// Removes a member's personal data; the caller has checked access and records the audit line.
    func erase(memberID: Int64, organisationID: Int64, reason: Reason, on sql: any SQLDatabase) async throws {
        let identities = try await sql.raw("SELECT kind, namespace, value, match_key FROM member_identities WHERE member_id = \(bind: memberID)").all().map {
            IdentityKey(kind: IdentityKind(rawValue: try $0.decode(column: "kind", as: String.self)) ?? .external,
                        namespace: try $0.decode(column: "namespace", as: String.self),
                        value: try $0.decode(column: "value", as: String.self),
                        matchKey: try $0.decode(column: "match_key", as: String.self))
        }
        if reason == .request {
            try await suppression.add(identities, organisationID: organisationID, reason: reason.rawValue, on: sql)
        }
        let now = Clock.nowMillis()
        for statement: SQLQueryString in [
            "DELETE FROM member_identities WHERE member_id = \(bind: memberID)",
            "DELETE FROM member_attributes WHERE member_id = \(bind: memberID)",
            "DELETE FROM member_tags WHERE member_id = \(bind: memberID)",
            "DELETE FROM timeline_events WHERE member_id = \(bind: memberID)",
            "DELETE FROM outbox_messages WHERE member_id = \(bind: memberID)",
            // The points ledger and coupons stay for the brand's accounts; free text written about the person goes.
            "UPDATE points_entries SET reason = '' WHERE member_id = \(bind: memberID)",
            "UPDATE ambassador_thanks SET message = '' WHERE member_id = \(bind: memberID)",
            // Ideas are the member's own words and pictures: the image goes, the idea stays only as an empty row.
            "DELETE FROM idea_images WHERE idea_id IN (SELECT id FROM activation_ideas WHERE member_id = \(bind: memberID))",
            "UPDATE activation_ideas SET title = '', body = '', status = 'erased', rejection_reason = NULL, jury_rank = NULL WHERE member_id = \(bind: memberID)",
            "DELETE FROM member_codes WHERE member_id = \(bind: memberID)",
            // Posts listening recognised as the member's: the link goes, and so do the author's name, e-mail and profile kept with them.
            """
            UPDATE listening_posts SET author = '', author_email = NULL, author_url = NULL, author_email_key = NULL, author_social_key = NULL,
                member_id = NULL WHERE member_id = \(bind: memberID)
            """,
            // The browsers the member entered from (share links); their links stop answering (see ShareLinkStore.redirect).
            "DELETE FROM share_devices WHERE member_id = \(bind: memberID)",
            "UPDATE consent_records SET ip_address = NULL, user_agent = NULL, source_label = '' WHERE member_id = \(bind: memberID)",
            """
            UPDATE members SET first_name = NULL, last_name = NULL, birth_date = NULL, postal_code = NULL, city = NULL,
                language = NULL, search_name = '', search_alt = '', updated_at = \(bind: now),
                erased_at = \(bind: reason == .request ? now : nil), anonymised_at = \(bind: now)
            WHERE id = \(bind: memberID)
            """,
        ] {
            try await sql.raw(statement).run()
        }
        if reason == .retention {
            // A retained profile is gone for good too: it must not be found or listed again.
            try await sql.raw("UPDATE members SET erased_at = \(bind: now) WHERE id = \(bind: memberID)").run()
        }
    }
}
