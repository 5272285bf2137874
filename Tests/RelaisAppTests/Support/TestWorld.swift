import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
@testable import RelaisApp

/// A seeded organisation for API and page tests: two brands, a unit, staff and API keys.
///
/// - brand A "Fizz" (FR, minimum marketing age 12) with purposes newsletter (marketing) and
///   service (not marketing), wordings in French and English; unit A1 "Paris".
/// - brand B "Grues" with its own newsletter purpose.
struct TestWorld: Sendable {
    let configuration: AppConfiguration
    let organisation: Organisation
    let brandA: Brand
    let brandB: Brand
    let unitA1: BrandUnit
    /// Brand manager key of brand A.
    let keyA: String
    /// Brand manager key of brand B.
    let keyB: String
    /// BrandUnit contributor key of unit A1.
    let keyUnitA1: String
    /// Analyst (read-only) key of brand A.
    let keyAnalystA: String
    /// DPO key of brand A.
    let keyDPOA: String
    /// Owner staff log-in.
    let ownerEmail = "owner@test.example"
    let ownerPassword = "correct horse battery"

    /// Creates a fresh database, migrates it (through `migrations`, all of them by default) and seeds it.
    static func make(migrations: [any Migration] = AllMigrations.list) async throws -> TestWorld {
        let configuration = AppConfiguration(host: "127.0.0.1", port: 0, database: try await TestDatabase.fresh(),
                                             publicBaseURL: "http://relais.test", logLevel: .warning)
        let database = try await Database.open(configuration.database, logger: Logger(label: "test"))
        do {
            try await Migrator(database: database, logger: Logger(label: "test")).migrate(migrations)
            let world = try await seed(database: database, configuration: configuration)
            await database.close()
            return world
        } catch {
            await database.close()
            throw error
        }
    }

    private static func seed(database: Database, configuration: AppConfiguration) async throws -> TestWorld {
        let services = AppServices(configuration: configuration, database: database, logger: Logger(label: "test"),
                                   linkSigningKey: try await InstanceSecrets.linkSigningKey(database))
        let hash = try await PasswordHasher.hash("correct horse battery")
        return try await database.transaction { sql in
            let org = try await services.tenancy.createOrganisation(name: "Groupe Test", slug: "groupe-test", on: sql)
            let a = try await services.tenancy.createBrand(organisationID: org.id, name: "Fizz", slug: "fizz", on: sql)
            let b = try await services.tenancy.createBrand(organisationID: org.id, name: "Grues", slug: "grues", on: sql)
            let unit = try await services.tenancy.createUnit(brand: a, name: "Paris", slug: "paris", kind: "store", city: "Paris", on: sql)
            let owner = try await services.staff.create(organisationID: org.id, email: "owner@test.example", displayName: "Olivia Owner",
                                                        passwordHash: hash, language: "fr", on: sql)
            try await services.staff.grant(.owner, staffID: owner.id, organisationID: org.id, on: sql)
            for (brand, keys) in [(a, [("newsletter", true), ("service", false)]), (b, [("newsletter", true)])] {
                for (key, marketing) in keys {
                    let purpose = try await services.consentSettings.createPurpose(brandID: brand.id, key: key, label: key.capitalized, isMarketing: marketing, on: sql)
                    _ = try await services.consentSettings.publishWording(purpose: purpose, language: "fr", body: "Texte \(key) de \(brand.name)", on: sql)
                    _ = try await services.consentSettings.publishWording(purpose: purpose, language: "en", body: "Text \(key) of \(brand.name)", on: sql)
                }
            }
            let keyA = try await services.apiKeys.issue(organisationID: org.id, brandID: a.id, unitID: nil, name: "A", role: .brandManager, createdBy: nil, on: sql).secret
            let keyB = try await services.apiKeys.issue(organisationID: org.id, brandID: b.id, unitID: nil, name: "B", role: .brandManager, createdBy: nil, on: sql).secret
            let keyUnit = try await services.apiKeys.issue(organisationID: org.id, brandID: a.id, unitID: unit.id, name: "A1", role: .unitContributor, createdBy: nil, on: sql).secret
            let keyAnalyst = try await services.apiKeys.issue(organisationID: org.id, brandID: a.id, unitID: nil, name: "Analyst", role: .analyst, createdBy: nil, on: sql).secret
            let keyDPO = try await services.apiKeys.issue(organisationID: org.id, brandID: a.id, unitID: nil, name: "DPO", role: .dpo, createdBy: nil, on: sql).secret
            return TestWorld(configuration: configuration, organisation: org, brandA: a, brandB: b, unitA1: unit,
                             keyA: keyA, keyB: keyB, keyUnitA1: keyUnit, keyAnalystA: keyAnalyst, keyDPOA: keyDPO)
        }
    }

    /// Runs `body` against the real server over HTTP.
    func withServer(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = try await buildApplication(configuration: configuration)
        try await app.test(.live) { client in try await body(client) }
    }

    /// Opens the test database directly, for assertions on what was stored.
    func withDatabase<T: Sendable>(_ body: @Sendable (Database) async throws -> T) async throws -> T {
        let database = try await Database.open(configuration.database, logger: Logger(label: "test"))
        do {
            let result = try await body(database)
            await database.close()
            return result
        } catch {
            await database.close()
            throw error
        }
    }
}
