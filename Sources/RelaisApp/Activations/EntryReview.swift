import SQLKit

/// The review of flagged entries: staff invalidate an entry with a reason, which is kept with the entry and
/// logged (the audit line holds the ids, not the reason, which may name people). Once the draw pool is frozen
/// nothing can change it any more. An invalidated entry earns nothing: the points the brand's rules gave
/// for it are taken back, and a friend it brought through a referral invitation no longer counts.
struct EntryReview: Sendable {
    let database: Database
    let store: ActivationStore
    let entries: EntryStore
    let audit: AuditLog
    let instantWins: InstantWins
    let reversal: EarnedPointsReversal

    /// Invalidates one entry of an activation visible to the caller.
    func invalidate(entryID: Int64, activationID: Int64, reason: String, access: BrandAccess, now: Int64 = Clock.nowMillis()) async throws {
        try access.require(.manageActivations)
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (3...500).contains(reason.count) else { throw AppError.invalid("reason", "must be 3 to 500 characters: say why, for the record") }
        try await database.transaction { sql in
            guard let activation = try await store.activation(where: "a.id = \(bind: activationID) AND \(ActivationStore.scope(access))", on: sql, forUpdate: true) else {
                throw AppError.notFound("activation")
            }
            guard activation.draw.frozenAt == nil else {
                throw AppError(status: .conflict, code: "pool_frozen", title: "Pool frozen",
                               detail: "The draw pool was frozen at closing and published; its entries can no longer change.")
            }
            guard let memberID = try await entries.invalidate(entryID: entryID, activationID: activationID, reason: reason, now: now, on: sql) else {
                throw AppError.invalid("entryId", "is not a valid entry of this activation")
            }
            if activation.kind == .instantWin { try await instantWins.release(entryID: entryID, now: now, on: sql) }
            try await reversal.reverse(entryID: entryID, memberID: memberID, activationID: activationID, brandID: activation.brandID,
                                       organisationID: activation.organisationID, now: now, on: sql)
            try await ReferralStore.reject(entryID: entryID, reason: "entry_invalidated", on: sql)
            try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                   action: "activation.entry_invalidated", targetKind: "activation", targetID: activationID,
                                   details: ["entry": String(entryID)], on: sql)
        }
    }
}
