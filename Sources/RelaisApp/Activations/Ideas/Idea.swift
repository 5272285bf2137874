/// Where an idea is in moderation.
enum IdeaStatus: String, Codable, Sendable, CaseIterable {
    /// Waiting for staff; not shown publicly.
    case pending
    /// Shown publicly and open to votes.
    case approved
    /// Refused by staff with a reason; never shown publicly.
    case rejected
    /// Its author was erased: its text and image are gone.
    case erased
}

/// An idea submitted to an idea contest, with its votes.
struct Idea: Sendable, Equatable {
    var id: Int64
    var activationID: Int64
    var memberID: Int64
    var entryID: Int64
    var title: String
    var text: String
    var status: IdeaStatus
    var rejectionReason: String?
    var moderatedAt: Int64?
    /// The jury's order of preference, for contests whose winners the jury picks.
    var juryRank: Int?
    var votes: Int
    /// The unguessable key of its image, if it has one.
    var imageKey: String?
    var createdAt: Int64
    var firstName: String?
    var lastName: String?

    /// First name and initial, the most a public page shows of the author ("Camille M.").
    var publicName: String { PublicName.of(firstName: firstName, lastName: lastName) }

    /// The ranking facts of this idea.
    var ranked: RankedIdea { RankedIdea(ideaID: id, votes: votes, createdAt: createdAt, juryRank: juryRank) }
}
