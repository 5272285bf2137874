import Foundation
import Logging
import SQLKit

/// Generates the history the brand overview and the activation reports read, at scale: one
/// brand with members first seen over about three years, activations opening one after the
/// other over those years, and the rows the figures come from — entries (a few invalidated or
/// awaiting confirmation), the entry forms' consent records (with double opt-in and later
/// withdrawals), share links with their clicks, visits and attributed entries, store coupons
/// given by some activations and used at a till, points earned by an earning rule for each
/// entry and spent on a reward, and the timeline events the app writes beside them — plus budget
/// lines and a value model. Deterministic for a given `seed` and `until`.
///
/// Rows are written as multi-row INSERTs of literal values with ids given by the seed (the
/// database must not be written by anyone else meanwhile), a few thousand members and all their
/// rows per transaction, so that a million members and ten million events take minutes.
public enum BenchmarkRoiSeed {
    /// What to generate.
    public struct Options: Sendable {
        public var members = 1_000_000
        public var activations = 200
        /// Event rows to aim at: entries, consent records, share clicks, visits and attributions,
        /// coupons, points entries and timeline events (the result is within a few percent).
        public var events = 10_000_000
        public var seed: UInt64 = 1
        /// The end of the generated history (epoch ms); the history covers the `years` before it.
        public var until: Int64 = BenchmarkRoiSeed.startOfDay(Clock.nowMillis())
        public var years = 3
        public init() {}
    }

    /// Rows written, per table.
    public struct Counts: Codable, Sendable, Equatable {
        public var members = 0
        public var erasedMembers = 0
        public var activations = 0
        public var entries = 0
        public var validEntries = 0
        public var invalidatedEntries = 0
        public var unconfirmedEntries = 0
        public var consentRecords = 0
        public var shareLinks = 0
        public var shareClicks = 0
        public var shareVisits = 0
        public var shareAttributions = 0
        public var coupons = 0
        public var redeemedCoupons = 0
        public var pointsEntries = 0
        public var timelineEvents = 0
        public var budgetLines = 0
        /// The event rows: everything above but members, activations and budget lines.
        public var events: Int {
            entries + consentRecords + shareClicks + shareVisits + shareAttributions + coupons + pointsEntries + timelineEvents
        }
    }

    /// What the seed made, for the benchmark scripts.
    public struct Report: Codable, Sendable {
        public var apiKey: String
        public var organisationID: Int64
        public var brandID: Int64
        public var activationIDs: [Int64]
        /// The history covers `[from, until)` (epoch ms).
        public var from: Int64
        public var until: Int64
        public var counts: Counts
        public var events: Int
        public var seconds: Double
        /// Event rows written per second (members and their identities and brand links aside).
        public var eventsPerSecond: Double
    }

    static let dayMillis = Clock.dayMillis
    /// Members generated, with all their rows, per transaction.
    static let membersPerTransaction = 5_000
    /// The points a reward costs (three entries' worth).
    static let spendPoints: Int64 = 30
    /// Rows per INSERT statement.
    static let rowsPerStatement = 500

    /// Midnight UTC of a day written YYYY-MM-DD.
    public static func day(_ text: String) -> Int64? { Clock.parseDay(text) }

    /// The first instant of the UTC day of `millis`.
    public static func startOfDay(_ millis: Int64) -> Int64 { millis - millis % Clock.dayMillis }

    /// Opens the database, applies the migrations and seeds it.
    public static func run(configuration: AppConfiguration, options: Options, log: @escaping @Sendable (String) -> Void) async throws -> Report {
        let logger = Logger(label: "relais.bench")
        let database = try await Database.open(configuration.database, logger: logger)
        do {
            try await Migrator(database: database, logger: logger).migrate()
            let report = try await seed(database: database, configuration: configuration, options: options, log: log)
            await database.close()
            return report
        } catch {
            await database.close()
            throw error
        }
    }

    // MARK: - The plan of the history

    /// One activation of the plan.
    struct PlannedActivation {
        var id: Int64
        var index: Int
        var slug: String
        var kind: String
        var status: String
        var opensAt: Int64
        var closesAt: Int64
        var daily: Bool
        var confirmEmail: Bool
        var storeOffer: Bool
    }

    /// A share link already written, that later entrants may follow.
    struct Link {
        var id: Int64
        var sharer: Int64
        var createdAt: Int64
    }

    /// Where the next id of each table starts, and what was written.
    struct Cursor {
        var member: Int64 = 1, entry: Int64 = 1, consent: Int64 = 1, link: Int64 = 1, click: Int64 = 1
        var attribution: Int64 = 1, coupon: Int64 = 1, points: Int64 = 1, timeline: Int64 = 1, audit: Int64 = 1, identity: Int64 = 1
        var counts = Counts()
    }

    /// The setup rows made through the app's own services.
    struct Setup: Sendable {
        var organisationID: Int64
        var brandID: Int64
        var apiKey: String
        var purposeID: Int64
        var wordingID: Int64
        var storeRewardID: Int64
        var pointsRewardID: Int64
        var ruleID: Int64
    }

    static func seed(database: Database, configuration: AppConfiguration, options: Options, log: @escaping @Sendable (String) -> Void) async throws -> Report {
        let started = Date()
        let until = options.until
        let from = until - Int64(options.years) * 365 * dayMillis
        let setup = try await makeSetup(database: database, configuration: configuration, seed: options.seed, until: until)
        var random = DemoRandom(seed: 0x5EED_0000 &+ options.seed)
        var cursor = try await startingIDs(database)

        // Activations opening one after the other over the span, lasting 10 to 40 days.
        var plan: [PlannedActivation] = []
        let kinds = ["sweepstakes", "instant_win", "quiz", "poll", "lead_form"]
        let firstActivation = try await nextID(database, table: "activations")
        let span = until - from - 10 * dayMillis
        for index in 0..<options.activations {
            let opens = startOfDay(from + span * Int64(index) / Int64(max(options.activations, 1))) + Int64.random(in: 0...(3 * dayMillis), using: &random) + 8 * 3_600_000
            let closes = opens + Int64.random(in: 10...40, using: &random) * dayMillis
            let kind = kinds[index % kinds.count]
            let status = closes > until ? "live" : ((kind == "sweepstakes" || kind == "quiz") && index % 2 == 0 ? "results_published" : "closed")
            plan.append(PlannedActivation(id: firstActivation + Int64(index), index: index, slug: String(format: "moment-%03d", index + 1), kind: kind,
                                          status: status, opensAt: opens, closesAt: closes, daily: index % 7 == 3, confirmEmail: index % 5 == 1,
                                          storeOffer: index % 3 == 0))
        }
        try await writeActivations(plan, setup: setup, database: database, until: until, random: &random)
        cursor.counts.activations = plan.count
        cursor.counts.budgetLines = try await writeBudget(plan, setup: setup, database: database, from: from, until: until, random: &random)

        // Entries per member, so that the event rows come near `options.events`: measured over 200
        // activations, an entry brings about 4.3 rows (itself, its timeline event, its points, its
        // share of consents, coupons and sharing), a member about one besides, and repeated daily
        // entries and the acquisition entry add about 13% to the entries drawn.
        let members = max(options.members, 1)
        let entriesPerMember = max(0.3, (Double(options.events) / Double(members) - 1.0) / (4.3 * 1.13))
        var links: [[Link]] = Array(repeating: [], count: plan.count)
        let names = DemoNames.firstNames, lastNames = DemoNames.lastNames
        var generated = 0
        while generated < options.members {
            let count = min(membersPerTransaction, options.members - generated)
            var rows = Rows()
            for offset in 0..<count {
                let position = generated + offset
                // Members join faster as the community grows; ids follow the order of arrival.
                let share = (Double(position) + 0.5) / Double(members)
                let joined = from + Int64(Double(until - from - dayMillis) * share.squareRoot()) + Int64.random(in: 0..<3_600_000, using: &random)
                member(at: joined, plan: plan, setup: setup, until: until, entriesPerMember: entriesPerMember,
                       firstName: names[Int(random.next() % UInt64(names.count))], lastName: lastNames[Int(random.next() % UInt64(lastNames.count))],
                       links: &links, cursor: &cursor, rows: &rows, random: &random)
            }
            let statements = rows.statements()
            try await database.transaction { sql in
                for statement in statements { try await sql.raw(SQLQueryString(statement)).run() }
            }
            generated += count
            if (generated / membersPerTransaction) % 20 == 0 || generated == options.members {
                log("members \(generated)/\(options.members), events \(cursor.counts.events), \(Int(Date().timeIntervalSince(started))) s")
            }
        }
        try await finish(database: database, setup: setup, log: log)
        let seconds = Date().timeIntervalSince(started)
        return Report(apiKey: setup.apiKey, organisationID: setup.organisationID, brandID: setup.brandID, activationIDs: plan.map(\.id),
                      from: from, until: until, counts: cursor.counts, events: cursor.counts.events, seconds: seconds,
                      eventsPerSecond: Double(cursor.counts.events) / max(seconds, 0.001))
    }

    /// The organisation, brand, API key, consent purpose, rewards and earning rule, made as the app makes them.
    static func makeSetup(database: Database, configuration: AppConfiguration, seed: UInt64, until: Int64) async throws -> Setup {
        let services = AppServices(configuration: configuration, database: database, logger: Logger(label: "bench"),
                                   linkSigningKey: try await InstanceSecrets.linkSigningKey(database))
        return try await database.transaction { sql in
            let org = try await services.tenancy.createOrganisation(name: "ROI Benchmark Group", slug: "roi-bench-\(seed)", on: sql)
            let brand = try await services.tenancy.createBrand(organisationID: org.id, name: "ROI Brand", slug: "roi", on: sql)
            let purpose = try await services.consentSettings.createPurpose(brandID: brand.id, key: "newsletter", label: "Newsletter", isMarketing: true, on: sql)
            let wording = try await services.consentSettings.publishWording(purpose: purpose, language: "fr", body: "J'accepte la newsletter.", on: sql)
            let key = try await services.apiKeys.issue(organisationID: org.id, brandID: brand.id, unitID: nil, name: "bench", role: .brandManager,
                                                       createdBy: nil, on: sql).secret
            func reward(_ name: String, cost: Int64, validity: Int) async throws -> Int64 {
                try await sql.raw("""
                    INSERT INTO rewards (organisation_id, brand_id, name, description, cost_points, stock, codes, coupon_validity_days, status,
                        minimum_tier, created_at, updated_at)
                    VALUES (\(bind: org.id), \(bind: brand.id), \(bind: name), '', \(bind: cost), NULL, 'generated', \(bind: validity), 'active', NULL,
                        \(bind: until - 4 * 365 * dayMillis), \(bind: until - 4 * 365 * dayMillis))
                    RETURNING id
                    """).first()?.decode(column: "id", as: Int64.self) ?? 0
            }
            let storeReward = try await reward("Boisson offerte en magasin", cost: 0, validity: 30)
            let pointsReward = try await reward("Goodies de la marque", cost: spendPoints, validity: 60)
            let definition = EarningRuleDefinition(name: "Participation", trigger: "activation.entry", points: 10, pointsPerEuro: nil,
                                                   maxPerDay: nil, maxPerActivation: 1)
            let json = try EarningRuleStore.json(definition)
            let created = until - 4 * 365 * dayMillis
            let ruleID = try await sql.raw("""
                INSERT INTO earning_rules (organisation_id, brand_id, version, definition, trigger_kind, active, created_at, updated_at)
                VALUES (\(bind: org.id), \(bind: brand.id), 1, \(bind: json), 'activation.entry', 1, \(bind: created), \(bind: created))
                RETURNING id
                """).first()?.decode(column: "id", as: Int64.self) ?? 0
            try await sql.raw("""
                INSERT INTO earning_rule_versions (rule_id, version, definition, active, changed_by, changed_at)
                VALUES (\(bind: ruleID), 1, \(bind: json), 1, 'bench', \(bind: created))
                """).run()
            try await sql.raw("""
                INSERT INTO value_models (brand_id, organisation_id, currency, opt_in_cents, new_member_cents, store_visit_cents, count_revenue, point_cents, updated_at)
                VALUES (\(bind: brand.id), \(bind: org.id), 'EUR', 300, 2500, 1000, 1, 1, \(bind: created))
                """).run()
            return Setup(organisationID: org.id, brandID: brand.id, apiKey: key, purposeID: purpose.id, wordingID: wording.id,
                         storeRewardID: storeReward, pointsRewardID: pointsReward, ruleID: ruleID)
        }
    }

    static func nextID(_ database: Database, table: String) async throws -> Int64 {
        try await database.read { sql in
            (try await sql.raw("SELECT COALESCE(MAX(id), 0) AS n FROM \(unsafeRaw: table)").first()?.decode(column: "n", as: Int64.self) ?? 0) + 1
        }
    }

    static func startingIDs(_ database: Database) async throws -> Cursor {
        var cursor = Cursor()
        cursor.member = try await nextID(database, table: "members")
        cursor.identity = try await nextID(database, table: "member_identities")
        cursor.entry = try await nextID(database, table: "activation_entries")
        cursor.consent = try await nextID(database, table: "consent_records")
        cursor.link = try await nextID(database, table: "share_links")
        cursor.click = try await nextID(database, table: "share_clicks")
        cursor.attribution = try await nextID(database, table: "share_attributions")
        cursor.coupon = try await nextID(database, table: "coupons")
        cursor.points = try await nextID(database, table: "points_entries")
        cursor.timeline = try await nextID(database, table: "timeline_events")
        cursor.audit = try await nextID(database, table: "audit_log")
        return cursor
    }

    static func writeActivations(_ plan: [PlannedActivation], setup: Setup, database: Database, until: Int64, random: inout DemoRandom) async throws {
        var rows = Rows()
        for a in plan {
            let opensLocal = LocalTime.text(a.opensAt, timeZone: "Europe/Paris"), closesLocal = LocalTime.text(a.closesAt, timeZone: "Europe/Paris")
            rows.add("activations", columns: """
                id, organisation_id, brand_id, kind, slug, status, title_fr, title_en, opens_local, closes_local, time_zone, opens_at, closes_at,
                entry_frequency, confirm_email, created_at, updated_at
                """, row: """
                \(a.id), \(setup.organisationID), \(setup.brandID), \(q(a.kind)), \(q(a.slug)), \(q(a.status)), \(q("Temps fort \(a.index + 1)")), \
                \(q("Moment \(a.index + 1)")), \(q(opensLocal)), \(q(closesLocal)), 'Europe/Paris', \(a.opensAt), \(a.closesAt), \
                \(q(a.daily ? "daily" : "once")), \(a.confirmEmail ? 1 : 0), \(a.opensAt - 14 * dayMillis), \(a.opensAt - dayMillis)
                """)
        }
        for a in plan where a.storeOffer {
            rows.add("activation_store_offers", columns: "activation_id, organisation_id, brand_id, reward_id, audience, created_at, updated_at", row: """
                \(a.id), \(setup.organisationID), \(setup.brandID), \(setup.storeRewardID), 'entrants', \(a.opensAt - 7 * dayMillis), \(a.opensAt - 7 * dayMillis)
                """)
        }
        let statements = rows.statements()
        try await database.transaction { sql in
            for statement in statements { try await sql.raw(SQLQueryString(statement)).run() }
        }
    }

    /// One to three lines per activation (invoiced once it has closed), and the brand's own lines each quarter.
    static func writeBudget(_ plan: [PlannedActivation], setup: Setup, database: Database, from: Int64, until: Int64,
                            random: inout DemoRandom) async throws -> Int {
        var rows = Rows()
        var count = 0
        let columns = "organisation_id, brand_id, activation_id, category, label, planned_cents, actual_cents, currency, created_at, updated_at"
        for a in plan {
            for (number, category) in ["media", "agency", "prizes"].prefix(1 + a.index % 3).enumerated() {
                let planned = Int64.random(in: 50_000...2_000_000, using: &random)
                let actual = a.closesAt <= until ? String(planned + Int64.random(in: -planned / 10...planned / 10, using: &random)) : "NULL"
                rows.add("budget_lines", columns: columns, row: """
                    \(setup.organisationID), \(setup.brandID), \(a.id), \(q(category)), \(q("Ligne \(number + 1)")), \(planned), \(actual), 'EUR', \
                    \(a.opensAt - 10 * dayMillis), \(a.opensAt - 10 * dayMillis)
                    """)
                count += 1
            }
        }
        var quarter = from
        while quarter < until {
            for category in ["platform", "staff"] {
                let planned = Int64.random(in: 100_000...900_000, using: &random)
                rows.add("budget_lines", columns: columns, row: """
                    \(setup.organisationID), \(setup.brandID), NULL, \(q(category)), 'Trimestre', \(planned), \(planned), 'EUR', \(quarter + dayMillis), \(quarter + dayMillis)
                    """)
                count += 1
            }
            quarter += 91 * dayMillis
        }
        let statements = rows.statements()
        try await database.transaction { sql in
            for statement in statements { try await sql.raw(SQLQueryString(statement)).run() }
        }
        return count
    }

    /// A consent ledger line of one member, before ids are given in time order.
    struct ConsentLine {
        /// The order the line was made in, among the member's.
        var key: Int
        var at: Int64
        var channel: String
        var status: String
        var sourceKind: String
        var sourceLabel: String
        /// For a double opt-in confirmation: the key of the pending line it confirms.
        var confirms: Int?
        var wording: Bool
    }

    /// One member and every row of their history.
    static func member(at joined: Int64, plan: [PlannedActivation], setup: Setup, until: Int64, entriesPerMember: Double,
                       firstName: String, lastName: String, links: inout [[Link]], cursor: inout Cursor, rows: inout Rows,
                       random: inout DemoRandom) {
        let org = setup.organisationID, brand = setup.brandID
        let memberID = cursor.member
        cursor.member += 1
        cursor.counts.members += 1
        func chance(_ p: Double) -> Bool { Double(random.next() >> 11) / Double(1 << 53) < p }
        func between(_ low: Int64, _ high: Int64) -> Int64 { high <= low ? low : Int64.random(in: low..<high, using: &random) }

        // Half the members come through an activation open when they arrive (their first entry is
        // the moment they became members); the others through an import or the API.
        let open = plan.filter { $0.opensAt <= joined && joined < $0.closesAt }
        let acquiredBy = chance(0.5) && !open.isEmpty ? open[Int(random.next() % UInt64(open.count))] : nil
        let source = acquiredBy != nil ? "form" : (chance(0.7) ? "import" : "api_key")
        let erasing = chance(0.002)
        rows.add("member_brands", columns: "member_id, brand_id, organisation_id, first_seen_at, source", row: "\(memberID), \(brand), \(org), \(joined), \(q(source))")

        var consents: [ConsentLine] = []
        if acquiredBy == nil && chance(0.6) {
            consents.append(ConsentLine(key: consents.count, at: joined, channel: "email", status: "granted", sourceKind: source,
                                        sourceLabel: source == "import" ? "import" : "api", confirms: nil, wording: true))
        }

        // The activations the member enters: the one that brought them, then a few of those open after.
        var chosen: [(PlannedActivation, Int64)] = []
        if let acquiredBy { chosen.append((acquiredBy, joined)) }
        let later = plan.filter { $0.closesAt > joined + dayMillis && $0.opensAt < until && $0.id != acquiredBy?.id }
        // An engaged few enter many activations, most one to three, some none (exponential counts).
        let draw = -log(1 - Double(random.next() >> 11) / Double(1 << 53))
        let total = max(acquiredBy == nil ? 0 : 1, Int((draw * entriesPerMember).rounded()))
        let wanted = min(later.count, total - (acquiredBy == nil ? 0 : 1))
        var picked = Set<Int>()
        while picked.count < max(0, wanted) { picked.insert(Int(random.next() % UInt64(later.count))) }
        for index in picked.sorted() {
            let a = later[index]
            let start = max(a.opensAt, joined + 3_600_000), end = min(a.closesAt, until)
            guard end > start else { continue }
            chosen.append((a, between(start, end)))
        }
        chosen.sort { $0.1 < $1.1 }

        var balance: Int64 = 0, earned: Int64 = 0, spent: Int64 = 0
        var lastPoints: Int64? = nil
        var lastTouch = joined
        for (number, (a, firstAt)) in chosen.enumerated() {
            let acquisition = number == 0 && acquiredBy?.id == a.id
            // Daily activations: some come back on other days.
            var times = [firstAt]
            if a.daily && chance(0.4) {
                var t = firstAt
                for _ in 0..<Int(1 + random.next() % 3) {
                    // At least 25 hours later: another local day, even across the autumn clock change.
                    t += dayMillis + between(3_600_000, 7 * 3_600_000)
                    if t < min(a.closesAt, until) { times.append(t) }
                }
            }
            var firstValidEntry: (id: Int64, at: Int64)? = nil
            var firstEntry: (id: Int64, status: String)? = nil
            for (repeatIndex, at) in times.enumerated() {
                let entryID = cursor.entry
                cursor.entry += 1
                var status = "valid"
                if chance(0.03) { status = "invalidated" } else if a.confirmEmail && chance(0.06) { status = "unconfirmed" }
                let confirmedAt = a.confirmEmail && status != "unconfirmed" ? String(at + between(60_000, 3_600_000)) : "NULL"
                let invalidated = status == "invalidated" ? String(at + between(3_600_000, 3 * dayMillis)) : "NULL"
                let frequency = a.daily ? "d:" + LocalTime.day(at, timeZone: "Europe/Paris") : "once"
                rows.add("activation_entries", columns: """
                    id, organisation_id, brand_id, activation_id, member_id, token, frequency_key, flags, status, invalidation_reason, invalidated_at, confirmed_at, created_at
                    """, row: """
                    \(entryID), \(org), \(brand), \(a.id), \(memberID), '\(hex(random.next()))\(hex(UInt64(entryID)))', \(q(frequency)), '', \(q(status)), \
                    \(status == "invalidated" ? "'duplicate'" : "NULL"), \(invalidated), \(confirmedAt), \(at)
                    """)
                cursor.counts.entries += 1
                switch status {
                case "valid": cursor.counts.validEntries += 1
                case "invalidated": cursor.counts.invalidatedEntries += 1
                default: cursor.counts.unconfirmedEntries += 1
                }
                if firstEntry == nil { firstEntry = (entryID, status) }
                let timelineID = cursor.timeline
                cursor.timeline += 1
                rows.add("timeline_events", columns: "id, organisation_id, brand_id, member_id, kind, summary, data, initiated_by_member, occurred_at", row: """
                    \(timelineID), \(org), \(brand), \(memberID), 'activation.entry', \(q("Temps fort \(a.index + 1)")), \
                    '{"activation":"\(a.id)","entry":"\(entryID)","kind":"\(a.kind)"}', 1, \(at)
                    """)
                cursor.counts.timelineEvents += 1
                // The earning rule: 10 points, once per activation, for an entry that counts.
                if status != "unconfirmed" && repeatIndex == 0 {
                    let pointsAt = at + between(5_000, 120_000)
                    balance += 10
                    earned += 10
                    rows.add("points_entries", columns: """
                        id, organisation_id, brand_id, member_id, kind, points, balance_after, reason, source, source_ref, idempotency_key, expires_at, \
                        rule_id, activation_ref, event_at, recorded_by, occurred_at
                        """, row: """
                        \(cursor.points), \(org), \(brand), \(memberID), 'earn', 10, \(balance), 'Participation', 'rule', \
                        'rule:\(setup.ruleID):v1:event:\(timelineID)', 'rule:\(setup.ruleID):event:\(timelineID)', \(pointsAt + 365 * dayMillis), \
                        \(setup.ruleID), '\(a.id)', \(at), 'Relais', \(pointsAt)
                        """)
                    lastPoints = cursor.points
                    cursor.points += 1
                    cursor.counts.pointsEntries += 1
                }
                if status == "valid" && firstValidEntry == nil { firstValidEntry = (entryID, at) }
                lastTouch = max(lastTouch, at)
            }

            // The entry form's consent: e-mail newsletter (double opt-in where the activation
            // confirms e-mails), sometimes SMS.
            let label = "activation \(a.slug)"
            if chance(0.3) {
                if a.confirmEmail {
                    let pending = consents.count
                    consents.append(ConsentLine(key: pending, at: firstAt, channel: "email", status: "pending", sourceKind: "form", sourceLabel: label,
                                                confirms: nil, wording: true))
                    if chance(0.7) {
                        consents.append(ConsentLine(key: consents.count, at: firstAt + between(60_000, 2 * 3_600_000), channel: "email", status: "granted",
                                                    sourceKind: "double_opt_in", sourceLabel: "double opt-in", confirms: pending, wording: true))
                    }
                } else {
                    consents.append(ConsentLine(key: consents.count, at: firstAt, channel: "email", status: "granted", sourceKind: "form", sourceLabel: label,
                                                confirms: nil, wording: true))
                }
            }
            if chance(0.06) {
                consents.append(ConsentLine(key: consents.count, at: firstAt, channel: "sms", status: "granted", sourceKind: "form", sourceLabel: label,
                                            confirms: nil, wording: true))
            }

            // An entrant that followed someone's share link (self-referrals excluded from credit).
            if let first = firstEntry, chance(0.05) {
                let candidates = links[a.index]
                if !candidates.isEmpty {
                    let link = candidates[Int(random.next() % UInt64(candidates.count))]
                    if link.createdAt < firstAt && link.sharer != memberID {
                        let selfReferral = chance(0.02) ? 1 : 0
                        rows.add("share_attributions", columns: """
                            id, organisation_id, brand_id, activation_id, member_id, entry_id, kind, first_link_id, first_sharer_id, first_at, \
                            last_link_id, last_sharer_id, last_at, self_referral, created_at
                            """, row: """
                            \(cursor.attribution), \(org), \(brand), \(a.id), \(memberID), \(first.id), \(acquisition ? "'signup'" : "'entry'"), \(link.id), \
                            \(link.sharer), \(firstAt - 60_000), \(link.id), \(link.sharer), \(firstAt - 60_000), \(selfReferral), \(firstAt)
                            """)
                        cursor.attribution += 1
                        cursor.counts.shareAttributions += 1
                    }
                }
            }

            // A store coupon for the first entry that counted when it was made (it stays when the entry is invalidated later).
            if a.storeOffer, let first = firstEntry, first.status != "unconfirmed" {
                let issued = firstAt + between(1_000, 60_000)
                let redeemed: Int64? = chance(0.3) ? min(issued + between(3_600_000, 20 * dayMillis), until - 60_000) : nil
                let amount = redeemed != nil && chance(0.5) ? String(between(300, 6_000)) : "NULL"
                rows.add("coupons", columns: """
                    id, organisation_id, brand_id, member_id, reward_id, code, status, points_entry_id, idempotency_key, issued_at, expires_at, \
                    redeemed_at, redeemed_amount_cents, activation_id, activation_entry_id
                    """, row: """
                    \(cursor.coupon), \(org), \(brand), \(memberID), \(setup.storeRewardID), 'S\(hex(UInt64(cursor.coupon)))', \(redeemed != nil ? "'redeemed'" : "'issued'"), \
                    NULL, \(q(StoreOffer.couponKey(activationID: a.id, memberID: memberID))), \(issued), \(issued + 30 * dayMillis), \
                    \(redeemed.map(String.init) ?? "NULL"), \(redeemed != nil ? amount : "NULL"), \(a.id), \(first.id)
                    """)
                cursor.counts.coupons += 1
                if redeemed != nil { cursor.counts.redeemedCoupons += 1 }
                rows.add("timeline_events", columns: "id, organisation_id, brand_id, member_id, kind, summary, data, initiated_by_member, occurred_at", row: """
                    \(cursor.timeline), \(org), \(brand), \(memberID), 'coupon.issued', 'Boisson offerte en magasin', \
                    '{"activation":"\(a.id)","coupon":"\(cursor.coupon)"}', 0, \(issued)
                    """)
                cursor.timeline += 1
                cursor.counts.timelineEvents += 1
                cursor.coupon += 1
                if let redeemed { lastTouch = max(lastTouch, redeemed) }
            }

            // Some entrants share the activation; their link is clicked, by people and by bots.
            if let valid = firstValidEntry, chance(0.07) {
                let linkID = cursor.link, created = valid.at + between(60_000, 600_000)
                guard created < until else { continue }
                cursor.link += 1
                rows.add("share_links", columns: "id, organisation_id, brand_id, member_id, activation_id, target_key, target_url, code, created_at", row: """
                    \(linkID), \(org), \(brand), \(memberID), \(a.id), 'activation:\(a.id)', 'https://relais.example/a/roi/\(a.slug)', 'L\(hex(UInt64(linkID)))', \(created)
                    """)
                cursor.counts.shareLinks += 1
                links[a.index].append(Link(id: linkID, sharer: memberID, createdAt: created))
                var visitors: [String] = []
                for _ in 0..<Int(random.next() % 9) {
                    let clickedAt = min(created + between(60_000, 10 * dayMillis), until - 1)
                    let bot = chance(0.05)
                    // A visitor coming back: counted again after 30 minutes, never a second visit.
                    let again = !visitors.isEmpty && chance(0.2)
                    let visitor = again ? visitors[Int(random.next() % UInt64(visitors.count))] : hex(random.next()) + hex(random.next()) + hex(random.next()) + hex(random.next())
                    let counted = !bot && (!again || chance(0.5))
                    rows.add("share_clicks", columns: "id, link_id, brand_id, visitor_hash, counted, bot, self_click, clicked_at", row: """
                        \(cursor.click), \(linkID), \(brand), '\(visitor)', \(counted ? 1 : 0), \(bot ? 1 : 0), 0, \(clickedAt)
                        """)
                    cursor.click += 1
                    cursor.counts.shareClicks += 1
                    if counted && !again {
                        visitors.append(visitor)
                        rows.add("share_visits", columns: "link_id, visitor_hash, visited_at", row: "\(linkID), '\(visitor)', \(clickedAt)")
                        cursor.counts.shareVisits += 1
                    }
                }
            }
        }

        // Points spent on a reward now and then, its coupon sometimes used at a till.
        if balance >= spendPoints && chance(0.5) {
            let at = min(lastTouch + between(dayMillis, 60 * dayMillis), until - 60_000)
            balance -= spendPoints
            spent += spendPoints
            let spendID = cursor.points
            rows.add("points_entries", columns: """
                id, organisation_id, brand_id, member_id, kind, points, balance_after, reason, source, source_ref, idempotency_key, expires_at, \
                rule_id, activation_ref, event_at, recorded_by, occurred_at
                """, row: """
                \(spendID), \(org), \(brand), \(memberID), 'spend', -\(spendPoints), \(balance), 'Goodies de la marque', 'reward', 'reward:\(setup.pointsRewardID)', NULL, NULL, \
                NULL, NULL, NULL, 'member', \(at)
                """)
            lastPoints = spendID
            cursor.points += 1
            cursor.counts.pointsEntries += 1
            let redeemed: Int64? = chance(0.6) ? min(at + between(3_600_000, 30 * dayMillis), until - 1) : nil
            rows.add("coupons", columns: """
                id, organisation_id, brand_id, member_id, reward_id, code, status, points_entry_id, idempotency_key, issued_at, expires_at, \
                redeemed_at, redeemed_amount_cents, activation_id, activation_entry_id
                """, row: """
                \(cursor.coupon), \(org), \(brand), \(memberID), \(setup.pointsRewardID), 'R\(hex(UInt64(cursor.coupon)))', \(redeemed != nil ? "'redeemed'" : "'issued'"), \
                \(spendID), NULL, \(at), \(at + 60 * dayMillis), \(redeemed.map(String.init) ?? "NULL"), NULL, NULL, NULL
                """)
            cursor.counts.coupons += 1
            if redeemed != nil { cursor.counts.redeemedCoupons += 1 }
            rows.add("timeline_events", columns: "id, organisation_id, brand_id, member_id, kind, summary, data, initiated_by_member, occurred_at", row: """
                \(cursor.timeline), \(org), \(brand), \(memberID), 'reward.redeemed', 'Goodies de la marque', \
                '{"points":"\(spendPoints)","reward":"\(setup.pointsRewardID)"}', 1, \(at)
                """)
            cursor.timeline += 1
            cursor.counts.timelineEvents += 1
            cursor.coupon += 1
        }
        if earned > 0 {
            rows.add("points_accounts", columns: "brand_id, member_id, organisation_id, balance, earned, spent, expired, last_entry_id, updated_at", row: """
                \(brand), \(memberID), \(org), \(balance), \(earned), \(spent), 0, \(lastPoints.map(String.init) ?? "NULL"), \(lastTouch)
                """)
        }

        // Some take a marketing consent back through the preference centre.
        consents.sort { ($0.at, $0.key) < ($1.at, $1.key) }
        if let granted = consents.last(where: { $0.status == "granted" }), chance(0.12) {
            let at = min(granted.at + between(dayMillis, 400 * dayMillis), until - 1)
            if at > (consents.last?.at ?? 0) {
                consents.append(ConsentLine(key: consents.count, at: at, channel: granted.channel, status: "withdrawn", sourceKind: "preference_centre",
                                            sourceLabel: "preference centre", confirms: nil, wording: true))
            }
        }
        // A few are erased on their request after their last activity: their profile is emptied, their
        // consents withdrawn by the erasure and their ledger labels (what tied them to activations) wiped.
        let lastConsent = consents.last?.at ?? joined
        var erasedAt: Int64? = nil
        if erasing {
            let at = max(lastTouch, lastConsent) + between(dayMillis, 200 * dayMillis)
            if at < until { erasedAt = at }
        }
        let (name, alt) = SearchText.nameKeys(first: firstName, last: lastName)
        if let erasedAt {
            rows.add("members", columns: """
                id, organisation_id, first_name, last_name, country, language, search_name, search_alt, created_at, updated_at, last_contact_at, erased_at, anonymised_at
                """, row: "\(memberID), \(org), NULL, NULL, NULL, NULL, '', '', \(joined), \(erasedAt), \(lastTouch), \(erasedAt), NULL")
            rows.add("audit_log", columns: "id, organisation_id, brand_id, actor_kind, actor_id, actor_label, action, target_kind, target_id, details, at", row: """
                \(cursor.audit), \(org), \(brand), 'api_key', NULL, 'bench', 'member.erased', 'member', \(memberID), '{}', \(erasedAt)
                """)
            cursor.audit += 1
            cursor.counts.erasedMembers += 1
            for index in consents.indices { consents[index].sourceLabel = "" }
            for channel in ["email", "sms"] where consents.last(where: { $0.channel == channel })?.status == "granted" {
                consents.append(ConsentLine(key: consents.count, at: erasedAt, channel: channel, status: "withdrawn", sourceKind: "erasure", sourceLabel: "",
                                            confirms: nil, wording: false))
            }
        } else {
            rows.add("members", columns: """
                id, organisation_id, first_name, last_name, country, language, search_name, search_alt, created_at, updated_at, last_contact_at, erased_at, anonymised_at
                """, row: "\(memberID), \(org), \(q(firstName)), \(q(lastName)), 'FR', 'fr', \(q(name)), \(q(alt)), \(joined), \(joined), \(lastTouch), NULL, NULL")
            rows.add("member_identities", columns: "id, organisation_id, member_id, kind, namespace, value, match_key, created_at", row: """
                \(cursor.identity), \(org), \(memberID), 'email', '', 'roi\(memberID)@example.com', 'roi\(memberID)@example.com', \(joined)
                """)
            cursor.identity += 1
        }
        var ids: [Int: Int64] = [:]
        for line in consents {
            let id = cursor.consent
            cursor.consent += 1
            ids[line.key] = id
            let sourceID = line.confirms.flatMap { ids[$0] }.map(String.init) ?? "NULL"
            let pending = line.status == "pending"
            rows.add("consent_records", columns: """
                id, organisation_id, brand_id, member_id, purpose_id, channel, status, source_kind, source_id, source_label, wording_id, \
                confirmation_sent_at, confirmed_at, parental_consent, recorded_at
                """, row: """
                \(id), \(org), \(brand), \(memberID), \(setup.purposeID), \(q(line.channel)), \(q(line.status)), \(q(line.sourceKind)), \(sourceID), \
                \(q(line.sourceLabel)), \(line.wording ? String(setup.wordingID) : "NULL"), \(pending ? String(line.at) : "NULL"), \
                \(line.sourceKind == "double_opt_in" ? String(line.at) : "NULL"), 0, \(line.at)
                """)
            cursor.counts.consentRecords += 1
        }
    }

    /// After the rows: statistics for the planners, identity sequences moved past the ids given,
    /// and the timeline jobs placed after the history (in service they would have read it already).
    static func finish(database: Database, setup: Setup, log: @Sendable (String) -> Void) async throws {
        let tables = ["members", "member_identities", "activations", "activation_entries", "consent_records", "share_links", "share_clicks",
                      "share_attributions", "coupons", "points_entries", "timeline_events", "audit_log", "budget_lines"]
        try await database.transaction { sql in
            if database.kind == .postgres {
                for table in tables {
                    try await sql.raw("""
                        SELECT setval(pg_get_serial_sequence('\(unsafeRaw: table)', 'id'), (SELECT COALESCE(MAX(id), 1) FROM \(unsafeRaw: table)))
                        """).run()
                }
            }
            for job in ["earning", "badges", "profile-completed"] {
                try await sql.raw("""
                    INSERT INTO loyalty_progress (name, last_event_id) SELECT \(bind: job), COALESCE(MAX(id), 0) FROM timeline_events WHERE 1 = 1
                    ON CONFLICT (name) DO UPDATE SET last_event_id = excluded.last_event_id
                    """).run()
            }
        }
        log("analysing")
        let settle: SQLQueryString = database.kind == .postgres ? "VACUUM (ANALYZE)" : "ANALYZE"
        try await database.read { sql in try await sql.raw(settle).run() }
    }

    // MARK: - Writing

    /// Rows waiting to be written, per table in the order tables were first given (parents first).
    struct Rows {
        private var order: [String] = []
        private var tables: [String: (columns: String, rows: [String])] = [:]

        mutating func add(_ table: String, columns: String, row: String) {
            if tables[table] == nil {
                order.append(table)
                tables[table] = (columns, [])
            }
            tables[table]!.rows.append(row)
        }

        /// Multi-row INSERTs of `rowsPerStatement` rows, parents before children.
        func statements() -> [String] {
            let parents = ["members", "member_identities", "audit_log", "member_brands", "activations", "activation_store_offers", "budget_lines",
                           "activation_entries", "timeline_events", "points_entries", "share_links", "share_clicks", "share_visits",
                           "share_attributions", "coupons", "points_accounts", "consent_records"]
            let sorted = order.sorted { (parents.firstIndex(of: $0) ?? 99) < (parents.firstIndex(of: $1) ?? 99) }
            var statements: [String] = []
            for table in sorted {
                guard let entry = tables[table] else { continue }
                var start = 0
                while start < entry.rows.count {
                    let end = min(start + BenchmarkRoiSeed.rowsPerStatement, entry.rows.count)
                    statements.append("INSERT INTO \(table) (\(entry.columns)) VALUES (" + entry.rows[start..<end].joined(separator: "), (") + ")")
                    start = end
                }
            }
            return statements
        }
    }

    /// A text literal (the seed's own strings; quotes doubled all the same).
    static func q(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

    static func hex(_ value: UInt64) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes = [UInt8](repeating: 0, count: 16)
        var v = value
        for index in (0..<16).reversed() {
            bytes[index] = digits[Int(v & 15)]
            v >>= 4
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
