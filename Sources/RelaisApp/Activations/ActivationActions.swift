import Draws
import Foundation
import SQLKit

/// Staff actions on activations: create, edit within the rules of the lifecycle, change status.
/// Each runs in one transaction and leaves an audit line.
struct ActivationActions: Sendable {
    let database: Database
    let store: ActivationStore
    let tenancy: TenancyStore
    let audit: AuditLog
    let instantWins: InstantWins

    /// Creates a draft activation.
    func create(_ input: ActivationInput, brand: Brand, access: BrandAccess) async throws -> Activation {
        try access.require(.manageActivations)
        let draft = try await validated(input, brand: brand, access: access)
        do {
            let id = try await database.transaction { sql in
                let id = try await store.insert(draft, access: access, on: sql)
                if let idea = draft.idea { try await store.saveIdeaSettings(idea, activationID: id, on: sql) }
                try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                       action: "activation.created", targetKind: "activation", targetID: id,
                                       details: ["kind": draft.kind.rawValue], on: sql)
                return id
            }
            return try await store.activation(id, access: access)
        } catch let error where UniqueViolation.matches(error) {
            throw AppError(status: .conflict, code: "slug_taken", title: "Address already used",
                           detail: "Another activation of this brand already uses the address \(draft.slug).",
                           fieldErrors: [FieldError("slug", "is already used by another activation of this brand")])
        }
    }

    /// Replaces an activation's settings; once live only its texts and cover image may change, once closed nothing.
    func update(_ id: Int64, with input: ActivationInput, brand: Brand, access: BrandAccess) async throws -> Activation {
        try access.require(.manageActivations)
        let current = try await store.activation(id, access: access)
        let draft = try await validated(input, brand: brand, access: access)
        guard draft.kind == current.kind else { throw AppError.invalid("kind", "cannot change once created (it is \(current.kind.rawValue))") }
        let oldPrizes = try await store.prizes(activationID: id)
        var proposed = current
        proposed.slug = draft.slug
        proposed.unitID = draft.unitID
        proposed.content = draft.content
        proposed.opensLocal = draft.opensLocal
        proposed.closesLocal = draft.closesLocal
        proposed.timeZone = draft.timeZone
        proposed.eligibility = draft.eligibility
        proposed.poll = draft.poll
        proposed.quiz = draft.quiz
        proposed.idea = draft.idea
        proposed.draw.randomnessSource = draft.randomnessSource
        let changed = ActivationEditPolicy.changes(from: current, oldPrizes: oldPrizes, to: proposed, newPrizes: draft.prizes, newRulesBody: draft.rulesBody)
        let status = current.status()
        let forbidden = ActivationEditPolicy.forbidden(changed, status: status, kind: current.kind)
        guard forbidden.isEmpty else {
            throw AppError(status: .conflict, code: "locked", title: "Cannot change now",
                           detail: "The activation is \(status.rawValue): \(forbidden.map(\.rawValue).joined(separator: ", ")) can no longer change."
                               + (status == .scheduled ? " Unschedule it first: its winning moments were drawn from its period and prizes." : ""),
                           fieldErrors: forbidden.map { FieldError($0.rawValue, "can no longer change (the activation is \(status.rawValue))") })
        }
        do {
            try await database.transaction { sql in
                try await store.update(id, with: draft, on: sql)
                if let idea = draft.idea { try await store.saveIdeaSettings(idea, activationID: id, on: sql) }
                if changed.contains(.prizes) { try await store.replacePrizes(draft.prizes, activationID: id, on: sql) }
                if changed.contains(.rules), let body = draft.rulesBody { try await store.publishRules(body, activationID: id, on: sql) }
                try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                       action: status == .live ? "activation.updated_live" : "activation.updated",
                                       targetKind: "activation", targetID: id,
                                       details: ["changed": changed.map(\.rawValue).sorted().joined(separator: ","), "status": status.rawValue], on: sql)
            }
        } catch let error where UniqueViolation.matches(error) {
            throw AppError(status: .conflict, code: "slug_taken", title: "Address already used",
                           detail: "Another activation of this brand already uses the address \(draft.slug).",
                           fieldErrors: [FieldError("slug", "is already used by another activation of this brand")])
        }
        return try await store.activation(id, access: access)
    }

    /// Applies a lifecycle action. Scheduling a sweepstakes creates its secret seed and publishes the commitment.
    func transition(_ id: Int64, action: LifecycleAction, access: BrandAccess) async throws -> Activation {
        try access.require(.manageActivations)
        try await database.transaction { sql in
            guard let current = try await store.activation(where: "a.id = \(bind: id) AND \(ActivationStore.scope(access))", on: sql, forUpdate: true) else {
                throw AppError.notFound("activation")
            }
            let now = Clock.nowMillis()
            let status = current.status(now: now)
            let prizes = try await store.prizes(activationID: id, on: sql)
            let readiness = ActivationLifecycle.readiness(of: current, prizes: prizes, now: now)
            switch ActivationLifecycle.apply(action, current: status, readiness: readiness, drawn: current.draw.drawnAt != nil || !current.kind.hasDraw) {
            case .failure(let refusal):
                throw AppError(status: refusal.code == "not_ready" ? .unprocessableContent : .conflict, code: refusal.code,
                               title: "Not possible now", detail: refusal.message, fieldErrors: refusal.fieldErrors)
            case .success(let outcome):
                try await store.setStatus(id, status: outcome.status, closesAt: outcome.closesNow ? now : nil, timeZone: current.timeZone, on: sql)
                if action == .schedule && current.kind.commitsSeed && current.draw.commitment == nil {
                    let seed = DrawSeed()
                    let commitment = DrawCommitment(seed: seed)
                    try await sql.raw("""
                        UPDATE activations SET draw_algorithm = \(bind: commitment.algorithm.rawValue), draw_commitment = \(bind: commitment.seedHash),
                            draw_seed = \(bind: seed.hex) WHERE id = \(bind: id)
                        """).run()
                    if current.kind == .instantWin { try await instantWins.commit(current, prizes: prizes, seed: seed, now: now, on: sql) }
                }
                if action == .unschedule && current.kind == .instantWin { try await instantWins.discard(activationID: id, on: sql) }
                try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                       action: "activation.\(action.rawValue)", targetKind: "activation", targetID: id,
                                       details: ["from": status.rawValue, "to": outcome.status.rawValue], on: sql)
            }
        }
        return try await store.activation(id, access: access)
    }

    /// The validated draft, with the unit checked against the brand.
    private func validated(_ input: ActivationInput, brand: Brand, access: BrandAccess) async throws -> ActivationDraft {
        let draft = try input.validated(brand: brand, unitScope: access.unitID)
        if let unit = draft.unitID, access.unitID == nil {
            guard let found = try await tenancy.unit(unit), found.brandID == brand.id else {
                throw AppError.invalid("unitId", "is not a unit of this brand")
            }
        }
        return draft
    }
}
