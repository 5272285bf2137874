import Foundation
import Logging
import SQLKit

/// Takes entries: recognises or creates the one member profile, records consents with their wording,
/// checks eligibility and the lifecycle, flags suspicious entries, and never records an entry twice.
///
/// A class: each entry's closures capture it, and a struct of this many references was copied,
/// retained and released at every capture (about 1% of the entry writer's time).
final class ActivationEntries: Sendable {
    let database: Database
    let store: ActivationStore
    let entries: EntryStore
    let memberActions: MemberActions
    let members: MemberStore
    let timeline: Timeline
    let links: ReturningMemberLinks
    let disposable: DisposableDomains
    let instantWins: InstantWins
    let publicBaseURL: String
    /// Links to the member's own space, given in the entry confirmation.
    let spaceLinks: MemberSpaceLinks
    let logger: Logger
    /// Entries are written in groups, each in its own savepoint of one transaction.
    let groups: GroupedTransactions
    init(database: Database, store: ActivationStore, entries: EntryStore, memberActions: MemberActions, members: MemberStore,
         timeline: Timeline, links: ReturningMemberLinks, disposable: DisposableDomains, instantWins: InstantWins,
         publicBaseURL: String, spaceLinks: MemberSpaceLinks, logger: Logger, groups: GroupedTransactions) {
        self.database = database
        self.store = store
        self.entries = entries
        self.memberActions = memberActions
        self.members = members
        self.timeline = timeline
        self.links = links
        self.disposable = disposable
        self.instantWins = instantWins
        self.publicBaseURL = publicBaseURL
        self.spaceLinks = spaceLinks
        self.logger = logger
        self.groups = groups
    }

    /// Entries from one address within an hour above which new ones are flagged (offices and carriers share addresses).
    static let velocityLimit = 5

    /// How entries are grouped into transactions: a refusal or a problem with the entry (and a
    /// simultaneous entry winning a unique key, answered as a replay) is that entry's own answer.
    static func writingGroups(_ database: Database, demand: WriterDemand? = nil) -> GroupedTransactions {
        GroupedTransactions(database: database, label: "entries", largestGroup: 64, demand: demand) { error in
            error is EntryRefusal || error is AppError || UniqueViolation.matches(error)
        }
    }

    /// Submits an entry; returns the receipt, or throws an `EntryRefusal` or a validation `AppError`.
    func submit(_ submission: EntrySubmission, activation: Activation, brand: Brand, now: Int64 = Clock.nowMillis()) async throws -> EntryReceipt {
        if let honeypot = submission.honeypot, !honeypot.isEmpty {
            logger.info("Entry refused by the honeypot", metadata: ["activation": "\(activation.id)"])
            throw EntryRefusal.rejected
        }
        let known = try await recognise(submission, brand: brand)
        guard let key = submission.idempotencyKey else {
            return try await enter(submission, known: known, activation: activation, brand: brand, now: now)
        }
        // A replayed request gets the first result, whatever its body now says; it is looked for only when the
        // submission is refused, since a replay always is (by the entry already made, or by its key).
        do {
            return try await enter(submission, known: known, activation: activation, brand: brand, now: now)
        } catch where error is EntryRefusal || error is AppError {
            if let replay = try await replay(submission, known: known, activation: activation, key: key) { return replay }
            throw error
        }
    }

    /// Checks and records an entry that is not a replay.
    private func enter(_ submission: EntrySubmission, known: KnownMember?, activation: Activation, brand: Brand, now: Int64) async throws -> EntryReceipt {
        let identity: IdentityKey
        if let knownKey = known?.identity {
            identity = knownKey
        } else {
            switch EmailAddress.validate(submission.email ?? "") {
            case .success(let address):
                identity = IdentityKey(kind: .email, namespace: "", value: address, matchKey: EmailAddress.matchKey(address))
            case .failure(let problem):
                throw AppError.invalid("email", problem.message)
            }
        }
        let answer = submission.answer?.trimmedText
        if let poll = activation.poll, activation.status(now: now) == .live {
            guard let answer, poll.options.contains(answer) else {
                throw AppError(status: .unprocessableContent, code: "invalid_answer", title: "Invalid answer",
                               detail: "Choose one of the poll's options.", fieldErrors: [FieldError("answer", "must be one of the poll's options")])
            }
        }
        var quizScore: QuizScore? = nil
        if let quiz = activation.quiz, activation.status(now: now) == .live {
            quizScore = try quiz.score(submission.quizAnswers ?? [], tieBreakGuess: submission.tieBreak).get()
        }
        if activation.kind == .idea && submission.idea == nil {
            throw AppError.validation([FieldError("ideaTitle", "an idea needs a title and a text")])
        }
        let profile = submission.profile.cleaned()
        let problems = profile.problems()
        if !problems.isEmpty { throw AppError.validation(problems) }
        // Only a members-only activation asks before the entry is written whether the person is in the community.
        var isKnownMember = known != nil
        if !isKnownMember && activation.eligibility.membersOnly { isKnownMember = try await brandMember(identity, brand: brand) != nil }
        let entrant = Entrant(birthDate: profile.birthDate ?? known?.profile.birthDate, country: profile.country ?? known?.profile.country,
                              isKnownMember: isKnownMember, acceptedRulesVersion: submission.acceptedRulesVersion)
        if let refusal = Eligibility.check(entrant, rules: activation.eligibility, status: activation.status(now: now), opensAt: activation.opensAt,
                                           currentRulesVersion: activation.kind.needsRules ? (activation.rules?.version ?? 0) : activation.rules?.version,
                                           now: Clock.date(now)) {
            throw refusal
        }
        do {
            return try await record(submission, identity: identity, profile: profile, quizScore: quizScore, activation: activation, brand: brand, now: now)
        } catch let error where UniqueViolation.matches(error) {
            // A simultaneous submission won the race: a repeated entry (`submit` answers a replay of it as such).
            throw EntryRefusal.alreadyEntered(nextAt: activation.eligibility.frequency.nextEntryAt(now: now, opensAt: activation.opensAt, timeZone: activation.timeZone))
        }
    }

    /// The whole write, in one transaction: member upsert with consents, checks that need the database, entry, timeline.
    private func record(_ submission: EntrySubmission, identity: IdentityKey, profile: ProfileFields, quizScore: QuizScore?,
                        activation: Activation, brand: Brand, now: Int64) async throws -> EntryReceipt {
        let access = BrandAccess(organisationID: brand.organisationID, brandID: brand.id, unitID: activation.unitID,
                                 permissions: [.readMembers, .writeMembers],
                                 actor: ActorRef(kind: "member", id: nil, label: activation.consentLabel))
        let frequencyKey = activation.eligibility.frequency.key(now: now, opensAt: activation.opensAt, timeZone: activation.timeZone)
        let nextAt = activation.eligibility.frequency.nextEntryAt(now: now, opensAt: activation.opensAt, timeZone: activation.timeZone)
        let ipHash = submission.ipAddress.map { Secrets.sha256Hex("\(activation.id)|\($0)") }
        let language = submission.language == "en" ? "en" : "fr"
        let answer = submission.answer?.trimmedText
        // What needs no database is worked out before the writer's turn.
        let disposableEmail = disposable.contains(email: identity.value)
        let token = Self.newToken()
        let erasedProbe = await memberActions.suppression.probeIfSaltKnown([identity], organisationID: brand.organisationID)
        return try await groups.run { [self] sql in
            guard let current = try await current(activation, on: sql), current.status(now: now) == .live else { throw EntryRefusal.closed }
            let upsert = MemberUpsert(
                identities: [identity], profile: profile,
                consents: submission.consents.map {
                    ConsentChange(purposeKey: $0.purpose, channel: .email, granted: true, wordingVersion: $0.wordingVersion,
                                  wordingLanguage: language, sourceLabel: activation.consentLabel)
                },
                unitID: activation.unitID, erasedProbe: erasedProbe)
            let outcome = try await memberActions.upsert(upsert, brand: brand, access: access, source: .form, ipAddress: submission.ipAddress, on: sql)
            // New to the brand: this entry brought the person into its community (a sign-up, for referrals and attribution).
            let newToBrand = outcome.joinedBrand
            // A member created by this entry has no earlier entry to find.
            if !outcome.created, try await entries.hasEntry(activationID: activation.id, memberID: outcome.memberID, frequencyKey: frequencyKey, on: sql) {
                throw EntryRefusal.alreadyEntered(nextAt: nextAt)
            }
            if let cap = current.eligibility.cap, try await entries.reachesCap(activationID: activation.id, cap: cap, on: sql) {
                throw EntryRefusal.capReached
            }
            var flags: [String] = []
            if disposableEmail { flags.append("disposable_email") }
            if let ipHash, try await reachesVelocity(activationID: activation.id, ipHash: ipHash, now: now, on: sql) {
                flags.append("ip_velocity")
            }
            let entryID = try await entries.insert(activation: current, memberID: outcome.memberID, token: token, frequencyKey: frequencyKey,
                                                   idempotencyKey: submission.idempotencyKey, flags: flags, ipHash: ipHash,
                                                   answer: current.poll == nil ? nil : answer,
                                                   status: current.eligibility.confirmEmail ? "unconfirmed" : "valid",
                                                   score: current.quiz == nil ? nil : quizScore, now: now, on: sql)
            try await timeline.append(organisationID: brand.organisationID, brandID: brand.id, memberID: outcome.memberID,
                                      kind: "activation.entry", summary: current.content.title(language),
                                      data: ["activation": String(activation.id), "kind": activation.kind.rawValue, "entry": String(entryID)],
                                      initiatedByMember: true, at: now, on: sql)
            // A member created by this entry was in contact as it was created.
            if !outcome.created { try await members.touchContact(memberID: outcome.memberID, on: sql) }
            try await recordKindSpecific(submission, activation: current, brand: brand, memberID: outcome.memberID, entryID: entryID,
                                         newToBrand: newToBrand, language: language, now: now, on: sql)
            // The browser entered from is the entrant's from now on (after the referral's check of whose it was).
            if let visitorHash = submission.visitorHash {
                try await WorkGroup.current?.writeKept(on: sql)  // the device points at the member
                try await ShareDevices.record(visitorHash, brandID: brand.id, memberID: outcome.memberID, now: now, on: sql)
            }
            try await confirm(token: token, entryID: entryID, memberID: outcome.memberID, address: identity.value, activation: current, brand: brand,
                              language: language, nextAt: nextAt, on: sql)
            // An entry that does not count (awaiting confirmation) cannot take a winning moment.
            var instantWin: InstantWinOutcome? = nil
            if current.kind == .instantWin {
                let taken = current.eligibility.confirmEmail ? nil
                    : try await instantWins.take(entryID: entryID, activation: current, at: now, brand: brand, memberID: outcome.memberID, token: token, on: sql)
                instantWin = InstantWinOutcome(prize: taken?.prizeName)
            }
            return EntryReceipt(entryID: entryID, token: token, createdAt: now, replayed: false, flags: flags, nextEntryAt: nextAt,
                                confirmationRequired: current.eligibility.confirmEmail, memberID: outcome.memberID,
                                newToBrand: newToBrand, instantWin: instantWin)
        }
    }

    /// Whether this entry's address already brought `velocityLimit` entries in the last hour. Within a
    /// group the count is read once per address and moved by each entry the group writes from it (a
    /// public network's address may bring a whole group), as the database would count them.
    private func reachesVelocity(activationID: Int64, ipHash: String, now: Int64, on sql: any SQLDatabase) async throws -> Bool {
        let read = { [self] in try await entries.countFromAddress(activationID: activationID, ipHash: ipHash, since: now - 3_600_000, limit: Self.velocityLimit, on: sql) }
        guard let group = WorkGroup.current else { return try await read() >= Self.velocityLimit }
        let key = "entries from \(activationID) \(ipHash)"
        let before = try await group.remember(key, read)
        group.update(key, to: min(before + 1, Self.velocityLimit))
        return before >= Self.velocityLimit
    }

    /// The activation as its entry's transaction sees it, read once per group of entries. Locking it serialises
    /// the entries of a capped activation on PostgreSQL (SQLite transactions are already serial).
    private func current(_ activation: Activation, on sql: any SQLDatabase) async throws -> Activation? {
        let read = { [self] in try await store.activation(where: "a.id = \(bind: activation.id)", on: sql, forUpdate: activation.eligibility.cap != nil) }
        guard let group = WorkGroup.current else { return try await read() }
        return try await group.remember("activation \(activation.id)", read)
    }

    /// An entry that counts from its confirmation on.
    struct ConfirmedEntry: Sendable, Equatable {
        var entryID: Int64
        var memberID: Int64
        /// Whether the entry won an instant-win prize.
        var wonPrize: Bool
    }

    /// Confirms the e-mail address of an entry through the link sent to it, while the activation is live;
    /// nil for a bad, stale or already used link.
    func confirmEntry(token: String, activation: Activation, brand: Brand, now: Int64 = Clock.nowMillis()) async throws -> ConfirmedEntry? {
        guard let entryID = links.confirmedEntryID(token: token), activation.status(now: now) == .live else { return nil }
        return try await database.transaction { [self] sql in
            guard let memberID = try await entries.confirm(entryID: entryID, activationID: activation.id, now: now, on: sql) else { return nil }
            try await timeline.append(organisationID: brand.organisationID, brandID: brand.id, memberID: memberID, kind: "activation.entry_confirmed",
                                      summary: activation.content.title(brand.defaultLanguage),
                                      data: ["activation": String(activation.id), "entry": String(entryID)], initiatedByMember: true, at: now, on: sql)
            // A friend invited through a referral counts from the confirmation on.
            if let referral = try await ReferralStore.confirm(entryID: entryID, on: sql) {
                try await referralJoined(activation: activation, brand: brand, referrerID: referral.referrerID, refereeID: referral.refereeID,
                                         language: brand.defaultLanguage, now: now, on: sql)
            }
            let won = try await sql.raw("SELECT 1 AS found FROM activation_moments WHERE won_by_entry_id = \(bind: entryID)").first() != nil
            return ConfirmedEntry(entryID: entryID, memberID: memberID, wonPrize: won)
        }
    }

    /// The first result of a submission made with this idempotency key, if there was one. A key reused by
    /// another person is refused: a replay never hands one person's entry number to someone else.
    private func replay(_ submission: EntrySubmission, known: KnownMember?, activation: Activation, key: String) async throws -> EntryReceipt? {
        let matchKey = submission.email.map { EmailAddress.matchKey($0.trimmedText) }
        let found = try await database.readOnly { [self] sql -> (id: Int64, token: String, flags: [String], createdAt: Int64, samePerson: Bool)? in
            guard let entry = try await entries.entry(activationID: activation.id, idempotencyKey: key, on: sql) else { return nil }
            let same: Bool
            if let known {
                same = known.memberID == entry.memberID
            } else if let matchKey {
                same = try await sql.raw("""
                    SELECT id FROM member_identities WHERE member_id = \(bind: entry.memberID) AND kind = 'email' AND match_key = \(bind: matchKey)
                    """).first() != nil
            } else {
                same = false
            }
            return (entry.id, entry.token, entry.flags, entry.createdAt, same)
        }
        guard let found else { return nil }
        guard found.samePerson else {
            throw AppError(status: .conflict, code: "idempotency_key_reused", title: "Idempotency key already used",
                           detail: "This Idempotency-Key was already used for another person's entry; send a new key for each entry.")
        }
        let instantWin = activation.kind == .instantWin ? InstantWinOutcome(prize: try await instantWins.moment(wonBy: found.id)?.prizeName) : nil
        return EntryReceipt(entryID: found.id, token: found.token, createdAt: found.createdAt, replayed: true, flags: found.flags,
                            nextEntryAt: activation.eligibility.frequency.nextEntryAt(now: found.createdAt, opensAt: activation.opensAt, timeZone: activation.timeZone),
                            instantWin: instantWin)
    }

    /// A returning member recognised by a signed link: their id, e-mail key and known profile.
    struct KnownMember: Sendable {
        var memberID: Int64
        var identity: IdentityKey?
        var profile: ProfileFields
    }

    /// The member a submission's signed link recognises, if any.
    func recognise(_ submission: EntrySubmission, brand: Brand) async throws -> KnownMember? {
        guard let token = submission.memberLink, let memberID = links.memberID(token: token, brandID: brand.id) else { return nil }
        return try await known(memberID: memberID, brand: brand)
    }

    /// What the brand knows of a member recognised by a link (nil when erased or merged away).
    func known(memberID: Int64, brand: Brand) async throws -> KnownMember? {
        try await database.readOnly { [self] sql in
            guard try await sql.raw("""
                SELECT m.id FROM members m JOIN member_brands b ON b.member_id = m.id AND b.brand_id = \(bind: brand.id)
                WHERE m.id = \(bind: memberID) AND m.erased_at IS NULL AND m.merged_into_id IS NULL
                """).first() != nil,
                  let profile = try await members.profileRow(memberID: memberID, on: sql) else { return nil }
            let identity = try await sql.raw("""
                SELECT value, match_key FROM member_identities WHERE member_id = \(bind: memberID) AND kind = 'email' ORDER BY id LIMIT 1
                """).first().map {
                IdentityKey(kind: .email, namespace: "", value: try $0.decode(column: "value", as: String.self),
                            matchKey: try $0.decode(column: "match_key", as: String.self))
            }
            return KnownMember(memberID: memberID, identity: identity, profile: profile)
        }
    }

    /// The member of the brand's community with this e-mail, if any.
    private func brandMember(_ identity: IdentityKey, brand: Brand) async throws -> Int64? {
        try await database.readOnly { sql in try await MemberStore.brandMemberID(emailMatchKey: identity.matchKey, brand: brand, on: sql) }
    }

    /// Puts the entry confirmation in the outbox: the entry number and the signed link that recognises the member
    /// next time. The link goes to the mailbox only, never to the page: whoever types an address must not get a
    /// link that shows what the brand knows about its owner.
    private func confirm(token: String, entryID: Int64, memberID: Int64, address: String, activation: Activation, brand: Brand, language: String,
                         nextAt: Int64?, on sql: any SQLDatabase) async throws {
        let link = "\(publicBaseURL)/a/\(brand.slug)/\(activation.slug)?m=\(links.token(memberID: memberID, brandID: brand.id))"
        let title = activation.content.title(language)
        let confirmation = activation.eligibility.confirmEmail
            ? "\(publicBaseURL)/a/\(brand.slug)/\(activation.slug)/confirm/\(links.confirmationToken(entryID: entryID, closesAt: activation.closesAt))"
            : nil
        let confirmFR = confirmation.map { "Pour que votre participation compte, confirmez votre adresse avant la clôture :\n\($0)\n\n" } ?? ""
        let confirmEN = confirmation.map { "For your entry to count, confirm your address before the closing:\n\($0)\n\n" } ?? ""
        let space = spaceLinks.link(memberID: memberID, brand: brand).url
        let again = nextAt.map { LocalTime.text($0, timeZone: activation.timeZone).replacingOccurrences(of: "T", with: " ") }
        let subject = language == "en" ? "\(brand.name): your entry to \"\(title)\"" : "\(brand.name) : votre participation à « \(title) »"
        let body = language == "en"
            ? "Hello,\n\nYour entry to \"\(title)\" is recorded. Your entry number: \(token).\n\n\(confirmEN)\(again.map { "You can take part again from \($0).\n" } ?? "")\nNext time, this link fills in what we already know:\n\(link)\n\nYour points, coupons and share links are in your space:\n\(space)\n\nIf you did not take part, just ignore this message."
            : "Bonjour,\n\nVotre participation à « \(title) » est enregistrée. Votre numéro de participation : \(token).\n\n\(confirmFR)\(again.map { "Vous pourrez participer à nouveau à partir du \($0).\n" } ?? "")\nLa prochaine fois, ce lien remplit pour vous ce que nous savons déjà :\n\(link)\n\nVos points, vos bons et vos liens de partage sont dans votre espace :\n\(space)\n\nSi vous n'avez pas participé, ignorez ce message."
        try await OutboxMessage(organisationID: brand.organisationID, brandID: brand.id, memberID: memberID,
                                recipient: address, subject: subject, body: body, purpose: "activation_entry").queue(on: sql)
    }

    /// A fresh pseudonymous entry token: 32 lower-case hex digits (docs/DRAWS.md §4).
    static func newToken() -> String {
        Secrets.hex(RandomPool.bytes(16))
    }
}
