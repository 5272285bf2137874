import Foundation
import Hummingbird

/// Back-office member pages: list with search, member page, GDPR export and erasure.
struct MemberPages: Sendable {
    let services: AppServices
    let renderer: PageRenderer

    func addRoutes(to staff: RouterGroup<StaffContext>) {
        staff.get("members", use: list)
        staff.get("members/{id}", use: show)
        staff.get("members/{id}/export", use: export)
        staff.post("members/{id}/erase", use: erase)
    }

    @Sendable func list(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        try frame.access.require(.readMembers)
        let query = request.queryDictionary
        let page = try PageRequest(query: query, keyed: true)
        let text = query["q"].map { String($0.prefix(200)) }
        let result = try await services.memberSearch.search(MemberQuery(text: text, tag: query["tag"], country: nil),
                                                            access: frame.access, page: page, defaultCountry: frame.brand.country)
        let rows: [[String: Any]] = result.items.map { item in
            [
                "id": item.id,
                "name": [item.firstName, item.lastName].compactMap { $0 }.joined(separator: " "),
                "email": item.email ?? "", "phone": item.phone ?? "", "city": item.city ?? "",
                "since": Self.day(item.createdAt),
            ]
        }
        var next: String? = nil
        if let cursor = result.nextCursor {
            var components = URLComponents()
            components.path = "/members"
            components.queryItems = [URLQueryItem(name: "cursor", value: cursor)] + (text.map { [URLQueryItem(name: "q", value: $0)] } ?? [])
                + (query["tag"].map { [URLQueryItem(name: "tag", value: $0)] } ?? [])
            next = components.string
        }
        return renderer.page("members", frame.values([
            "q": text ?? "", "members": rows, "empty": rows.isEmpty, "next": next as Any,
            "exportLink": "/members.csv" + (text.flatMap { $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) }.map { "?q=\($0)" } ?? ""),
        ], active: "members"), language: context.language)
    }

    @Sendable func show(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        try frame.access.require(.readMembers)
        let id = try context.parameters.memberID()
        let access = frame.access
        let (member, states, history, events) = try await services.database.readOnly { sql in
            guard let member = try await services.members.member(id, access: access, on: sql) else { throw AppError.notFound("member") }
            return (member,
                    try await services.ledger.currentStates(memberID: id, brandID: access.brandID, on: sql),
                    try await services.ledger.history(memberID: id, brandID: access.brandID, on: sql),
                    try await services.timeline.events(memberID: id, brandID: access.brandID, page: PageRequest(limit: 100, afterID: nil), on: sql))
        }
        let language = context.language
        let status: (ConsentStatus) -> String = { Strings.get("status_\($0.rawValue)", language) }
        let preferenceLink = services.preferenceLinks.link(memberID: id, brandID: access.brandID).url
        let loyalty = try await MemberLoyaltyValues(services: services).values(memberID: id, access: access, language: language)
        // Posts listening recognised as the member's, for staff who may also read listening.
        let mentions = access.can(.readListening) ? try await services.database.readOnly { sql in
            try await services.mentionAuthors.mentions(memberID: id, brandID: access.brandID, limit: 20, on: sql)
        } : []
        return renderer.page("member", frame.values([
            "loyalty": loyalty,
            "showMentions": access.can(.readListening), "noMentions": mentions.isEmpty,
            "mentions": mentions.map { Self.mentionValues($0, language: language) },
            "member": [
                "id": member.id,
                "name": member.displayName ?? Strings.get("member_no_name", language),
                "firstName": member.firstName ?? "", "lastName": member.lastName ?? "", "birthDate": member.birthDate ?? "",
                "postalCode": member.postalCode ?? "", "city": member.city ?? "", "country": member.country ?? "",
                "language": member.language ?? "", "since": Self.day(member.createdAt), "lastContact": Self.day(member.lastContactAt),
            ],
            "identities": member.identities.map { ["kind": $0.kind.rawValue, "namespace": $0.namespace, "value": $0.value] },
            "tags": member.tags,
            "attributes": member.attributes.sorted { $0.key < $1.key }.map { ["key": $0.key, "value": $0.value] },
            "consents": states.map { ["purpose": $0.purposeKey, "channel": Strings.get("channel_\($0.channel.rawValue)", language),
                                      "status": status($0.status), "statusKey": $0.status.rawValue, "since": Self.moment($0.since)] },
            "history": history.map { record -> [String: Any] in
                [
                    "purpose": record.purposeKey, "channel": record.channel.rawValue, "status": status(record.status),
                    "statusKey": record.status.rawValue, "source": record.sourceKind.rawValue, "sourceLabel": record.sourceLabel,
                    "wording": record.wordingVersion.map { "v\($0) \(record.wordingLanguage ?? "")" } ?? "",
                    "hash": record.wordingSHA256.map { String($0.prefix(12)) } ?? "",
                    "ip": record.ipAddress ?? "", "when": Self.moment(record.recordedAt),
                    "confirmed": record.confirmedAt.map(Self.moment) ?? "",
                ]
            },
            "noConsents": history.isEmpty,
            "events": events.map { ["kind": $0.kind, "summary": $0.summary, "when": Self.moment($0.occurredAt), "byMember": $0.initiatedByMember] },
            "noEvents": events.isEmpty,
            "canExport": access.can(.exportMembers),
            "canErase": access.can(.eraseMembers),
            "preferenceLink": preferenceLink,
        ], active: "members"), language: language)
    }

    @Sendable func export(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let export = try await services.memberActions.export(memberID: try context.parameters.memberID(), access: frame.access)
        return try JSONOutput.response(export, headers: [.contentDisposition: "attachment; filename=\"member-\(export.profile.id).json\""])
    }

    @Sendable func erase(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let form = try await FormData.read(request, limit: 16 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        guard form["confirm"] == "yes" else {
            throw AppError.invalid("confirm", "tick the box to confirm the erasure")
        }
        try await services.memberActions.erase(memberID: try context.parameters.memberID(), access: frame.access)
        return Response(status: .seeOther, headers: [.location: "/members"])
    }

    /// A post the member wrote, as the member page lists it.
    static func mentionValues(_ mention: Mention, language: UILanguage) -> [String: Any] {
        let title: String = mention.title.isEmpty ? mention.host : mention.title
        let sentimentLabel: String = Strings.get("listening_sentiment_" + mention.sentiment, language)
        var values: [String: Any] = ["title": title, "url": mention.url ?? "", "hasURL": mention.url != nil, "site": mention.host]
        values["query"] = mention.queryName
        values["sentiment"] = mention.sentiment
        values["sentimentLabel"] = sentimentLabel
        values["when"] = moment(mention.publishedAt)
        return values
    }

    static func day(_ millis: Int64) -> String {
        Clock.date(millis).formatted(.iso8601.year().month().day())
    }

    static func moment(_ millis: Int64) -> String {
        let text = Clock.date(millis).formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false))
        return text.replacingOccurrences(of: "T", with: " ")
    }
}
