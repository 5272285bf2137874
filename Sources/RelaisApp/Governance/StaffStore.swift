import Foundation
import SQLKit

/// Reads and writes staff accounts and their roles.
struct StaffStore: Sendable {
    let database: Database

    /// Creates a staff account with a hashed password.
    func create(
        organisationID: Int64, email: String, displayName: String, passwordHash: String, language: String,
        on sql: any SQLDatabase
    ) async throws -> StaffMember {
        let normalized = email.trimmingCharacters(in: .whitespaces).lowercased()
        if try await sql.raw("SELECT id FROM staff WHERE email = \(bind: normalized)").first() != nil {
            throw AppError.invalid("email", "is already used by another staff account")
        }
        let row = try await sql.raw("""
            INSERT INTO staff (organisation_id, email, display_name, password_hash, language, created_at)
            VALUES (\(bind: organisationID), \(bind: normalized), \(bind: displayName), \(bind: passwordHash), \(bind: language), \(bind: Clock.nowMillis()))
            RETURNING id
            """).first()
        return StaffMember(id: try row!.decode(column: "id", as: Int64.self), organisationID: organisationID,
                           email: normalized, displayName: displayName, language: language)
    }

    /// Grants a role at the organisation (no brand, no unit), a brand, or a unit scope.
    func grant(_ role: Role, staffID: Int64, organisationID: Int64, brandID: Int64? = nil, unitID: Int64? = nil, on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            INSERT INTO staff_roles (staff_id, organisation_id, role, brand_id, unit_id, created_at)
            VALUES (\(bind: staffID), \(bind: organisationID), \(bind: role.rawValue), \(bind: brandID), \(bind: unitID), \(bind: Clock.nowMillis()))
            """).run()
    }

    /// An active account by e-mail, with its password hash.
    func credentials(email: String) async throws -> (StaffMember, String)? {
        let normalized = email.trimmingCharacters(in: .whitespaces).lowercased()
        return try await database.read { sql in
            guard let row = try await sql.raw("SELECT * FROM staff WHERE email = \(bind: normalized) AND disabled_at IS NULL").first() else {
                return nil
            }
            return (try Self.staff(row), try row.decode(column: "password_hash", as: String.self))
        }
    }

    /// Roles of a staff member.
    func grants(staffID: Int64, on sql: any SQLDatabase) async throws -> [RoleGrant] {
        try await sql.raw("""
            SELECT r.role, r.brand_id, r.unit_id, u.brand_id AS unit_brand_id
            FROM staff_roles r LEFT JOIN units u ON u.id = r.unit_id
            WHERE r.staff_id = \(bind: staffID) ORDER BY r.id
            """).all().compactMap { row in
            guard let role = Role(rawValue: try row.decode(column: "role", as: String.self)) else { return nil }
            return RoleGrant(role: role, brandID: try row.optional("brand_id"), unitID: try row.optional("unit_id"),
                             unitBrandID: try row.optional("unit_brand_id"))
        }
    }

    /// Staff of an organisation with a summary of their roles.
    func list(organisationID: Int64) async throws -> [(StaffMember, [RoleGrant])] {
        try await database.read { sql in
            let members = try await sql.raw("SELECT * FROM staff WHERE organisation_id = \(bind: organisationID) ORDER BY display_name, id").all().map(Self.staff)
            var result: [(StaffMember, [RoleGrant])] = []
            for member in members {
                result.append((member, try await grants(staffID: member.id, on: sql)))
            }
            return result
        }
    }

    static func staff(_ row: any SQLRow) throws -> StaffMember {
        StaffMember(
            id: try row.decode(column: "id", as: Int64.self),
            organisationID: try row.decode(column: "organisation_id", as: Int64.self),
            email: try row.decode(column: "email", as: String.self),
            displayName: try row.decode(column: "display_name", as: String.self),
            language: try row.decode(column: "language", as: String.self)
        )
    }
}
