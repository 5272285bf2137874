import Foundation
import Logging
import SQLKit

/// Writes the tables the brand overview and the activation reports are computed from as CSV
/// files, for a reference engine to compute the same figures from scratch. Only ids, instants,
/// statuses, kinds, amounts and the consent ledger's source labels (`activation {slug}`, which
/// tie a line to an activation) leave the database: no name, e-mail or other personal data.
public enum BenchmarkRoiExport {
    /// One table: its name, the columns written (`true` for text), and the integer column it is read in ranges of.
    struct Table {
        var name: String
        var columns: [(String, Bool)]
        var range: String
    }

    static let tables: [Table] = [
        Table(name: "members", columns: [("id", false), ("organisation_id", false), ("created_at", false), ("merged_into_id", false),
                                         ("erased_at", false), ("anonymised_at", false)], range: "id"),
        Table(name: "member_brands", columns: [("member_id", false), ("brand_id", false), ("first_seen_at", false), ("source", true)], range: "member_id"),
        Table(name: "activations", columns: [("id", false), ("brand_id", false), ("kind", true), ("slug", true), ("status", true),
                                             ("opens_at", false), ("closes_at", false)], range: "id"),
        Table(name: "activation_entries", columns: [("id", false), ("brand_id", false), ("activation_id", false), ("member_id", false),
                                                    ("status", true), ("confirmed_at", false), ("created_at", false)], range: "id"),
        Table(name: "consent_purposes", columns: [("id", false), ("brand_id", false), ("key", true), ("is_marketing", false)], range: "id"),
        Table(name: "consent_records", columns: [("id", false), ("brand_id", false), ("member_id", false), ("purpose_id", false), ("channel", true),
                                                 ("status", true), ("source_kind", true), ("source_id", false), ("source_label", true),
                                                 ("recorded_at", false)], range: "id"),
        Table(name: "share_links", columns: [("id", false), ("brand_id", false), ("activation_id", false), ("member_id", false), ("created_at", false)],
              range: "id"),
        Table(name: "share_clicks", columns: [("id", false), ("link_id", false), ("counted", false), ("bot", false), ("clicked_at", false)], range: "id"),
        Table(name: "share_visits", columns: [("link_id", false), ("visitor_hash", true), ("visited_at", false)], range: "link_id"),
        Table(name: "share_attributions", columns: [("id", false), ("brand_id", false), ("activation_id", false), ("member_id", false), ("entry_id", false),
                                                    ("kind", true), ("self_referral", false), ("created_at", false)], range: "id"),
        Table(name: "activation_referrals", columns: [("id", false), ("brand_id", false), ("activation_id", false), ("status", true)], range: "id"),
        Table(name: "coupons", columns: [("id", false), ("brand_id", false), ("member_id", false), ("activation_id", false), ("activation_entry_id", false),
                                         ("points_entry_id", false), ("status", true), ("issued_at", false), ("redeemed_at", false),
                                         ("redeemed_amount_cents", false)], range: "id"),
        Table(name: "points_entries", columns: [("id", false), ("brand_id", false), ("member_id", false), ("kind", true), ("points", false),
                                                ("activation_ref", true), ("occurred_at", false)], range: "id"),
        Table(name: "budget_lines", columns: [("id", false), ("brand_id", false), ("activation_id", false), ("category", true), ("planned_cents", false),
                                              ("actual_cents", false), ("currency", true), ("created_at", false)], range: "id"),
        Table(name: "value_models", columns: [("brand_id", false), ("currency", true), ("opt_in_cents", false), ("new_member_cents", false),
                                              ("store_visit_cents", false), ("count_revenue", false), ("point_cents", false)], range: "brand_id"),
        Table(name: "audit_log", columns: [("id", false), ("organisation_id", false), ("action", true), ("target_id", false), ("at", false)], range: "id"),
    ]

    /// What was written.
    public struct Written: Codable, Sendable {
        public var folder: String
        public var rows: [String: Int]
        public var seconds: Double
    }

    /// Writes one `{table}.csv` per table into `folder`, with a header line.
    public static func run(configuration: AppConfiguration, folder: String) async throws -> Written {
        let started = Date()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return try await Database.using(configuration.database, logger: Logger(label: "relais.bench")) { database in
            var counts: [String: Int] = [:]
            for table in tables {
                counts[table.name] = try await export(table, database: database, folder: folder)
            }
            return Written(folder: folder, rows: counts, seconds: Date().timeIntervalSince(started))
        }
    }

    static func export(_ table: Table, database: Database, folder: String) async throws -> Int {
        let path = URL(fileURLWithPath: folder).appendingPathComponent("\(table.name).csv").path
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else { throw AppError.invalid("out", "cannot write \(path)") }
        defer { try? handle.close() }
        handle.write(Data((table.columns.map(\.0).joined(separator: ",") + "\n").utf8))
        let bounds = try await database.readOnly { sql in
            try await sql.raw("SELECT MIN(\(unsafeRaw: table.range)) AS low, MAX(\(unsafeRaw: table.range)) AS high FROM \(unsafeRaw: table.name)").first()
                .map { (try $0.decode(column: "low", as: Int64?.self), try $0.decode(column: "high", as: Int64?.self)) }
        }
        guard let low = bounds?.0, let high = bounds?.1 else { return 0 }
        let columns = table.columns.map(\.0).joined(separator: ", ")
        let step: Int64 = table.range == "id" ? 250_000 : 50_000
        var written = 0
        var start = low
        while start <= high {
            let (from, end) = (start, start + step)
            let text = try await database.readOnly { sql in
                let rows = try await sql.raw("""
                    SELECT \(unsafeRaw: columns) FROM \(unsafeRaw: table.name) WHERE \(unsafeRaw: table.range) >= \(bind: from) AND \(unsafeRaw: table.range) < \(bind: end)
                    """).all()
                var out = ""
                out.reserveCapacity(rows.count * 48)
                for row in rows {
                    for (index, (column, isText)) in table.columns.enumerated() {
                        if index > 0 { out += "," }
                        if isText {
                            if let value = try row.decode(column: column, as: String?.self) { out += csv(value) }
                        } else if let value = try row.decode(column: column, as: Int64?.self) {
                            out += String(value)
                        }
                    }
                    out += "\n"
                }
                return (out, rows.count)
            }
            handle.write(Data(text.0.utf8))
            written += text.1
            start = end
        }
        return written
    }

    static func csv(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || value.isEmpty else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
