import Draws
import Foundation

/// An activation as the API shows it.
struct ActivationDTO: Codable, Sendable {
    var id: Int64
    var kind: String
    var slug: String
    var status: String
    var unitId: Int64?
    var titleFr: String
    var titleEn: String
    var descriptionFr: String
    var descriptionEn: String
    var coverImageUrl: String?
    var askFields: [String]
    var publicRandomnessSource: String?
    /// Local wall-clock times in `timeZone`, as written.
    var opensAt: String
    var closesAt: String
    var timeZone: String
    /// The exact instants they stand for.
    var opensAtInstant: String
    var closesAtInstant: String
    var minimumAge: Int
    var countries: [String]
    var membersOnly: Bool
    var entryFrequency: String
    var entryFrequencyHours: Int?
    var entryCap: Int?
    var confirmEmail: Bool
    var prizes: [PrizeDTO]
    var rules: RulesDTO?
    var draw: DrawStateDTO?
    var pollOptions: [String]?
    var pollResults: String?
    /// A quiz's questions with their right answers (staff only; never on public pages before closing).
    var quizQuestions: [QuizQuestion]?
    var quizTieBreak: Bool?
    var ideaWinners: String?
    var ideaWinnerCount: Int?
    var votingOpensAt: String?
    var publicUrl: String
    var createdAt: String
    var updatedAt: String

    init(_ activation: Activation, prizes: [Prize], brand: Brand, publicBaseURL: String) {
        id = activation.id
        kind = activation.kind.rawValue
        slug = activation.slug
        status = activation.status().rawValue
        unitId = activation.unitID
        titleFr = activation.content.titleFR
        titleEn = activation.content.titleEN
        descriptionFr = activation.content.descriptionFR
        descriptionEn = activation.content.descriptionEN
        coverImageUrl = activation.content.coverImageURL
        askFields = activation.content.askFields
        publicRandomnessSource = activation.draw.randomnessSource
        opensAt = activation.opensLocal
        closesAt = activation.closesLocal
        timeZone = activation.timeZone
        opensAtInstant = Clock.iso(activation.opensAt)
        closesAtInstant = Clock.iso(activation.closesAt)
        minimumAge = activation.eligibility.minimumAge
        countries = activation.eligibility.countries
        membersOnly = activation.eligibility.membersOnly
        entryFrequency = activation.eligibility.frequency.stored.name
        entryFrequencyHours = activation.eligibility.frequency.stored.hours
        entryCap = activation.eligibility.cap
        confirmEmail = activation.eligibility.confirmEmail
        self.prizes = prizes.map { PrizeDTO(id: $0.id, name: $0.name, quantity: $0.quantity, alternates: $0.alternates) }
        rules = activation.rules.map { RulesDTO(version: $0.version, sha256: $0.sha256, body: $0.body) }
        draw = activation.kind.commitsSeed ? DrawStateDTO(activation.draw) : nil
        pollOptions = activation.poll?.options
        pollResults = activation.poll?.resultsVisibility.rawValue
        quizQuestions = activation.quiz?.questions
        quizTieBreak = activation.quiz?.tieBreak
        ideaWinners = activation.idea?.winners.rawValue
        ideaWinnerCount = activation.idea?.winnerCount
        votingOpensAt = activation.idea?.votingOpensLocal
        publicUrl = "\(publicBaseURL)/a/\(brand.slug)/\(activation.slug)"
        createdAt = Clock.iso(activation.createdAt)
        updatedAt = Clock.iso(activation.updatedAt)
    }
}

/// A prize as the API shows it.
struct PrizeDTO: Codable, Sendable {
    var id: Int64
    var name: String
    var quantity: Int
    var alternates: Int
}

/// The current official rules: the entrant accepts this version and hash.
struct RulesDTO: Codable, Sendable {
    var version: Int
    var sha256: String
    var body: String
}

/// How far the provable draw has gone.
struct DrawStateDTO: Codable, Sendable {
    var algorithm: String?
    var commitment: String?
    var poolCount: Int?
    var poolHash: String?
    var frozenAt: String?
    var publicRandomness: String?
    var drawnAt: String?
    var seed: String?
    var momentsOpensAt: Int64?
    var momentsClosesAt: Int64?
    var publicRandomnessSource: String?

    init(_ state: DrawState) {
        algorithm = state.algorithm
        commitment = state.commitment
        poolCount = state.poolCount
        poolHash = state.poolHash
        frozenAt = state.frozenAt.map(Clock.iso)
        publicRandomness = state.publicRandomness
        drawnAt = state.drawnAt.map(Clock.iso)
        seed = state.revealedSeed
        momentsOpensAt = state.momentsOpensAt
        momentsClosesAt = state.momentsClosesAt
        publicRandomnessSource = state.randomnessSource
    }
}

/// Body of `POST /api/v1/activations/{id}/transitions`.
struct TransitionInput: APIInput {
    static let fieldNames: Set<String> = ["action"]
    var action: String
}

/// Body of `POST /api/v1/activations/{id}/invalidations`.
struct InvalidationInput: APIInput {
    static let fieldNames: Set<String> = ["entryId", "reason"]
    var entryId: Int64
    var reason: String
}

/// Body of `POST /api/v1/activations/{id}/draw`.
struct DrawInput: APIInput {
    static let fieldNames: Set<String> = ["publicRandomness"]
    var publicRandomness: String?
}

/// An entry as staff see it through the API.
struct EntryDTO: Codable, Sendable {
    var id: Int64
    var memberId: Int64
    var token: String
    var status: String
    var flags: [String]
    var rulesVersion: Int?
    var rulesSha256: String?
    var answer: String?
    var score: Int?
    var tieBreak: Int64?
    var invalidationReason: String?
    var createdAt: String

    init(_ entry: ActivationEntry) {
        id = entry.id
        memberId = entry.memberID
        token = entry.token
        status = entry.status
        flags = entry.flags
        rulesVersion = entry.rulesVersion
        rulesSha256 = entry.rulesSHA256
        answer = entry.answer
        score = entry.score
        tieBreak = entry.tieBreak
        invalidationReason = entry.invalidationReason
        createdAt = Clock.iso(entry.createdAt)
    }
}

/// A drawn winner or alternate.
struct WinnerDTO: Codable, Sendable {
    var prizeId: Int64
    var prize: String
    var role: String
    var rank: Int
    var index: Int
    var token: String
    var memberId: Int64
    var notifiedAt: String?
    var claimDeadline: String?
    var claimedAt: String?
    var expiredAt: String?
    /// An alternate who took over an unclaimed prize.
    var promoted: Bool

    init(_ winner: ActivationDraws.Winner) {
        prizeId = winner.prizeID
        prize = winner.prizeName
        role = winner.role
        rank = winner.rank
        index = winner.pickIndex
        token = winner.token
        memberId = winner.memberID
        notifiedAt = winner.notifiedAt.map(Clock.iso)
        claimDeadline = winner.claimDeadline.map(Clock.iso)
        claimedAt = winner.claimedAt.map(Clock.iso)
        expiredAt = winner.expiredAt.map(Clock.iso)
        promoted = winner.promotedAt != nil
    }
}

/// The answer of a draw: what is published for verification, and who won.
struct DrawOutcomeDTO: Codable, Sendable {
    var published: PublishedDraw
    var winners: [WinnerDTO]
}

/// Body of the public entry endpoint.
struct PublicEntryInput: FlatAPIInput {
    static let fieldNames: Set<String> = [
        "email", "firstName", "lastName", "birthDate", "country", "postalCode", "language", "acceptRulesVersion", "consents", "website", "memberLink", "answer", "referralLink",
        "quizAnswers", "tieBreak",
    ]
    var email: String?
    var firstName: String?
    var lastName: String?
    var birthDate: String?
    var country: String?
    var postalCode: String?
    var language: String?
    var acceptRulesVersion: Int?
    var consents: [ConsentChoice]?
    /// Honeypot: must stay empty.
    var website: String?
    var memberLink: String?
    /// The option chosen in a poll.
    var answer: String?
    /// A quiz's answers: one choice number per question number (both from 1).
    var quizAnswers: [QuizAnswer]?
    /// A quiz's tie-break guess: how many entries there will be.
    var tieBreak: Int64?
    /// The invitation token of the member who invited this person (referral).
    var referralLink: String? = nil

    /// A consent ticked on the form, with the wording version shown.
    struct ConsentChoice: Codable, Sendable {
        var purpose: String
        var wordingVersion: Int?
    }

    /// The entry read flat, when every field has the type it takes (nil leaves the body to `JSONDecoder`).
    init?(flat body: FlatJSONBody) {
        guard body.keys.allSatisfy(Self.fieldNames.contains),
              let email = body["email"].optionalText, let firstName = body["firstName"].optionalText,
              let lastName = body["lastName"].optionalText, let birthDate = body["birthDate"].optionalText,
              let country = body["country"].optionalText, let postalCode = body["postalCode"].optionalText,
              let language = body["language"].optionalText, let website = body["website"].optionalText,
              let memberLink = body["memberLink"].optionalText, let answer = body["answer"].optionalText,
              let referralLink = body["referralLink"].optionalText, let acceptRulesVersion = body["acceptRulesVersion"].optionalInt,
              let tieBreak = body["tieBreak"].optionalInteger,
              let consentObjects = body["consents"].optionalObjects, let answerObjects = body["quizAnswers"].optionalObjects else { return nil }
        // Nested objects, as `JSONDecoder` reads them: required fields present, other keys ignored.
        var consents: [ConsentChoice] = []
        for object in consentObjects ?? [] {
            guard case .string(let purpose)? = object["purpose"], let wordingVersion = object["wordingVersion"].optionalInt else { return nil }
            consents.append(ConsentChoice(purpose: purpose, wordingVersion: wordingVersion))
        }
        var quizAnswers: [QuizAnswer] = []
        for object in answerObjects ?? [] {
            guard let question = object["question"].optionalInt ?? nil, let choice = object["choice"].optionalInt ?? nil else { return nil }
            quizAnswers.append(QuizAnswer(question: question, choice: choice))
        }
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.birthDate = birthDate
        self.country = country
        self.postalCode = postalCode
        self.language = language
        self.acceptRulesVersion = acceptRulesVersion
        self.consents = consentObjects == nil ? nil : consents
        self.website = website
        self.memberLink = memberLink
        self.answer = answer
        self.quizAnswers = answerObjects == nil ? nil : quizAnswers
        self.tieBreak = tieBreak
        self.referralLink = referralLink
    }

    /// The submission this body describes.
    func submission(idempotencyKey: String?, ipAddress: String?) -> EntrySubmission {
        EntrySubmission(
            email: email,
            profile: ProfileFields(firstName: firstName, lastName: lastName, birthDate: birthDate, postalCode: postalCode,
                                   city: nil, country: country, language: language),
            acceptedRulesVersion: acceptRulesVersion,
            consents: (consents ?? []).map { ($0.purpose, $0.wordingVersion) },
            honeypot: website, memberLink: memberLink, idempotencyKey: idempotencyKey, ipAddress: ipAddress,
            language: language ?? "fr", answer: answer, quizAnswers: quizAnswers, tieBreak: tieBreak, referralToken: referralLink)
    }
}

/// The answer to an accepted entry. Anti-fraud flags are not shown to the entrant.
struct EntryReceiptDTO: Codable, Sendable {
    var token: String
    var createdAt: String
    var replayed: Bool
    var nextEntryAt: String?
    /// The entry counts only once the link sent by e-mail is followed.
    var confirmationRequired: Bool
    /// Instant wins only: whether this entry won a prize, and which.
    var won: Bool?
    var prize: String?
    /// The activation's coupon for the shops, when it gives one and this entry earned it.
    var coupon: StoreCouponDTO?

    init(_ receipt: EntryReceipt, coupon: Coupon? = nil) {
        token = receipt.token
        createdAt = Clock.iso(receipt.createdAt)
        replayed = receipt.replayed
        nextEntryAt = receipt.nextEntryAt.map(Clock.iso)
        confirmationRequired = receipt.confirmationRequired
        won = receipt.instantWin.map { $0.prize != nil }
        prize = receipt.instantWin?.prize
        self.coupon = coupon.map(StoreCouponDTO.init)
    }

    /// The receipt as `JSONOutput` would encode it, written directly: the answer to every entry.
    var json: String {
        var object = FlatJSON.Object()
        object.add("confirmationRequired", confirmationRequired)
        object.add("coupon", coupon?.json)
        object.add("createdAt", createdAt)
        object.add("nextEntryAt", nextEntryAt)
        object.add("prize", prize)
        object.add("replayed", replayed)
        object.add("token", token)
        object.add("won", won)
        return object.json
    }
}

/// A coupon given by an activation, as its entrant sees it.
struct StoreCouponDTO: Codable, Sendable {
    var code: String
    var reward: String
    var expiresAt: String

    init(_ coupon: Coupon) {
        code = CouponDTO.display(coupon.code)
        reward = coupon.rewardName ?? ""
        expiresAt = Clock.iso(coupon.expiresAt)
    }

    /// The coupon as `JSONOutput` would encode it, written directly.
    var json: FlatJSON.Object {
        var object = FlatJSON.Object()
        object.add("code", code)
        object.add("expiresAt", expiresAt)
        object.add("reward", reward)
        return object
    }
}

/// A poll's results: votes per option in the options' order.
struct PollResultsDTO: Codable, Sendable {
    /// One option's votes.
    struct Option: Codable, Sendable {
        var option: String
        var votes: Int
        var percent: Int
    }
    var total: Int
    var options: [Option]

    init(_ tally: [(option: String, votes: Int, percent: Int)]) {
        options = tally.map { Option(option: $0.option, votes: $0.votes, percent: $0.percent) }
        total = tally.reduce(0) { $0 + $1.votes }
    }
}
