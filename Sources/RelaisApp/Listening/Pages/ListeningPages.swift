import Foundation
import HTTPTypes
import Hummingbird

/// The back-office listening page ("Écoute"): the mention stream with its filters, mentions per
/// day over the last 30 days as an SVG chart, the sources with their status and the queries with
/// their errors.
struct ListeningPages: Sendable {
    let services: AppServices
    let renderer: PageRenderer

    /// Mentions per page of the stream.
    static let mentionsPerPage = 30
    /// Queries drawn as lines on the chart; the others are in the stream only.
    static let chartedQueries = 6

    func addRoutes(to staff: RouterGroup<StaffContext>) {
        staff.get("listening", use: show)
        staff.post("listening/sources", use: addSource)
        staff.post("listening/queries", use: addQuery)
        staff.post("listening/sources/{id}/poll", use: pollSource)
        staff.post("listening/sources/{id}", use: editSource)
        staff.post("listening/sources/{id}/delete", use: deleteSource)
        staff.post("listening/queries/{id}", use: editQuery)
        staff.post("listening/queries/{id}/delete", use: deleteQuery)
        ListeningAlertPages(services: services, renderer: renderer).addRoutes(to: staff)
    }

    /// What was typed in the page's forms, shown again with its errors when it is refused.
    struct Forms {
        /// The source or query whose edit form is refused, with its errors.
        var editing: (kind: String, id: Int64, errors: [FieldError])? = nil
        var source: [String: String] = ["url": "", "label": "", "interval": ""]
        var sourceErrors: [FieldError] = []
        var query: [String: String] = ["name": "", "kind": "brand", "query": ""]
        var queryErrors: [FieldError] = []
        /// The push source just created, with its secret (shown once).
        var createdPush: [String: String]? = nil
    }

    @Sendable func show(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        return try await render(frame, context: context, parameters: request.queryDictionary, forms: Forms())
    }

    @Sendable func addSource(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let form = try await FormData.read(request, limit: 16 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        let values = ["url": form["url"] ?? "", "label": form["label"] ?? "", "interval": form["interval"] ?? ""]
        let interval = values["interval"].flatMap { $0.isEmpty ? nil : $0 }
        guard interval == nil || Int(interval ?? "") != nil else {
            return try await render(frame, context: context, parameters: [:], status: .unprocessableContent,
                                    forms: Forms(source: values, sourceErrors: [FieldError("pollIntervalMinutes", "must be a whole number")]))
        }
        do {
            if form["kind"] == "push" {
                // The secret is shown on this answer only: the page is rendered, not redirected.
                let source = try await services.listening.createSource(FeedSourceChanges(kind: "push", url: nil, label: values["label"]), access: frame.access)
                var forms = Forms()
                forms.createdPush = ["id": String(source.id), "secret": source.pushSecret ?? "",
                                     "url": "\(services.configuration.publicBaseURL)/api/v1/listening/sources/\(source.id)/push"]
                return try await render(frame, context: context, parameters: [:], status: .created, forms: forms)
            }
            _ = try await services.listening.createSource(FeedSourceChanges(url: values["url"], label: values["label"],
                                                                            pollIntervalMinutes: interval.flatMap { Int($0) }), access: frame.access)
            return Response(status: .seeOther, headers: [.location: "/listening#listening-sources"])
        } catch let error as AppError where error.status == .unprocessableContent {
            return try await render(frame, context: context, parameters: [:], status: .unprocessableContent,
                                    forms: Forms(source: values, sourceErrors: error.fieldErrors))
        }
    }

    @Sendable func addQuery(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let form = try await FormData.read(request, limit: 16 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        let values = ["name": form["name"] ?? "", "kind": form["kind"] ?? "brand", "query": form["query"] ?? ""]
        do {
            _ = try await services.listening.createQuery(ListeningQueryChanges(name: values["name"], kind: values["kind"], query: values["query"]),
                                                         access: frame.access)
            return Response(status: .seeOther, headers: [.location: "/listening#listening-queries"])
        } catch let error as AppError where error.status == .unprocessableContent {
            return try await render(frame, context: context, parameters: [:], status: .unprocessableContent,
                                    forms: Forms(query: values, queryErrors: error.fieldErrors))
        }
    }

    @Sendable func pollSource(_ request: Request, context: StaffContext) async throws -> Response {
        let frame = try await BackOfficeFrame.load(context, services: services)
        let form = try await FormData.read(request, limit: 4 * 1024)
        try BackOfficeFrame.checkCSRF(form, session: context.session)
        _ = try await services.listening.pollNow(try context.parameters.id("id", what: "source"), access: frame.access)
        return Response(status: .seeOther, headers: [.location: "/listening#listening-sources"])
    }

    func render(_ frame: BackOfficeFrame, context: StaffContext, parameters: [String: String], status: HTTPResponse.Status = .ok,
                        forms: Forms) async throws -> Response {
        let access = frame.access
        try access.require(.readListening)
        let language = context.language
        let filter = (try? MentionFilter(query: parameters)) ?? MentionFilter()
        let page = try await services.mentions.mentions(access: access, filter: filter,
                                                         page: try PageRequest(query: ["limit": String(Self.mentionsPerPage), "cursor": parameters["cursor"] ?? ""]))
        let sources = try await services.listening.sources(access: access)
        let queries = try await services.listening.queries(access: access)
        let chart = try await volumeChart(access: access, queries: queries, language: language)
        let insights = try await ListeningInsights(services: services).values(access: access, language: language)
        let showMembers = access.can(.readMembers)
        func editErrors(_ kind: String, _ id: Int64) -> [[String: String]] {
            guard let editing = forms.editing, editing.kind == kind, editing.id == id else { return [] }
            return editing.errors.map { ["message": "\($0.field) : " + FieldMessages.localized($0.message, language)] }
        }
        func selected(_ options: [(String, String)], _ current: String?) -> [[String: Any]] {
            options.map { ["value": $0.0, "label": $0.1, "selected": $0.0 == current] }
        }
        var olderQuery = parameters.filter { $0.key != "cursor" && !$0.value.isEmpty }
        olderQuery["cursor"] = page.nextCursor
        let older = page.nextCursor.map { _ in "/listening?" + olderQuery.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.encoded($0.value))" }.joined(separator: "&") }
        var values: [String: Any] = [
            "chart": chart,
            "queryOptions": selected(queries.map { (String($0.id), $0.name) }, filter.queryID.map(String.init)),
            "sourceOptions": selected(sources.map { (String($0.id), $0.label) }, filter.sourceID.map(String.init)),
            "sentimentOptions": selected(["negative", "neutral", "positive"].map { ($0, Strings.get("listening_sentiment_\($0)", language)) }, filter.sentiment),
            "languageOptions": selected([("fr", "Français"), ("en", "English")], filter.language),
            "since": parameters["since"] ?? "",
            "until": parameters["until"] ?? "",
            "mentions": page.items.map { mention -> [String: Any] in
                [
                    "id": mention.id, "url": mention.url ?? "", "hasURL": mention.url != nil,
                    "titleHTML": HighlightedText.html(mention.title.isEmpty ? mention.host : mention.title,
                                                      highlights: mention.highlights.filter { $0.field == "title" }),
                    "excerptHTML": HighlightedText.excerpt(mention.text, highlights: mention.highlights.filter { $0.field == "text" }),
                    "site": mention.host, "author": mention.author, "query": mention.queryName,
                    "sentiment": mention.sentiment, "sentimentLabel": Strings.get("listening_sentiment_\(mention.sentiment)", language),
                    "language": mention.language ?? "", "day": String(Clock.iso(mention.publishedAt).prefix(10)),
                    "memberLink": mention.memberID.map { "/members/\($0)" } ?? "", "hasMember": showMembers && mention.memberID != nil,
                ]
            },
            "noMentions": page.items.isEmpty,
            "older": older as Any,
            "sources": sources.map { source -> [String: Any] in
                [
                    "id": source.id, "label": source.label, "url": source.url, "status": source.status.rawValue,
                    "statusLabel": Strings.get("listening_status_\(source.status.rawValue)", language),
                    "lastError": source.lastError ?? "", "hasError": source.lastError != nil,
                    "lastPolled": source.lastPolledAt.map { Self.time($0) } ?? "—",
                    "nextPoll": source.enabled ? Self.time(source.nextAttemptAt) : Strings.get("listening_disabled", language),
                    "postsRead": source.postsRead, "private": source.allowPrivateNetwork,
                    "isPush": source.kind == .push, "pushURL": "\(services.configuration.publicBaseURL)/api/v1/listening/sources/\(source.id)/push",
                    "enabled": source.enabled, "interval": source.pollIntervalMinutes, "editErrors": editErrors("source", source.id),
                    "editOpen": !editErrors("source", source.id).isEmpty,
                ]
            },
            "noSources": sources.isEmpty,
            "queries": queries.map { query -> [String: Any] in
                let error: String? = if case .failure(let failure) = query.parsed { failure.message } else { nil }
                return ["id": query.id, "name": query.name, "kind": Strings.get("listening_kind_\(query.kind.rawValue)", language),
                        "text": query.text, "error": error ?? "", "hasError": error != nil,
                        "kindChoices": selected(ListeningQueryKind.allCases.map { ($0.rawValue, Strings.get("listening_kind_\($0.rawValue)", language)) },
                                                query.kind.rawValue),
                        "editErrors": editErrors("query", query.id), "editOpen": !editErrors("query", query.id).isEmpty]
            },
            "noQueries": queries.isEmpty,
            "canWrite": access.can(.manageListening),
            "sourceForm": forms.source, "queryForm": forms.query,
            "kindOptions": selected(ListeningQueryKind.allCases.map { ($0.rawValue, Strings.get("listening_kind_\($0.rawValue)", language)) },
                                    forms.query["kind"] ?? "brand"),
            "sourceErrors": forms.sourceErrors.map { ["message": "\($0.field) : " + FieldMessages.localized($0.message, language)] },
            "queryErrors": forms.queryErrors.map { ["message": FieldMessages.localized($0.message, language)] },
        ]
        values.merge(insights) { current, _ in current }
        if let push = forms.createdPush { values["createdPush"] = push }
        return renderer.page("listening", frame.values(values, active: "listening"), language: language, status: status)
    }

    /// Mentions per day of the most-mentioned queries over the last 30 days, every day present.
    private func volumeChart(access: BrandAccess, queries: [ListeningQuery], language: UILanguage) async throws -> String {
        let end = (Clock.nowMillis() / Clock.dayMillis + 1) * Clock.dayMillis
        let start = end - 30 * Clock.dayMillis
        let days = try await services.mentions.statistics(access: access, queryID: nil, since: start, until: end)
        let labels = (0..<30).map { String(Clock.iso(start + Int64($0) * Clock.dayMillis).prefix(10)) }
        var totals: [Int64: Int] = [:]
        for day in days { totals[day.queryID, default: 0] += day.mentions }
        let charted = queries.filter { totals[$0.id] != nil }.sorted { (totals[$0.id] ?? 0) > (totals[$1.id] ?? 0) }.prefix(Self.chartedQueries)
        let series = charted.map { query in
            ChartSeries(name: query.name, counts: labels.map { label in days.first { $0.queryID == query.id && $0.day == label }?.mentions ?? 0 })
        }
        let chart = LineChart(frame: ChartFrame(id: "listening-volume", title: Strings.get("listening_chart_title", language),
                                                description: Strings.get("listening_chart_desc", language),
                                                emptyMessage: Strings.get("chart_empty", language)),
                              labels: series.isEmpty ? [] : labels, series: series)
        return chart.svg()
    }

    /// A time as `YYYY-MM-DD HH:MM` UTC.
    static func time(_ millis: Int64) -> String {
        String(Clock.iso(millis).prefix(16)).replacingOccurrences(of: "T", with: " ")
    }

    /// A query-string value, percent-encoded.
    static func encoded(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }
}

/// Text with its highlighted stretches in `<mark>`, everything escaped. Pure.
enum HighlightedText {
    /// The whole of `text` with the highlights (UTF-16 offsets) marked.
    static func html(_ text: String, highlights: [MentionHighlight]) -> String {
        let units = Array(text.utf16)
        var html = ""
        var position = 0
        for highlight in highlights.sorted(by: { $0.start < $1.start }) where highlight.start >= position && highlight.end <= units.count {
            html += SVGText.escaped(String(decoding: units[position..<highlight.start], as: UTF16.self))
            html += "<mark>" + SVGText.escaped(String(decoding: units[highlight.start..<highlight.end], as: UTF16.self)) + "</mark>"
            position = highlight.end
        }
        return html + SVGText.escaped(String(decoding: units[position...], as: UTF16.self))
    }

    /// About 300 characters of `text` around its first highlight, marked.
    static func excerpt(_ text: String, highlights: [MentionHighlight], length: Int = 300) -> String {
        let units = Array(text.utf16)
        guard units.count > length else { return html(text, highlights: highlights) }
        let first = highlights.map(\.start).min() ?? 0
        var start = max(0, first - length / 3)
        var end = min(units.count, start + length)
        // Never cut a surrogate pair.
        while start > 0, UTF16.isTrailSurrogate(units[start]) { start -= 1 }
        while end < units.count, UTF16.isTrailSurrogate(units[end]) { end += 1 }
        let shifted = highlights.filter { $0.start >= start && $0.end <= end }
            .map { MentionHighlight(field: $0.field, start: $0.start - start, end: $0.end - start, text: $0.text) }
        let piece = String(decoding: units[start..<end], as: UTF16.self)
        return (start > 0 ? "…" : "") + html(piece, highlights: shifted) + (end < units.count ? "…" : "")
    }
}
