import Foundation
import SQLKit

/// A brand's consent purposes and their versioned wordings.
struct ConsentSettingsStore: Sendable {
    let database: Database
    /// Purposes and wordings of a brand, read on every consent change; changes here clear it,
    /// other nodes see them within 15 s.
    let cache = ExpiringCache<Int64, BrandConsentSettings>(lifetimeMillis: 15_000)

    /// Purposes and every wording of a brand, cached.
    func settings(brandID: Int64, on sql: any SQLDatabase) async throws -> BrandConsentSettings {
        try await cache.value(for: brandID) {
            let purposes = try await sql.raw("SELECT * FROM consent_purposes WHERE brand_id = \(bind: brandID) ORDER BY key").all().map(Self.purpose)
            let wordings = try await sql.raw("SELECT * FROM consent_wordings WHERE brand_id = \(bind: brandID) ORDER BY id").all().map(Self.wording)
            return BrandConsentSettings(purposes: purposes, wordings: wordings)
        } ?? BrandConsentSettings(purposes: [], wordings: [])
    }

    /// Purposes of a brand, by key.
    func purposes(brandID: Int64, on sql: any SQLDatabase) async throws -> [ConsentPurpose] {
        try await sql.raw("SELECT * FROM consent_purposes WHERE brand_id = \(bind: brandID) ORDER BY key").all().map(Self.purpose)
    }

    /// Purposes of a brand, by key (own connection).
    func purposes(brandID: Int64) async throws -> [ConsentPurpose] {
        try await database.read { try await purposes(brandID: brandID, on: $0) }
    }

    /// Creates a purpose; its key must be new for the brand.
    func createPurpose(brandID: Int64, key: String, label: String, isMarketing: Bool, on sql: any SQLDatabase) async throws -> ConsentPurpose {
        guard key.count <= 40, !key.isEmpty, key.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "_" || $0 == "-" }) else {
            throw AppError.invalid("key", "must be 1 to 40 letters, digits, - or _")
        }
        guard !label.trimmingCharacters(in: .whitespaces).isEmpty, label.count <= 120 else {
            throw AppError.invalid("label", "must be 1 to 120 characters")
        }
        if try await sql.raw("SELECT id FROM consent_purposes WHERE brand_id = \(bind: brandID) AND key = \(bind: key)").first() != nil {
            throw AppError.conflict("The brand already has a purpose with the key \(key).")
        }
        let row = try await sql.raw("""
            INSERT INTO consent_purposes (brand_id, key, label, is_marketing, created_at)
            VALUES (\(bind: brandID), \(bind: key), \(bind: label), \(bind: isMarketing ? 1 : 0), \(bind: Clock.nowMillis())) RETURNING id
            """).first()
        cache.remove(brandID)
        return ConsentPurpose(id: try row!.decode(column: "id", as: Int64.self), brandID: brandID, key: key, label: label, isMarketing: isMarketing)
    }

    /// Publishes a new version of a purpose's wording in a language.
    func publishWording(purpose: ConsentPurpose, language: String, body: String, on sql: any SQLDatabase) async throws -> ConsentWording {
        let text = body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 4000 else { throw AppError.invalid("body", "must be 1 to 4000 characters") }
        guard ["fr", "en"].contains(language) else { throw AppError.invalid("language", "must be fr or en") }
        let latest = try await sql.raw("""
            SELECT MAX(version) AS v FROM consent_wordings WHERE purpose_id = \(bind: purpose.id) AND language = \(bind: language)
            """).first()
        let version = (try latest?.optional("v", as: Int.self) ?? 0) + 1
        let hash = Secrets.sha256Hex(text)
        let row = try await sql.raw("""
            INSERT INTO consent_wordings (brand_id, purpose_id, version, language, body, sha256, created_at)
            VALUES (\(bind: purpose.brandID), \(bind: purpose.id), \(bind: version), \(bind: language), \(bind: text), \(bind: hash),
                    \(bind: Clock.nowMillis())) RETURNING id
            """).first()
        cache.remove(purpose.brandID)
        return ConsentWording(id: try row!.decode(column: "id", as: Int64.self), purposeID: purpose.id, version: version,
                              language: language, body: text, sha256: hash)
    }

    /// The wording of a purpose in a language: a given version, or the latest one.
    func wording(purposeID: Int64, language: String, version: Int?, on sql: any SQLDatabase) async throws -> ConsentWording? {
        let versionFilter: SQLQueryString = version.map { "AND version = \(bind: $0)" } ?? ""
        return try await sql.raw("""
            SELECT * FROM consent_wordings WHERE purpose_id = \(bind: purposeID) AND language = \(bind: language) \(versionFilter)
            ORDER BY version DESC LIMIT 1
            """).first().map(Self.wording)
    }

    /// Every wording of a purpose, newest first.
    func wordings(purposeID: Int64, on sql: any SQLDatabase) async throws -> [ConsentWording] {
        try await sql.raw("SELECT * FROM consent_wordings WHERE purpose_id = \(bind: purposeID) ORDER BY language, version DESC").all().map(Self.wording)
    }

    static func purpose(_ row: any SQLRow) throws -> ConsentPurpose {
        ConsentPurpose(
            id: try row.decode(column: "id", as: Int64.self),
            brandID: try row.decode(column: "brand_id", as: Int64.self),
            key: try row.decode(column: "key", as: String.self),
            label: try row.decode(column: "label", as: String.self),
            isMarketing: try row.flag("is_marketing")
        )
    }

    static func wording(_ row: any SQLRow) throws -> ConsentWording {
        ConsentWording(
            id: try row.decode(column: "id", as: Int64.self),
            purposeID: try row.decode(column: "purpose_id", as: Int64.self),
            version: try row.decode(column: "version", as: Int.self),
            language: try row.decode(column: "language", as: String.self),
            body: try row.decode(column: "body", as: String.self),
            sha256: try row.decode(column: "sha256", as: String.self)
        )
    }
}

/// A brand's consent purposes and all versions of their wordings.
struct BrandConsentSettings: Sendable {
    var purposes: [ConsentPurpose]
    var wordings: [ConsentWording]

    /// The wording of a purpose in a language: that version, or the latest.
    func wording(purposeID: Int64, language: String, version: Int?) -> ConsentWording? {
        wordings.filter { $0.purposeID == purposeID && $0.language == language && (version == nil || $0.version == version) }
            .max { $0.version < $1.version }
    }
}
