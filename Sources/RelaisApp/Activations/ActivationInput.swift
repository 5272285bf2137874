import Foundation

/// An activation as submitted by the API or the editor, before validation.
/// Body of `POST /api/v1/activations` and `PUT /api/v1/activations/{id}`.
struct ActivationInput: APIInput, Sendable {
    static let fieldNames: Set<String> = [
        "kind", "slug", "unitId", "titleFr", "titleEn", "descriptionFr", "descriptionEn", "coverImageUrl", "opensAt", "closesAt",
        "minimumAge", "countries", "membersOnly", "entryFrequency", "entryFrequencyHours", "entryCap", "confirmEmail", "prizes", "rules", "pollOptions", "pollResults",
        "quizQuestions", "quizTieBreak", "ideaWinners", "ideaWinnerCount", "votingOpensAt", "askFields", "publicRandomnessSource",
    ]
    var kind: String
    var slug: String
    var unitId: Int64?
    var titleFr: String?
    var titleEn: String?
    var descriptionFr: String?
    var descriptionEn: String?
    var coverImageUrl: String?
    /// Local wall-clock time in the brand's time zone, `YYYY-MM-DDTHH:MM`.
    var opensAt: String
    var closesAt: String
    var minimumAge: Int?
    var countries: [String]?
    var membersOnly: Bool?
    var entryFrequency: String?
    var entryFrequencyHours: Int?
    var entryCap: Int?
    /// Entries count only once the entrant confirms their e-mail address.
    var confirmEmail: Bool? = nil
    var prizes: [PrizeInput]?
    var rules: String?
    /// A poll's options, in order (polls only).
    var pollOptions: [String]? = nil
    /// `live` or `after_close` (polls only; default after_close).
    var pollResults: String? = nil
    /// A quiz's questions, in order (quizzes only).
    var quizQuestions: [QuizQuestion]? = nil
    /// Whether the quiz asks the tie-break question "how many entries will there be?" (quizzes only).
    var quizTieBreak: Bool? = nil
    /// `votes` or `jury` (idea contests only; default votes).
    var ideaWinners: String? = nil
    /// How many winners (idea contests only; default 3).
    var ideaWinnerCount: Int? = nil
    /// When votes open, local time (idea contests only; default the opening).
    var votingOpensAt: String? = nil
    /// The profile fields the entry form would like to know (default first and last name); it asks
    /// only those the brand does not know yet, a few at a time (`ProfilePrompts`).
    var askFields: [String]? = nil
    /// Which public randomness the draw will use (e.g. "drand quicknet, first round after closing"),
    /// announced before opening; the draw then needs its value (activations with a draw only).
    var publicRandomnessSource: String? = nil

    /// A prize as submitted.
    struct PrizeInput: Codable, Sendable {
        var name: String
        var quantity: Int
        var alternates: Int?
    }

    /// The draft this input describes for `brand`, or every field problem at once.
    func validated(brand: Brand, unitScope: Int64?) throws -> ActivationDraft {
        guard let kind = ActivationKind(rawValue: kind) else {
            throw AppError.invalid("kind", "must be one of \(ActivationKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var errors: [FieldError] = []
        let slug = slug.trimmingCharacters(in: .whitespaces).lowercased()
        if !(1...60).contains(slug.count) || !slug.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" })
            || slug.hasPrefix("-") || slug.hasSuffix("-") {
            errors.append(FieldError("slug", "must be 1 to 60 lower-case letters, digits or dashes (it is the page address)"))
        }
        let titleFR = (titleFr ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let titleEN = (titleEn ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if titleFR.isEmpty && titleEN.isEmpty { errors.append(FieldError("titleFr", "a title is needed in at least one language")) }
        for (name, value) in [("titleFr", titleFR), ("titleEn", titleEN)] where value.count > 120 || value.contains(where: \.isNewline) {
            errors.append(FieldError(name, "must be one line of at most 120 characters"))
        }
        for (name, value) in [("descriptionFr", descriptionFr), ("descriptionEn", descriptionEn)] where (value ?? "").count > 5000 {
            errors.append(FieldError(name, "must be at most 5000 characters"))
        }
        errors += ProfilePrompts.problems(askFields ?? [])
        let randomnessSource = publicRandomnessSource?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        if let randomnessSource {
            if randomnessSource.count > 300 || randomnessSource.contains(where: { $0.isNewline || $0 == "\0" }) {
                errors.append(FieldError("publicRandomnessSource", "must be one line of at most 300 characters"))
            }
            if !kind.hasDraw {
                errors.append(FieldError("publicRandomnessSource", "only an activation with a draw (sweepstakes, quiz) uses public randomness"))
            }
        }
        let cover = coverImageUrl?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        if let cover, !(cover.hasPrefix("https://") || cover.hasPrefix("/")) || cover.count > 500 || cover.contains(where: { $0 == "\"" || $0.isWhitespace }) {
            errors.append(FieldError("coverImageUrl", "must be an https:// address of at most 500 characters"))
        }
        let zone = LocalTime.isKnownZone(brand.timeZone) ? brand.timeZone : "Europe/Paris"
        let opens = LocalTime.instant(opensAt, timeZone: zone)
        let closes = LocalTime.instant(closesAt, timeZone: zone)
        if opens == nil { errors.append(FieldError("opensAt", "must be a local time written YYYY-MM-DDTHH:MM")) }
        if closes == nil { errors.append(FieldError("closesAt", "must be a local time written YYYY-MM-DDTHH:MM")) }
        if let opens, let closes, closes <= opens { errors.append(FieldError("closesAt", "must be after the opening")) }
        let age = minimumAge ?? 0
        if !(0...120).contains(age) { errors.append(FieldError("minimumAge", "must be from 0 to 120")) }
        let countryCodes = (countries ?? []).map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
        if countryCodes.contains(where: { $0.count != 2 || !$0.allSatisfy { $0.isASCII && $0.isLetter } }) {
            errors.append(FieldError("countries", "must be two-letter ISO country codes such as FR"))
        }
        let frequency = EntryFrequency(name: entryFrequency ?? "once", hours: entryFrequencyHours)
        if frequency == nil { errors.append(FieldError("entryFrequency", "must be once, daily, or hours with entryFrequencyHours from 1 to 8760")) }
        if let entryCap, entryCap < 1 { errors.append(FieldError("entryCap", "must be at least 1")) }
        var prizes: [Prize] = []
        for (index, prize) in (self.prizes ?? []).enumerated() {
            let name = prize.name.trimmingCharacters(in: .whitespacesAndNewlines)
            if name.isEmpty || name.count > 200 { errors.append(FieldError("prizes[\(index)].name", "must be 1 to 200 characters")) }
            if !(1...10_000).contains(prize.quantity) { errors.append(FieldError("prizes[\(index)].quantity", "must be from 1 to 10000")) }
            if !(0...100).contains(prize.alternates ?? 0) { errors.append(FieldError("prizes[\(index)].alternates", "must be from 0 to 100")) }
            prizes.append(Prize(id: 0, position: index, name: name, quantity: prize.quantity, alternates: prize.alternates ?? 0))
        }
        if prizes.count > 50 { errors.append(FieldError("prizes", "at most 50 prizes")) }
        if !kind.hasPrizes && !prizes.isEmpty { errors.append(FieldError("prizes", "only a sweepstakes, an instant win or a quiz has prizes")) }
        if kind == .instantWin {
            errors += InstantWinRules.problems(prizes: prizes, confirmEmail: confirmEmail ?? false)
        }
        let rulesBody = rules?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        if let rulesBody, rulesBody.count > 100_000 { errors.append(FieldError("rules", "must be at most 100000 characters")) }
        var poll: PollSettings? = nil
        let options = (pollOptions ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        if kind == .poll {
            errors += PollSettings.problems(options)
            let visibility = PollResultsVisibility(rawValue: pollResults ?? PollResultsVisibility.afterClose.rawValue)
            if visibility == nil { errors.append(FieldError("pollResults", "must be live or after_close")) }
            if let frequency, frequency != .once { errors.append(FieldError("entryFrequency", "a poll takes one vote per member (once)")) }
            poll = PollSettings(options: options, resultsVisibility: visibility ?? .afterClose)
        } else if !options.isEmpty || pollResults != nil {
            errors.append(FieldError("pollOptions", "only a poll has options"))
        }
        var quiz: QuizSettings? = nil
        if kind == .quiz {
            let questions = (quizQuestions ?? []).map { question in
                QuizQuestion(text: question.text.trimmingCharacters(in: .whitespacesAndNewlines),
                             choices: question.choices.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }, correctChoice: question.correctChoice)
            }
            errors += QuizSettings.problems(questions)
            quiz = QuizSettings(questions: questions, tieBreak: quizTieBreak ?? false)
        } else if quizQuestions != nil || quizTieBreak != nil {
            errors.append(FieldError("quizQuestions", "only a quiz has questions"))
        }
        let idea = ideaSettings(kind: kind, zone: zone, opens: opens, closes: closes, errors: &errors)
        if let unitScope, unitId != unitScope { errors.append(FieldError("unitId", "must be your unit (\(unitScope))")) }
        guard errors.isEmpty, let opens, let closes, let frequency else { throw AppError.validation(errors) }
        return ActivationDraft(
            kind: kind, slug: slug, unitID: unitId,
            content: ActivationContent(titleFR: titleFR, titleEN: titleEN,
                                       descriptionFR: (descriptionFr ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
                                       descriptionEN: (descriptionEn ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
                                       coverImageURL: cover, askFields: ProfilePrompts.normalised(askFields ?? ProfilePrompts.defaultFields)),
            opensLocal: opensAt, closesLocal: closesAt, timeZone: zone, opensAt: opens, closesAt: closes,
            eligibility: EligibilityRules(minimumAge: age, countries: countryCodes, membersOnly: membersOnly ?? false,
                                          frequency: frequency, cap: entryCap, confirmEmail: confirmEmail ?? false),
            prizes: prizes, rulesBody: rulesBody, poll: poll, quiz: quiz, idea: idea, randomnessSource: randomnessSource)
    }
}

extension String {
    /// nil for an empty string.
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
