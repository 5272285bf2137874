import Foundation
import SQLKit

/// A saved segment of a brand.
struct Segment: Sendable, Equatable {
    var id: Int64
    var brandID: Int64
    var name: String
    var definition: SegmentDefinition
    var createdAt: Int64
    var updatedAt: Int64
}

/// SQL for saved segments, their counts and their members. Every read is scoped to the
/// caller's brand; counts and members go through `SegmentSQL`, so they respect the caller's unit.
struct SegmentStore: Sendable {
    let database: Database
    let memberSearch: MemberSearch
    let consentSettings: ConsentSettingsStore
    let audit: AuditLog
    /// Narrowest span of member ids counted as a slice of its own.
    var minimumSliceSpan: Int64 = MemberIDSlices.minimumSpanPerSlice

    /// One page of the brand's segments, newest first.
    func list(access: BrandAccess, page: PageRequest) async throws -> (items: [Segment], nextCursor: String?) {
        // Saved segments belong to the brand: unit-scoped callers neither see nor manage them.
        guard access.unitID == nil else { return ([], nil) }
        return try await database.readOnly { sql in
            let cursor: SQLQueryString = page.afterID.map { "AND id < \(bind: $0)" } ?? ""
            let items = try await sql.raw("""
                SELECT * FROM segments WHERE brand_id = \(bind: access.brandID) \(cursor) ORDER BY id DESC LIMIT \(bind: page.limit + 1)
                """).all().map(Self.segment)
            return page.trimmed(items, id: \.id)
        }
    }

    /// A segment of the caller's brand, or 404.
    func segment(_ id: Int64, access: BrandAccess) async throws -> Segment {
        guard access.unitID == nil else { throw AppError.notFound("segment") }
        let row = try await database.readOnly { sql in
            try await sql.raw("SELECT * FROM segments WHERE id = \(bind: id) AND brand_id = \(bind: access.brandID)").first()
        }
        guard let row else { throw AppError.notFound("segment") }
        return try Self.segment(row)
    }

    /// Checks a definition written by a client, including that consent rules name purposes of the brand.
    func validated(_ json: SegmentDefinitionJSON, brandID: Int64) async throws -> SegmentDefinition {
        let definition: SegmentDefinition
        switch json.validated() {
        case .success(let value): definition = value
        case .failure(let invalid): throw AppError.validation(invalid.errors)
        }
        let known = Set(try await consentSettings.purposes(brandID: brandID).map(\.key))
        var errors: [FieldError] = []
        for (index, rule) in definition.rules.enumerated() {
            if case .consent(let purpose, _, _) = rule, !known.contains(purpose) {
                errors.append(FieldError("rules[\(index)].purpose", "is not a consent purpose of this brand"))
            }
        }
        if !errors.isEmpty { throw AppError.validation(errors) }
        return definition
    }

    /// Saves a new segment and records it in the audit log.
    func create(name: String, definition: SegmentDefinition, access: BrandAccess) async throws -> Segment {
        try access.require(.manageSegments)
        guard access.unitID == nil else { throw AppError.forbidden("Saved segments belong to the brand; a unit cannot create them.") }
        let now = Clock.nowMillis()
        let text = SegmentDefinitionJSON(definition).storedText()
        let createdBy = access.actor.kind == "staff" ? access.actor.id : nil
        let id = try await database.transaction { sql in
            let row = try await sql.raw("""
                INSERT INTO segments (brand_id, name, rules, created_by, created_at, updated_at)
                VALUES (\(bind: access.brandID), \(bind: name), \(bind: text), \(bind: createdBy), \(bind: now), \(bind: now))
                RETURNING id
                """).first()
            guard let id = try row?.decode(column: "id", as: Int64.self) else { throw AppError.conflict("The segment could not be saved.") }
            try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                   action: "segment.created", targetKind: "segment", targetID: id,
                                   details: Self.auditDetails(definition), on: sql)
            return id
        }
        return Segment(id: id, brandID: access.brandID, name: name, definition: definition, createdAt: now, updatedAt: now)
    }

    /// Replaces the name and rules of a segment of the caller's brand.
    func update(_ id: Int64, name: String, definition: SegmentDefinition, access: BrandAccess) async throws -> Segment {
        try access.require(.manageSegments)
        let now = Clock.nowMillis()
        let text = SegmentDefinitionJSON(definition).storedText()
        let row = try await database.transaction { sql in
            let row = try await sql.raw("""
                UPDATE segments SET name = \(bind: name), rules = \(bind: text), updated_at = \(bind: now)
                WHERE id = \(bind: id) AND brand_id = \(bind: access.brandID)
                RETURNING *
                """).first()
            guard let row else { throw AppError.notFound("segment") }
            try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                   action: "segment.updated", targetKind: "segment", targetID: id,
                                   details: Self.auditDetails(definition), on: sql)
            return row
        }
        return try Self.segment(row)
    }

    /// Deletes a segment of the caller's brand.
    func delete(_ id: Int64, access: BrandAccess) async throws {
        try access.require(.manageSegments)
        try await database.transaction { sql in
            let row = try await sql.raw("""
                DELETE FROM segments WHERE id = \(bind: id) AND brand_id = \(bind: access.brandID) RETURNING id
                """).first()
            guard row != nil else { throw AppError.notFound("segment") }
            try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                   action: "segment.deleted", targetKind: "segment", targetID: id, on: sql)
        }
    }

    /// How many members the caller can see are in the segment now, without loading any. A large
    /// organisation is counted in slices of member ids run side by side, one per connection the
    /// engine reads with in parallel, since every rule is tested member by member.
    func count(_ definition: SegmentDefinition, access: BrandAccess, now: Date = Date()) async throws -> Int {
        let condition = SegmentSQL.condition(definition, access: access, now: now)
        let slices = try await memberIDSlices()
        if slices.isWhole {
            return try await count(where: condition)
        }
        return try await withThrowingTaskGroup(of: Int.self) { group in
            for range in slices.ranges {
                group.addTask {
                    try await count(where: "m.id >= \(bind: range.lowerBound) AND m.id < \(bind: range.upperBound) AND \(condition)")
                }
            }
            return try await group.reduce(0, +)
        }
    }

    private func count(where condition: SQLQueryString) async throws -> Int {
        try await database.readOnly { sql in
            let row = try await sql.raw("SELECT COUNT(*) AS n FROM members m WHERE \(condition)").first()
            return try row?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    /// Slices of the member ids of the whole instance (both ends are read from the primary key).
    private func memberIDSlices() async throws -> MemberIDSlices {
        let parallelism = database.parallelReads
        guard parallelism > 1 else { return MemberIDSlices(lowest: nil, highest: nil, parallelism: 1) }
        let row = try await database.readOnly { sql in
            try await sql.raw("SELECT (SELECT MIN(id) FROM members) AS lowest, (SELECT MAX(id) FROM members) AS highest").first()
        }
        return MemberIDSlices(lowest: try row?.decode(column: "lowest", as: Int64?.self),
                              highest: try row?.decode(column: "highest", as: Int64?.self),
                              parallelism: parallelism, minimumSpan: minimumSliceSpan)
    }

    /// One page of the segment's members, newest first, as the member list shows them.
    func members(_ definition: SegmentDefinition, access: BrandAccess, page: PageRequest, now: Date = Date()) async throws -> Page<MemberSummary> {
        // The search adds the visibility condition itself.
        let rules = SegmentSQL.rules(definition, brandID: access.brandID, now: now)
        return try await memberSearch.search(MemberQuery(condition: rules), access: access, page: page, defaultCountry: "")
    }

    /// Audit details: the shape of the rules, never their values (which may name people).
    static func auditDetails(_ definition: SegmentDefinition) -> [String: String] {
        ["match": definition.match.rawValue, "rules": String(definition.rules.count)]
    }

    /// The segment of a `segments` row.
    static func segment(_ row: any SQLRow) throws -> Segment {
        let json = try SegmentDefinitionJSON.stored(try row.decode(column: "rules", as: String.self))
        let definition: SegmentDefinition
        switch json.validated() {
        case .success(let value): definition = value
        case .failure(let invalid):
            // Rules are validated before they are stored; this only happens if a later version tightened a limit.
            throw AppError.conflict("This segment's stored rules are no longer valid (\(invalid.errors.map(\.field).joined(separator: ", "))). Save it again.")
        }
        return Segment(
            id: try row.decode(column: "id", as: Int64.self),
            brandID: try row.decode(column: "brand_id", as: Int64.self),
            name: try row.decode(column: "name", as: String.self),
            definition: definition,
            createdAt: try row.decode(column: "created_at", as: Int64.self),
            updatedAt: try row.decode(column: "updated_at", as: Int64.self)
        )
    }
}
