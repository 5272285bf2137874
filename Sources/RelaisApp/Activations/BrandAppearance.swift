import Foundation
import SQLKit

/// How a brand's public activation pages look and tell time: time zone, primary colour, logo.
struct BrandAppearance: Codable, Sendable, Equatable {
    var timeZone: String
    var primaryColor: String
    var logoUrl: String?
    /// Web origins (`https://www.example.com`) allowed to embed the activations and call the public entry endpoint.
    var allowedOrigins: [String] = []

    /// Every field problem at once; nil when valid.
    func problems() -> [FieldError] {
        var errors: [FieldError] = []
        if !LocalTime.isKnownZone(timeZone) || timeZone.count > 64 {
            errors.append(FieldError("timeZone", "must be a time zone name such as Europe/Paris"))
        }
        let hex = primaryColor.dropFirst()
        if !primaryColor.hasPrefix("#") || ![3, 6].contains(hex.count) || !hex.allSatisfy(\.isHexDigit) {
            errors.append(FieldError("primaryColor", "must be a colour written #rrggbb"))
        }
        if let logoUrl, !logoUrl.hasPrefix("https://") || logoUrl.count > 500 || logoUrl.contains(where: { $0 == "\"" || $0.isWhitespace }) {
            errors.append(FieldError("logoUrl", "must be an https:// address of at most 500 characters"))
        }
        if allowedOrigins.count > 20 || !allowedOrigins.allSatisfy(Self.isOrigin) {
            errors.append(FieldError("allowedOrigins", "must be at most 20 origins written scheme://host[:port], without a path"))
        }
        return errors
    }

    /// Whether `text` is a web origin: http or https, a host, an optional port, nothing else.
    static func isOrigin(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme), let host = url.host, !host.isEmpty,
              url.path.isEmpty, url.query == nil, url.fragment == nil, url.user == nil, text.count <= 200 else { return false }
        return text == "\(scheme)://\(host)\(url.port.map { ":\($0)" } ?? "")"
    }
}

/// Body of `PUT /api/v1/brand/appearance`.
struct BrandAppearanceInput: APIInput {
    static let fieldNames: Set<String> = ["timeZone", "primaryColor", "logoUrl", "allowedOrigins"]
    var timeZone: String
    var primaryColor: String
    var logoUrl: String?
    var allowedOrigins: [String]?
}

/// Reads and changes a brand's appearance. Existing activations keep the time zone they were written in.
struct BrandAppearanceStore: Sendable {
    let database: Database
    let tenancy: TenancyStore
    let audit: AuditLog

    /// The brand's appearance.
    func appearance(brandID: Int64) async throws -> BrandAppearance {
        guard let row = try await database.readOnly({ sql in
            try await sql.raw("SELECT time_zone, primary_color, logo_url, widget_origins FROM brands WHERE id = \(bind: brandID)").first()
        }) else { throw AppError.notFound("brand") }
        return BrandAppearance(timeZone: try row.decode(column: "time_zone", as: String.self),
                               primaryColor: try row.decode(column: "primary_color", as: String.self), logoUrl: try row.optional("logo_url"),
                               allowedOrigins: try row.decode(column: "widget_origins", as: String.self).split(separator: " ").map(String.init))
    }

    /// Changes the appearance of the caller's brand (brand-wide callers only); audited.
    func update(_ appearance: BrandAppearance, access: BrandAccess) async throws {
        try access.require(.manageActivations)
        guard access.unitID == nil else { throw AppError.forbidden("The brand's appearance is set brand-wide; a unit cannot change it.") }
        let problems = appearance.problems()
        if !problems.isEmpty { throw AppError.validation(problems) }
        try await database.transaction { sql in
            try await sql.raw("""
                UPDATE brands SET time_zone = \(bind: appearance.timeZone), primary_color = \(bind: appearance.primaryColor.lowercased()),
                    logo_url = \(bind: appearance.logoUrl), widget_origins = \(bind: appearance.allowedOrigins.joined(separator: " "))
                WHERE id = \(bind: access.brandID)
                """).run()
            try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                   action: "brand.appearance_changed", targetKind: "brand", targetID: access.brandID,
                                   details: ["timeZone": appearance.timeZone], on: sql)
        }
        tenancy.brandCache.remove(access.brandID)
    }

    /// Whether `origin` may embed the brand's activations and call its public entry endpoint.
    func allows(origin: String, brandID: Int64) async throws -> Bool {
        try await appearance(brandID: brandID).allowedOrigins.contains(origin)
    }
}
