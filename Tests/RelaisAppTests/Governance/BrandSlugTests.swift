import Foundation
import Testing
@testable import RelaisApp

@Suite("Brand slugs")
struct BrandSlugTests {
    @Test("A brand slug names one brand on the instance: another organisation's brand gets the next free suffix")
    func slugsAreUniqueOnTheInstance() async throws {
        let world = try await TestWorld.make()
        let slugs = try await world.withDatabase { database in
            try await database.transaction { sql in
                let tenancy = TenancyStore(database: database)
                let other = try await tenancy.createOrganisation(name: "Autre groupe", slug: "autre", on: sql)
                let second = try await tenancy.createBrand(organisationID: other.id, name: "Fizz", slug: "fizz", on: sql)
                let third = try await tenancy.createBrand(organisationID: other.id, name: "Fizz bis", slug: "fizz", on: sql)
                let fresh = try await tenancy.createBrand(organisationID: other.id, name: "Neuve", slug: "neuve", on: sql)
                return [second.slug, third.slug, fresh.slug]
            }
        }
        #expect(slugs == ["fizz-2", "fizz-3", "neuve"])
    }
}
