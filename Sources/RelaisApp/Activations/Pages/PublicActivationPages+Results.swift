import Hummingbird

extension PublicActivationPages {
    /// The public results of a quiz or an instant win, once closed: the quiz's score distribution and right
    /// answers; the instant win's moments with their prizes, won or not. Before closing, nothing is shown.
    @Sendable func resultsPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        var (brand, activation) = try await found(context)
        guard activation.quiz != nil || activation.kind == .instantWin else { throw AppError.notFound("results") }
        activation = try await services.activationDraws.freezeIfDue(activation)
        let closed = [.closed, .resultsPublished, .archived].contains(activation.status())
        var values: [String: Any] = ["title": activation.content.title(context.language.rawValue), "base": "/a/\(brand.slug)/\(activation.slug)",
                                     "closed": closed, "hasDraw": activation.kind.commitsSeed]
        if closed, let quiz = activation.quiz {
            let distribution = quiz.distribution(try await services.entryStore.scores(activationID: activation.id))
            values["quiz"] = [
                "of": quiz.questions.count,
                "scores": distribution.map { ["score": $0.score, "entries": $0.entries] },
                "answers": quiz.questions.map { question -> [String: Any] in
                    ["text": question.text,
                     "answer": question.choices.indices.contains(question.correctChoice - 1) ? question.choices[question.correctChoice - 1] : ""]
                },
            ] as [String: Any]
        }
        if closed, activation.kind == .instantWin {
            let moments = try await services.instantWins.report(activation)
            values["moments"] = moments.map { ["moment": Clock.iso($0.momentAt), "prize": $0.prizeName, "won": $0.wonAt != nil] as [String: Any] }
            var unwon: [(String, Int)] = []
            for moment in moments where moment.wonAt == nil {
                if let last = unwon.indices.last, unwon[last].0 == moment.prizeName { unwon[last].1 += 1 } else { unwon.append((moment.prizeName, 1)) }
            }
            let totals = Dictionary(unwon.map { ($0.0, $0.1) }, uniquingKeysWith: +)
            values["unwon"] = totals.sorted { $0.key < $1.key }.map { ["prize": $0.key, "count": $0.value] }
            values["hasUnwon"] = !totals.isEmpty
            values["wonCount"] = moments.filter { $0.wonAt != nil }.count
            values["momentsCount"] = moments.count
            values["instantWin"] = true
        }
        return try await page("activation_results", values, brand: brand, activation: activation, language: context.language)
    }
}
