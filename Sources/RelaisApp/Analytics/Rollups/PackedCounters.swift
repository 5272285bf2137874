import SQLKit

/// Counter rows read as one text value — `metric,scope,a,b,c,n` joined with `;` by the database's
/// text aggregate — and parsed here.
enum PackedCounters {
    /// A packed row that is not six fields (the database wrote something else): the figures are not read.
    struct Unreadable: Error, CustomStringConvertible {
        let row: String
        var description: String { "unreadable counter row \(row)" }
    }

    static func read(kind: DatabaseKind, on sql: any SQLDatabase, _ from: SQLQueryString) async throws -> [(key: RollupKey, n: Int64)] {
        let packed = try await sql.raw("""
            SELECT \(unsafeRaw: kind.textAggregate)(r.metric || ',' || r.scope || ',' || r.a || ',' || r.b || ',' || r.c || ',' || r.n, ';') AS packed \(from)
            """).first()?.decode(column: "packed", as: String?.self) ?? nil
        guard let packed else { return [] }
        return try packed.split(separator: ";").map { row in
            let fields = row.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 6, let metric = RollupMetric(rawValue: String(fields[0])),
                  let scope = Int64(fields[1]), let a = Int64(fields[2]), let b = Int64(fields[3]), let c = Int64(fields[4]), let n = Int64(fields[5])
            else { throw Unreadable(row: String(row)) }
            return (RollupKey(metric: metric, scope: scope, a: a, b: b, c: c), n)
        }
    }
}
