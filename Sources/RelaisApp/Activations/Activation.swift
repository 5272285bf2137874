/// An activation of a brand (optionally of one of its units): a contest, a lead form…
struct Activation: Sendable, Equatable {
    var id: Int64
    var organisationID: Int64
    var brandID: Int64
    var unitID: Int64?
    var kind: ActivationKind
    var slug: String
    /// The status as stored; see `status(now:)` for the status at a given time.
    var storedStatus: ActivationStatus
    var content: ActivationContent
    /// Opening and closing as written, in `timeZone`.
    var opensLocal: String
    var closesLocal: String
    var timeZone: String
    /// Opening (inclusive) and closing (exclusive) instants, epoch ms.
    var opensAt: Int64
    var closesAt: Int64
    var eligibility: EligibilityRules
    /// The current official rules, if written.
    var rules: RulesVersion?
    /// Draw state (sweepstakes).
    var draw: DrawState
    /// Options and results visibility (polls only).
    var poll: PollSettings?
    /// Questions and tie-break (quizzes only).
    var quiz: QuizSettings? = nil
    var createdAt: Int64
    var updatedAt: Int64
    /// Voting period and winners (idea contests only).
    var idea: IdeaSettings? = nil

    /// The status at `now`.
    func status(now: Int64 = Clock.nowMillis()) -> ActivationStatus {
        storedStatus.effective(opensAt: opensAt, closesAt: closesAt, now: now)
    }
}

/// What an activation shows: title and description in French and English, cover image.
struct ActivationContent: Sendable, Equatable {
    var titleFR: String
    var titleEN: String
    var descriptionFR: String
    var descriptionEN: String
    var coverImageURL: String?
    /// The profile fields the entry form would like to know (`ProfilePrompts`): part of the page,
    /// so it may change while the activation is live.
    var askFields: [String] = ProfilePrompts.defaultFields

    /// The title in `language`, falling back to the other language.
    func title(_ language: String) -> String {
        let preferred = language == "en" ? titleEN : titleFR
        return preferred.isEmpty ? (language == "en" ? titleFR : titleEN) : preferred
    }

    /// The description in `language`, falling back to the other language.
    func description(_ language: String) -> String {
        let preferred = language == "en" ? descriptionEN : descriptionFR
        return preferred.isEmpty ? (language == "en" ? descriptionFR : descriptionEN) : preferred
    }
}

/// One version of the official rules (règlement): the entrant accepts this version and hash.
struct RulesVersion: Sendable, Equatable {
    var version: Int
    var body: String
    var sha256: String
    var publishedAt: Int64
}

/// A prize of a sweepstakes: its name, how many there are, and how many alternates to draw for it.
struct Prize: Sendable, Equatable {
    var id: Int64
    var position: Int
    var name: String
    var quantity: Int
    var alternates: Int
}

/// The provable draw of an activation, as far as it has gone (docs/DRAWS.md §1).
struct DrawState: Sendable, Equatable {
    /// Which public randomness the draw will use, announced before opening (nil: none).
    var randomnessSource: String? = nil
    /// Algorithm and SHA-256 of the seed, published when scheduled.
    var algorithm: String?
    var commitment: String?
    /// The frozen pool, published at closing.
    var poolCount: Int?
    var poolHash: String?
    var frozenAt: Int64?
    /// Public randomness entered by staff at the draw ("" when none).
    var publicRandomness: String?
    var drawnAt: Int64?
    /// The seed, only once revealed after the draw.
    var revealedSeed: String?
    /// An instant win's winning-moment period (epoch milliseconds), published with the commitment.
    var momentsOpensAt: Int64? = nil
    var momentsClosesAt: Int64? = nil
}
