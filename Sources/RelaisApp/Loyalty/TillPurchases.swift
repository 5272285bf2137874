import SQLKit

/// Purchases of a till file: the member the till recognised by their e-mail is found in the
/// brand's community, the sale stored once under the till's reference, and a `purchase` event
/// with its amount goes on the member's timeline, for the brand's earning rules.
struct TillPurchases: Sendable {
    let database: Database
    let timeline: Timeline

    enum Outcome: Sendable, Equatable {
        case recorded(memberID: Int64)
        case unknownMember
        case alreadyImported
    }

    func record(_ line: TillLine, unitID: Int64?, brand: Brand, now: Int64) async throws -> Outcome {
        guard let email = line.email, let amount = line.amountCents, let reference = line.reference else { return .unknownMember }
        let at = line.at ?? now
        return try await database.transaction { sql in
            guard let memberID = try await MemberStore.brandMemberID(emailMatchKey: EmailAddress.matchKey(email), brand: brand, on: sql) else {
                return .unknownMember
            }
            let inserted = try await sql.raw("""
                INSERT INTO till_purchases (organisation_id, brand_id, member_id, unit_id, amount_cents, reference, purchased_at, imported_at)
                VALUES (\(bind: brand.organisationID), \(bind: brand.id), \(bind: memberID), \(bind: unitID), \(bind: amount), \(bind: reference),
                        \(bind: at), \(bind: now))
                ON CONFLICT (brand_id, reference) DO NOTHING RETURNING id
                """).all()
            guard !inserted.isEmpty else { return .alreadyImported }
            var data = ["amountCents": String(amount), "reference": reference]
            if let unitID { data["unit"] = String(unitID) }
            try await timeline.append(organisationID: brand.organisationID, brandID: brand.id, memberID: memberID, kind: "purchase",
                                      summary: TillLine.euros(amount), data: data, at: at, on: sql)
            return .recorded(memberID: memberID)
        }
    }
}
