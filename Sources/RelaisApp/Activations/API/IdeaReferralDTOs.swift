import Foundation

/// An idea as staff see it.
struct IdeaDTO: Codable, Sendable {
    var id: Int64
    var entryId: Int64
    var memberId: Int64
    var author: String
    var title: String
    var text: String
    var status: String
    var rejectionReason: String?
    var moderatedAt: String?
    var juryRank: Int?
    var votes: Int
    /// Where the image is served (only once the idea is approved); absent without an image.
    var imageUrl: String?
    var createdAt: String

    init(_ idea: Idea, imageBase: String) {
        id = idea.id
        entryId = idea.entryID
        memberId = idea.memberID
        author = [idea.firstName, idea.lastName].compactMap { $0 }.joined(separator: " ")
        title = idea.title
        text = idea.text
        status = idea.status.rawValue
        rejectionReason = idea.rejectionReason
        moderatedAt = idea.moderatedAt.map(Clock.iso)
        juryRank = idea.juryRank
        votes = idea.votes
        imageUrl = idea.imageKey.map { "\(imageBase)/images/\($0)" }
        createdAt = Clock.iso(idea.createdAt)
    }
}

/// An approved idea as the public sees it: first name and initial of its author only.
struct PublicIdeaDTO: Codable, Sendable {
    var id: Int64
    var author: String
    var title: String
    var text: String
    var votes: Int
    var imageUrl: String?

    init(_ idea: Idea, imageBase: String) {
        id = idea.id
        author = idea.publicName
        title = idea.title
        text = idea.text
        votes = idea.votes
        imageUrl = idea.imageKey.map { "\(imageBase)/images/\($0)" }
    }
}

/// Body of `POST /api/v1/activations/{id}/ideas/{ideaId}/moderation`.
struct ModerationInput: APIInput {
    static let fieldNames: Set<String> = ["decision", "reason"]
    var decision: String
    var reason: String?
}

/// Body of `POST /api/v1/activations/{id}/ideas/{ideaId}/jury`.
struct JuryPickInput: APIInput {
    static let fieldNames: Set<String> = ["picked"]
    var picked: Bool
}

/// The ranking of an idea contest and its winners under its settings.
struct IdeaResultsDTO: Codable, Sendable {
    var ideaWinners: String
    var ideaWinnerCount: Int
    var ranking: [IdeaDTO]
    var winners: [IdeaDTO]
}

/// Referrals of an activation: counts per referrer (with who invited them, for the tree) and every referral.
struct ReferralResultsDTO: Codable, Sendable {
    /// One member who invited friends.
    struct Referrer: Codable, Sendable {
        var memberId: Int64
        var name: String
        var valid: Int
        var rejected: Int
        var invitedBy: Int64?
    }
    /// One friend who joined through an invitation.
    struct Item: Codable, Sendable {
        var id: Int64
        var referrerMemberId: Int64
        var refereeMemberId: Int64
        var status: String
        var reason: String?
        var createdAt: String
    }
    var validTotal: Int
    var referrers: [Referrer]
    var referrals: [Item]

    init(_ referrals: [Referral]) {
        validTotal = referrals.filter { $0.status == "valid" }.count
        referrers = ReferralStore.counts(referrals).map {
            Referrer(memberId: $0.memberID, name: $0.name, valid: $0.valid, rejected: $0.rejected, invitedBy: $0.invitedBy)
        }
        self.referrals = referrals.map {
            Item(id: $0.id, referrerMemberId: $0.referrerID, refereeMemberId: $0.refereeID, status: $0.status, reason: $0.reason,
                 createdAt: Clock.iso($0.createdAt))
        }
    }
}

/// Body of `POST /api/v1/public/activations/{brand}/{activation}/votes`.
struct VoteInput: APIInput {
    static let fieldNames: Set<String> = ["ideaId", "memberLink"]
    var ideaId: Int64
    var memberLink: String?
}

/// The answer to a vote: `counted` is false when the member had already voted for the idea (recorded once).
struct VoteReceiptDTO: Codable, Sendable {
    var ideaId: Int64
    var counted: Bool
    var votes: Int
}

/// Body of `POST /api/v1/public/activations/{brand}/{activation}/codes`.
struct CodeRequestInput: APIInput {
    static let fieldNames: Set<String> = ["email", "language"]
    var email: String
    var language: String?
}

/// Body of `POST /api/v1/public/activations/{brand}/{activation}/codes/check`.
struct CodeCheckInput: APIInput {
    static let fieldNames: Set<String> = ["email", "code"]
    var email: String
    var code: String
}

/// The same answer to every code request, whether the address is known or not.
struct CodeRequestedDTO: Codable, Sendable {
    var message = "If this address belongs to a member of the community, a code valid 15 minutes has been sent to it."
    var expiresInSeconds = Int(MemberCode.lifetimeMillis / 1000)
}

/// A recognised member: the token to send as `memberLink` (or `m` on the hosted page).
struct MemberLinkDTO: Codable, Sendable {
    var memberLink: String
}
