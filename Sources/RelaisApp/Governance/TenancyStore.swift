import Foundation
import SQLKit

/// Reads and writes organisations, brands and units.
struct TenancyStore: Sendable {
    let database: Database
    /// Brands read on every API call; they change rarely.
    let brandCache = ExpiringCache<Int64, Brand>(lifetimeMillis: 30_000)
    /// Suppression salts never change once created.
    let saltCache = ExpiringCache<Int64, String>(lifetimeMillis: 3_600_000)

    /// Creates an organisation with a fresh suppression salt.
    func createOrganisation(name: String, slug: String, on sql: any SQLDatabase) async throws -> Organisation {
        let row = try await sql.raw("""
            INSERT INTO organisations (name, slug, suppression_salt, created_at)
            VALUES (\(bind: name), \(bind: slug), \(bind: Secrets.token()), \(bind: Clock.nowMillis())) RETURNING id
            """).first()
        let id = try row!.decode(column: "id", as: Int64.self)
        return Organisation(id: id, name: name, slug: slug)
    }

    /// Creates a brand in an organisation.
    func createBrand(
        organisationID: Int64, name: String, slug: String, language: String = "fr",
        country: String = "FR", minimumMarketingAge: Int = 12, primaryColor: String = "#1f5fbf",
        on sql: any SQLDatabase
    ) async throws -> Brand {
        // Public pages are addressed by brand slug (/a/{brand}/…), so a slug names one brand on
        // the whole instance: a taken slug gets the first free "-2", "-3"… suffix.
        let base = slug
        var slug = base
        var suffix = 1
        while try await sql.raw("SELECT id FROM brands WHERE slug = \(bind: slug)").first() != nil {
            suffix += 1
            slug = "\(base)-\(suffix)"
        }
        let row = try await sql.raw("""
            INSERT INTO brands (organisation_id, name, slug, default_language, country, minimum_marketing_age, primary_color, created_at)
            VALUES (\(bind: organisationID), \(bind: name), \(bind: slug), \(bind: language), \(bind: country),
                    \(bind: minimumMarketingAge), \(bind: primaryColor), \(bind: Clock.nowMillis())) RETURNING id
            """).first()
        let id = try row!.decode(column: "id", as: Int64.self)
        return Brand(id: id, organisationID: organisationID, name: name, slug: slug, defaultLanguage: language,
                     timeZone: "Europe/Paris", country: country, minimumMarketingAge: minimumMarketingAge, primaryColor: primaryColor)
    }

    /// Creates a unit (local agency or store) of a brand.
    func createUnit(brand: Brand, name: String, slug: String, kind: String, city: String?, on sql: any SQLDatabase) async throws -> BrandUnit {
        let row = try await sql.raw("""
            INSERT INTO units (organisation_id, brand_id, name, slug, kind, city, created_at)
            VALUES (\(bind: brand.organisationID), \(bind: brand.id), \(bind: name), \(bind: slug), \(bind: kind), \(bind: city), \(bind: Clock.nowMillis()))
            RETURNING id
            """).first()
        let id = try row!.decode(column: "id", as: Int64.self)
        return BrandUnit(id: id, brandID: brand.id, name: name, slug: slug, kind: kind, city: city)
    }

    /// The organisation with this id.
    func organisation(_ id: Int64) async throws -> Organisation? {
        try await database.read { sql in
            try await sql.raw("SELECT id, name, slug FROM organisations WHERE id = \(bind: id)").first().map(Self.organisation)
        }
    }

    /// Number of organisations (zero on a fresh install).
    func organisationCount() async throws -> Int {
        try await database.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM organisations").first()!.decode(column: "n", as: Int.self)
        }
    }

    /// All brands of an organisation, by name.
    func brands(organisationID: Int64) async throws -> [Brand] {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM brands WHERE organisation_id = \(bind: organisationID) ORDER BY name, id").all().map(Self.brand)
        }
    }

    /// One brand (cached for 30 s).
    func brand(_ id: Int64) async throws -> Brand? {
        try await brandCache.value(for: id) {
            try await database.read { sql in
                try await sql.raw("SELECT * FROM brands WHERE id = \(bind: id)").first().map(Self.brand)
            }
        }
    }

    /// The brand at a public address, or nil.
    func brand(slug: String) async throws -> Brand? {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM brands WHERE slug = \(bind: slug)").first().map(Self.brand)
        }
    }

    /// Units of a brand, by name.
    func units(brandID: Int64) async throws -> [BrandUnit] {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM units WHERE brand_id = \(bind: brandID) ORDER BY name, id").all().map(Self.unit)
        }
    }

    /// One unit.
    func unit(_ id: Int64) async throws -> BrandUnit? {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM units WHERE id = \(bind: id)").first().map(Self.unit)
        }
    }

    /// The salt used to hash identity keys in the suppression list.
    func suppressionSalt(organisationID: Int64, on sql: any SQLDatabase) async throws -> String {
        let salt = try await saltCache.value(for: organisationID) {
            try await sql.raw("SELECT suppression_salt FROM organisations WHERE id = \(bind: organisationID)").first()?
                .decode(column: "suppression_salt", as: String.self)
        }
        guard let salt else { throw AppError.notFound("organisation") }
        return salt
    }

    /// The organisation's suppression salt if it is in memory; nil without reading it.
    func knownSuppressionSalt(organisationID: Int64) async -> String? {
        await saltCache.value(for: organisationID) { nil }
    }

    static func organisation(_ row: any SQLRow) throws -> Organisation {
        Organisation(id: try row.decode(column: "id", as: Int64.self), name: try row.decode(column: "name", as: String.self),
                     slug: try row.decode(column: "slug", as: String.self))
    }

    static func brand(_ row: any SQLRow) throws -> Brand {
        Brand(
            id: try row.decode(column: "id", as: Int64.self),
            organisationID: try row.decode(column: "organisation_id", as: Int64.self),
            name: try row.decode(column: "name", as: String.self),
            slug: try row.decode(column: "slug", as: String.self),
            defaultLanguage: try row.decode(column: "default_language", as: String.self),
            timeZone: try row.decode(column: "time_zone", as: String.self),
            country: try row.decode(column: "country", as: String.self),
            minimumMarketingAge: try row.decode(column: "minimum_marketing_age", as: Int.self),
            primaryColor: try row.decode(column: "primary_color", as: String.self)
        )
    }

    static func unit(_ row: any SQLRow) throws -> BrandUnit {
        BrandUnit(
            id: try row.decode(column: "id", as: Int64.self),
            brandID: try row.decode(column: "brand_id", as: Int64.self),
            name: try row.decode(column: "name", as: String.self),
            slug: try row.decode(column: "slug", as: String.self),
            kind: try row.decode(column: "kind", as: String.self),
            city: try row.optional("city")
        )
    }
}
