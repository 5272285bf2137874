import Foundation
import SQLKit

/// Staff and member actions of an idea contest: moderation (logged), the jury's picks, votes and the ranking.
struct IdeaContest: Sendable {
    let database: Database
    let store: ActivationStore
    let ideas: IdeaStore
    let timeline: Timeline
    let audit: AuditLog

    /// An activation of the caller that is an idea contest, or 404.
    func contest(_ activationID: Int64, access: BrandAccess) async throws -> Activation {
        let activation = try await store.activation(activationID, access: access)
        guard activation.kind == .idea else { throw AppError.notFound("idea contest") }
        return activation
    }

    /// Approves an idea (it is then shown and open to votes) or rejects it with a reason kept for the record.
    func moderate(ideaID: Int64, activationID: Int64, approve: Bool, reason: String?, access: BrandAccess, now: Int64 = Clock.nowMillis()) async throws -> Idea {
        try access.require(.manageActivations)
        let activation = try await contest(activationID, access: access)
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        if !approve {
            guard let reason, (3...500).contains(reason.count) else {
                throw AppError.invalid("reason", "must be 3 to 500 characters: say why the idea is rejected")
            }
        }
        guard ![.resultsPublished, .archived].contains(activation.status(now: now)) else {
            throw AppError(status: .conflict, code: "locked", title: "Cannot change now", detail: "The results are published: ideas can no longer be moderated.")
        }
        return try await database.transaction { sql in
            guard try await ideas.moderate(ideaID, activationID: activation.id, status: approve ? .approved : .rejected,
                                           reason: approve ? nil : reason, now: now, on: sql),
                  let idea = try await ideas.idea(ideaID, activationID: activation.id, on: sql) else {
                throw AppError.notFound("idea")
            }
            try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                   action: approve ? "activation.idea_approved" : "activation.idea_rejected",
                                   targetKind: "activation", targetID: activation.id, details: ["idea": String(ideaID)], on: sql)
            return idea
        }
    }

    /// Adds an approved idea to the jury's picks, or takes it out (contests whose winners the jury picks).
    func pick(ideaID: Int64, activationID: Int64, picked: Bool, access: BrandAccess, now: Int64 = Clock.nowMillis()) async throws {
        try access.require(.manageActivations)
        let activation = try await contest(activationID, access: access)
        guard activation.idea?.winners == .jury else {
            throw AppError.invalid("ideaWinners", "the winners of this contest are chosen by votes, not by the jury")
        }
        guard ![.resultsPublished, .archived].contains(activation.status(now: now)) else {
            throw AppError(status: .conflict, code: "locked", title: "Cannot change now", detail: "The results are published.")
        }
        try await database.transaction { sql in
            guard try await ideas.setJuryPick(ideaID, activationID: activation.id, picked: picked, on: sql) else {
                throw AppError.invalid("ideaId", "is not an approved idea of this contest")
            }
            try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                   action: picked ? "activation.idea_picked" : "activation.idea_unpicked",
                                   targetKind: "activation", targetID: activation.id, details: ["idea": String(ideaID)], on: sql)
        }
    }

    /// Records a member's vote; answers whether it was new (a repeated vote is recorded once).
    func vote(ideaID: Int64, voterID: Int64?, activation: Activation, brand: Brand, now: Int64 = Clock.nowMillis()) async throws -> Bool {
        let settings = activation.idea ?? IdeaSettings()
        return try await database.transaction { sql in
            let idea = try await ideas.idea(ideaID, activationID: activation.id, on: sql)
            if let refusal = IdeaVoting.refusal(idea: idea, voterID: voterID, status: activation.status(now: now),
                                                period: settings.votingPeriod(opensAt: activation.opensAt, closesAt: activation.closesAt), now: now) {
                throw refusal
            }
            guard let voterID, let idea else { return false }
            let counted = try await ideas.vote(ideaID: ideaID, activationID: activation.id, memberID: voterID, now: now, on: sql)
            if counted {
                try await timeline.append(organisationID: brand.organisationID, brandID: brand.id, memberID: voterID, kind: "activation.idea_vote",
                                          summary: idea.title, data: ["activation": String(activation.id), "idea": String(ideaID)],
                                          initiatedByMember: true, at: now, on: sql)
            }
            return counted
        }
    }

    /// Approved ideas ranked by votes, and the winners under the contest's settings.
    func results(_ activation: Activation) async throws -> (ranking: [Idea], winners: [Idea]) {
        let approved = try await ideas.approved(activationID: activation.id)
        let byID = Dictionary(uniqueKeysWithValues: approved.map { ($0.id, $0) })
        let ranking = IdeaRanking.byVotes(approved.map(\.ranked)).compactMap { byID[$0.ideaID] }
        let winners = IdeaRanking.winners(approved.map(\.ranked), settings: activation.idea ?? IdeaSettings()).compactMap { byID[$0.ideaID] }
        return (ranking, winners)
    }
}
