import Draws
import Foundation
import Testing
@testable import RelaisApp

@Suite("Quizzes")
struct QuizTests {
    static let questions = [
        QuizQuestion(text: "Couleur du logo ?", choices: ["Rouge", "Bleu"], correctChoice: 1),
        QuizQuestion(text: "Année de naissance de la marque ?", choices: ["1998", "2004", "2010"], correctChoice: 2),
        QuizQuestion(text: "Ville du siège ?", choices: ["Lyon", "Lille"], correctChoice: 2),
    ]

    @Test("Answers are scored, every problem with them named by field; questions are checked; the editor's text round-trips")
    func pureRules() throws {
        let quiz = QuizSettings(questions: Self.questions, tieBreak: true)
        let all = [QuizAnswer(question: 1, choice: 1), QuizAnswer(question: 2, choice: 2), QuizAnswer(question: 3, choice: 1)]
        #expect(try quiz.score(all, tieBreakGuess: 40).get() == QuizScore(score: 2, choices: [1, 2, 1], tieBreak: 40))
        let bad = [QuizAnswer(question: 9, choice: 1), QuizAnswer(question: 2, choice: 7), QuizAnswer(question: 1, choice: 1), QuizAnswer(question: 1, choice: 2)]
        guard case .failure(let error) = quiz.score(bad, tieBreakGuess: nil) else { Issue.record("bad answers were accepted"); return }
        #expect(error.code == "invalid_answers")
        #expect(error.fieldErrors.map(\.field) == ["quizAnswers[0].question", "quizAnswers[1].choice", "quizAnswers[3].question", "quizAnswers", "tieBreak"])
        #expect(error.fieldErrors.first { $0.field == "quizAnswers" }?.message.contains("3") == true)
        #expect(!error.fieldErrors.map(\.message).joined().contains("right"), "messages never tell the right answer")
        let extremes = [QuizAnswer(question: Int.min, choice: 1), QuizAnswer(question: 1, choice: Int.min)]
        guard case .failure(let extreme) = quiz.score(extremes, tieBreakGuess: Int64.min) else { Issue.record("extreme answers were accepted"); return }
        #expect(extreme.fieldErrors.map(\.field) == ["quizAnswers[0].question", "quizAnswers[1].choice", "quizAnswers", "tieBreak"])
        #expect(QuizSettings.distance(guess: 40, entries: 52) == 12 && QuizSettings.distance(guess: nil, entries: 52) == 0)
        #expect(quiz.distribution([3: 1, 1: 4]).map(\.entries) == [1, 0, 4, 0])
        #expect(QuizSettings.problems(Self.questions).isEmpty)
        #expect(QuizSettings.problems([Self.questions[0]]).map(\.field) == ["quizQuestions"])
        let wrong = [QuizQuestion(text: "", choices: ["Oui"], correctChoice: 3), Self.questions[1]]
        #expect(QuizSettings.problems(wrong).map(\.field) == ["quizQuestions[0].text", "quizQuestions[0].choices", "quizQuestions[0].correctChoice"])
        #expect(QuizForm.questions(QuizForm.text(Self.questions)) == Self.questions)
        #expect(QuizSettings.questions(stored: quiz.storedQuestions) == Self.questions)
    }

    static func body(questions: [QuizQuestion] = questions) -> String {
        let list = String(decoding: try! JSONEncoder().encode(questions), as: UTF8.self)  // Safe: plain strings and numbers always encode.
        return """
        {"kind":"quiz","slug":"quiz","titleFr":"Le grand quiz","opensAt":"2020-01-01T00:00","closesAt":"2099-01-01T00:00",
         "quizTieBreak":true,"prizes":[{"name":"Trottinette","quantity":1,"alternates":1}],
         "rules":"Article 1 : jeu gratuit sans obligation d'achat.","quizQuestions":\(list)}
        """
    }

    static func entry(_ email: String, choices: [Int], guess: Int?) -> String {
        let answers = choices.enumerated().map { #"{"question":\#($0.offset + 1),"choice":\#($0.element)}"# }.joined(separator: ",")
        return ActivationFixture.entry(email: email, extra: #""quizAnswers":[\#(answers)]"# + (guess.map { #","tieBreak":\#($0)"# } ?? ""))
    }

    @Test("Invalid answers record nothing; the best score wins, the tie-break guess breaks ties; right answers stay hidden until closing")
    func quizEndToEnd() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let noQuestions = try await client.api(.post, "/api/v1/activations", key: world.keyA, json: Self.body(questions: [Self.questions[0]]))
            #expect(noQuestions.status == .unprocessableContent)
            #expect((noQuestions.json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } == ["quizQuestions"])
            let id = try await ActivationFixture.live(world, client: client, body: Self.body())
            let page = try await client.raw(.get, "/a/fizz/quiz")
            #expect(page.text.contains(#"name="q2" value="3""#) && page.text.contains(#"id="f-tieBreak""#))
            #expect(!page.text.contains("correctChoice") && !page.text.contains("checked"), "the public page never carries the right answers")
            let draw = try await client.raw(.get, "/a/fizz/quiz/draw.json")
            #expect(!draw.text.contains("Couleur"))

            let unknown = try await ActivationFixture.enter(client, slug: "quiz", body: Self.entry("x@example.com", choices: [1, 9], guess: 3))
            #expect(unknown.status == .unprocessableContent)
            let fields = (unknown.json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
            #expect(fields == ["quizAnswers[1].choice", "quizAnswers"])
            let noGuess = try await ActivationFixture.enter(client, slug: "quiz", body: Self.entry("x@example.com", choices: [1, 2, 2], guess: nil))
            #expect((noGuess.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "tieBreak")
            let entries = try await client.api(.get, "/api/v1/activations/\(id)/entries", key: world.keyA)
            #expect((entries.json["items"] as? [[String: Any]])?.isEmpty == true, "a refused entry records nothing")
            let members = try await InstantWinFixture.count(world, "SELECT COUNT(*) AS n FROM member_identities WHERE value = 'x@example.com'")
            #expect(members == 0)

            #expect(try await ActivationFixture.enter(client, slug: "quiz", body: Self.entry("far@example.com", choices: [1, 2, 2], guess: 50)).status == .created)
            #expect(try await ActivationFixture.enter(client, slug: "quiz", body: Self.entry("near@example.com", choices: [1, 2, 2], guess: 4)).status == .created)
            #expect(try await ActivationFixture.enter(client, slug: "quiz", body: Self.entry("low@example.com", choices: [2, 2, 2], guess: 3)).status == .created)
            let listed = try await client.api(.get, "/api/v1/activations/\(id)/entries", key: world.keyA)
            #expect(Set((listed.json["items"] as? [[String: Any]])?.compactMap { $0["score"] as? Int } ?? []) == [3, 2])
            // The staff export carries each entry's answers, score and tie-break guess.
            var web = WebClient(client: client)
            try await web.logIn(email: world.ownerEmail, password: world.ownerPassword)
            let csv = try await web.get("/activations/\(id)/entries.csv").text
            #expect(csv.contains("created_at,answer,score,tie_break"))
            #expect(csv.split(separator: "\n").contains { $0.contains("near@example.com") && $0.contains(#""1,2,2",3,4"#) }, "\(csv)")
            let pending = try await client.raw(.get, "/a/fizz/quiz/results")
            #expect(pending.text.contains(#"id="results-pending""#) && !pending.text.contains("Lille"))

            _ = try await client.api(.post, "/api/v1/activations/\(id)/transitions", key: world.keyA, json: #"{"action":"close"}"#)
            let drawn = try await client.api(.post, "/api/v1/activations/\(id)/draw", key: world.keyA, json: "{}")
            #expect(drawn.status == .created, "\(drawn.text)")
            let published = try JSONDecoder().decode(PublishedDraw.self, from: try await client.raw(.get, "/a/fizz/quiz/draw.json").body)
            #expect(published.kind == .quiz)
            #expect(DrawVerifier.verify(published).isValid)
            let winners = try await world.withDatabase { database in
                try await database.readOnly { sql in
                    try await sql.raw("""
                        SELECT w.role, i.value FROM activation_winners w JOIN activation_entries e ON e.id = w.entry_id
                        JOIN member_identities i ON i.member_id = e.member_id AND i.kind = 'email' WHERE w.activation_id = \(bind: id) ORDER BY w.role DESC
                        """).all().map { "\(try $0.decode(column: "role", as: String.self)):\(try $0.decode(column: "value", as: String.self))" }
                }
            }
            #expect(winners == ["winner:near@example.com", "alternate:far@example.com"], "best score first, then the guess closest to 3 entries")
            // Staff export the winners with the address to send the prize to.
            let exported = try await web.get("/activations/\(id)/winners.csv")
            #expect(exported.headers[.contentType]?.hasPrefix("text/csv") == true)
            let rows = exported.text.split(whereSeparator: \.isNewline).map(String.init)
            #expect(rows.count == 3 && rows[0].contains("prize,role,rank,holds_prize,token"), "\(exported.text)")
            #expect(rows[1].contains(",winner,") && rows[1].contains("near@example.com") && rows[1].contains(",yes,"))
            #expect(rows[2].contains(",alternate,") && rows[2].contains("far@example.com") && rows[2].contains(",no,"))
            #expect(try await web.get("/activations/\(id)").text.contains(#"id="export-winners""#))
            let results = try await client.api(.get, "/api/v1/activations/\(id)/results", key: world.keyA)
            #expect((results.json["scores"] as? [[String: Any]])?.compactMap { $0["entries"] as? Int } == [2, 1, 0, 0])
            let publicResults = try await client.raw(.get, "/a/fizz/quiz/results")
            #expect(publicResults.text.contains(#"id="quiz-answers""#) && publicResults.text.contains("Lille"))
        }
    }
}
