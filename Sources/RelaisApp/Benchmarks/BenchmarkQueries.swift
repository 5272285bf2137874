import Foundation
import Logging
import SQLKit

/// Writes sample search queries (e-mails, phone prefixes, name prefixes) drawn from the seeded
/// members, one per line, for the load generator.
public enum BenchmarkQueries {
    /// Writes `count` queries of each kind into files in `folder`.
    public static func write(configuration: AppConfiguration, brandID: Int64, count: Int, folder: String) async throws {
        let database = try await Database.open(configuration.database, logger: Logger(label: "relais.bench"))
        do {
            let (emails, phones, names) = try await database.read { sql in
                let total = try await sql.raw("SELECT MAX(member_id) AS n FROM member_brands WHERE brand_id = \(bind: brandID)").first()!.decode(column: "n", as: Int64.self)
                var random = DemoRandom(seed: 11)
                var emails: [String] = [], phones: [String] = [], names: [String] = []
                for _ in 0..<count {
                    let id = Int64.random(in: 1...total, using: &random)
                    if let row = try await sql.raw("SELECT value FROM member_identities WHERE member_id >= \(bind: id) AND kind = 'email' ORDER BY member_id LIMIT 1").first() {
                        emails.append(try row.decode(column: "value", as: String.self))
                    }
                    if let row = try await sql.raw("SELECT value FROM member_identities WHERE member_id >= \(bind: id) AND kind = 'phone' ORDER BY member_id LIMIT 1").first() {
                        phones.append(String(try row.decode(column: "value", as: String.self).prefix(9)))
                    }
                    if let row = try await sql.raw("SELECT search_alt FROM members WHERE id >= \(bind: id) ORDER BY id LIMIT 1").first() {
                        let alt = try row.decode(column: "search_alt", as: String.self)
                        names.append(String(alt.prefix(Int.random(in: 3...6, using: &random))))
                    }
                }
                return (emails, phones, names)
            }
            for (name, lines) in [("emails", emails), ("phones", phones), ("names", names)] {
                let encoded = lines.map { $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0 }
                try encoded.joined(separator: "\n").appending("\n").write(toFile: "\(folder)/\(name).txt", atomically: true, encoding: .utf8)
            }
            await database.close()
        } catch {
            await database.close()
            throw error
        }
    }
}
