/// Why a vote is refused; each case has a stable code and a message for the voter.
enum VoteRefusal: Error, Equatable, Sendable {
    /// Only a recognised member (signed link or e-mailed code) may vote.
    case memberRequired
    case ideaNotFound
    case ownIdea
    case votingNotYetOpen(opensAt: Int64)
    case votingClosed

    /// Stable code, used as the problem code and to find the message in the interface strings (`vote_…`).
    var code: String {
        switch self {
        case .memberRequired: "member_required"
        case .ideaNotFound: "idea_not_found"
        case .ownIdea: "own_idea"
        case .votingNotYetOpen: "voting_not_open"
        case .votingClosed: "voting_closed"
        }
    }

    /// The refusal as an API error.
    var appError: AppError {
        switch self {
        case .memberRequired:
            AppError(status: .unprocessableContent, code: code, title: "Member required",
                     detail: "Only a recognised member may vote: send the memberLink of a returning-member link or e-mailed code.",
                     fieldErrors: [FieldError("memberLink", "must recognise a member of the brand")])
        case .ideaNotFound:
            AppError(status: .notFound, code: code, title: "Not found", detail: "There is no approved idea with this id in this activation.")
        case .ownIdea:
            AppError(status: .unprocessableContent, code: code, title: "Own idea", detail: "Members cannot vote for their own idea.",
                     fieldErrors: [FieldError("ideaId", "is your own idea")])
        case .votingNotYetOpen(let at):
            AppError(status: .conflict, code: code, title: "Voting not open", detail: "Votes open at \(Clock.iso(at)).")
        case .votingClosed:
            AppError(status: .conflict, code: code, title: "Voting closed", detail: "Votes are no longer taken.")
        }
    }
}

/// The pure rule of a vote: a recognised member, an approved idea that is not theirs, within the voting period.
enum IdeaVoting {
    /// The refusal that applies, or nil when the vote counts.
    static func refusal(idea: Idea?, voterID: Int64?, status: ActivationStatus, period: Range<Int64>, now: Int64) -> VoteRefusal? {
        guard let voterID else { return .memberRequired }
        guard let idea, idea.status == .approved else { return .ideaNotFound }
        if idea.memberID == voterID { return .ownIdea }
        if status == .scheduled || status == .draft || now < period.lowerBound { return .votingNotYetOpen(opensAt: period.lowerBound) }
        if status != .live || now >= period.upperBound { return .votingClosed }
        return nil
    }
}
