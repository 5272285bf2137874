import Foundation

/// One question of a quiz: its text, 2 to 6 choices, and the number (from 1) of the right choice.
struct QuizQuestion: Codable, Sendable, Equatable {
    var text: String
    var choices: [String]
    var correctChoice: Int
}

/// An entrant's answer to one question: question and choice numbers, from 1.
struct QuizAnswer: Codable, Sendable, Equatable {
    var question: Int
    var choice: Int
}

/// What an entry scored: right answers, the choices in question order, and the tie-break guess.
struct QuizScore: Sendable, Equatable {
    var score: Int
    var choices: [Int]
    var tieBreak: Int64?

    /// The choices as stored with the entry ("2,1,3").
    var storedChoices: String { choices.map(String.init).joined(separator: ",") }
}

/// A quiz's questions and whether the tie-break question ("how many entries will there be?") is asked. No I/O.
struct QuizSettings: Sendable, Equatable {
    var questions: [QuizQuestion]
    var tieBreak: Bool
    /// The largest tie-break guess taken.
    static let maximumGuess: Int64 = 1_000_000_000

    /// Problems of questions as written: 2 to 20 questions of one line, each with 2 to 6 distinct choices and one right answer.
    static func problems(_ questions: [QuizQuestion]) -> [FieldError] {
        var errors: [FieldError] = []
        if !(2...20).contains(questions.count) { errors.append(FieldError("quizQuestions", "a quiz needs 2 to 20 questions")) }
        for (index, question) in questions.enumerated() {
            let field = "quizQuestions[\(index)]"
            if question.text.isEmpty || question.text.count > 300 || question.text.contains(where: \.isNewline) {
                errors.append(FieldError("\(field).text", "must be one line of 1 to 300 characters"))
            }
            if !(2...6).contains(question.choices.count) {
                errors.append(FieldError("\(field).choices", "a question needs 2 to 6 choices"))
            } else if question.choices.contains(where: { $0.isEmpty || $0.count > 200 || $0.contains(where: \.isNewline) }) {
                errors.append(FieldError("\(field).choices", "each choice must be one line of 1 to 200 characters"))
            } else if Set(question.choices.map { $0.lowercased() }).count != question.choices.count {
                errors.append(FieldError("\(field).choices", "choices must be different"))
            }
            if !(1...max(1, question.choices.count)).contains(question.correctChoice) {
                errors.append(FieldError("\(field).correctChoice", "must be the number of one of the choices (1 to \(question.choices.count))"))
            }
        }
        return errors
    }

    /// The score of `answers`, or every problem with them: each question answered once with one of its choices,
    /// and the tie-break guess given when asked. Nothing about the right answers is revealed by the messages.
    func score(_ answers: [QuizAnswer], tieBreakGuess: Int64?) -> Result<QuizScore, AppError> {
        var errors: [FieldError] = []
        var chosen: [Int: Int] = [:]
        for (index, answer) in answers.enumerated() {
            // Numbers are compared as given, never shifted: any integer may come in, Int.min included.
            guard (1..<(questions.count + 1)).contains(answer.question) else {
                errors.append(FieldError("quizAnswers[\(index)].question", "there is no question \(answer.question) (questions are numbered 1 to \(questions.count))"))
                continue
            }
            let question = questions[answer.question - 1]
            if !(1..<(question.choices.count + 1)).contains(answer.choice) {
                errors.append(FieldError("quizAnswers[\(index)].choice", "question \(answer.question) has no choice \(answer.choice) (choices are numbered 1 to \(question.choices.count))"))
            } else if chosen[answer.question] != nil {
                errors.append(FieldError("quizAnswers[\(index)].question", "question \(answer.question) is answered twice"))
            } else {
                chosen[answer.question] = answer.choice
            }
        }
        let missing = (1..<(questions.count + 1)).filter { number in chosen[number] == nil && !answers.contains { $0.question == number } }
        if !missing.isEmpty {
            errors.append(FieldError("quizAnswers", "answer every question; missing: \(missing.map(String.init).joined(separator: ", "))"))
        }
        if tieBreak {
            if let guess = tieBreakGuess {
                if !(0...Self.maximumGuess).contains(guess) { errors.append(FieldError("tieBreak", "must be a whole number from 0 to \(Self.maximumGuess)")) }
            } else {
                errors.append(FieldError("tieBreak", "guess how many entries there will be (a whole number)"))
            }
        } else if tieBreakGuess != nil {
            errors.append(FieldError("tieBreak", "this quiz has no tie-break question"))
        }
        guard errors.isEmpty else {
            return .failure(AppError(status: .unprocessableContent, code: "invalid_answers", title: "Invalid answers",
                                     detail: "Answer each question once with one of its choices.", fieldErrors: errors))
        }
        let choices = (1..<(questions.count + 1)).map { chosen[$0] ?? 0 }
        let score = zip(questions, choices).filter { $0.correctChoice == $1 }.count
        return .success(QuizScore(score: score, choices: choices, tieBreak: tieBreak ? tieBreakGuess : nil))
    }

    /// The tie-break distance of a guess: how far it is from the true number of entries (0 without tie-break).
    static func distance(guess: Int64?, entries: Int) -> UInt64 {
        guard let guess else { return 0 }
        return UInt64(guess.distance(to: Int64(entries)).magnitude)
    }

    /// Entries per score, best score first, with every score from the best possible down to 0.
    func distribution(_ counts: [Int: Int]) -> [(score: Int, entries: Int)] {
        stride(from: questions.count, through: 0, by: -1).map { ($0, counts[$0] ?? 0) }
    }

    /// Questions as stored (a JSON array).
    var storedQuestions: String {
        String(decoding: (try? JSONEncoder().encode(questions)) ?? Data("[]".utf8), as: UTF8.self)
    }

    /// Questions of their stored form.
    static func questions(stored: String) -> [QuizQuestion] {
        (try? JSONDecoder().decode([QuizQuestion].self, from: Data(stored.utf8))) ?? []
    }
}
