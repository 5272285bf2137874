import Foundation
import Logging
import SQLKit

/// Share links in bulk for the redirect benchmark, and what the clicks left in the database.
public enum BenchmarkShareLinks {
    /// What `seed` made.
    public struct Seeded: Codable, Sendable {
        public var links: Int
        public var codesFile: String
        public var target: String
    }

    /// What the clicks left: every row of `share_clicks`, the human ones, the counted ones.
    public struct Clicks: Codable, Sendable {
        public var clicks: Int
        public var human: Int
        public var counted: Int
        public var visits: Int
    }

    /// The address every benchmark link leads to.
    public static let target = "https://www.example.com/landing"

    /// Gives `count` members of the brand one link each to `target`; writes their codes, one per
    /// line, to `folder/codes.txt`.
    public static func seed(configuration: AppConfiguration, brandID: Int64, count: Int, folder: String) async throws -> Seeded {
        try await Database.using(configuration.database, logger: Logger(label: "relais.bench")) { database in
            let members = try await database.read { sql in
                try await sql.raw("""
                    SELECT mb.member_id, mb.organisation_id FROM member_brands mb WHERE mb.brand_id = \(bind: brandID) ORDER BY mb.member_id LIMIT \(bind: count)
                    """).all().map { (try $0.decode(column: "member_id", as: Int64.self), try $0.decode(column: "organisation_id", as: Int64.self)) }
            }
            guard members.count == count else { throw AppError.invalid("links", "needs \(count) members of the brand; it has \(members.count)") }
            var codes: [String] = []
            codes.reserveCapacity(count)
            let now = Clock.nowMillis()
            for start in stride(from: 0, to: members.count, by: 500) {
                let slice = members[start..<min(start + 500, members.count)]
                let made = slice.map { _ in ShareCode.random() }
                try await database.transaction { sql in
                    var rows: [SQLQueryString] = []
                    for (member, code) in zip(slice, made) {
                        rows.append("(\(bind: member.1), \(bind: brandID), \(bind: member.0), \(bind: "url:\(target)"), \(bind: target), \(bind: code), \(bind: now))")
                    }
                    try await sql.raw("""
                        INSERT INTO share_links (organisation_id, brand_id, member_id, target_key, target_url, code, created_at)
                        VALUES \(rows.joined(separator: ", "))
                        """).run()
                }
                codes += made
            }
            let file = URL(fileURLWithPath: folder).appendingPathComponent("codes.txt")
            try (codes.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
            return Seeded(links: codes.count, codesFile: file.path, target: target)
        }
    }

    /// Counts the clicks written so far.
    public static func clicks(configuration: AppConfiguration) async throws -> Clicks {
        try await Database.using(configuration.database, logger: Logger(label: "relais.bench")) { database in
            try await database.read { sql in
                func count(_ query: SQLQueryString) async throws -> Int {
                    try await sql.raw(query).first()?.decode(column: "n", as: Int.self) ?? 0
                }
                return Clicks(clicks: try await count("SELECT COUNT(*) AS n FROM share_clicks"),
                              human: try await count("SELECT COUNT(*) AS n FROM share_clicks WHERE bot = 0"),
                              counted: try await count("SELECT COUNT(*) AS n FROM share_clicks WHERE counted = 1"),
                              visits: try await count("SELECT COUNT(*) AS n FROM share_visits"))
            }
        }
    }
}
