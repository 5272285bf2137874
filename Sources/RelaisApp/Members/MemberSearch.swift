import Foundation
import SQLKit

/// A member as shown in lists.
public struct MemberSummary: Sendable, Codable, Equatable {
    public var id: Int64
    public var firstName: String?
    public var lastName: String?
    public var email: String?
    public var phone: String?
    public var city: String?
    public var country: String?
    public var createdAt: Int64
}

/// What to look for in the member list.
struct MemberQuery: Sendable {
    /// Free text: an e-mail (or its start), a phone number (or its start), or the start of a name.
    var text: String?
    /// Only members with this tag.
    var tag: String?
    /// Only members of this country.
    var country: String?
    /// Only members meeting this extra condition on rows `m` (a compiled segment).
    var condition: SQLQueryString?
}

/// Searches members by e-mail, phone or name prefix, with index-friendly range scans.
struct MemberSearch: Sendable {
    let database: Database

    /// One page of matching members, newest first.
    func search(_ query: MemberQuery, access: BrandAccess, page: PageRequest, defaultCountry: String) async throws -> Page<MemberSummary> {
        try await database.readOnly { sql in
            var conditions: [SQLQueryString] = [MemberStore.visible(access)]
            if let text = query.text?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
                conditions.append(Self.textCondition(text, organisationID: access.organisationID, defaultCountry: defaultCountry))
            }
            if let tag = query.tag, !tag.isEmpty {
                conditions.append("EXISTS (SELECT 1 FROM member_tags t WHERE t.member_id = m.id AND t.brand_id = \(bind: access.brandID) AND t.tag = \(bind: tag))")
            }
            if let country = query.country, !country.isEmpty {
                conditions.append("m.country = \(bind: country.uppercased())")
            }
            if let condition = query.condition {
                conditions.append(condition)
            }
            if let after = page.afterID {
                conditions.append("m.id < \(bind: after)")
            }
            var items = try await sql.raw("""
                \(Self.summaryColumns) WHERE \(conditions.joined(separator: " AND "))
                ORDER BY m.id DESC LIMIT \(bind: page.limit + 1)
                """).all().map(Self.summary)
            var next: String? = nil
            if items.count > page.limit {
                items.removeLast()
                next = items.last.map { String($0.id) }
            }
            return Page(items: items, nextCursor: next, total: nil)
        }
    }

    /// The select list of a member summary over `members m`: profile columns and first e-mail and phone.
    static let summaryColumns: SQLQueryString = """
        SELECT m.id, m.first_name, m.last_name, m.city, m.country, m.created_at,
          (SELECT value FROM member_identities i WHERE i.member_id = m.id AND i.kind = 'email' ORDER BY i.id LIMIT 1) AS email,
          (SELECT value FROM member_identities i WHERE i.member_id = m.id AND i.kind = 'phone' ORDER BY i.id LIMIT 1) AS phone
        FROM members m
        """

    /// A member summary from a row selected with `summaryColumns`.
    static func summary(_ row: any SQLRow) throws -> MemberSummary {
        MemberSummary(
            id: try row.decode(column: "id", as: Int64.self),
            firstName: try row.optional("first_name"), lastName: try row.optional("last_name"),
            email: try row.optional("email"), phone: try row.optional("phone"),
            city: try row.optional("city"), country: try row.optional("country"),
            createdAt: try row.decode(column: "created_at", as: Int64.self)
        )
    }

    /// Summaries of the given members, by id, in one query.
    static func summaries(ids: [Int64], on sql: any SQLDatabase) async throws -> [Int64: MemberSummary] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await sql.raw("\(summaryColumns) WHERE m.id IN (\(binds: Array(Set(ids))))").all()
        return Dictionary(uniqueKeysWithValues: try rows.map { let summary = try summary($0); return (summary.id, summary) })
    }

    /// The condition for the free-text part of a search.
    static func textCondition(_ text: String, organisationID: Int64, defaultCountry: String) -> SQLQueryString {
        if text.contains("@") {
            let key = text.lowercased()
            let exact = EmailAddress.matchKey(key)
            // Driven from the identity index (`m.id IN …`): a correlated EXISTS would make the
            // database walk every member newest first to find one address.
            return """
                m.id IN (SELECT i.member_id FROM member_identities i WHERE i.organisation_id = \(bind: organisationID) AND i.kind = 'email'
                  AND i.match_key >= \(bind: key) AND i.match_key < \(bind: SearchText.upperBound(ofPrefix: key))
                  UNION SELECT i.member_id FROM member_identities i WHERE i.organisation_id = \(bind: organisationID) AND i.kind = 'email'
                  AND i.match_key = \(bind: exact))
                """
        }
        let phoneChars = Set("+0123456789 .-()")
        if text.allSatisfy({ phoneChars.contains($0) }), text.filter(\.isNumber).count >= 3 {
            let prefix: String
            if case .success(let full) = PhoneNumber.normalize(text, defaultCountry: defaultCountry) {
                prefix = full
            } else {
                var digits = text.filter(\.isNumber)
                if text.hasPrefix("+") { prefix = "+" + digits } else {
                    if digits.hasPrefix("0") { digits.removeFirst() }
                    prefix = "+" + (PhoneNumber.callingCodes[defaultCountry.uppercased()] ?? "") + digits
                }
            }
            return """
                m.id IN (SELECT i.member_id FROM member_identities i WHERE i.organisation_id = \(bind: organisationID) AND i.kind = 'phone'
                  AND i.match_key >= \(bind: prefix) AND i.match_key < \(bind: SearchText.upperBound(ofPrefix: prefix)))
                """
        }
        let folded = SearchText.fold(text)
        let upper = SearchText.upperBound(ofPrefix: folded)
        return """
            m.id IN (SELECT id FROM members WHERE organisation_id = \(bind: organisationID) AND search_name >= \(bind: folded) AND search_name < \(bind: upper)
              UNION SELECT id FROM members WHERE organisation_id = \(bind: organisationID) AND search_alt >= \(bind: folded) AND search_alt < \(bind: upper))
            """
    }
}
