import Foundation

/// Converts between a quiz and the hosted entry form (one radio group `q1`, `q2`… per question, `tieBreak`),
/// and between quiz questions and the editor's text. The public form never carries the right answers. No I/O.
enum QuizForm {
    /// The answers a submitted entry form holds: one per question answered, in question order.
    static func answers(_ form: FormData, questions: Int) -> [QuizAnswer] {
        (0..<questions).compactMap { index in
            form["q\(index + 1)"].map { QuizAnswer(question: index + 1, choice: Int($0) ?? 0) }
        }
    }

    /// The tie-break guess of a submitted form: nil when left empty, -1 (refused with a message) when not a number.
    static func tieBreak(_ form: FormData) -> Int64? {
        guard let text = form["tieBreak"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        return Int64(text) ?? -1
    }

    /// The template values of a quiz's questions on the public form: texts and choices only.
    static func values(_ quiz: QuizSettings, form: FormData?, errors: [FieldError]) -> [String: Any] {
        [
            "questions": quiz.questions.enumerated().map { index, question -> [String: Any] in
                let name = "q\(index + 1)"
                return ["number": index + 1, "text": question.text, "name": name,
                        "choices": question.choices.enumerated().map { choice, label -> [String: Any] in
                            ["id": "\(name)-\(choice + 1)", "value": choice + 1, "label": label, "checked": form?[name] == String(choice + 1)]
                        }]
            },
            "tieBreak": quiz.tieBreak, "tieBreakValue": form?["tieBreak"] ?? "",
            "tieBreakError": errors.first { $0.field == "tieBreak" }?.message as Any,
        ]
    }

    /// The problems of a refused quiz entry in the page's language: which questions are missing, and the guess.
    /// Other problems (only a tampered form can name an unknown choice) keep their message.
    static func pageErrors(_ errors: [FieldError], form: FormData, questions: Int, language: UILanguage) -> [FieldError] {
        errors.map { error in
            switch error.field {
            case "quizAnswers":
                let missing = (0..<questions).filter { form["q\($0 + 1)"] == nil }.map { String($0 + 1) }
                return FieldError(error.field, Strings.get("pub_quiz_missing", language) + " " + missing.joined(separator: ", "))
            case "tieBreak":
                return FieldError(error.field, Strings.get("pub_tie_break_invalid", language))
            default:
                return error
            }
        }
    }

    /// Questions written in the editor: blocks separated by an empty line, the question on the first line and one
    /// choice a line after it, the right one marked with a leading `*`.
    static func questions(_ text: String) -> [QuizQuestion] {
        let blocks = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n")
        return blocks.compactMap { block in
            let lines = block.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard let question = lines.first else { return nil }
            var correct = 0
            let choices = lines.dropFirst().enumerated().map { index, line -> String in
                guard line.hasPrefix("*") else { return line }
                correct = index + 1
                return line.dropFirst().trimmingCharacters(in: .whitespaces)
            }
            return QuizQuestion(text: question, choices: choices, correctChoice: correct)
        }
    }

    /// The editor's text of stored questions.
    static func text(_ questions: [QuizQuestion]) -> String {
        questions.map { question in
            ([question.text] + question.choices.enumerated().map { ($0.offset + 1 == question.correctChoice ? "* " : "") + $0.element })
                .joined(separator: "\n")
        }.joined(separator: "\n\n")
    }
}
