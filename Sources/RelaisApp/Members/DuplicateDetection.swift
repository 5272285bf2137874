import Foundation
import SQLKit

/// Two profiles that probably belong to one person, and why.
public struct DuplicatePair: Sendable, Codable, Equatable {
    public var first: MemberSummary
    public var second: MemberSummary
    /// `same_name_and_birth_date` or `same_name_and_postal_code`.
    public var reason: String
}

/// Finds probable duplicates that identity keys could not recognise (a person who signed up
/// once with an e-mail and once with a phone): same folded name and same birth date, or same
/// folded name and same postal code. Staff decide; nothing is merged automatically.
struct DuplicateDetection: Sendable {
    let database: Database
    /// How many of the newest profiles are compared with the others.
    static let recentWindow = 2000

    /// Up to `limit` probable pairs visible to the caller, newest second member first.
    func pairs(access: BrandAccess, limit: Int) async throws -> [DuplicatePair] {
        try await database.readOnly { sql in
            // The newest profiles are checked against all others: duplicates appear at sign-up.
            let rows = try await sql.raw("""
                SELECT m.id AS a, n.id AS b,
                  CASE WHEN m.birth_date IS NOT NULL AND m.birth_date = n.birth_date THEN 'same_name_and_birth_date'
                       ELSE 'same_name_and_postal_code' END AS reason
                FROM (SELECT id, organisation_id, search_name, birth_date, postal_code, merged_into_id, erased_at FROM members
                      WHERE organisation_id = \(bind: access.organisationID) AND search_name <> '' ORDER BY id DESC LIMIT \(bind: Self.recentWindow)) n
                JOIN members m ON m.organisation_id = n.organisation_id AND m.search_name = n.search_name AND m.id < n.id
                 AND ((m.birth_date IS NOT NULL AND m.birth_date = n.birth_date)
                      OR (m.postal_code IS NOT NULL AND m.postal_code = n.postal_code AND (m.birth_date IS NULL OR n.birth_date IS NULL)))
                WHERE \(MemberStore.visible(access)) AND \(Self.visible(access, alias: "n"))
                ORDER BY n.id DESC, m.id LIMIT \(bind: limit)
                """).all()
            let pairs = try rows.map { (try $0.decode(column: "a", as: Int64.self), try $0.decode(column: "b", as: Int64.self),
                                        try $0.decode(column: "reason", as: String.self)) }
            let summaries = try await MemberSearch.summaries(ids: pairs.flatMap { [$0.0, $0.1] }, on: sql)
            return pairs.compactMap { a, b, reason in
                guard let first = summaries[a], let second = summaries[b] else { return nil }
                return DuplicatePair(first: first, second: second, reason: reason)
            }
        }
    }

    /// The visibility condition for a member row under another alias.
    static func visible(_ access: BrandAccess, alias: String) -> SQLQueryString {
        let link: SQLQueryString = access.unitID.map {
            "EXISTS (SELECT 1 FROM member_units mu2 WHERE mu2.member_id = \(unsafeRaw: alias).id AND mu2.unit_id = \(bind: $0))"
        } ?? "EXISTS (SELECT 1 FROM member_brands mb2 WHERE mb2.member_id = \(unsafeRaw: alias).id AND mb2.brand_id = \(bind: access.brandID))"
        return "\(unsafeRaw: alias).merged_into_id IS NULL AND \(unsafeRaw: alias).erased_at IS NULL AND \(link)"
    }
}
