import Foundation
import SQLKit

/// Everything Relais holds about one member, as given to them on an access request (GDPR art. 15 and 20).
struct MemberExport: Codable, Sendable {
    var exportedAt: String
    var organisation: String
    var profile: ExportProfile
    var identities: [IdentityDTO]
    var brands: [ExportBrandLink]
    var attributes: [ExportAttribute]
    var tags: [ExportTag]
    var consents: [ConsentRecordDTO]
    var timeline: [TimelineEventDTO]
    var messages: [ExportMessage]
    /// Ideas submitted to idea contests, in the member's own words.
    var ideas: [ExportIdea] = []
    /// The points ledger, brand by brand, and the coupons the member was given.
    var points: [ExportPointsEntry] = []
    var coupons: [ExportCoupon] = []
}

/// A line of the member's points ledger, in an export.
struct ExportPointsEntry: Codable, Sendable {
    var brand: String
    var kind: String
    var points: Int64
    var balanceAfter: Int64
    var reason: String
    var expiresAt: String?
    var occurredAt: String
}

/// A coupon given to the member, in an export.
struct ExportCoupon: Codable, Sendable {
    var brand: String
    var reward: String?
    var code: String
    var status: String
    var issuedAt: String
    var expiresAt: String
    var redeemedAt: String?
}

/// An idea submitted by the member, in an export.
struct ExportIdea: Codable, Sendable {
    var brand: String
    var activation: String
    var title: String
    var text: String
    var status: String
    var createdAt: String
}

/// Profile fields in an export.
struct ExportProfile: Codable, Sendable {
    var id: Int64
    var firstName: String?
    var lastName: String?
    var birthDate: String?
    var postalCode: String?
    var city: String?
    var country: String?
    var language: String?
    var createdAt: String
    var lastContactAt: String
}

/// A brand the member is known to, in an export.
struct ExportBrandLink: Codable, Sendable {
    var brand: String
    var since: String
    var source: String
}

/// A custom attribute in an export.
struct ExportAttribute: Codable, Sendable {
    var brand: String
    var key: String
    var value: String
}

/// A tag in an export.
struct ExportTag: Codable, Sendable {
    var brand: String
    var tag: String
}

/// A message sent or queued to the member, in an export.
struct ExportMessage: Codable, Sendable {
    var brand: String
    var channel: String
    var recipient: String
    var subject: String
    var createdAt: String
    var sentAt: String?
}

/// Builds exports across every brand of the organisation, because the person is one profile.
struct MemberExporter: Sendable {
    let members: MemberStore
    let ledger: ConsentLedger
    let timeline: Timeline

    func export(memberID: Int64, organisationName: String, on sql: any SQLDatabase) async throws -> MemberExport {
        guard let row = try await sql.raw("SELECT * FROM members WHERE id = \(bind: memberID)").first() else { throw AppError.notFound("member") }
        let member = try MemberStore.member(row)
        let identities = try await sql.raw("SELECT * FROM member_identities WHERE member_id = \(bind: memberID) ORDER BY id").all().map {
            IdentityDTO(id: try $0.decode(column: "id", as: Int64.self), kind: IdentityKind(rawValue: try $0.decode(column: "kind", as: String.self)) ?? .external,
                        namespace: try $0.optional("namespace").flatMap { (text: String) in text.isEmpty ? nil : text },
                        value: try $0.decode(column: "value", as: String.self))
        }
        let brands = try await sql.raw("""
            SELECT b.name, mb.first_seen_at, mb.source FROM member_brands mb JOIN brands b ON b.id = mb.brand_id
            WHERE mb.member_id = \(bind: memberID) ORDER BY mb.first_seen_at
            """).all().map {
            ExportBrandLink(brand: try $0.decode(column: "name", as: String.self), since: Clock.iso(try $0.decode(column: "first_seen_at", as: Int64.self)),
                            source: try $0.decode(column: "source", as: String.self))
        }
        let attributes = try await sql.raw("""
            SELECT b.name, a.key, a.value FROM member_attributes a JOIN brands b ON b.id = a.brand_id WHERE a.member_id = \(bind: memberID) ORDER BY b.name, a.key
            """).all().map {
            ExportAttribute(brand: try $0.decode(column: "name", as: String.self), key: try $0.decode(column: "key", as: String.self),
                            value: try $0.decode(column: "value", as: String.self))
        }
        let tags = try await sql.raw("""
            SELECT b.name, t.tag FROM member_tags t JOIN brands b ON b.id = t.brand_id WHERE t.member_id = \(bind: memberID) ORDER BY b.name, t.tag
            """).all().map { ExportTag(brand: try $0.decode(column: "name", as: String.self), tag: try $0.decode(column: "tag", as: String.self)) }
        let messages = try await sql.raw("""
            SELECT b.name, o.channel, o.recipient, o.subject, o.created_at, o.sent_at FROM outbox_messages o JOIN brands b ON b.id = o.brand_id
            WHERE o.member_id = \(bind: memberID) ORDER BY o.id
            """).all().map {
            ExportMessage(brand: try $0.decode(column: "name", as: String.self), channel: try $0.decode(column: "channel", as: String.self),
                          recipient: try $0.decode(column: "recipient", as: String.self), subject: try $0.decode(column: "subject", as: String.self),
                          createdAt: Clock.iso(try $0.decode(column: "created_at", as: Int64.self)),
                          sentAt: try $0.optional("sent_at", as: Int64.self).map(Clock.iso))
        }
        let ideas = try await sql.raw("""
            SELECT b.name, a.slug, i.title, i.body, i.status, i.created_at FROM activation_ideas i JOIN activations a ON a.id = i.activation_id
            JOIN brands b ON b.id = i.brand_id WHERE i.member_id = \(bind: memberID) AND i.status <> 'erased' ORDER BY i.id
            """).all().map {
            ExportIdea(brand: try $0.decode(column: "name", as: String.self), activation: try $0.decode(column: "slug", as: String.self),
                       title: try $0.decode(column: "title", as: String.self), text: try $0.decode(column: "body", as: String.self),
                       status: try $0.decode(column: "status", as: String.self), createdAt: Clock.iso(try $0.decode(column: "created_at", as: Int64.self)))
        }
        let points = try await sql.raw("""
            SELECT b.name, e.kind, e.points, e.balance_after, e.reason, e.expires_at, e.occurred_at FROM points_entries e
            JOIN brands b ON b.id = e.brand_id WHERE e.member_id = \(bind: memberID) ORDER BY e.id
            """).all().map {
            ExportPointsEntry(brand: try $0.decode(column: "name", as: String.self), kind: try $0.decode(column: "kind", as: String.self),
                              points: try $0.decode(column: "points", as: Int64.self), balanceAfter: try $0.decode(column: "balance_after", as: Int64.self),
                              reason: try $0.decode(column: "reason", as: String.self),
                              expiresAt: try $0.decode(column: "expires_at", as: Int64?.self).map(Clock.iso),
                              occurredAt: Clock.iso(try $0.decode(column: "occurred_at", as: Int64.self)))
        }
        let coupons = try await sql.raw("""
            SELECT b.name, r.name AS reward, c.code, c.status, c.issued_at, c.expires_at, c.redeemed_at FROM coupons c
            JOIN brands b ON b.id = c.brand_id LEFT JOIN rewards r ON r.id = c.reward_id WHERE c.member_id = \(bind: memberID) ORDER BY c.id
            """).all().map {
            ExportCoupon(brand: try $0.decode(column: "name", as: String.self), reward: try $0.decode(column: "reward", as: String?.self),
                         code: CouponDTO.display(try $0.decode(column: "code", as: String.self)), status: try $0.decode(column: "status", as: String.self),
                         issuedAt: Clock.iso(try $0.decode(column: "issued_at", as: Int64.self)),
                         expiresAt: Clock.iso(try $0.decode(column: "expires_at", as: Int64.self)),
                         redeemedAt: try $0.decode(column: "redeemed_at", as: Int64?.self).map(Clock.iso))
        }
        var events: [TimelineEvent] = []
        var cursor: Int64? = nil
        repeat {
            let page = try await timeline.events(memberID: memberID, brandID: nil, page: PageRequest(limit: 200, afterID: cursor), on: sql)
            events += page
            cursor = page.count == 200 ? page.last?.id : nil
        } while cursor != nil
        return MemberExport(
            exportedAt: Clock.iso(Clock.nowMillis()),
            organisation: organisationName,
            profile: ExportProfile(id: member.id, firstName: member.firstName, lastName: member.lastName, birthDate: member.birthDate,
                                   postalCode: member.postalCode, city: member.city, country: member.country, language: member.language,
                                   createdAt: Clock.iso(member.createdAt), lastContactAt: Clock.iso(member.lastContactAt)),
            identities: identities, brands: brands, attributes: attributes, tags: tags,
            consents: try await ledger.fullHistory(memberID: memberID, on: sql).map(ConsentRecordDTO.init),
            timeline: events.map(TimelineEventDTO.init), messages: messages, ideas: ideas, points: points, coupons: coupons
        )
    }
}
