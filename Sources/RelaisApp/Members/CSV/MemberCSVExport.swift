import Foundation
import SQLKit

/// Writes a brand's members as CSV for spreadsheets: UTF-8 with a BOM, one member per line,
/// headers named like import targets (so that the file re-imports as it is), formula-like
/// cells neutralised.
struct MemberCSVExport: Sendable {
    let database: Database
    let audit: AuditLog
    /// Members read per query.
    var pageSize = 1000

    /// The columns of the file.
    static let header = ["id", "email", "phone", "firstName", "lastName", "birthDate", "postalCode", "city", "country", "language", "tag", "createdAt"]

    /// The CSV of the visible members matching `query` (text and tag), oldest first; the export is audited.
    func export(_ query: MemberQuery, access: BrandAccess, defaultCountry: String, delimiter: Character) async throws -> (text: String, count: Int) {
        try access.require(.exportMembers)
        var text = CSVWriter.byteOrderMark + CSVWriter.line(Self.header, delimiter: delimiter)
        var afterID: Int64 = 0
        var count = 0
        while true {
            let after = afterID
            let lines = try await database.read { sql in
                try await page(query, access: access, defaultCountry: defaultCountry, afterID: after, on: sql)
            }
            for line in lines { text += CSVWriter.line(line.cells, delimiter: delimiter) }
            count += lines.count
            guard let last = lines.last, lines.count == pageSize else { break }
            afterID = last.id
        }
        let exported = count
        try await database.transaction { sql in
            try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                   action: "members.exported_csv", targetKind: "brand", targetID: access.brandID,
                                   details: ["members": String(exported), "filtered": query.text == nil && query.tag == nil ? "no" : "yes"], on: sql)
        }
        return (text, count)
    }

    /// One page of lines after `afterID`.
    private func page(_ query: MemberQuery, access: BrandAccess, defaultCountry: String, afterID: Int64,
                      on sql: any SQLDatabase) async throws -> [(id: Int64, cells: [String])] {
        var conditions: [SQLQueryString] = [MemberStore.visible(access), "m.id > \(bind: afterID)"]
        if let text = query.text?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            conditions.append(MemberSearch.textCondition(text, organisationID: access.organisationID, defaultCountry: defaultCountry))
        }
        if let tag = query.tag, !tag.isEmpty {
            conditions.append("EXISTS (SELECT 1 FROM member_tags t WHERE t.member_id = m.id AND t.brand_id = \(bind: access.brandID) AND t.tag = \(bind: tag))")
        }
        let rows = try await sql.raw("""
            SELECT m.id, m.first_name, m.last_name, m.birth_date, m.postal_code, m.city, m.country, m.language, m.created_at,
              (SELECT value FROM member_identities i WHERE i.member_id = m.id AND i.kind = 'email' ORDER BY i.id LIMIT 1) AS email,
              (SELECT value FROM member_identities i WHERE i.member_id = m.id AND i.kind = 'phone' ORDER BY i.id LIMIT 1) AS phone
            FROM members m WHERE \(conditions.joined(separator: " AND "))
            ORDER BY m.id LIMIT \(bind: pageSize)
            """).all()
        let ids = try rows.map { try $0.decode(column: "id", as: Int64.self) }
        var tags: [Int64: [String]] = [:]
        if !ids.isEmpty {
            for row in try await sql.raw("""
                SELECT member_id, tag FROM member_tags WHERE brand_id = \(bind: access.brandID) AND member_id IN (\(binds: ids)) ORDER BY tag
                """).all() {
                let member = try row.decode(column: "member_id", as: Int64.self)
                tags[member, default: []].append(try row.decode(column: "tag", as: String.self))
            }
        }
        return try rows.map { row in
            let id = try row.decode(column: "id", as: Int64.self)
            func text(_ column: String) throws -> String { try row.optional(column, as: String.self) ?? "" }
            return (id, [
                String(id), try text("email"), try text("phone"), try text("first_name"), try text("last_name"), try text("birth_date"),
                try text("postal_code"), try text("city"), try text("country"), try text("language"),
                (tags[id] ?? []).joined(separator: "|"), Clock.iso(try row.decode(column: "created_at", as: Int64.self)),
            ])
        }
    }
}
