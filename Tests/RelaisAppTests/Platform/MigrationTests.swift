import Foundation
import Logging
import SQLKit
import Testing
@testable import RelaisApp

@Suite("Migrations of tables in use")
struct MigrationTests {
    /// An entry as stored: what a rebuilt table must keep.
    struct StoredEntry: Equatable {
        var id: Int64
        var token: String
        var memberID: Int64
        var status: String
    }

    static func entries(_ world: TestWorld) async throws -> [StoredEntry] {
        try await world.withDatabase { database in
            try await database.readOnly { sql in
                try await sql.raw("SELECT id, token, member_id, status FROM activation_entries ORDER BY id").all().map {
                    StoredEntry(id: try $0.decode(column: "id", as: Int64.self), token: try $0.decode(column: "token", as: String.self),
                                memberID: try $0.decode(column: "member_id", as: Int64.self), status: try $0.decode(column: "status", as: String.self))
                }
            }
        }
    }

    /// The entries that won a moment, by moment.
    static func winners(_ world: TestWorld) async throws -> [Int64] {
        try await world.withDatabase { database in
            try await database.readOnly { sql in
                try await sql.raw("""
                    SELECT e.id FROM activation_moments m JOIN activation_entries e ON e.id = m.won_by_entry_id ORDER BY m.position
                    """).all().map { try $0.decode(column: "id", as: Int64.self) }
            }
        }
    }

    /// Whether the entry tokens still have their unique index.
    static func tokenIndexed(_ world: TestWorld) async throws -> Bool {
        try await world.withDatabase { database in
            try await database.readOnly { sql in
                switch database.kind {
                case .sqlite:
                    // The unique indexes of the table are (activation, member, frequency), (activation, idempotency key) and, before, the token.
                    let unique = try await sql.raw("""
                        SELECT COUNT(*) AS n FROM pragma_index_list('activation_entries') WHERE "unique" = 1
                        """).first()?.decode(column: "n", as: Int.self)
                    return unique == 3
                case .postgres:
                    return try await sql.raw("""
                        SELECT 1 AS found FROM pg_indexes WHERE tablename = 'activation_entries' AND indexname = 'activation_entries_token_key'
                        """).first() != nil
                }
            }
        }
    }

    /// The step taken back, for a test: the tokens unique again, as in a database from before it.
    struct TokensIndexedAgain: Migration {
        let id = "test-entry-tokens-indexed-again"
        var rebuildsTables: Bool { true }

        func statements(for kind: DatabaseKind) -> [String] {
            switch kind {
            case .postgres:
                return ["ALTER TABLE activation_entries ADD CONSTRAINT activation_entries_token_key UNIQUE (token)",
                        "DELETE FROM schema_migrations WHERE id = '\(M033EntryTokensUnindexed().id)'"]
            case .sqlite:
                let rebuilt = M033EntryTokensUnindexed().statements(for: kind).map {
                    $0.replacingOccurrences(of: "token TEXT NOT NULL,", with: "token TEXT NOT NULL UNIQUE,")
                }
                #expect(rebuilt.contains { $0.contains("token TEXT NOT NULL UNIQUE,") })
                return rebuilt + ["DELETE FROM schema_migrations WHERE id = '\(M033EntryTokensUnindexed().id)'"]
            }
        }
    }

    @Test("Entry tokens lose their unique index: entries, ids, winners, references and triggers stay, and entries go on")
    func entryTokensUnindexed() async throws {
        let step = M033EntryTokensUnindexed()
        let world = try await TestWorld.make()
        #expect(try await Self.tokenIndexed(world) == false)
        try await world.withServer { client in
            let activationID = try await ActivationFixture.live(world, client: client, body: InstantWinFixture.body(prizes: [("T-shirt", 2)]))
            try await InstantWinFixture.movePast(world, activationID: activationID, positions: [0])
            for index in 0..<3 {
                let entered = try await ActivationFixture.enter(client, slug: "instant", body: ActivationFixture.entry(email: "before\(index)@example.com"))
                #expect(entered.status == .created, "\(entered.text)")
            }
        }
        // The database as it was before the step, entries and winners included.
        try await world.withDatabase { database in
            _ = try await Migrator(database: database, logger: Logger(label: "test")).migrate([TokensIndexedAgain()])
        }
        #expect(try await Self.tokenIndexed(world))
        let activationID = try #require(try await world.withDatabase { database in
            try await database.readOnly { sql in try await sql.raw("SELECT id FROM activations WHERE slug = 'instant'").first()?.decode(column: "id", as: Int64.self) }
        })
        let before = try await Self.entries(world)
        let winnersBefore = try await Self.winners(world)
        #expect(before.count == 3)
        #expect(winnersBefore.count == 1)
        let sequenceBefore = TestDatabase.kind == .sqlite ? try await Self.sequence(world) : nil

        let applied = try await world.withDatabase { database in
            try await Migrator(database: database, logger: Logger(label: "test")).migrate()
        }
        #expect(applied == [step.id])
        #expect(!applied.contains(TokensIndexedAgain().id))
        #expect(try await Self.tokenIndexed(world) == false)
        #expect(try await Self.entries(world) == before)
        #expect(try await Self.winners(world) == winnersBefore)
        if TestDatabase.kind == .sqlite {
            #expect(try await Self.sequence(world) == sequenceBefore)
            let schema = try await Self.sqliteSchema(world)
            // The other tables still point at the entries, not at the table set aside during the rebuild.
            #expect(!schema.contains { $0.contains("activation_entries_before_033") })
            #expect(schema.filter { $0.hasPrefix("trigger rollup_activation_entries_") }.count == 3)
            #expect(Set(schema.filter { $0.hasPrefix("index activation_entries_") })
                    == ["index activation_entries_list", "index activation_entries_ip", "index activation_entries_brand_time", "index activation_entries_member_time"])
        }

        // Entries go on after the step, with new ids, and the one entry per person still holds.
        try await world.withServer { client in
            let entered = try await ActivationFixture.enter(client, slug: "instant", body: ActivationFixture.entry(email: "after@example.com"))
            #expect(entered.status == .created, "\(entered.text)")
            let again = try await ActivationFixture.enter(client, slug: "instant", body: ActivationFixture.entry(email: "before0@example.com"))
            #expect(again.status == .conflict, "\(again.text)")
        }
        let after = try await Self.entries(world)
        #expect(after.count == 4)
        #expect(Array(after.prefix(3)) == before)
        #expect(after[3].id > before[2].id)

        // A second run applies nothing, and an entry still cannot point at a member that is not there.
        let second = try await world.withDatabase { database in
            try await Migrator(database: database, logger: Logger(label: "test")).migrate()
        }
        #expect(second.isEmpty)
        await #expect(throws: (any Error).self) {
            try await world.withDatabase { database in
                try await database.transaction { sql in
                    try await sql.raw("""
                        INSERT INTO activation_entries (organisation_id, brand_id, activation_id, member_id, token, frequency_key, created_at)
                        VALUES (\(bind: world.organisation.id), \(bind: world.brandA.id), \(bind: activationID), 999999, 'nobody', 'once', 0)
                        """).run()
                }
            }
        }
    }

    @Test("The outbox's pending messages and a member's messages are each read through an index")
    func outboxIndexes() async throws {
        let world = try await TestWorld.make()
        try await world.withDatabase { database in
            try await database.readOnly { sql in
                switch database.kind {
                case .sqlite:
                    let plan = { (query: SQLQueryString) async throws -> String in
                        try await sql.raw("EXPLAIN QUERY PLAN \(query)").all().map { try $0.decode(column: "detail", as: String.self) }.joined(separator: "; ")
                    }
                    let pending = try await plan("SELECT id FROM outbox_messages WHERE sent_at IS NULL ORDER BY id LIMIT 100")
                    #expect(pending.contains("outbox_pending"), "\(pending)")
                    #expect(!pending.contains("TEMP B-TREE"), "\(pending)")
                    let member = try await plan("SELECT id FROM outbox_messages WHERE member_id = 12")
                    #expect(member.contains("outbox_member"), "\(member)")
                case .postgres:
                    let definitions = try await sql.raw("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'outbox_messages'").all()
                        .map { (try $0.decode(column: "indexname", as: String.self), try $0.decode(column: "indexdef", as: String.self)) }
                    let pending = definitions.first { $0.0 == "outbox_pending" }?.1 ?? ""
                    #expect(pending.contains("(id)") && pending.contains("WHERE (sent_at IS NULL)"), "\(pending)")
                    #expect(definitions.contains { $0.0 == "outbox_member" && $0.1.contains("(member_id)") })
                }
            }
        }
    }

    @Test("An earning rule's preview reads the timeline's index of trigger events, which holds every trigger and nothing else")
    func timelineTriggerIndex() async throws {
        #expect(M035TimelineTriggerIndex.kinds == EarningTrigger.indexedKinds)
        let world = try await TestWorld.make()
        let query = EarningRuleStore.eventsQuery(brandID: world.brandA.id, trigger: "activation.entry", from: 0)
        try await world.withDatabase { database in
            try await database.transaction { sql in
                // The plan of the preview's read, the index's definition, and how many indexes keep the old name.
                let plan: [String], definition: String?, old: Int?
                switch database.kind {
                case .sqlite:
                    plan = try await sql.raw("EXPLAIN QUERY PLAN \(query)").all().map { try $0.decode(column: "detail", as: String.self) }
                    definition = try await sql.raw("SELECT sql FROM sqlite_master WHERE name = 'timeline_brand_trigger'").first()?
                        .decode(column: "sql", as: String.self)
                    old = try await sql.raw("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'timeline_brand_kind'").first()?
                        .decode(column: "n", as: Int.self)
                case .postgres:
                    // The table is small here: without sequential scans, the plan shows whether the index can answer.
                    try await sql.raw("SET LOCAL enable_seqscan = off").run()
                    plan = try await sql.raw("EXPLAIN \(query)").all().map { try $0.decode(column: "QUERY PLAN", as: String.self) }
                    definition = try await sql.raw("SELECT indexdef FROM pg_indexes WHERE indexname = 'timeline_brand_trigger'").first()?
                        .decode(column: "indexdef", as: String.self)
                    old = try await sql.raw("SELECT COUNT(*) AS n FROM pg_indexes WHERE indexname = 'timeline_brand_kind'").first()?
                        .decode(column: "n", as: Int.self)
                }
                #expect(plan.joined(separator: "; ").contains("timeline_brand_trigger"), "\(plan)")
                let indexed = try #require(definition)
                for kind in EarningTrigger.indexedKinds { #expect(indexed.contains("'\(kind)'"), "\(kind)") }
                #expect(!indexed.contains("member.created"))
                #expect(old == 0)
            }
        }
    }

    /// SQLite's sequence of entry ids.
    static func sequence(_ world: TestWorld) async throws -> Int64? {
        try await world.withDatabase { database in
            try await database.readOnly { sql in
                try await sql.raw("SELECT seq FROM sqlite_sequence WHERE name = 'activation_entries'").first()?.decode(column: "seq", as: Int64.self)
            }
        }
    }

    /// SQLite's schema as "type name" lines, with every statement's text for the tables.
    static func sqliteSchema(_ world: TestWorld) async throws -> [String] {
        try await world.withDatabase { database in
            try await database.readOnly { sql in
                try await sql.raw("SELECT type, name, COALESCE(sql, '') AS sql FROM sqlite_master").all().flatMap { row -> [String] in
                    let type = try row.decode(column: "type", as: String.self), name = try row.decode(column: "name", as: String.self)
                    return ["\(type) \(name)", try row.decode(column: "sql", as: String.self)]
                }
            }
        }
    }
}
