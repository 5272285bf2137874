/// Converts between the back-office editor's form and `ActivationInput`. No I/O.
enum ActivationForm {
    /// The input a submitted editor form describes; problems of the prize lines are returned beside it.
    /// The input of an editor form. A saved activation's kind cannot change and its select is not
    /// sent, so `existingKind` decides which kind's fields are read.
    static func input(from form: FormData, existingKind: String? = nil) -> (ActivationInput, [FieldError]) {
        let (prizes, prizeErrors) = parsePrizes(form["prizes"] ?? "")
        let kind = existingKind ?? form["kind"] ?? ""
        let input = ActivationInput(
            kind: kind, slug: form["slug"] ?? "", unitId: form["unitId"].flatMap { Int64($0) },
            titleFr: form["titleFr"], titleEn: form["titleEn"], descriptionFr: form["descriptionFr"], descriptionEn: form["descriptionEn"],
            coverImageUrl: form["coverImageUrl"], opensAt: form["opensAt"] ?? "", closesAt: form["closesAt"] ?? "",
            minimumAge: form["minimumAge"].map { Int($0) ?? -1 },
            countries: (form["countries"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
            membersOnly: form["membersOnly"] != nil, entryFrequency: form["entryFrequency"],
            entryFrequencyHours: form["entryFrequencyHours"].map { Int($0) ?? 0 }, entryCap: form["entryCap"].map { Int($0) ?? 0 },
            confirmEmail: form["confirmEmail"] != nil,
            prizes: prizes, rules: form["rules"],
            pollOptions: kind == "poll" ? (form["pollOptions"] ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } : nil,
            pollResults: kind == "poll" ? form["pollResults"] : nil,
            quizQuestions: kind == "quiz" ? QuizForm.questions(form["quizQuestions"] ?? "") : nil,
            quizTieBreak: kind == "quiz" ? form["quizTieBreak"] != nil : nil,
            ideaWinners: form["ideaWinners"], ideaWinnerCount: form["ideaWinnerCount"].map { Int($0) ?? 0 }, votingOpensAt: form["votingOpensAt"],
            askFields: form.all("askFields"), publicRandomnessSource: form["publicRandomnessSource"])
        return (input, prizeErrors)
    }

    /// Prize lines written `3 × Collector box, 2` (quantity × name, alternates); `x` works for `×`.
    static func parsePrizes(_ text: String) -> ([ActivationInput.PrizeInput], [FieldError]) {
        var prizes: [ActivationInput.PrizeInput] = []
        var errors: [FieldError] = []
        for (number, raw) in text.split(whereSeparator: \.isNewline).enumerated() {
            var line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            var alternates = 0
            if let comma = line.lastIndex(of: ","), let value = Int(line[line.index(after: comma)...].trimmingCharacters(in: .whitespaces)) {
                alternates = value
                line = String(line[..<comma])
            }
            let parts = line.split(maxSplits: 1, whereSeparator: { $0 == "×" || $0 == "x" || $0 == "X" })
            guard parts.count == 2, let quantity = Int(parts[0].trimmingCharacters(in: .whitespaces)) else {
                errors.append(FieldError("prizes", "line \(number + 1): write quantity × name, alternates (e.g. 3 × Collector box, 2)"))
                continue
            }
            prizes.append(.init(name: parts[1].trimmingCharacters(in: .whitespaces), quantity: quantity, alternates: alternates))
        }
        return (prizes, errors)
    }

    /// The prize lines of stored prizes.
    static func prizeLines(_ prizes: [Prize]) -> String {
        prizes.map { "\($0.quantity) × \($0.name)\($0.alternates > 0 ? ", \($0.alternates)" : "")" }.joined(separator: "\n")
    }

    /// The form values of an input (to re-show a submitted form).
    static func values(_ input: ActivationInput) -> [String: Any] {
        [
            "kind": input.kind, "slug": input.slug, "titleFr": input.titleFr ?? "", "titleEn": input.titleEn ?? "",
            "descriptionFr": input.descriptionFr ?? "", "descriptionEn": input.descriptionEn ?? "", "coverImageUrl": input.coverImageUrl ?? "",
            "opensAt": input.opensAt, "closesAt": input.closesAt, "minimumAge": input.minimumAge.map(String.init) ?? "",
            "countries": (input.countries ?? []).joined(separator: ", "), "membersOnly": input.membersOnly ?? false,
            "frequencyOnce": (input.entryFrequency ?? "once") == "once", "frequencyDaily": input.entryFrequency == "daily",
            "frequencyHours": input.entryFrequency == "hours", "entryFrequencyHours": input.entryFrequencyHours.map(String.init) ?? "",
            "entryCap": input.entryCap.map(String.init) ?? "", "rules": input.rules ?? "", "confirmEmail": input.confirmEmail ?? false,
            "pollOptions": (input.pollOptions ?? []).joined(separator: "\n"), "pollLive": input.pollResults == "live",
            "quizQuestions": QuizForm.text(input.quizQuestions ?? []), "quizTieBreak": input.quizTieBreak ?? false,
            "ideaJury": input.ideaWinners == "jury", "ideaWinnerCount": input.ideaWinnerCount.map(String.init) ?? "3", "votingOpensAt": input.votingOpensAt ?? "",
            "prizes": (input.prizes ?? []).map { "\($0.quantity) × \($0.name)\(($0.alternates ?? 0) > 0 ? ", \($0.alternates ?? 0)" : "")" }.joined(separator: "\n"),
            "askFieldOptions": askFieldOptions(input.askFields ?? ProfilePrompts.defaultFields),
            "publicRandomnessSource": input.publicRandomnessSource ?? "",
        ]
    }

    /// Which checkboxes of the profile fields the form may ask are ticked (`ask_firstName`: true).
    static func askFieldOptions(_ asked: [String]) -> [String: Any] {
        Dictionary(uniqueKeysWithValues: ProfilePrompts.fields.map { ($0, asked.contains($0) as Any) })
    }

    /// The form values of a stored activation.
    static func values(_ activation: Activation, prizes: [Prize]) -> [String: Any] {
        let frequency = activation.eligibility.frequency.stored
        return [
            "kind": activation.kind.rawValue, "slug": activation.slug, "titleFr": activation.content.titleFR, "titleEn": activation.content.titleEN,
            "descriptionFr": activation.content.descriptionFR, "descriptionEn": activation.content.descriptionEN,
            "coverImageUrl": activation.content.coverImageURL ?? "", "opensAt": activation.opensLocal, "closesAt": activation.closesLocal,
            "minimumAge": String(activation.eligibility.minimumAge), "countries": activation.eligibility.countries.joined(separator: ", "),
            "membersOnly": activation.eligibility.membersOnly, "frequencyOnce": frequency.name == "once", "frequencyDaily": frequency.name == "daily",
            "frequencyHours": frequency.name == "hours", "entryFrequencyHours": frequency.hours.map(String.init) ?? "",
            "entryCap": activation.eligibility.cap.map(String.init) ?? "", "rules": activation.rules?.body ?? "", "prizes": prizeLines(prizes),
            "confirmEmail": activation.eligibility.confirmEmail,
            "pollOptions": (activation.poll?.options ?? []).joined(separator: "\n"), "pollLive": activation.poll?.resultsVisibility == .live,
            "quizQuestions": QuizForm.text(activation.quiz?.questions ?? []), "quizTieBreak": activation.quiz?.tieBreak ?? false,
            "askFieldOptions": askFieldOptions(activation.content.askFields),
            "publicRandomnessSource": activation.draw.randomnessSource ?? "",
            "ideaJury": activation.idea?.winners == .jury, "ideaWinnerCount": String(activation.idea?.winnerCount ?? 3),
            "votingOpensAt": activation.idea?.votingOpensLocal ?? "",
        ]
    }
}
