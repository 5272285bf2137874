import Foundation
import Hummingbird

/// Probable duplicates in the back-office, each with a merge button.
struct DuplicatePages: Sendable {
    let services: AppServices
    let renderer: PageRenderer

    func addRoutes(to staff: RouterGroup<StaffContext>) {
        staff.get("members/duplicates", use: list)
        staff.post("members/{id}/merge", use: merge)
    }

    @Sendable func list(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        try frame.access.require(.readMembers)
        let pairs = try await services.duplicates.pairs(access: frame.access, limit: 100)
        func describe(_ member: MemberSummary) -> [String: Any] {
            ["id": member.id, "name": [member.firstName, member.lastName].compactMap { $0 }.joined(separator: " "),
             "email": member.email ?? "", "phone": member.phone ?? "", "city": member.city ?? "", "since": MemberPages.day(member.createdAt)]
        }
        return renderer.page("duplicates", frame.values([
            "pairs": pairs.map { ["first": describe($0.first), "second": describe($0.second),
                                  "reason": Strings.get("duplicate_\($0.reason)", context.language)] as [String: Any] },
            "empty": pairs.isEmpty,
            "canMerge": frame.access.can(.writeMembers),
        ], active: "members"), language: context.language)
    }

    @Sendable func merge(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let form = try await FormData.read(request, limit: 16 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        let survivor = try context.parameters.memberID()
        guard let duplicate = form["duplicate"].flatMap(Int64.init) else { throw AppError.invalid("duplicate", "choose the profile to merge") }
        try await services.memberActions.merge(survivorID: survivor, duplicateID: duplicate, access: frame.access)
        return Response(status: .seeOther, headers: [.location: "/members/\(survivor)"])
    }
}
