import Foundation
import SQLKit

/// Recognition of a returning member by a code e-mailed to them, beside the signed link. The answer to a request
/// is the same whether the address is known or not; codes are kept only as keyed hashes; requests are limited per
/// address and per IP; a code works once, for 15 minutes, and 5 wrong tries end it.
struct EmailedCodes: Sendable {
    let database: Database
    let signer: LinkSigner

    /// Why a code was not sent or not accepted.
    enum Problem: Error, Equatable {
        case invalidEmail(String)
        case tooManyRequests
        case wrongCode
    }

    /// Sends a code to `email` if it belongs to a member of the brand; records the request either way.
    func request(email: String, brand: Brand, activation: Activation, language: String, ipAddress: String?, now: Int64 = Clock.nowMillis()) async throws {
        let address: String
        switch EmailAddress.validate(email) {
        case .success(let valid): address = valid
        case .failure(let problem): throw Problem.invalidEmail(problem.message)
        }
        let emailHash = Self.hash(brandID: brand.id, matchKey: EmailAddress.matchKey(address))
        let ipHash = ipAddress.map { Secrets.sha256Hex("member-code|\($0)") }
        try await database.transaction { sql in
            let forAddress = try await count("brand_id = \(bind: brand.id) AND email_hash = \(bind: emailHash)", since: now - MemberCode.lifetimeMillis, on: sql)
            let forIP = try await ipHash.asyncMap { try await count("ip_hash = \(bind: $0)", since: now - 3_600_000, on: sql) } ?? 0
            guard MemberCode.mayRequest(recentForAddress: forAddress, recentForIP: forIP) else { throw Problem.tooManyRequests }
            let member = try await sql.raw("""
                SELECT i.member_id, i.value FROM member_identities i
                JOIN member_brands b ON b.member_id = i.member_id AND b.brand_id = \(bind: brand.id)
                JOIN members m ON m.id = i.member_id AND m.erased_at IS NULL AND m.merged_into_id IS NULL
                WHERE i.organisation_id = \(bind: brand.organisationID) AND i.kind = 'email' AND i.namespace = ''
                  AND i.match_key = \(bind: EmailAddress.matchKey(address)) LIMIT 1
                """).first()
            let memberID = try member?.decode(column: "member_id", as: Int64.self)
            let code = MemberCode.generate()
            try await sql.raw("""
                INSERT INTO member_codes (brand_id, email_hash, ip_hash, member_id, code_hash, expires_at, created_at)
                VALUES (\(bind: brand.id), \(bind: emailHash), \(bind: ipHash), \(bind: memberID), \(bind: codeHash(code, emailHash: emailHash)),
                    \(bind: now + MemberCode.lifetimeMillis), \(bind: now))
                """).run()
            // The code goes to the address the member gave, never to a variant typed on the page.
            guard let memberID, let recipient = try member?.decode(column: "value", as: String.self) else { return }
            let title = activation.content.title(language)
            let (subject, body) = language == "en"
                ? ("Your code: \(code)", "Your code to be recognised on \"\(title)\" (\(brand.name)): \(code)\nIt is valid for 15 minutes. If you did not ask for it, ignore this message.")
                : ("Votre code : \(code)", "Votre code pour être reconnu·e sur « \(title) » (\(brand.name)) : \(code)\nIl est valable 15 minutes. Si vous ne l'avez pas demandé, ignorez ce message.")
            try await OutboxMessage(organisationID: brand.organisationID, brandID: brand.id, memberID: memberID,
                                    recipient: recipient, subject: subject, body: body, purpose: "member_code", createdAt: now).queue(on: sql)
        }
    }

    /// The member a code recognises; the latest unexpired code of the address counts one try per check.
    func check(email: String, code typed: String, brand: Brand, now: Int64 = Clock.nowMillis()) async throws -> Int64 {
        guard case .success(let address) = EmailAddress.validate(email), let typedCode = MemberCode.normalised(typed) else { throw Problem.wrongCode }
        let emailHash = Self.hash(brandID: brand.id, matchKey: EmailAddress.matchKey(address))
        let expected = codeHash(typedCode, emailHash: emailHash)
        let found: Int64? = try await database.transaction { sql in
            guard let row = try await sql.raw("""
                SELECT id, member_id, code_hash FROM member_codes
                WHERE brand_id = \(bind: brand.id) AND email_hash = \(bind: emailHash) AND used_at IS NULL AND expires_at > \(bind: now)
                ORDER BY id DESC LIMIT 1
                """).first() else { return nil }
            let id = try row.decode(column: "id", as: Int64.self)
            // One try is spent atomically, so parallel guesses cannot exceed the allowance.
            guard try await sql.raw("""
                UPDATE member_codes SET attempts = attempts + 1 WHERE id = \(bind: id) AND attempts < \(bind: MemberCode.maximumAttempts) RETURNING id
                """).first() != nil else { return nil }
            guard Secrets.constantTimeEquals(try row.decode(column: "code_hash", as: String.self), expected),
                  let memberID: Int64 = try row.optional("member_id") else { return nil }
            try await sql.raw("UPDATE member_codes SET used_at = \(bind: now) WHERE id = \(bind: id)").run()
            return memberID
        }
        guard let found else { throw Problem.wrongCode }
        return found
    }

    private func count(_ condition: SQLQueryString, since: Int64, on sql: any SQLDatabase) async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM member_codes WHERE \(condition) AND created_at > \(bind: since)").first()?
            .decode(column: "n", as: Int.self) ?? 0
    }

    /// The keyed hash a code is kept as (6 digits alone would be found from a plain hash in a moment).
    private func codeHash(_ code: String, emailHash: String) -> String {
        String(signer.sign(purpose: "member-code", subject: "\(emailHash):\(code)", expiresAt: 0).split(separator: ".").last ?? "")
    }

    /// The address as kept: a hash of the brand and the normalised e-mail, never the address itself.
    static func hash(brandID: Int64, matchKey: String) -> String {
        Secrets.sha256Hex("member-code|\(brandID)|\(matchKey)")
    }
}
