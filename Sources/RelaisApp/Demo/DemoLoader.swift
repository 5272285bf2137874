import Foundation
import Logging
import SQLKit

/// Loads a living demo: the group "Groupe Horizon" with two brands (a soft drink for 12–30
/// year olds and a construction-equipment maker), three local units, staff for every role and
/// about 2,000 members with identities, consents and history.
public enum DemoLoader {
    /// Password of every demo account. Demo data only: never use it for real accounts.
    static let password = "relais-demo-2026"
    static let logins: [(String, String, Role)] = [
        ("owner@demo.relais.example", "Olivia Owner", .owner),
        ("cm@demo.relais.example", "Camille CM", .communityManager),
        ("agence.lyon@demo.relais.example", "Lucas Agence Lyon", .unitContributor),
        ("dpo@demo.relais.example", "Denis DPO", .dpo),
        ("analyst@demo.relais.example", "Anaïs Analyste", .analyst),
    ]

    /// Loads the demo unless it is already there, and returns the text to print (log-ins and keys).
    public static func load(configuration: AppConfiguration, memberCount: Int = 2000) async throws -> String {
        let logger = Logger(label: "relais.demo")
        let database = try await Database.open(configuration.database, logger: logger)
        do {
            try await Migrator(database: database, logger: logger).migrate()
            let text = try await load(into: database, configuration: configuration, memberCount: memberCount)
            await database.close()
            return text
        } catch {
            await database.close()
            throw error
        }
    }

    static func load(into database: Database, configuration: AppConfiguration, memberCount: Int) async throws -> String {
        let exists = try await database.read { sql in
            try await sql.raw("SELECT id FROM organisations WHERE slug = 'groupe-horizon'").first() != nil
        }
        var lines = ["", "Demo organisation: Groupe Horizon — open \(configuration.publicBaseURL)/login", ""]
        for (email, name, role) in logins { lines.append("  \(role.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0)) \(email)  (\(name))") }
        lines.append("  password for all:  \(password)")
        if exists {
            lines.insert("The demo organisation is already loaded.", at: 0)
            return lines.joined(separator: "\n")
        }
        let services = AppServices(configuration: configuration, database: database, logger: Logger(label: "relais.demo"),
                                   linkSigningKey: try await InstanceSecrets.linkSigningKey(database))
        let passwordHash = try await PasswordHasher.hash(password)
        let key = try await database.transaction { sql -> String in
            let org = try await services.tenancy.createOrganisation(name: "Groupe Horizon", slug: "groupe-horizon", on: sql)
            let fizz = try await services.tenancy.createBrand(organisationID: org.id, name: "Fizz Cola", slug: "fizz-cola",
                                                              minimumMarketingAge: 12, primaryColor: "#d62828", on: sql)
            let engins = try await services.tenancy.createBrand(organisationID: org.id, name: "Engins & Co", slug: "engins-co",
                                                                minimumMarketingAge: 18, primaryColor: "#f4a000", on: sql)
            let paris = try await services.tenancy.createUnit(brand: fizz, name: "Fizz Store Paris", slug: "paris", kind: "store", city: "Paris", on: sql)
            let lyon = try await services.tenancy.createUnit(brand: engins, name: "Agence Lyon", slug: "lyon", kind: "agency", city: "Lyon", on: sql)
            let nantes = try await services.tenancy.createUnit(brand: engins, name: "Agence Nantes", slug: "nantes", kind: "agency", city: "Nantes", on: sql)
            for (email, name, role) in logins {
                let staff = try await services.staff.create(organisationID: org.id, email: email, displayName: name,
                                                            passwordHash: passwordHash, language: "fr", on: sql)
                switch role {
                case .owner, .dpo, .analyst:
                    try await services.staff.grant(role, staffID: staff.id, organisationID: org.id, on: sql)
                case .unitContributor:
                    try await services.staff.grant(role, staffID: staff.id, organisationID: org.id, unitID: lyon.id, on: sql)
                default:
                    try await services.staff.grant(role, staffID: staff.id, organisationID: org.id, brandID: fizz.id, on: sql)
                    try await services.staff.grant(role, staffID: staff.id, organisationID: org.id, brandID: engins.id, on: sql)
                }
            }
            var random = DemoRandom(seed: 2026)
            let brands = [(fizz, [paris]), (engins, [lyon, nantes])]
            var purposesByBrand: [Int64: [ConsentPurpose]] = [:]
            for (brand, _) in brands {
                var purposes: [ConsentPurpose] = []
                for (key, label, marketing, fr, en) in DemoWordings.purposes(brand: brand.name) {
                    let purpose = try await services.consentSettings.createPurpose(brandID: brand.id, key: key, label: label, isMarketing: marketing, on: sql)
                    _ = try await services.consentSettings.publishWording(purpose: purpose, language: "fr", body: fr, on: sql)
                    _ = try await services.consentSettings.publishWording(purpose: purpose, language: "en", body: en, on: sql)
                    purposes.append(purpose)
                }
                purposesByBrand[brand.id] = purposes
            }
            let now = Clock.nowMillis()
            for index in 0..<memberCount {
                let (brand, units) = index % 3 == 0 ? brands[1] : brands[0]
                let first = DemoNames.firstNames.randomElement(using: &random)!
                let last = DemoNames.lastNames.randomElement(using: &random)!
                let (city, postal) = DemoNames.cities.randomElement(using: &random)!
                let birthYear = brand.id == fizz.id ? Int.random(in: 1994...2013, using: &random) : Int.random(in: 1960...2000, using: &random)
                let birth = String(format: "%04d-%02d-%02d", birthYear, Int.random(in: 1...12, using: &random), Int.random(in: 1...28, using: &random))
                let local = SearchText.fold("\(first).\(last)").replacingOccurrences(of: " ", with: "-").replacingOccurrences(of: "'", with: "")
                let email = "\(local)\(index)@\(DemoNames.domains.randomElement(using: &random)!)"
                let joined = now - Int64.random(in: 0...(2 * 365 * Clock.dayMillis + 300 * Clock.dayMillis), using: &random)
                let memberID = try await services.members.insert(organisationID: org.id, profile: ProfileFields(
                    firstName: first, lastName: last, birthDate: birth, postalCode: postal, city: city, country: "FR", language: "fr"), on: sql)
                try await sql.raw("UPDATE members SET created_at = \(bind: joined), updated_at = \(bind: joined), last_contact_at = \(bind: joined) WHERE id = \(bind: memberID)").run()
                let emailKey = IdentityKey(kind: .email, namespace: "", value: email, matchKey: EmailAddress.matchKey(email))
                try await services.members.attach(emailKey, memberID: memberID, organisationID: org.id, on: sql)
                if Int.random(in: 0..<3, using: &random) == 0 {
                    let phone = String(format: "+336%08d", Int.random(in: 0..<100_000_000, using: &random))
                    try await services.members.attach(IdentityKey(kind: .phone, namespace: "", value: phone, matchKey: phone), memberID: memberID, organisationID: org.id, on: sql)
                }
                let unit = Int.random(in: 0..<2, using: &random) == 0 ? units.randomElement(using: &random) : nil
                try await services.members.link(memberID: memberID, organisationID: org.id, brandID: brand.id, unitID: unit?.id, source: "demo", on: sql)
                if index % 7 == 0 {
                    try await services.members.link(memberID: memberID, organisationID: org.id, brandID: (brand.id == fizz.id ? engins : fizz).id, unitID: nil, source: "demo", on: sql)
                }
                try await services.timeline.append(organisationID: org.id, brandID: brand.id, memberID: memberID, kind: "member.created",
                                                   summary: ["form", "import", "api_key"].randomElement(using: &random)!, at: joined, on: sql)
                let age = AgeRules.age(birth: AgeRules.parseBirthDate(birth)!)
                for purpose in purposesByBrand[brand.id]! where age >= brand.minimumMarketingAge && Int.random(in: 0..<10, using: &random) < 6 {
                    let wording = try await services.consentSettings.wording(purposeID: purpose.id, language: "fr", version: nil, on: sql)
                    let at = joined + Int64.random(in: 0...Clock.dayMillis, using: &random)
                    try await services.ledger.append(NewConsentRecord(
                        organisationID: org.id, brandID: brand.id, memberID: memberID, purposeID: purpose.id, channel: .email,
                        status: .granted, sourceKind: .form, sourceLabel: "Jeu-concours de bienvenue", wordingID: wording?.id,
                        ipAddress: "192.0.2.\(index % 250)", confirmationSentAt: at, confirmedAt: at + 600_000,
                        parentalConsent: age < 15, recordedAt: at + 600_000), on: sql)
                    try await services.timeline.append(organisationID: org.id, brandID: brand.id, memberID: memberID, kind: "consent.granted",
                                                       summary: "\(purpose.key) · email", initiatedByMember: true, at: at + 600_000, on: sql)
                    if Int.random(in: 0..<8, using: &random) == 0 {
                        let withdrawnAt = at + Int64.random(in: Clock.dayMillis...(200 * Clock.dayMillis), using: &random)
                        if withdrawnAt < now {
                            try await services.ledger.append(NewConsentRecord(
                                organisationID: org.id, brandID: brand.id, memberID: memberID, purposeID: purpose.id, channel: .email,
                                status: .withdrawn, sourceKind: .preferenceCentre, sourceLabel: "preference centre", wordingID: wording?.id,
                                recordedAt: withdrawnAt), on: sql)
                            try await services.timeline.append(organisationID: org.id, brandID: brand.id, memberID: memberID, kind: "consent.withdrawn",
                                                               summary: "\(purpose.key) · email", initiatedByMember: true, at: withdrawnAt, on: sql)
                        }
                    }
                }
            }
            try await DemoHistory.load(organisationID: org.id, brandID: fizz.id, smsPurposeID: purposesByBrand[fizz.id]?.first { $0.key == "newsletter" }?.id,
                                       now: now, random: &random, on: sql)
            let (_, secret) = try await services.apiKeys.issue(organisationID: org.id, brandID: fizz.id, unitID: nil, name: "Demo key",
                                                                role: .brandManager, createdBy: nil, on: sql)
            return secret
        }
        lines.append("")
        lines.append("  API key (Fizz Cola, brand manager): \(key)")
        lines.append("  try: curl -H 'Authorization: Bearer \(key)' \(configuration.publicBaseURL)/api/v1/members")
        return lines.joined(separator: "\n")
    }
}
