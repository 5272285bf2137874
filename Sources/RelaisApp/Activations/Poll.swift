import Foundation

/// When a poll's results are shown to the public.
enum PollResultsVisibility: String, Codable, Sendable, CaseIterable {
    /// As votes come in.
    case live
    /// Only once the poll has closed.
    case afterClose = "after_close"
}

/// A poll's choices ("choose the colour of our next crane") and when its results are shown. No I/O.
struct PollSettings: Sendable, Equatable {
    var options: [String]
    var resultsVisibility: PollResultsVisibility

    /// Whether the public sees the results in `status`.
    func showsResults(_ status: ActivationStatus) -> Bool {
        resultsVisibility == .live || [.closed, .resultsPublished, .archived].contains(status)
    }

    /// Votes per option, in the options' order, with the share of all votes in whole percent.
    func tally(_ votes: [String: Int]) -> [(option: String, votes: Int, percent: Int)] {
        let total = options.reduce(0) { $0 + (votes[$1] ?? 0) }
        return options.map { option in
            let count = votes[option] ?? 0
            return (option, count, total == 0 ? 0 : Int((Double(count) * 100 / Double(total)).rounded()))
        }
    }

    /// Problems of options as written: 2 to 10 distinct one-line options of 1 to 100 characters.
    static func problems(_ options: [String]) -> [FieldError] {
        var errors: [FieldError] = []
        if !(2...10).contains(options.count) { errors.append(FieldError("pollOptions", "a poll needs 2 to 10 options")) }
        if options.contains(where: { $0.isEmpty || $0.count > 100 || $0.contains(where: \.isNewline) }) {
            errors.append(FieldError("pollOptions", "each option must be one line of 1 to 100 characters"))
        }
        if Set(options.map { $0.lowercased() }).count != options.count { errors.append(FieldError("pollOptions", "options must be different")) }
        return errors
    }

    /// Options as stored (a JSON array).
    var storedOptions: String {
        String(decoding: (try? JSONEncoder().encode(options)) ?? Data("[]".utf8), as: UTF8.self)
    }

    /// Options of their stored form.
    static func options(stored: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(stored.utf8))) ?? []
    }
}
