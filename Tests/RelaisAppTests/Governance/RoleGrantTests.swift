import Testing
@testable import RelaisApp

@Suite("Roles and scopes")
struct RoleGrantTests {
    let actor = ActorRef(kind: "staff", id: 1, label: "x")

    @Test("An organisation owner has every permission in every brand")
    func ownerEverywhere() throws {
        let access = try #require(RoleGrant.access(grants: [RoleGrant(role: .owner)], organisationID: 1, brandID: 7, actor: actor))
        #expect(access.permissions == Set(Permission.allCases))
        #expect(access.unitID == nil)
    }

    @Test("A brand role gives nothing in another brand")
    func brandRoleStaysInItsBrand() {
        let grants = [RoleGrant(role: .communityManager, brandID: 2)]
        #expect(RoleGrant.access(grants: grants, organisationID: 1, brandID: 2, actor: actor) != nil)
        #expect(RoleGrant.access(grants: grants, organisationID: 1, brandID: 3, actor: actor) == nil)
    }

    @Test("A unit contributor is limited to the unit; analysts cannot write")
    func unitAndAnalyst() throws {
        let unit = try #require(RoleGrant.access(grants: [RoleGrant(role: .unitContributor, unitID: 5, unitBrandID: 2)], organisationID: 1, brandID: 2, actor: actor))
        #expect(unit.unitID == 5)
        #expect(!unit.can(.exportMembers))
        #expect(!Role.analyst.permissions.contains(.writeMembers))
        #expect(Role.dpo.permissions.contains(.eraseMembers))
    }
}
