import Foundation
import Hummingbird

/// `/api/v1/listening/statistics/…`: where the brand is discussed (sites and sources), share of
/// voice and top authors, over a period.
struct ListeningReportsAPI: Sendable {
    let services: AppServices

    func addRoutes(to group: RouterGroup<APIContext>) {
        group.get("listening/statistics/sites", use: sites)
        group.get("listening/statistics/sources", use: sources)
        group.get("listening/statistics/share-of-voice", use: shareOfVoice)
        group.get("listening/statistics/authors", use: authors)
    }

    @Sendable func sites(_ request: Request, context: APIContext) async throws -> Response {
        try await places(request, context: context, bySource: false)
    }

    @Sendable func sources(_ request: Request, context: APIContext) async throws -> Response {
        try await places(request, context: context, bySource: true)
    }

    private func places(_ request: Request, context: APIContext, bySource: Bool) async throws -> Response {
        try context.access.require(.readListening)
        let query = request.queryDictionary
        let period = try ListeningPeriod(query: query)
        let order: ListeningReports.PlaceOrder
        switch query["order"] ?? "" {
        case "", "posts": order = .posts
        case "negativeShare": order = .negativeShare
        default: throw AppError.invalid("order", "must be posts or negativeShare")
        }
        let places = try await services.listeningReports.places(
            access: context.access, bySource: bySource, queryID: try ListeningPeriod.id(query, "query"), since: period.since, until: period.until,
            order: order, minPosts: try ListeningPeriod.number(query, "minPosts", default: 5, range: 1...100_000),
            limit: try ListeningPeriod.number(query, "limit", default: 20, range: 1...200))
        return try JSONOutput.response(PlaceReportDTO(period: period, order: order.rawValue, items: places.map { PlaceReportDTO.Item($0, bySource: bySource) }))
    }

    @Sendable func shareOfVoice(_ request: Request, context: APIContext) async throws -> Response {
        let period = try ListeningPeriod(query: request.queryDictionary)
        let (shares, days) = try await services.listeningReports.shareOfVoice(access: context.access, since: period.since, until: period.until)
        return try JSONOutput.response(ShareOfVoiceDTO(period: period, shares: shares, days: days))
    }

    @Sendable func authors(_ request: Request, context: APIContext) async throws -> Response {
        let query = request.queryDictionary
        let period = try ListeningPeriod(query: query)
        let authors = try await services.listeningReports.topAuthors(access: context.access, queryID: try ListeningPeriod.id(query, "query"),
                                                                     since: period.since, until: period.until,
                                                                     limit: try ListeningPeriod.number(query, "limit", default: 20, range: 1...200))
        let showMembers = context.access.can(.readMembers)
        return try JSONOutput.response(TopAuthorsDTO(since: Clock.iso(period.since), until: Clock.iso(period.until), items: authors.map {
            TopAuthorsDTO.Item(author: $0.author, posts: $0.posts, positive: $0.positive, neutral: $0.neutral, negative: $0.negative,
                               memberId: showMembers ? $0.memberID : nil)
        }))
    }
}

/// Answer of `statistics/sites` and `statistics/sources`.
struct PlaceReportDTO: Codable, Sendable {
    struct Item: Codable, Sendable {
        var site: String?
        var sourceId: Int64?
        var name: String
        var posts: Int
        var negative: Int
        var negativeShare: Double

        init(_ place: DiscussionPlace, bySource: Bool) {
            site = bySource ? nil : place.key
            sourceId = place.sourceID
            name = place.name
            posts = place.posts
            negative = place.negative
            negativeShare = (place.negativeShare * 10_000).rounded() / 10_000
        }
    }

    var since: String
    var until: String
    var order: String
    var items: [Item]

    init(period: ListeningPeriod, order: String, items: [Item]) {
        since = Clock.iso(period.since)
        until = Clock.iso(period.until)
        self.order = order
        self.items = items
    }
}

/// Answer of `statistics/share-of-voice`.
struct ShareOfVoiceDTO: Codable, Sendable {
    struct Share: Codable, Sendable {
        var queryId: Int64
        var name: String
        var kind: String
        var mentions: Int
        var share: Double
    }

    struct Day: Codable, Sendable {
        var day: String
        var queries: [DayQuery]
    }

    struct DayQuery: Codable, Sendable {
        var queryId: Int64
        var mentions: Int
        var share: Double
    }

    var since: String
    var until: String
    var queries: [Share]
    var days: [Day]

    init(period: ListeningPeriod, shares: [VoiceShare], days: [VoiceDay]) {
        since = Clock.iso(period.since)
        until = Clock.iso(period.until)
        queries = shares.map { Share(queryId: $0.queryID, name: $0.name, kind: $0.kind.rawValue, mentions: $0.mentions, share: (($0.share) * 10_000).rounded() / 10_000) }
        self.days = days.map { day in
            let total = day.mentions.values.reduce(0, +)
            return Day(day: day.day, queries: day.mentions.keys.sorted().map { id in
                let count = day.mentions[id] ?? 0
                return DayQuery(queryId: id, mentions: count, share: total == 0 ? 0 : (Double(count) / Double(total) * 10_000).rounded() / 10_000)
            })
        }
    }
}

/// Answer of `statistics/authors`.
struct TopAuthorsDTO: Codable, Sendable {
    struct Item: Codable, Sendable {
        var author: String
        var posts: Int
        var positive: Int
        var neutral: Int
        var negative: Int
        /// Only for keys that may read members.
        var memberId: Int64?
    }

    var since: String
    var until: String
    var items: [Item]
}
