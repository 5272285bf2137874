import Foundation
import Hummingbird
import Logging
import SQLKit

/// Credits sharers with the sign-ups and entries that followed their links.
///
/// A conversion keeps both the first and the last link the visitor followed (the `rt` cookie).
/// It is a self-referral, which earns nothing but is still recorded, when the person who
/// converts is one of the sharers, or when their browser (the `rv` cookie) is one a sharer
/// entered from before.
///
/// A sign-up that is no self-referral also puts a `referral.joined` event on the timeline of the
/// sharer whose link brought it last (role `sharer`): the earning rules for a friend who joined
/// and the ambassadors' friend badges count it as they count an invitation of a referral
/// activation (which has its own event, so none is added there).
struct ShareAttribution: Sendable {
    let database: Database
    let timeline: Timeline
    let logger: Logger

    /// What was recorded for one entry.
    struct Credit: Sendable, Equatable {
        var firstSharerID: Int64
        var lastSharerID: Int64
        var kind: String
        var selfReferral: Bool
    }

    /// Records the entry described by `receipt` as a conversion when the request carries share
    /// cookies. Never fails the entry: a problem is logged and the entry stands.
    @discardableResult
    func credit(_ request: Request, receipt: EntryReceipt, activation: Activation) async -> Credit? {
        let visitor = request.cookies[ShareVisitor.cookie]?.value
        guard let touch = request.cookies[ShareTouch.cookie].flatMap({ ShareTouch(cookieValue: $0.value) }) else { return nil }
        do {
            return try await credit(receipt: receipt, activation: activation, visitorID: visitor, touch: touch)
        } catch {
            logger.error("Share attribution failed", metadata: ["activation": "\(activation.id)", "entry": "\(receipt.entryID)", "error": "\(error)"])
            return nil
        }
    }

    /// Records the conversion of an accepted entry; nil when no valid share link led to it.
    func credit(receipt: EntryReceipt, activation: Activation, visitorID: String?, touch: ShareTouch?,
                now: Int64 = Clock.nowMillis()) async throws -> Credit? {
        guard !receipt.replayed, let memberID = receipt.memberID else { return nil }
        let visitorHash = visitorID.flatMap { ShareVisitor.isWellFormed($0) ? ShareVisitor.hash($0) : nil }
        guard let current = touch?.current(now: now) else { return nil }
        return try await database.transaction { sql in
            let links = try await sql.raw("""
                SELECT id, member_id, code FROM share_links
                WHERE brand_id = \(bind: activation.brandID) AND code IN (\(bind: current.first.code), \(bind: current.last.code))
                """).all().reduce(into: [String: (id: Int64, sharer: Int64)]()) { found, row in
                found[try row.decode(column: "code", as: String.self)] = (try row.decode(column: "id", as: Int64.self),
                                                                          try row.decode(column: "member_id", as: Int64.self))
            }
            // A link that no longer exists (or of another brand) leaves the other one to stand for both touches.
            guard let first = links[current.first.code] ?? links[current.last.code],
                  let last = links[current.last.code] ?? links[current.first.code] else { return nil }
            let firstAt = links[current.first.code] != nil ? current.first.at : current.last.at
            let lastAt = links[current.last.code] != nil ? current.last.at : current.first.at
            var selfReferral = first.sharer == memberID || last.sharer == memberID
            if !selfReferral, let visitorHash {
                selfReferral = try await ShareDevices.isKnown(visitorHash, brandID: activation.brandID, of: [first.sharer, last.sharer], on: sql)
            }
            let kind = receipt.newToBrand ? "signup" : "entry"
            let recorded = try await sql.raw("""
                INSERT INTO share_attributions (organisation_id, brand_id, activation_id, member_id, entry_id, kind, first_link_id, first_sharer_id,
                                                first_at, last_link_id, last_sharer_id, last_at, self_referral, created_at)
                VALUES (\(bind: activation.organisationID), \(bind: activation.brandID), \(bind: activation.id), \(bind: memberID), \(bind: receipt.entryID),
                        \(bind: kind), \(bind: first.id), \(bind: first.sharer), \(bind: firstAt), \(bind: last.id), \(bind: last.sharer), \(bind: lastAt),
                        \(bind: selfReferral ? 1 : 0), \(bind: now))
                ON CONFLICT (entry_id) DO NOTHING RETURNING entry_id
                """).all()
            if !recorded.isEmpty, kind == "signup", !selfReferral, activation.kind != .referral {
                try await timeline.append(organisationID: activation.organisationID, brandID: activation.brandID, memberID: last.sharer,
                                          kind: "referral.joined", summary: activation.content.title("fr"),
                                          data: ["activation": String(activation.id), "referrer": String(last.sharer), "referee": String(memberID),
                                                 "role": "sharer", "link": String(last.id)],
                                          at: now, on: sql)
            }
            if selfReferral {
                logger.info("Self-referral recorded without credit", metadata: ["activation": "\(activation.id)", "entry": "\(receipt.entryID)"])
            }
            return Credit(firstSharerID: first.sharer, lastSharerID: last.sharer, kind: kind, selfReferral: selfReferral)
        }
    }
}
