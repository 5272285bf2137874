/// A person's entry as submitted on the hosted page or through the public API, before any check.
struct EntrySubmission: Sendable {
    /// E-mail address (not needed when the person is recognised by a signed link).
    var email: String?
    /// Profile fields given on the form (nil: not asked or left empty).
    var profile: ProfileFields
    /// Version of the official rules the person accepted (nil: not accepted).
    var acceptedRulesVersion: Int?
    /// Consents ticked: purpose key and the wording version shown (latest when nil).
    var consents: [(purpose: String, wordingVersion: Int?)]
    /// The hidden field only robots fill in.
    var honeypot: String?
    /// A signed "returning member" link token.
    var memberLink: String?
    /// Makes a replayed submission return the first result (`Idempotency-Key` header or hidden form token).
    var idempotencyKey: String?
    /// The caller's address, kept only as a salted hash for velocity checks.
    var ipAddress: String?
    /// Language of the page the person saw (for consent wordings).
    var language: String
    /// The option chosen in a poll.
    var answer: String? = nil
    /// A quiz's answers, one per question.
    var quizAnswers: [QuizAnswer]? = nil
    /// The guess of a quiz's tie-break question ("how many entries will there be?").
    var tieBreak: Int64? = nil
    /// The idea submitted to an idea contest, already checked.
    var idea: IdeaDraft? = nil
    /// The signed invitation token of the member who invited this person (referral).
    var referralToken: String? = nil
    /// The stored form of the browser's visitor id (`rv` cookie), when it has one: an invitation
    /// used from a browser the inviting member entered from is a self-referral.
    var visitorHash: String? = nil
}

/// The answer to an accepted entry (or to a replay of it).
struct EntryReceipt: Sendable, Equatable {
    var entryID: Int64
    /// The pseudonymous token the entrant finds in the published draw pool.
    var token: String
    var createdAt: Int64
    /// True when this answers a replay of an earlier submission.
    var replayed: Bool
    /// Anti-fraud flags raised (the entry counts unless staff invalidate it).
    var flags: [String]
    /// When the same person may enter again; nil when only once.
    var nextEntryAt: Int64?
    /// The entry counts only once its e-mail address is confirmed.
    var confirmationRequired: Bool = false
    /// The entrant, and whether they were new to the brand (referral shows their own invitation link then).
    var memberID: Int64? = nil
    var newToBrand: Bool = false
    /// For an instant win: the prize won by this entry, or nil when it won nothing.
    var instantWin: InstantWinOutcome? = nil
}

/// Whether an instant-win entry won, and what.
struct InstantWinOutcome: Sendable, Equatable {
    var prize: String?
}

/// An entry as staff see it.
struct ActivationEntry: Sendable, Equatable {
    var id: Int64
    var memberID: Int64
    var token: String
    var status: String
    var flags: [String]
    var rulesVersion: Int?
    var rulesSHA256: String?
    /// The option chosen (polls), or the choices made in question order (quizzes, "2,1,3").
    var answer: String?
    /// Right answers of a quiz entry.
    var score: Int? = nil
    /// The tie-break guess of a quiz entry.
    var tieBreak: Int64? = nil
    /// Why staff invalidated the entry.
    var invalidationReason: String?
    var createdAt: Int64
    /// Shown in the back-office list and export (never on public pages).
    var firstName: String?
    var lastName: String?
    var email: String?
}
