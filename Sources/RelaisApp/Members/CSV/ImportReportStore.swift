import Foundation
import SQLKit

/// A stored import as lists show it.
struct ImportSummary: Codable, Sendable, Equatable {
    var id: Int64
    var fileName: String
    var totalRows: Int
    var importedRows: Int
    var errorRows: Int
    var createdAt: String
}

/// SQL for the `member_imports` reports of a brand.
struct ImportReportStore: Sendable {
    let database: Database

    /// Stores a report and returns its id.
    func insert(_ report: ImportReport, brandID: Int64, createdBy: Int64?, on sql: any SQLDatabase) async throws -> Int64 {
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        let row = try await sql.raw("""
            INSERT INTO member_imports (brand_id, file_name, total_rows, imported_rows, error_rows, report, created_by, created_at)
            VALUES (\(bind: brandID), \(bind: report.fileName), \(bind: report.totalRows), \(bind: report.created + report.updated),
                    \(bind: report.errorRows), \(bind: json), \(bind: createdBy), \(bind: Clock.nowMillis()))
            RETURNING id
            """).first()
        return try row!.decode(column: "id", as: Int64.self)  // RETURNING always yields the row.
    }

    /// One page of a brand's reports, newest first.
    func list(brandID: Int64, page: PageRequest) async throws -> Page<ImportSummary> {
        try await database.read { sql in
            let cursor: SQLQueryString = page.afterID.map { "AND id < \(bind: $0)" } ?? ""
            var items = try await sql.raw("""
                SELECT id, file_name, total_rows, imported_rows, error_rows, created_at FROM member_imports
                WHERE brand_id = \(bind: brandID) \(cursor) ORDER BY id DESC LIMIT \(bind: page.limit + 1)
                """).all().map { row in
                ImportSummary(id: try row.decode(column: "id", as: Int64.self), fileName: try row.decode(column: "file_name", as: String.self),
                              totalRows: try row.decode(column: "total_rows", as: Int.self),
                              importedRows: try row.decode(column: "imported_rows", as: Int.self),
                              errorRows: try row.decode(column: "error_rows", as: Int.self),
                              createdAt: Clock.iso(try row.decode(column: "created_at", as: Int64.self)))
            }
            var next: String? = nil
            if items.count > page.limit {
                items.removeLast()
                next = items.last.map { String($0.id) }
            }
            return Page(items: items, nextCursor: next, total: nil)
        }
    }

    /// A brand's report, or nil when there is none with this id in the brand.
    func report(id: Int64, brandID: Int64) async throws -> ImportReport? {
        try await database.read { sql in
            guard let row = try await sql.raw("SELECT id, report FROM member_imports WHERE id = \(bind: id) AND brand_id = \(bind: brandID)").first() else {
                return nil
            }
            var report = try JSONDecoder().decode(ImportReport.self, from: Data(try row.decode(column: "report", as: String.self).utf8))
            report.id = try row.decode(column: "id", as: Int64.self)
            return report
        }
    }
}
