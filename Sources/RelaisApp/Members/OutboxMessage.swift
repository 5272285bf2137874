import SQLKit

/// A message to a member, kept in the outbox until messaging sends it.
struct OutboxMessage: Sendable {
    var organisationID: Int64
    var brandID: Int64?
    var memberID: Int64?
    var channel = "email"
    var recipient: String
    var subject: String
    var body: String
    /// Why it is sent (`activation_entry`, `double_opt_in`, …).
    var purpose: String
    var createdAt: Int64 = Clock.nowMillis()

    /// Puts the message in the outbox inside the caller's transaction (at its end when the work runs grouped).
    func queue(on sql: any SQLDatabase) async throws {
        let values: [any Encodable & Sendable] = [organisationID, brandID, memberID, channel, recipient, subject, body, purpose, createdAt]
        try await WorkGroup.append(.outbox, values, on: sql)
    }
}
