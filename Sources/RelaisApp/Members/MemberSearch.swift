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

/// Searches members by e-mail, phone or name prefix. A search reads ordered index ranges and
/// stops after one page (see `MemberSearchPlan`); the plain list is newest first.
struct MemberSearch: Sendable {
    let database: Database

    /// One page of matching members: in key order (name, e-mail or phone) for a text search,
    /// newest first otherwise.
    func search(_ query: MemberQuery, access: BrandAccess, page: PageRequest, defaultCountry: String) async throws -> Page<MemberSummary> {
        var filters: [SQLQueryString] = [MemberStore.visible(access)]
        if let tag = query.tag, !tag.isEmpty {
            filters.append("EXISTS (SELECT 1 FROM member_tags t WHERE t.member_id = m.id AND t.brand_id = \(bind: access.brandID) AND t.tag = \(bind: tag))")
        }
        if let country = query.country, !country.isEmpty {
            filters.append("m.country = \(bind: country.uppercased())")
        }
        if let condition = query.condition {
            filters.append(condition)
        }
        if let text = query.text?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            guard page.afterID == nil else { throw AppError.invalid("cursor", "is not a cursor returned by this search") }
            let plan = MemberSearchPlan.plan(for: text, defaultCountry: defaultCountry)
            return try await search(plan, filters: filters, organisationID: access.organisationID, page: page)
        }
        guard page.afterKey == nil else { throw AppError.invalid("cursor", "is not a cursor returned by this list") }
        if let after = page.afterID {
            filters.append("m.id < \(bind: after)")
        }
        let condition = filters.joined(separator: " AND ")
        return try await database.readOnly { sql in
            var items = try await sql.raw("""
                \(Self.summaryColumns) WHERE \(condition)
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

    /// Reads one page of every stream of the plan after the cursor and merges them.
    private func search(_ plan: MemberSearchPlan, filters: [SQLQueryString], organisationID: Int64, page: PageRequest) async throws -> Page<MemberSummary> {
        let found = try await database.readOnly { sql in
            var found: [(key: String, summary: MemberSummary)] = []
            for stream in plan.streams {
                let query = Self.streamQuery(stream, filters: filters, organisationID: organisationID, after: page.afterKey, limit: page.limit + 1)
                for row in try await sql.raw(query).all() {
                    found.append((try row.decode(column: "sort_key", as: String.self), try Self.summary(row)))
                }
            }
            return found
        }
        var seen = Set<Int64>()
        let merged = found
            .sorted { MemberSearchPlan.precedes(($0.key, $0.summary.id), ($1.key, $1.summary.id)) }
            .filter { seen.insert($0.summary.id).inserted }
        let items = Array(merged.prefix(page.limit))
        let next = merged.count > page.limit ? items.last.map { KeyedCursor(key: $0.key, id: $0.summary.id).text } : nil
        return Page(items: items.map(\.summary), nextCursor: next, total: nil)
    }

    /// The query reading one stream in (key, id) order after the cursor, with the filters.
    static func streamQuery(_ stream: MemberSearchPlan.Stream, filters: [SQLQueryString], organisationID: Int64,
                            after: KeyedCursor?, limit: Int) -> SQLQueryString {
        let key: String, id: String, from: SQLQueryString
        var conditions: [SQLQueryString]
        switch stream.source {
        case .name, .alternateName:
            key = stream.source == .name ? "m.search_name" : "m.search_alt"
            id = "m.id"
            from = "FROM members m"
            conditions = ["m.organisation_id = \(bind: organisationID)"]
        case .identity(let kind):
            key = "i.match_key"
            id = "i.member_id"
            from = "FROM member_identities i JOIN members m ON m.id = i.member_id"
            conditions = ["i.organisation_id = \(bind: organisationID)", "i.kind = \(bind: kind.rawValue)"]
        }
        conditions.append(range(stream.range, column: key))
        if let excluded = stream.excluding {
            conditions.append("NOT (\(range(excluded, column: stream.source == .alternateName ? "m.search_name" : key)))")
        }
        if let after {
            conditions.append("(\(unsafeRaw: key), \(unsafeRaw: id)) > (\(bind: after.key), \(bind: after.id))")
        }
        return """
            \(summarySelect), \(unsafeRaw: key) AS sort_key \(from)
            WHERE \((conditions + filters).joined(separator: " AND "))
            ORDER BY \(unsafeRaw: key), \(unsafeRaw: id) LIMIT \(bind: limit)
            """
    }

    /// The text search as one condition on rows `m`, for reads in id order (exports): members
    /// found by any stream of the plan.
    static func textCondition(_ text: String, organisationID: Int64, defaultCountry: String) -> SQLQueryString {
        let plan = MemberSearchPlan.plan(for: text, defaultCountry: defaultCountry)
        let parts: [SQLQueryString] = plan.streams.map { stream in
            switch stream.source {
            case .name: return "(m.organisation_id = \(bind: organisationID) AND \(range(stream.range, column: "m.search_name")))"
            case .alternateName: return "(m.organisation_id = \(bind: organisationID) AND \(range(stream.range, column: "m.search_alt")))"
            case .identity(let kind):
                return """
                    m.id IN (SELECT i.member_id FROM member_identities i WHERE i.organisation_id = \(bind: organisationID) \
                    AND i.kind = \(bind: kind.rawValue) AND \(range(stream.range, column: "i.match_key")))
                    """
            }
        }
        return "(\(parts.joined(separator: " OR ")))"
    }

    /// A key range as an index-friendly condition on `column` (compared byte by byte).
    static func range(_ range: MemberSearchPlan.KeyRange, column: String) -> SQLQueryString {
        switch range {
        case .prefix(let prefix):
            "\(unsafeRaw: column) >= \(bind: prefix) AND \(unsafeRaw: column) < \(bind: SearchText.upperBound(ofPrefix: prefix))"
        case .exactly(let key):
            "\(unsafeRaw: column) = \(bind: key)"
        }
    }

    /// The select list of a member summary over `members m`: profile columns and first e-mail and phone.
    static let summaryColumns: SQLQueryString = "\(summarySelect) FROM members m"

    /// The select list of a member summary over `m`, without its FROM clause.
    static let summarySelect: SQLQueryString = """
        SELECT m.id, m.first_name, m.last_name, m.city, m.country, m.created_at,
          (SELECT value FROM member_identities e WHERE e.member_id = m.id AND e.kind = 'email' ORDER BY e.id LIMIT 1) AS email,
          (SELECT value FROM member_identities p WHERE p.member_id = m.id AND p.kind = 'phone' ORDER BY p.id LIMIT 1) AS phone
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
}
