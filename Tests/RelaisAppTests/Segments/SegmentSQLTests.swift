import Foundation
import Logging
import SQLKit
import Testing
@testable import RelaisApp

@Suite("Segment rules: compilation to SQL")
struct SegmentSQLTests {
    static let access = BrandAccess(organisationID: 1, brandID: 2, unitID: nil, permissions: [.readMembers], actor: .system)
    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    /// One rule of every kind, with hostile text wherever the user writes text.
    static let everyKind: [SegmentRule] = [
        .field(.city, .equals("x' OR '1'='1")),
        .field(.postalCode, .startsWith("69")),
        .field(.lastName, .notEquals("Ô'Brien")),
        .field(.language, .isNotSet),
        .attribute(key: "flavour", .startsWith("cher'ry")),
        .attribute(key: "flavour", .notEquals("lime")),
        .attribute(key: "size", .isSet),
        .hasTag("vip\"; DROP TABLE members; --"),
        .lacksTag("staff"),
        .consent(purpose: "newsletter", channel: .email, status: .granted),
        .consent(purpose: "newsletter", channel: .sms, status: .none),
        .age(min: 18, max: 30),
        .event(kind: "activation.", prefix: true, atLeast: 2, days: 90),
        .event(kind: "consent.granted", prefix: false, atLeast: 1, days: nil),
        .memberSince(.within, days: 30),
        .memberSince(.before, days: 365),
    ]

    /// The SQL text and bound values of a condition, as the given database would run them.
    static func serialize(_ condition: SQLQueryString, on database: Database) async throws -> (String, [String]) {
        try await database.read { sql in
            var serializer = SQLSerializer(database: sql)
            condition.serialize(to: &serializer)
            return (serializer.sql, serializer.binds.map { "\($0)" })
        }
    }

    /// A fresh, migrated database of the suite's engine.
    static func withDatabase<T: Sendable>(_ body: @Sendable (Database) async throws -> T) async throws -> T {
        let database = try await Database.open(try await TestDatabase.fresh(), logger: Logger(label: "test"))
        do {
            try await Migrator(database: database, logger: Logger(label: "test")).migrate()
            let result = try await body(database)
            await database.close()
            return result
        } catch {
            await database.close()
            throw error
        }
    }

    @Test("User text only ever travels as bound parameters")
    func valuesAreBound() async throws {
        try await Self.withDatabase { database in
            let definition = SegmentDefinition(match: .all, rules: Self.everyKind)
            let (sql, binds) = try await Self.serialize(SegmentSQL.condition(definition, access: Self.access, now: Self.now), on: database)
            for text in ["x' OR '1'='1", "Ô'Brien", "cher'ry", "DROP TABLE", "activation.", "newsletter", "flavour", "lime"] {
                #expect(!sql.contains(text), "\(text) is in the SQL text")
            }
            #expect(binds.contains("x' OR '1'='1"))
            #expect(binds.contains("vip\"; DROP TABLE members; --"))
            #expect(!sql.contains("birth_date(") && !sql.lowercased().contains("date("), "no date function")
        }
    }

    @Test("All joins rules with AND, any with OR, both before the visibility condition")
    func matchShape() async throws {
        try await Self.withDatabase { database in
            let rules: [SegmentRule] = [.hasTag("a"), .lacksTag("b")]
            let (all, _) = try await Self.serialize(SegmentSQL.condition(.init(match: .all, rules: rules), access: Self.access, now: Self.now), on: database)
            let (any, _) = try await Self.serialize(SegmentSQL.condition(.init(match: .any, rules: rules), access: Self.access, now: Self.now), on: database)
            #expect(all.hasPrefix("((") && all.contains(")) AND m.organisation_id = "))
            #expect(all.contains(")) AND (NOT EXISTS"))
            #expect(any.contains(")) OR (NOT EXISTS"))
            let (none, _) = try await Self.serialize(SegmentSQL.condition(.init(match: .any, rules: []), access: Self.access, now: Self.now), on: database)
            let (visible, _) = try await Self.serialize(MemberStore.visible(Self.access), on: database)
            #expect(none == visible)
        }
    }

    @Test("Rules are tested cheapest first: profile columns, then events in a window, then consent states")
    func cheapestFirst() async throws {
        try await Self.withDatabase { database in
            let rules: [SegmentRule] = [
                .event(kind: "activation.", prefix: true, atLeast: 2, days: 90),
                .consent(purpose: "newsletter", channel: .email, status: .granted),
                .field(.postalCode, .startsWith("69")),
            ]
            let (sql, binds) = try await Self.serialize(SegmentSQL.condition(.init(match: .all, rules: rules), access: Self.access, now: Self.now), on: database)
            let postal = try #require(sql.range(of: "m.postal_code >= "))
            let consent = try #require(sql.range(of: "FROM consent_records"))
            let events = try #require(sql.range(of: "FROM timeline_events"))
            let visible = try #require(sql.range(of: "m.organisation_id = "))
            #expect(postal.lowerBound < events.lowerBound && events.lowerBound < consent.lowerBound && consent.lowerBound < visible.lowerBound)
            // The kind prefix and the postal prefix are index ranges, not substr tests on the kind.
            #expect(!sql.contains("substr(e.kind"))
            #expect(binds.contains("69\u{10FFFF}") && binds.contains("activation.\u{10FFFF}"))
        }
    }

    @Test("Event rules count only past a threshold of one; age is a plain range on the birth date")
    func ruleShapes() async throws {
        try await Self.withDatabase { database in
            let (once, _) = try await Self.serialize(SegmentSQL.rule(.event(kind: "entry", prefix: false, atLeast: 1, days: 7), brandID: 2, now: Self.now), on: database)
            #expect(once.hasPrefix("EXISTS (SELECT 1 FROM timeline_events e"))
            let (twice, binds) = try await Self.serialize(SegmentSQL.rule(.event(kind: "entry", prefix: false, atLeast: 2, days: 7), brandID: 2, now: Self.now), on: database)
            #expect(twice.hasPrefix("(SELECT COUNT(*) FROM timeline_events e"))
            #expect(binds.contains(String(Clock.millis(Self.now) - 7 * Clock.dayMillis)))
            let (age, ageBinds) = try await Self.serialize(SegmentSQL.rule(.age(min: 18, max: 30), brandID: 2, now: Self.now), on: database)
            #expect(age.contains("m.birth_date <= ") && age.contains("m.birth_date > "))
            #expect(ageBinds == [SegmentSQL.birthDate(yearsBefore: 18, now: Self.now), SegmentSQL.birthDate(yearsBefore: 31, now: Self.now)])
        }
    }

    @Test("Every kind of rule runs on the engine, alone and all together, as one count query")
    func everyKindRuns() async throws {
        try await Self.withDatabase { database in
            for rule in Self.everyKind {
                let condition = SegmentSQL.condition(.init(match: .all, rules: [rule]), access: Self.access, now: Self.now)
                let count = try await database.read { sql in
                    try await sql.raw("SELECT COUNT(*) AS n FROM members m WHERE \(condition)").first()?.decode(column: "n", as: Int.self)
                }
                #expect(count == 0)
            }
            for match in SegmentMatch.allCases {
                let unit = BrandAccess(organisationID: 1, brandID: 2, unitID: 3, permissions: [], actor: .system)
                let condition = SegmentSQL.condition(.init(match: match, rules: Self.everyKind), access: unit, now: Self.now)
                let count = try await database.read { sql in
                    try await sql.raw("SELECT COUNT(*) AS n FROM members m WHERE \(condition)").first()?.decode(column: "n", as: Int.self)
                }
                #expect(count == 0)
            }
        }
    }
}
