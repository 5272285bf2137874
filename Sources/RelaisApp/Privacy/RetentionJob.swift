import Foundation
import Logging
import SQLKit

/// Anonymises members whose last self-initiated contact is older than the retention period.
struct RetentionJob: Sendable {
    let database: Database
    let erasure: MemberErasure
    let audit: AuditLog
    let retentionDays: Int

    /// Anonymises up to `batch` inactive members and returns how many.
    @discardableResult
    func run(now: Int64 = Clock.nowMillis(), batch: Int = 500) async throws -> Int {
        let cutoff = now - Int64(retentionDays) * Clock.dayMillis
        return try await database.transaction { sql in
            let rows = try await sql.raw("""
                SELECT id, organisation_id FROM members
                WHERE erased_at IS NULL AND merged_into_id IS NULL AND last_contact_at < \(bind: cutoff)
                ORDER BY last_contact_at LIMIT \(bind: batch)
                """).all()
            var perOrganisation: [Int64: Int] = [:]
            for row in rows {
                let id = try row.decode(column: "id", as: Int64.self)
                let organisation = try row.decode(column: "organisation_id", as: Int64.self)
                try await erasure.erase(memberID: id, organisationID: organisation, reason: .retention, on: sql)
                perOrganisation[organisation, default: 0] += 1
            }
            for (organisation, count) in perOrganisation {
                try await audit.record(organisationID: organisation, brandID: nil, actor: .system, action: "retention.anonymised",
                                       targetKind: "members", targetID: nil,
                                       details: ["count": String(count), "retentionDays": String(retentionDays)], on: sql)
            }
            return rows.count
        }
    }
}
