import Foundation

/// Body of `POST /api/v1/listening/sources` and `PATCH /api/v1/listening/sources/{id}`.
struct FeedSourceInput: APIInput {
    static let fieldNames: Set<String> = ["kind", "url", "label", "pollIntervalMinutes", "enabled", "allowPrivateNetwork"]
    var kind: String?
    var url: String?
    var label: String?
    var pollIntervalMinutes: Int?
    var enabled: Bool?
    var allowPrivateNetwork: Bool?

    /// The changes it asks for.
    var changes: FeedSourceChanges {
        FeedSourceChanges(kind: kind, url: url, label: label, pollIntervalMinutes: pollIntervalMinutes, enabled: enabled, allowPrivateNetwork: allowPrivateNetwork)
    }
}

/// Body of `POST /api/v1/listening/queries` and `PATCH /api/v1/listening/queries/{id}`.
struct ListeningQueryInput: APIInput {
    static let fieldNames: Set<String> = ["name", "kind", "query"]
    var name: String?
    var kind: String?
    var query: String?

    /// The changes it asks for.
    var changes: ListeningQueryChanges { ListeningQueryChanges(name: name, kind: kind, query: query) }
}

struct FeedSourceDTO: Codable, Sendable {
    var id: Int64
    var kind: String
    var url: String
    /// A push source's address (the path under the server's base URL).
    var pushUrl: String?
    /// A push source's secret, only in the answer that created it.
    var pushSecret: String?
    var label: String
    var pollIntervalMinutes: Int
    var enabled: Bool
    var allowPrivateNetwork: Bool
    var status: String
    var lastError: String?
    var consecutiveFailures: Int
    var lastPolledAt: String?
    var lastSuccessAt: String?
    var nextAttemptAt: String
    var postsRead: Int64
    var createdAt: String
    var updatedAt: String

    init(_ source: FeedSource) {
        id = source.id
        kind = source.kind.rawValue
        url = source.url
        pushUrl = source.kind == .push ? "/api/v1/listening/sources/\(source.id)/push" : nil
        pushSecret = source.pushSecret
        label = source.label
        pollIntervalMinutes = source.pollIntervalMinutes
        enabled = source.enabled
        allowPrivateNetwork = source.allowPrivateNetwork
        status = source.status.rawValue
        lastError = source.lastError
        consecutiveFailures = source.consecutiveFailures
        lastPolledAt = source.lastPolledAt.map(Clock.iso)
        lastSuccessAt = source.lastSuccessAt.map(Clock.iso)
        nextAttemptAt = Clock.iso(source.nextAttemptAt)
        postsRead = source.postsRead
        createdAt = Clock.iso(source.createdAt)
        updatedAt = Clock.iso(source.updatedAt)
    }
}

struct PollReportDTO: Codable, Sendable {
    var outcome: String
    var newPosts: Int
    var duplicates: Int
    var newMentions: Int
    var error: String?
    var source: FeedSourceDTO
}

struct ListeningQueryDTO: Codable, Sendable {
    var id: Int64
    var name: String
    var kind: String
    var query: String
    /// The query in canonical form, when it parses.
    var canonical: String?
    /// Why it does not parse any more (never for a query saved through the API, which is checked).
    var error: String?
    var createdAt: String
    var updatedAt: String

    init(_ query: ListeningQuery) {
        id = query.id
        name = query.name
        kind = query.kind.rawValue
        self.query = query.text
        switch query.parsed {
        case .success(let parsed): canonical = parsed.canonicalText
        case .failure(let failure): error = failure.message
        }
        createdAt = Clock.iso(query.createdAt)
        updatedAt = Clock.iso(query.updatedAt)
    }
}

struct MentionDTO: Codable, Sendable {
    struct Post: Codable, Sendable {
        var id: Int64
        var url: String?
        var site: String
        var title: String
        var text: String
        var author: String
        /// The member recognised as the author (only for keys that may read members).
        var memberId: Int64?
    }

    var id: Int64
    var queryId: Int64
    var queryName: String
    var sourceId: Int64?
    var sourceLabel: String?
    var language: String?
    var sentiment: String
    var sentimentScore: Double
    var highlights: [MentionHighlight]
    var publishedAt: String
    var post: Post

    init(_ mention: Mention, showMember: Bool = false) {
        id = mention.id
        queryId = mention.queryID
        queryName = mention.queryName
        sourceId = mention.sourceID
        sourceLabel = mention.sourceLabel
        language = mention.language
        sentiment = mention.sentiment
        sentimentScore = (mention.sentimentScore * 10_000).rounded() / 10_000
        highlights = mention.highlights
        publishedAt = Clock.iso(mention.publishedAt)
        post = Post(id: mention.postID, url: mention.url, site: mention.host, title: mention.title, text: mention.text, author: mention.author,
                    memberId: showMember ? mention.memberID : nil)
    }
}

struct MentionStatisticsDTO: Codable, Sendable {
    struct Day: Codable, Sendable {
        var queryId: Int64
        var day: String
        var mentions: Int
        var negative: Int
        var negativeShare: Double
    }

    var since: String
    var until: String
    var days: [Day]

    init(since: Int64, until: Int64, days: [MentionDay]) {
        self.since = Clock.iso(since)
        self.until = Clock.iso(until)
        self.days = days.map {
            Day(queryId: $0.queryID, day: $0.day, mentions: $0.mentions, negative: $0.negative,
                negativeShare: $0.mentions == 0 ? 0 : (Double($0.negative) / Double($0.mentions) * 10_000).rounded() / 10_000)
        }
    }
}

/// Body of `POST /api/v1/listening/imports`.
struct PostImportInput: APIInput {
    static let fieldNames: Set<String> = ["format", "data"]
    var format: String
    var data: String
}

struct PostImportReportDTO: Codable, Sendable {
    struct LineError: Codable, Sendable {
        var line: Int
        var message: String
    }

    var read: Int
    var newPosts: Int
    var duplicates: Int
    var newMentions: Int
    var errors: [LineError]

    init(_ report: PostImport.Report) {
        read = report.read
        newPosts = report.outcome.newPosts
        duplicates = report.outcome.duplicates
        newMentions = report.outcome.newMentions
        errors = report.errors.map { LineError(line: $0.line, message: $0.message) }
    }
}
