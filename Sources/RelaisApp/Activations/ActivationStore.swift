import Foundation
import SQLKit

/// An activation as written by staff, before it is stored (validated by `ActivationDraft.validated`).
struct ActivationDraft: Sendable, Equatable {
    var kind: ActivationKind
    var slug: String
    var unitID: Int64?
    var content: ActivationContent
    var opensLocal: String
    var closesLocal: String
    var timeZone: String
    var opensAt: Int64
    var closesAt: Int64
    var eligibility: EligibilityRules
    var prizes: [Prize]
    /// The official rules text; a new version is published when it differs from the current one.
    var rulesBody: String?
    /// Options and results visibility of a poll.
    var poll: PollSettings? = nil
    /// Questions and tie-break of a quiz.
    var quiz: QuizSettings? = nil
    /// Voting period and winners of an idea contest.
    var idea: IdeaSettings? = nil
    /// Which public randomness the draw will use, announced before opening (nil: none).
    var randomnessSource: String? = nil
}

/// SQL for activations, their official rules and prizes. Every read is scoped to the caller's brand,
/// and to the caller's unit for unit-scoped callers.
struct ActivationStore: Sendable {
    let database: Database
    /// Activations at their public address, as entries and hosted pages ask for them on every
    /// request. Kept two seconds, like the public pages, and forgotten with them on any change by
    /// staff or an API key (`PublicPageInvalidation`); an entry reads its activation again in its
    /// own transaction before it is recorded.
    let publicLookups = ExpiringCache<PublicAddress, PublicActivation>(lifetimeMillis: 2_000)

    /// The brand and slug of a public address.
    struct PublicAddress: Hashable, Sendable {
        var brandSlug: String
        var slug: String
    }

    /// An activation with its brand.
    struct PublicActivation: Sendable {
        var brand: Brand
        var activation: Activation
    }

    /// The scope condition of a caller on the `activations` table aliased `a`.
    static func scope(_ access: BrandAccess) -> SQLQueryString {
        if let unit = access.unitID { return "a.brand_id = \(bind: access.brandID) AND a.unit_id = \(bind: unit)" }
        return "a.brand_id = \(bind: access.brandID)"
    }

    /// One page of the caller's activations, newest first.
    func list(access: BrandAccess, page: PageRequest) async throws -> (items: [Activation], nextCursor: String?) {
        try await database.readOnly { sql in
            let cursor: SQLQueryString = page.afterID.map { "AND a.id < \(bind: $0)" } ?? ""
            let items = try await sql.raw("""
                SELECT a.* FROM activations a WHERE \(Self.scope(access)) \(cursor) ORDER BY a.id DESC LIMIT \(bind: page.limit + 1)
                """).all().map { try Self.activation($0, rules: nil) }
            return page.trimmed(items, id: \.id)
        }
    }

    /// An activation visible to the caller, or 404.
    func activation(_ id: Int64, access: BrandAccess) async throws -> Activation {
        let found = try await database.readOnly { sql in
            try await activation(where: "a.id = \(bind: id) AND \(Self.scope(access))", on: sql)
        }
        guard let found else { throw AppError.notFound("activation") }
        return found
    }

    /// The activation at a public address, whatever its status (the caller decides what to show).
    func publicActivation(brandSlug: String, slug: String) async throws -> (Brand, Activation)? {
        try await publicLookups.value(for: PublicAddress(brandSlug: brandSlug, slug: slug)) {
            try await readPublicActivation(brandSlug: brandSlug, slug: slug).map { PublicActivation(brand: $0.0, activation: $0.1) }
        }.map { ($0.brand, $0.activation) }
    }

    private func readPublicActivation(brandSlug: String, slug: String) async throws -> (Brand, Activation)? {
        try await database.readOnly { sql in
            guard let row = try await sql.raw("""
                SELECT a.id AS activation_id, b.* FROM activations a JOIN brands b ON b.id = a.brand_id
                WHERE b.slug = \(bind: brandSlug) AND a.slug = \(bind: slug) ORDER BY a.id LIMIT 1
                """).first() else { return nil }
            let id = try row.decode(column: "activation_id", as: Int64.self)
            guard let activation = try await activation(where: "a.id = \(bind: id)", on: sql) else { return nil }
            return (try TenancyStore.brand(row), activation)
        }
    }

    /// The brand's activations taking entries at `now` (scheduled or live, between opening and
    /// closing), closing soonest first; at most `limit`.
    func open(brandID: Int64, now: Int64 = Clock.nowMillis(), limit: Int = 20) async throws -> [Activation] {
        try await database.readOnly { sql in
            try await sql.raw("""
                SELECT a.* FROM activations a WHERE a.brand_id = \(bind: brandID) AND a.status IN ('scheduled', 'live')
                  AND a.opens_at <= \(bind: now) AND a.closes_at > \(bind: now)
                ORDER BY a.closes_at, a.id LIMIT \(bind: limit)
                """).all().map { try Self.activation($0, rules: nil) }
        }
    }

    /// The brand's logo address, shown on public pages.
    func logoURL(brandID: Int64) async throws -> String? {
        try await database.readOnly { sql in
            try await sql.raw("SELECT logo_url FROM brands WHERE id = \(bind: brandID)").first()?.optional("logo_url")
        }
    }

    /// The activation matching `condition` with its current rules, inside the caller's session.
    func activation(where condition: SQLQueryString, on sql: any SQLDatabase, forUpdate: Bool = false) async throws -> Activation? {
        let lock: SQLQueryString = forUpdate && database.kind == .postgres ? " FOR UPDATE" : ""
        guard let row = try await sql.raw("SELECT a.* FROM activations a WHERE \(condition)\(lock)").first() else { return nil }
        let id = try row.decode(column: "id", as: Int64.self)
        return try Self.activation(row, rules: try await currentRules(activationID: id, on: sql))
    }

    /// The prizes of an activation, in order.
    func prizes(activationID: Int64, on sql: any SQLDatabase) async throws -> [Prize] {
        try await sql.raw("""
            SELECT * FROM activation_prizes WHERE activation_id = \(bind: activationID) ORDER BY position, id
            """).all().map { row in
            Prize(id: try row.decode(column: "id", as: Int64.self), position: try row.decode(column: "position", as: Int.self),
                  name: try row.decode(column: "name", as: String.self), quantity: try row.decode(column: "quantity", as: Int.self),
                  alternates: try row.decode(column: "alternates", as: Int.self))
        }
    }

    /// The prizes of an activation, in order, in their own session.
    func prizes(activationID: Int64) async throws -> [Prize] {
        try await database.readOnly { sql in try await prizes(activationID: activationID, on: sql) }
    }

    /// The latest official rules of an activation.
    func currentRules(activationID: Int64, on sql: any SQLDatabase) async throws -> RulesVersion? {
        try await sql.raw("""
            SELECT * FROM activation_rules WHERE activation_id = \(bind: activationID) ORDER BY version DESC LIMIT 1
            """).first().map { row in
            RulesVersion(version: try row.decode(column: "version", as: Int.self), body: try row.decode(column: "body", as: String.self),
                         sha256: try row.decode(column: "sha256", as: String.self), publishedAt: try row.decode(column: "created_at", as: Int64.self))
        }
    }

    /// Inserts a new draft and returns its id.
    func insert(_ draft: ActivationDraft, access: BrandAccess, on sql: any SQLDatabase) async throws -> Int64 {
        let now = Clock.nowMillis()
        let frequency = draft.eligibility.frequency.stored
        let row = try await sql.raw("""
            INSERT INTO activations (organisation_id, brand_id, unit_id, kind, slug, status, title_fr, title_en, description_fr,
                description_en, cover_image_url, opens_local, closes_local, time_zone, opens_at, closes_at, minimum_age, countries,
                members_only, entry_frequency, entry_frequency_hours, entry_cap, confirm_email, poll_options, poll_results, quiz_questions, quiz_tie_break, ask_fields,
                randomness_source, created_at, updated_at)
            VALUES (\(bind: access.organisationID), \(bind: access.brandID), \(bind: draft.unitID), \(bind: draft.kind.rawValue),
                \(bind: draft.slug), 'draft', \(bind: draft.content.titleFR), \(bind: draft.content.titleEN),
                \(bind: draft.content.descriptionFR), \(bind: draft.content.descriptionEN), \(bind: draft.content.coverImageURL),
                \(bind: draft.opensLocal), \(bind: draft.closesLocal), \(bind: draft.timeZone), \(bind: draft.opensAt), \(bind: draft.closesAt),
                \(bind: draft.eligibility.minimumAge), \(bind: draft.eligibility.countries.joined(separator: ",")),
                \(bind: draft.eligibility.membersOnly ? 1 : 0), \(bind: frequency.name), \(bind: frequency.hours),
                \(bind: draft.eligibility.cap), \(bind: draft.eligibility.confirmEmail ? 1 : 0), \(bind: draft.poll?.storedOptions ?? "[]"),
                \(bind: draft.poll?.resultsVisibility.rawValue ?? PollResultsVisibility.afterClose.rawValue),
                \(bind: draft.quiz?.storedQuestions ?? "[]"), \(bind: draft.quiz?.tieBreak == true ? 1 : 0),
                \(bind: draft.content.askFields.joined(separator: ",")), \(bind: draft.randomnessSource), \(bind: now), \(bind: now))
            RETURNING id
            """).first()
        guard let id = try row?.decode(column: "id", as: Int64.self) else { throw AppError.conflict("The activation could not be saved.") }
        try await replacePrizes(draft.prizes, activationID: id, on: sql)
        if let body = draft.rulesBody { try await publishRules(body, activationID: id, on: sql) }
        return id
    }

    /// Replaces the editable fields of an activation with those of `draft`.
    func update(_ id: Int64, with draft: ActivationDraft, on sql: any SQLDatabase) async throws {
        let frequency = draft.eligibility.frequency.stored
        try await sql.raw("""
            UPDATE activations SET unit_id = \(bind: draft.unitID), slug = \(bind: draft.slug), title_fr = \(bind: draft.content.titleFR),
                title_en = \(bind: draft.content.titleEN), description_fr = \(bind: draft.content.descriptionFR),
                description_en = \(bind: draft.content.descriptionEN), cover_image_url = \(bind: draft.content.coverImageURL),
                opens_local = \(bind: draft.opensLocal), closes_local = \(bind: draft.closesLocal), time_zone = \(bind: draft.timeZone),
                opens_at = \(bind: draft.opensAt), closes_at = \(bind: draft.closesAt), minimum_age = \(bind: draft.eligibility.minimumAge),
                countries = \(bind: draft.eligibility.countries.joined(separator: ",")), members_only = \(bind: draft.eligibility.membersOnly ? 1 : 0),
                entry_frequency = \(bind: frequency.name), entry_frequency_hours = \(bind: frequency.hours), entry_cap = \(bind: draft.eligibility.cap),
                confirm_email = \(bind: draft.eligibility.confirmEmail ? 1 : 0),
                poll_options = \(bind: draft.poll?.storedOptions ?? "[]"),
                poll_results = \(bind: draft.poll?.resultsVisibility.rawValue ?? PollResultsVisibility.afterClose.rawValue),
                quiz_questions = \(bind: draft.quiz?.storedQuestions ?? "[]"), quiz_tie_break = \(bind: draft.quiz?.tieBreak == true ? 1 : 0),
                ask_fields = \(bind: draft.content.askFields.joined(separator: ",")), randomness_source = \(bind: draft.randomnessSource),
                updated_at = \(bind: Clock.nowMillis())
            WHERE id = \(bind: id)
            """).run()
    }

    /// Replaces the prizes of an activation (only before opening: winners point at prizes).
    func replacePrizes(_ prizes: [Prize], activationID: Int64, on sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM activation_prizes WHERE activation_id = \(bind: activationID)").run()
        for (position, prize) in prizes.enumerated() {
            try await sql.raw("""
                INSERT INTO activation_prizes (activation_id, position, name, quantity, alternates)
                VALUES (\(bind: activationID), \(bind: position), \(bind: prize.name), \(bind: prize.quantity), \(bind: prize.alternates))
                """).run()
        }
    }

    /// Publishes a new version of the official rules; returns its version number.
    @discardableResult
    func publishRules(_ body: String, activationID: Int64, on sql: any SQLDatabase) async throws -> Int {
        let latest = try await currentRules(activationID: activationID, on: sql)?.version ?? 0
        try await sql.raw("""
            INSERT INTO activation_rules (activation_id, version, body, sha256, created_at)
            VALUES (\(bind: activationID), \(bind: latest + 1), \(bind: body), \(bind: Secrets.sha256Hex(body)), \(bind: Clock.nowMillis()))
            """).run()
        return latest + 1
    }

    /// Stores a lifecycle change; `closesAt` moves the closing instant (closing early).
    func setStatus(_ id: Int64, status: ActivationStatus, closesAt: Int64? = nil, timeZone: String, on sql: any SQLDatabase) async throws {
        let now = Clock.nowMillis()
        if let closesAt {
            try await sql.raw("""
                UPDATE activations SET status = \(bind: status.rawValue), closes_at = \(bind: closesAt),
                    closes_local = \(bind: LocalTime.text(closesAt, timeZone: timeZone)), updated_at = \(bind: now) WHERE id = \(bind: id)
                """).run()
        } else {
            try await sql.raw("UPDATE activations SET status = \(bind: status.rawValue), updated_at = \(bind: now) WHERE id = \(bind: id)").run()
        }
    }

    /// The activation of a row, with its current rules.
    static func activation(_ row: any SQLRow, rules: RulesVersion?) throws -> Activation {
        let countries: String = try row.decode(column: "countries", as: String.self)
        let frequency = EntryFrequency(name: try row.decode(column: "entry_frequency", as: String.self),
                                       hours: try row.optional("entry_frequency_hours", as: Int.self)) ?? .once
        let drawn: Int64? = try row.optional("drawn_at")
        let kind = ActivationKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .leadForm
        return Activation(
            id: try row.decode(column: "id", as: Int64.self),
            organisationID: try row.decode(column: "organisation_id", as: Int64.self),
            brandID: try row.decode(column: "brand_id", as: Int64.self),
            unitID: try row.optional("unit_id"),
            kind: kind,
            slug: try row.decode(column: "slug", as: String.self),
            storedStatus: ActivationStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .draft,
            content: ActivationContent(
                titleFR: try row.decode(column: "title_fr", as: String.self), titleEN: try row.decode(column: "title_en", as: String.self),
                descriptionFR: try row.decode(column: "description_fr", as: String.self),
                descriptionEN: try row.decode(column: "description_en", as: String.self),
                coverImageURL: try row.optional("cover_image_url"),
                askFields: (try row.decode(column: "ask_fields", as: String.self)).split(separator: ",").map(String.init)),
            opensLocal: try row.decode(column: "opens_local", as: String.self),
            closesLocal: try row.decode(column: "closes_local", as: String.self),
            timeZone: try row.decode(column: "time_zone", as: String.self),
            opensAt: try row.decode(column: "opens_at", as: Int64.self),
            closesAt: try row.decode(column: "closes_at", as: Int64.self),
            eligibility: EligibilityRules(
                minimumAge: try row.decode(column: "minimum_age", as: Int.self),
                countries: countries.split(separator: ",").map(String.init),
                membersOnly: try row.flag("members_only"), frequency: frequency, cap: try row.optional("entry_cap", as: Int.self),
                confirmEmail: try row.flag("confirm_email")),
            rules: rules,
            draw: DrawState(
                randomnessSource: try row.optional("randomness_source"),
                algorithm: try row.optional("draw_algorithm"), commitment: try row.optional("draw_commitment"),
                poolCount: try row.optional("pool_count", as: Int.self), poolHash: try row.optional("pool_hash"),
                frozenAt: try row.optional("frozen_at"), publicRandomness: try row.optional("public_randomness"),
                drawnAt: drawn, revealedSeed: drawn == nil ? nil : try row.optional("draw_seed"),
                momentsOpensAt: try row.optional("moments_opens_at", as: Int64.self), momentsClosesAt: try row.optional("moments_closes_at", as: Int64.self)),
            poll: kind == .poll ? PollSettings(options: PollSettings.options(stored: try row.decode(column: "poll_options", as: String.self)),
                                               resultsVisibility: PollResultsVisibility(rawValue: try row.decode(column: "poll_results", as: String.self)) ?? .afterClose) : nil,
            quiz: kind == .quiz ? QuizSettings(questions: QuizSettings.questions(stored: try row.decode(column: "quiz_questions", as: String.self)),
                                               tieBreak: try row.flag("quiz_tie_break")) : nil,
            createdAt: try row.decode(column: "created_at", as: Int64.self),
            updatedAt: try row.decode(column: "updated_at", as: Int64.self),
            idea: kind == .idea ? try IdeaSettings(row: row) : nil
        )
    }
}
