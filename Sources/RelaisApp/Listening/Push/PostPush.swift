import Foundation

/// Receives posts pushed to a source of kind `push`: the raw body (JSON Lines, the import's
/// format) must be signed with the source's secret (`PushSignature`); posts are then
/// de-duplicated, analysed and matched like polled ones, so a push sent twice stores its posts once.
struct PostPush: Sendable {
    let database: Database
    let sources: FeedSourceStore
    let ingestion: PostIngestion
    /// Called with the brand after posts were stored (alerts are evaluated then).
    var afterStore: @Sendable (Int64) async -> Void = { _ in }

    /// Most bytes in one push.
    static let maxBytes = 5 * 1024 * 1024

    /// Checks the signature, then stores the new posts of `body`; `now` in epoch milliseconds.
    func receive(sourceID: Int64, body: Data, signature: String?, now: Int64 = Clock.nowMillis()) async throws -> PostImport.Report {
        guard let (source, secret) = try await database.readOnly({ sql in try await sources.pushSource(sourceID, on: sql) }) else {
            throw AppError.notFound("push source")
        }
        if case .failure(let refusal) = PushSignature.verify(signature, body: body, secret: secret, now: now / 1_000) {
            throw AppError.unauthorized(refusal.message)
        }
        guard source.enabled else { throw AppError.conflict("This push source is turned off; turn it on to receive posts.") }
        guard let text = String(data: body, encoding: .utf8) else { throw AppError.badRequest("The body is not valid UTF-8 text.") }
        let read = PostImportFormat.jsonLines(text)
        var report = PostImport.Report(read: read.posts.count, errors: read.errors)
        guard !read.posts.isEmpty else { return report }
        let matcher = try await database.readOnly { sql in try await ingestion.matcher(brandID: source.brandID, on: sql) }
        let analysed = ingestion.analyse(read.posts, sourceID: source.id, matcher: matcher, now: now)
        var attempt = 0
        while true {
            attempt += 1
            do {
                report.outcome = try await database.transaction { sql in
                    let outcome = try await ingestion.store(analysed, organisationID: source.organisationID, brandID: source.brandID,
                                                            sourceID: source.id, now: now, on: sql)
                    try await sources.recordPush(source.id, newPosts: outcome.newPosts, now: now, on: sql)
                    return outcome
                }
                break
            } catch where attempt < 2 && UniqueViolation.matches(error) {
                // The same push sent twice at once: the second try finds the first one's posts.
                continue
            }
        }
        if report.outcome.newMentions > 0 { await afterStore(source.brandID) }
        return report
    }
}
