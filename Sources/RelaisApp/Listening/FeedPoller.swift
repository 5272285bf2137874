import Foundation
import Listening
import Logging
import SQLKit
import ServiceLifecycle

/// Polls feed sources: fetches safely (`FeedFetcher`), parses (`FeedParser`), stores new posts
/// and their mentions (`PostIngestion`) and records the source's status, all outside any write
/// transaction except the short one that stores a source's results.
struct FeedPoller: Sendable {
    let database: Database
    let sources: FeedSourceStore
    let ingestion: PostIngestion
    let fetcher: FeedFetcher
    /// False when the instance must not reach the network (`RELAIS_FEED_FETCHING=off`).
    let fetchingEnabled: Bool
    let logger: Logger

    /// Sources taken per round.
    static let batch = 20
    /// How long a taken source stays out of other pollers' reach while it is fetched.
    static let leaseMillis: Int64 = 120_000

    /// What one poll did.
    struct Report: Sendable, Equatable {
        /// `fetched`, `not_modified` or `failed`.
        var outcome: String
        var newPosts = 0
        var duplicates = 0
        var newMentions = 0
        /// Why it failed, for staff.
        var error: String?
    }

    /// Polls every due source (a read first: nothing due, no write); returns how many were polled.
    @discardableResult
    func pollDue(now: Int64 = Clock.nowMillis()) async throws -> Int {
        let due = try await database.readOnly { sql in try await sources.due(now: now, limit: Self.batch, on: sql) }
        guard !due.isEmpty else { return 0 }
        let taken = try await database.transaction { sql in try await sources.claim(due, until: now + Self.leaseMillis, on: sql) }
        for source in taken {
            let report = await poll(source)
            if let error = report.error {
                logger.info("Feed poll failed", metadata: ["source": "\(source.id)", "error": "\(error)"])
            }
        }
        return taken.count
    }

    /// Fetches one source now, stores what is new and records how it went; never throws.
    func poll(_ source: FeedSource, now: Int64 = Clock.nowMillis()) async -> Report {
        do {
            switch try await read(source) {
            case .failure(let failure):
                try await database.transaction { sql in try await sources.recordFailure(source, message: failure.message, now: now, on: sql) }
                return Report(outcome: "failed", error: failure.message)
            case .success(nil):
                try await database.transaction { sql in try await sources.recordSuccess(source, validators: nil, newPosts: 0, now: now, on: sql) }
                return Report(outcome: "not_modified")
            case .success(let (posts, validators)?):
                let matcher = try await database.readOnly { sql in try await ingestion.matcher(brandID: source.brandID, on: sql) }
                let analysed = ingestion.analyse(posts, sourceID: source.id, matcher: matcher, now: now)
                let outcome = try await store(analysed, from: source, validators: validators, now: now)
                return Report(outcome: "fetched", newPosts: outcome.newPosts, duplicates: outcome.duplicates, newMentions: outcome.newMentions)
            }
        } catch {
            logger.error("Feed poll could not be recorded", metadata: ["source": "\(source.id)", "error": "\(error)"])
            return Report(outcome: "failed", error: "The poll could not be recorded.")
        }
    }

    /// Stores a poll's posts and the source's success. A unique violation means another poll of the
    /// same articles (a "poll now" beside the background round) committed first: the second try
    /// then finds them known and stores only what is left.
    private func store(_ analysed: [AnalysedPost], from source: FeedSource, validators: FetchValidators, now: Int64) async throws -> PostIngestion.Outcome {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await database.transaction { sql in
                    let outcome = try await ingestion.store(analysed, organisationID: source.organisationID, brandID: source.brandID,
                                                            sourceID: source.id, now: now, on: sql)
                    try await sources.recordSuccess(source, validators: validators, newPosts: outcome.newPosts, now: now, on: sql)
                    return outcome
                }
            } catch where attempt < 2 && UniqueViolation.matches(error) {
                continue
            }
        }
    }

    /// The posts of the source's feed (nil when unchanged since the last poll), or why they could not be read.
    private func read(_ source: FeedSource) async -> Result<([IncomingPost], FetchValidators)?, FetchFailure> {
        guard fetchingEnabled else {
            return .failure(FetchFailure("disabled", "Fetching feeds is turned off on this instance (RELAIS_FEED_FETCHING=off)."))
        }
        guard let url = URL(string: source.url) else { return .failure(FetchFailure("invalid_url", "The address is not a valid URL.")) }
        do {
            switch try await fetcher.fetch(url, validators: source.validators, allowPrivateNetwork: source.allowPrivateNetwork) {
            case .notModified:
                return .success(nil)
            case .fetched(let document):
                let feed = try FeedParser.parse(data: document.body, url: document.url, contentType: document.contentType)
                return .success((feed.items.map { IncomingPost(item: $0, feedLanguage: feed.language) }, document.validators))
            }
        } catch let failure as FetchFailure {
            return .failure(failure)
        } catch let error as FeedParseError {
            return .failure(FetchFailure("not_a_feed", error.message))
        } catch {
            return .failure(FetchFailure("connection", "The feed could not be read."))
        }
    }
}

/// Polls due feed sources every 30 seconds while Relais runs (each round reads first, and writes
/// only for sources that are due).
struct ListeningService: Service {
    let poller: FeedPoller
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(30)) }
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let polled = try await poller.pollDue()
                if polled > 0 { logger.debug("Feed sources polled", metadata: ["sources": "\(polled)"]) }
            } catch {
                logger.error("Feed polling failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(30)) }
        }
    }
}
