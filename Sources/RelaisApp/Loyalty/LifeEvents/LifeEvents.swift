import Foundation
import Logging
import SQLKit

/// Writes the timeline events no request makes: `member.birthday` on a member's birthday in the
/// brand's time zone (once per year and brand), and `profile.completed` the first time a
/// member's profile has every standard field (once per brand). Earning rules can then reward them.
struct LifeEvents: Sendable {
    let database: Database
    let timeline: Timeline

    /// Members handled per transaction.
    static let batch = 1_000
    /// Where the completed-profile job stands: a `members.updated_at`.
    static let profilesProgress = JobProgress(name: "profile-completed")
    /// The last member handled within that `updated_at`.
    static let profilesMemberProgress = JobProgress(name: "profile-completed-member")

    /// Writes today's birthdays of every brand; returns how many were written.
    @discardableResult
    func celebrateBirthdays(now: Int64 = Clock.nowMillis()) async throws -> Int {
        let brands = try await database.readOnly { sql in
            try await sql.raw("SELECT id, organisation_id, time_zone FROM brands").all().map { row in
                (id: try row.decode(column: "id", as: Int64.self), organisationID: try row.decode(column: "organisation_id", as: Int64.self),
                 zone: try row.decode(column: "time_zone", as: String.self))
            }
        }
        var written = 0
        for brand in brands {
            let today = LocalTime.day(now, timeZone: brand.zone)
            let monthDays = BirthdayCalendar.monthDays(celebratedOn: today)
            guard !monthDays.isEmpty, let yearStart = LocalTime.instant(BirthdayCalendar.yearStart(of: today), timeZone: brand.zone) else { continue }
            let candidates: SQLQueryString = """
                    FROM member_brands mb JOIN members m ON m.id = mb.member_id
                    WHERE mb.brand_id = \(bind: brand.id) AND m.merged_into_id IS NULL AND m.erased_at IS NULL
                      AND SUBSTR(m.birth_date, 6, 5) IN (\(SQLList(monthDays.map { SQLBind($0) })))
                      AND NOT EXISTS (SELECT 1 FROM timeline_events e WHERE e.member_id = m.id AND e.kind = 'member.birthday'
                                      AND e.occurred_at >= \(bind: yearStart) AND e.brand_id = \(bind: brand.id))
                    """
            while true {
                // A read first: most days, most brands have nobody to celebrate and need no write.
                let due = try await database.readOnly { sql in
                    try await sql.raw("SELECT 1 AS found \(candidates) LIMIT 1").first() != nil
                }
                guard due else { break }
                let count = try await database.transaction { sql in
                    let members = try await sql.raw("SELECT m.id \(candidates) ORDER BY m.id LIMIT \(bind: Self.batch)").all()
                        .map { try $0.decode(column: "id", as: Int64.self) }
                    for member in members {
                        try await timeline.append(organisationID: brand.organisationID, brandID: brand.id, memberID: member, kind: "member.birthday",
                                                  summary: today, data: ["day": today], at: now, on: sql)
                    }
                    return members.count
                }
                written += count
                if count < Self.batch { break }
            }
        }
        return written
    }

    /// Writes `profile.completed` for members whose profile changed since the last run and is now
    /// complete; returns how many events were written.
    ///
    /// The position is a `members.updated_at` and, within that instant, the last member handled:
    /// an import writes thousands of members in the same millisecond, and a position of the instant
    /// alone had each batch read again every member of it before the ones it had not handled yet.
    @discardableResult
    func recordCompletedProfiles(now: Int64 = Clock.nowMillis()) async throws -> Int {
        var written = 0
        while true {
            let (count, more) = try await database.transaction { sql -> (Int, Bool) in
                let since = try await Self.profilesProgress.claim(on: sql)
                let sinceMember = try await Self.profilesMemberProgress.claim(on: sql)
                let filled = SQLRaw(ProfileCompletion.columns.map { "m.\($0) IS NOT NULL AND m.\($0) <> ''" }.joined(separator: " AND "))
                var rows = try await sql.raw("""
                    SELECT m.id, m.organisation_id, m.updated_at, mb.brand_id FROM members m JOIN member_brands mb ON mb.member_id = m.id
                    WHERE m.updated_at >= \(bind: since) AND NOT (m.updated_at = \(bind: since) AND m.id <= \(bind: sinceMember))
                      AND m.merged_into_id IS NULL AND m.erased_at IS NULL AND \(filled)
                      AND NOT EXISTS (SELECT 1 FROM timeline_events e WHERE e.member_id = m.id AND e.kind = 'profile.completed' AND e.brand_id = mb.brand_id)
                    ORDER BY m.updated_at, m.id, mb.brand_id LIMIT \(bind: Self.batch)
                    """).all().map { row in
                    (id: try row.decode(column: "id", as: Int64.self), organisationID: try row.decode(column: "organisation_id", as: Int64.self),
                     updatedAt: try row.decode(column: "updated_at", as: Int64.self), brandID: try row.decode(column: "brand_id", as: Int64.self))
                }
                let full = rows.count == Self.batch
                // A full batch may end inside a member's brands: that member is left whole for the next batch.
                if full, let last = rows.last, rows.contains(where: { $0.id != last.id }) {
                    rows.removeAll { $0.id == last.id }
                }
                for row in rows {
                    try await timeline.append(organisationID: row.organisationID, brandID: row.brandID, memberID: row.id,
                                              kind: "profile.completed", summary: "", at: row.updatedAt, on: sql)
                }
                var position = (since, sinceMember)
                if let last = rows.last { position = (last.updatedAt, last.id) }
                if !full, now - 60_000 > position.0 {
                    // Everything changed so far is handled: move on to now, minus a margin for transactions still open.
                    position = (now - 60_000, 0)
                }
                try await Self.profilesProgress.save(position.0, on: sql)
                try await Self.profilesMemberProgress.save(position.1, on: sql)
                return (rows.count, full)
            }
            written += count
            if !more { break }
        }
        return written
    }
}
