import Foundation
import SQLKit

/// SQL for ideas, their images and votes. Callers scope the activation to the brand first.
struct IdeaStore: Sendable {
    let database: Database

    private static let columns: SQLQueryString = """
        i.*, m.first_name, m.last_name, g.image_key,
            (SELECT COUNT(*) FROM idea_votes v WHERE v.idea_id = i.id) AS votes
        FROM activation_ideas i JOIN members m ON m.id = i.member_id LEFT JOIN idea_images g ON g.idea_id = i.id
        """

    /// Stores the idea of entry `entryID` and its image; returns the idea's id.
    func insert(_ draft: IdeaDraft, activation: Activation, memberID: Int64, entryID: Int64, now: Int64, on sql: any SQLDatabase) async throws -> Int64 {
        let row = try await sql.raw("""
            INSERT INTO activation_ideas (organisation_id, brand_id, activation_id, member_id, entry_id, title, body, status, created_at)
            VALUES (\(bind: activation.organisationID), \(bind: activation.brandID), \(bind: activation.id), \(bind: memberID), \(bind: entryID),
                \(bind: draft.title), \(bind: draft.text), 'pending', \(bind: now))
            RETURNING id
            """).first()
        guard let id = try row?.decode(column: "id", as: Int64.self) else { throw AppError.conflict("The idea could not be saved.") }
        if let image = draft.image {
            try await sql.raw("""
                INSERT INTO idea_images (idea_id, image_key, content_type, byte_size, bytes, created_at)
                VALUES (\(bind: id), \(bind: ActivationEntries.newToken()), \(bind: image.format.contentType), \(bind: image.bytes.count),
                    \(bind: image.bytes), \(bind: now))
                """).run()
        }
        return id
    }

    /// One page of an activation's ideas, newest first; only those in `status` when given.
    func list(activationID: Int64, status: IdeaStatus?, page: PageRequest) async throws -> (items: [Idea], nextCursor: String?) {
        try await database.readOnly { sql in
            let filter: SQLQueryString = status.map { "AND i.status = \(bind: $0.rawValue)" } ?? "AND i.status <> 'erased'"
            let cursor: SQLQueryString = page.afterID.map { "AND i.id < \(bind: $0)" } ?? ""
            let items = try await sql.raw("""
                SELECT \(Self.columns) WHERE i.activation_id = \(bind: activationID) \(filter) \(cursor) ORDER BY i.id DESC LIMIT \(bind: page.limit + 1)
                """).all().map(Self.idea)
            return page.trimmed(items, id: \.id)
        }
    }

    /// Every approved idea of an activation, oldest first (public page, ranking).
    func approved(activationID: Int64) async throws -> [Idea] {
        try await database.readOnly { sql in
            try await sql.raw("""
                SELECT \(Self.columns) WHERE i.activation_id = \(bind: activationID) AND i.status = 'approved' ORDER BY i.id
                """).all().map(Self.idea)
        }
    }

    /// One idea of an activation.
    func idea(_ id: Int64, activationID: Int64, on sql: any SQLDatabase) async throws -> Idea? {
        try await sql.raw("SELECT \(Self.columns) WHERE i.id = \(bind: id) AND i.activation_id = \(bind: activationID)").first().map(Self.idea)
    }

    /// The idea submitted with an entry.
    func idea(entryID: Int64) async throws -> Idea? {
        try await database.readOnly { sql in
            try await sql.raw("SELECT \(Self.columns) WHERE i.entry_id = \(bind: entryID)").first().map(Self.idea)
        }
    }

    /// Records staff's decision on a pending or already moderated idea; false when there is no such idea.
    func moderate(_ id: Int64, activationID: Int64, status: IdeaStatus, reason: String?, now: Int64, on sql: any SQLDatabase) async throws -> Bool {
        try await sql.raw("""
            UPDATE activation_ideas SET status = \(bind: status.rawValue), rejection_reason = \(bind: reason), moderated_at = \(bind: now),
                jury_rank = CASE WHEN \(bind: status.rawValue) = 'approved' THEN jury_rank ELSE NULL END
            WHERE id = \(bind: id) AND activation_id = \(bind: activationID) AND status IN ('pending', 'approved', 'rejected') RETURNING id
            """).first() != nil
    }

    /// Puts an approved idea among the jury's picks (after the others) or takes it out.
    func setJuryPick(_ id: Int64, activationID: Int64, picked: Bool, on sql: any SQLDatabase) async throws -> Bool {
        if picked {
            let next = try await sql.raw("""
                SELECT COALESCE(MAX(jury_rank), 0) + 1 AS n FROM activation_ideas WHERE activation_id = \(bind: activationID)
                """).first()?.decode(column: "n", as: Int.self) ?? 1
            return try await sql.raw("""
                UPDATE activation_ideas SET jury_rank = COALESCE(jury_rank, \(bind: next))
                WHERE id = \(bind: id) AND activation_id = \(bind: activationID) AND status = 'approved' RETURNING id
                """).first() != nil
        }
        return try await sql.raw("""
            UPDATE activation_ideas SET jury_rank = NULL WHERE id = \(bind: id) AND activation_id = \(bind: activationID) RETURNING id
            """).first() != nil
    }

    /// Records a member's vote for an idea; false when that member already voted for it.
    func vote(ideaID: Int64, activationID: Int64, memberID: Int64, now: Int64, on sql: any SQLDatabase) async throws -> Bool {
        try await sql.raw("""
            INSERT INTO idea_votes (activation_id, idea_id, member_id, created_at)
            VALUES (\(bind: activationID), \(bind: ideaID), \(bind: memberID), \(bind: now))
            ON CONFLICT (idea_id, member_id) DO NOTHING RETURNING id
            """).first() != nil
    }

    /// The ideas of an activation a member voted for.
    func votedIdeas(activationID: Int64, memberID: Int64) async throws -> Set<Int64> {
        try await database.readOnly { sql in
            Set(try await sql.raw("""
                SELECT idea_id FROM idea_votes WHERE activation_id = \(bind: activationID) AND member_id = \(bind: memberID)
                """).all().map { try $0.decode(column: "idea_id", as: Int64.self) })
        }
    }

    /// An image by its key, with the idea it belongs to.
    func image(key: String) async throws -> (activationID: Int64, ideaStatus: IdeaStatus, contentType: String, bytes: Data)? {
        try await database.readOnly { sql in
            guard let row = try await sql.raw("""
                SELECT i.activation_id, i.status, g.content_type, g.bytes FROM idea_images g JOIN activation_ideas i ON i.id = g.idea_id
                WHERE g.image_key = \(bind: key)
                """).first() else { return nil }
            return (try row.decode(column: "activation_id", as: Int64.self),
                    IdeaStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .pending,
                    try row.decode(column: "content_type", as: String.self), try row.decode(column: "bytes", as: Data.self))
        }
    }

    /// The idea of a row selected with `columns`.
    static func idea(_ row: any SQLRow) throws -> Idea {
        Idea(id: try row.decode(column: "id", as: Int64.self), activationID: try row.decode(column: "activation_id", as: Int64.self),
             memberID: try row.decode(column: "member_id", as: Int64.self), entryID: try row.decode(column: "entry_id", as: Int64.self),
             title: try row.decode(column: "title", as: String.self), text: try row.decode(column: "body", as: String.self),
             status: IdeaStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .pending,
             rejectionReason: try row.optional("rejection_reason"), moderatedAt: try row.optional("moderated_at"),
             juryRank: try row.optional("jury_rank", as: Int.self), votes: try row.decode(column: "votes", as: Int.self),
             imageKey: try row.optional("image_key"), createdAt: try row.decode(column: "created_at", as: Int64.self),
             firstName: try row.optional("first_name"), lastName: try row.optional("last_name"))
    }
}
