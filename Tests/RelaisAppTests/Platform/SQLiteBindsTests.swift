import Foundation
import Logging
import SQLKit
import Testing
@testable import RelaisApp

/// Values bound to SQLite statements are stored as SQLite types, whatever their Swift type.
@Suite("SQLite bound values")
struct SQLiteBindsTests {
    @Test("Text, integers, flags, decimals, their optionals and other encodable values are stored as SQLite would store them")
    func boundValues() async throws {
        guard TestDatabase.kind == .sqlite else { return }
        try await Database.using(try await TestDatabase.fresh(), logger: Logger(label: "test")) { database in
            let noText: String? = nil, someText: String? = "é", noNumber: Int64? = nil, someNumber: Int64? = 42, noInt: Int? = nil, someInt: Int? = -7
            let row = try await database.readOnly { sql in
                try await sql.raw("""
                    SELECT typeof(\(bind: "texte")) AS t1, \(bind: "texte") AS v1,
                           typeof(\(bind: Int64(1) << 40)) AS t2, \(bind: Int64(1) << 40) AS v2,
                           typeof(\(bind: 12)) AS t3, \(bind: 12) AS v3,
                           typeof(\(bind: true)) AS t4, \(bind: false) AS v4,
                           typeof(\(bind: 2.5)) AS t5, \(bind: 2.5) AS v5,
                           typeof(\(bind: noText)) AS t6, typeof(\(bind: someText)) AS t7, \(bind: someText) AS v7,
                           typeof(\(bind: noNumber)) AS t8, \(bind: someNumber) AS v8,
                           typeof(\(bind: noInt)) AS t9, \(bind: someInt) AS v9,
                           typeof(\(bind: [UInt8]([1, 2]))) AS t10,
                           typeof(\(bind: "")) AS t11, length(\(bind: "")) AS v11,
                           \(bind: "Ève-Marie de La Tour d'Auvergne, 12 rue des Écoles") AS v12
                    """).first()
            }
            let found = try #require(row)
            #expect(try found.decode(column: "t1", as: String.self) == "text")
            #expect(try found.decode(column: "v1", as: String.self) == "texte")
            #expect(try found.decode(column: "t2", as: String.self) == "integer")
            #expect(try found.decode(column: "v2", as: Int64.self) == Int64(1) << 40)
            #expect(try found.decode(column: "t3", as: String.self) == "integer")
            #expect(try found.decode(column: "v3", as: Int.self) == 12)
            #expect(try found.decode(column: "t4", as: String.self) == "integer")
            #expect(try found.decode(column: "v4", as: Int.self) == 0)
            #expect(try found.decode(column: "t5", as: String.self) == "real")
            #expect(try found.decode(column: "v5", as: Double.self) == 2.5)
            #expect(try found.decode(column: "t6", as: String.self) == "null")
            #expect(try found.decode(column: "t7", as: String.self) == "text")
            #expect(try found.decode(column: "v7", as: String.self) == "é")
            #expect(try found.decode(column: "t8", as: String.self) == "null")
            #expect(try found.decode(column: "v8", as: Int64.self) == 42)
            #expect(try found.decode(column: "t9", as: String.self) == "null")
            #expect(try found.decode(column: "v9", as: Int.self) == -7)
            #expect(try found.decode(column: "t10", as: String.self) != "null")
            #expect(try found.decode(column: "t11", as: String.self) == "text")
            #expect(try found.decode(column: "v11", as: Int.self) == 0)
            #expect(try found.decode(column: "v12", as: String.self) == "Ève-Marie de La Tour d'Auvergne, 12 rue des Écoles")
        }
    }

    @Test("A kept statement's columns are read again once the schema changed under it")
    func columnsAfterSchemaChange() async throws {
        guard TestDatabase.kind == .sqlite else { return }
        try await Database.using(try await TestDatabase.fresh(), logger: Logger(label: "test")) { database in
            let columns = { () async throws -> [String] in
                try await database.transaction { sql in try await sql.raw("SELECT * FROM renamed_columns").first()?.allColumns ?? [] }
            }
            try await database.transaction { sql in
                try await sql.raw("CREATE TABLE renamed_columns (first_name TEXT)").run()
                try await sql.raw("INSERT INTO renamed_columns (first_name) VALUES ('Anne')").run()
            }
            #expect(try await columns() == ["first_name"])
            try await database.transaction { sql in try await sql.raw("ALTER TABLE renamed_columns RENAME COLUMN first_name TO given_name").run() }
            #expect(try await columns() == ["given_name"])
        }
    }
}
