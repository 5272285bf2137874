import Foundation

/// Imports posts exported from other tools (JSON Lines or CSV, `PostImportFormat`): they are
/// de-duplicated, analysed and matched against the brand's queries like polled posts.
struct PostImport: Sendable {
    let database: Database
    let ingestion: PostIngestion
    let audit: AuditLog
    /// Called with the brand after mentions were stored (alerts are evaluated then).
    var afterStore: @Sendable (Int64) async -> Void = { _ in }

    /// What an import did.
    struct Report: Sendable, Equatable {
        var read = 0
        var outcome = PostIngestion.Outcome()
        var errors: [PostImportFormat.LineError] = []
    }

    /// Reads `data` in `format` (`jsonl` or `csv`) and stores its new posts and mentions.
    func run(format: String, data: String, access: BrandAccess, now: Int64 = Clock.nowMillis()) async throws -> Report {
        try access.require(.manageListening)
        let read: (posts: [IncomingPost], errors: [PostImportFormat.LineError])
        switch format {
        case "jsonl": read = PostImportFormat.jsonLines(data)
        case "csv": read = PostImportFormat.csv(data)
        default: throw AppError.invalid("format", "must be jsonl or csv")
        }
        var report = Report(read: read.posts.count, errors: read.errors)
        guard !read.posts.isEmpty else { return report }
        let matcher = try await database.readOnly { sql in try await ingestion.matcher(brandID: access.brandID, on: sql) }
        let analysed = ingestion.analyse(read.posts, sourceID: nil, matcher: matcher, now: now)
        report.outcome = try await database.transaction { sql in
            let outcome = try await ingestion.store(analysed, organisationID: access.organisationID, brandID: access.brandID,
                                                    sourceID: nil, now: now, on: sql)
            try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                   action: "listening.posts.imported", targetKind: "brand", targetID: access.brandID,
                                   details: ["format": format, "posts": String(outcome.newPosts)], on: sql)
            return outcome
        }
        if report.outcome.newMentions > 0 { await afterStore(access.brandID) }
        return report
    }
}
