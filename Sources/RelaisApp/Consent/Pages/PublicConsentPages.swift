import Foundation
import Hummingbird
import SQLKit

/// Public pages a member reaches from a signed link: e-mail confirmation (`/c/{token}`) and the
/// preference centre (`/p/{token}`), where withdrawing is as easy as giving.
struct PublicConsentPages: Sendable {
    let services: AppServices
    let renderer: PageRenderer

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("c/{token}", use: confirm)
        router.get("p/{token}", use: preferences)
        router.post("p/{token}", use: savePreferences)
    }

    @Sendable func confirm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        let brandID = try await services.database.transaction { sql in
            try await services.doubleOptIn.confirm(token: token, ipAddress: context.remoteAddress, userAgent: request.headers[.userAgent], on: sql)
        }
        let brand = try await brandID.asyncMap { try await services.tenancy.brand($0) } ?? nil
        let language = brand.flatMap { UILanguage(rawValue: $0.defaultLanguage) } ?? context.language
        return renderer.page("confirm", [
            "ok": brandID != nil, "brandName": brand?.name ?? "", "brandColor": brand?.primaryColor ?? "#1f5fbf",
        ], language: language, status: brandID == nil ? .notFound : .ok)
    }

    @Sendable func preferences(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await render(token: context.parameters.get("token") ?? "", context: context, saved: false)
    }

    @Sendable func savePreferences(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        guard let subject = services.preferenceLinks.subject(of: token), let brand = try await services.tenancy.brand(subject.brandID) else {
            return try await render(token: token, context: context, saved: false)
        }
        let form = try await FormData.read(request, limit: 64 * 1024)
        let wanted = Set(form.all("consent"))
        let withdrawAll = form["withdraw_all"] != nil
        let access = BrandAccess(organisationID: brand.organisationID, brandID: brand.id, unitID: nil,
                                 permissions: [.writeMembers, .readMembers],
                                 actor: ActorRef(kind: "member", id: subject.memberID, label: "member"))
        try await services.database.transaction { sql in
            guard try await services.members.member(subject.memberID, access: access, on: sql) != nil else { throw AppError.notFound("member") }
            let states = try await services.ledger.currentStates(memberID: subject.memberID, brandID: brand.id, on: sql)
            for option in try await options(memberID: subject.memberID, brand: brand, on: sql) {
                let key = "\(option.purpose.key)|\(option.channel.rawValue)"
                let current = states.first { $0.purposeKey == option.purpose.key && $0.channel == option.channel }?.status
                let wants = wanted.contains(key) && !withdrawAll
                let has = current == .granted || current == .pending
                guard wants != has else { continue }
                _ = try await services.memberActions.applyConsent(
                    ConsentChange(purposeKey: option.purpose.key, channel: option.channel, granted: wants),
                    memberID: subject.memberID, brand: brand, access: access, source: .preferenceCentre,
                    ipAddress: context.remoteAddress, on: sql)
            }
        }
        return try await render(token: token, context: context, saved: true)
    }

    /// The purpose × channel pairs offered: every purpose, on the channels the member can be reached by.
    private func options(memberID: Int64, brand: Brand, on sql: any SQLDatabase) async throws -> [(purpose: ConsentPurpose, channel: ConsentChannel)] {
        let kinds = Set(try await sql.raw("SELECT kind FROM member_identities WHERE member_id = \(bind: memberID)").all()
            .map { try $0.decode(column: "kind", as: String.self) })
        var channels: [ConsentChannel] = []
        if kinds.contains("email") { channels.append(.email) }
        if kinds.contains("phone") { channels.append(.sms) }
        let states = try await services.ledger.currentStates(memberID: memberID, brandID: brand.id, on: sql)
        for state in states where !channels.contains(state.channel) { channels.append(state.channel) }
        let purposes = try await services.consentSettings.purposes(brandID: brand.id, on: sql)
        return purposes.flatMap { purpose in channels.map { (purpose, $0) } }
    }

    private func render(token: String, context: AppRequestContext, saved: Bool) async throws -> Response {
        guard let subject = services.preferenceLinks.subject(of: token), let brand = try await services.tenancy.brand(subject.brandID) else {
            return renderer.page("preferences", ["invalid": true], language: context.language, status: .notFound)
        }
        let language = UILanguage(rawValue: brand.defaultLanguage) ?? context.language
        let access = BrandAccess(organisationID: brand.organisationID, brandID: brand.id, unitID: nil, permissions: [.readMembers],
                                 actor: ActorRef(kind: "member", id: subject.memberID, label: "member"))
        let rows: [PreferenceRow]? = try await services.database.read { sql in
            guard try await services.members.member(subject.memberID, access: access, on: sql) != nil else { return nil }
            let states = try await services.ledger.currentStates(memberID: subject.memberID, brandID: brand.id, on: sql)
            var rows: [PreferenceRow] = []
            for option in try await options(memberID: subject.memberID, brand: brand, on: sql) {
                let status = states.first { $0.purposeKey == option.purpose.key && $0.channel == option.channel }?.status
                let wording = try await services.consentSettings.wording(purposeID: option.purpose.id, language: language.rawValue, version: nil, on: sql)
                rows.append(PreferenceRow(
                    key: "\(option.purpose.key)|\(option.channel.rawValue)",
                    label: option.purpose.label,
                    channel: Strings.get("channel_\(option.channel.rawValue)", language),
                    wording: wording?.body ?? "",
                    checked: status == .granted || status == .pending,
                    pending: status == .pending
                ))
            }
            return rows
        }
        guard let rows else {
            return renderer.page("preferences", ["invalid": true], language: language, status: .notFound)
        }
        return renderer.page("preferences", [
            "brandName": brand.name, "brandColor": brand.primaryColor, "token": token, "options": rows, "saved": saved,
        ], language: language)
    }
}

/// One line of the preference centre.
struct PreferenceRow: Sendable {
    var key: String
    var label: String
    var channel: String
    var wording: String
    var checked: Bool
    var pending: Bool
}

extension Optional {
    /// Maps the wrapped value with an async function.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let value): try await transform(value)
        case .none: nil
        }
    }
}
