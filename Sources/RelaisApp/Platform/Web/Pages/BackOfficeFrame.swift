import Foundation
import Hummingbird

/// What every back-office page needs: the staff member, their brands, the current brand and
/// the access it gives, and the values the layout shows (navigation, brand switcher, CSRF token).
struct BackOfficeFrame: Sendable {
    let session: StaffSession
    let brands: [Brand]
    let brand: Brand
    let access: BrandAccess

    /// Builds the frame of a request, choosing the session's brand or the first one the staff member may see.
    static func load(_ context: StaffContext, services: AppServices) async throws -> BackOfficeFrame {
        let all = try await services.tenancy.brands(organisationID: context.session.staff.organisationID)
        let visible = all.filter { context.session.access(brandID: $0.id) != nil }
        guard let brand = visible.first(where: { $0.id == context.session.brandID }) ?? visible.first,
              let access = context.session.access(brandID: brand.id)
        else { throw AppError.forbidden("Your account has no role in any brand yet. Ask an owner to give you one.") }
        return BackOfficeFrame(session: context.session, brands: visible, brand: brand, access: access)
    }

    /// Layout values merged into a page's own values.
    func values(_ page: [String: Any], active: String) -> [String: Any] {
        var values = page
        values["staffName"] = session.staff.displayName
        values["csrf"] = session.csrfToken
        values["brandName"] = brand.name
        values["brandColor"] = brand.primaryColor
        values["brands"] = brands.map { ["id": $0.id, "name": $0.name, "selected": $0.id == brand.id] }
        values["multipleBrands"] = brands.count > 1
        values["nav_" + active] = true
        values["canAudit"] = access.can(.readAudit)
        values["canKeys"] = access.can(.manageAPIKeys)
        values["canStaff"] = session.canAtOrganisation(.manageStaff)
        values["canImport"] = access.can(.importMembers)
        values["canExportMembers"] = access.can(.exportMembers)
        values["canListen"] = access.can(.readListening)
        values["canOverview"] = access.unitID == nil && access.can(.readMembers)
        return values
    }

    /// Throws 403 unless the submitted form carries this session's CSRF token.
    static func checkCSRF(_ form: FormData, session: StaffSession) throws {
        guard let token = form["_csrf"], Secrets.constantTimeEquals(token, session.csrfToken) else {
            throw AppError(status: .forbidden, code: "csrf", title: "Form expired",
                           detail: "This form has expired or was not sent from Relais. Reload the page and try again.")
        }
    }
}
