import Foundation
import SQLKit

/// What staff and API keys do with a brand's listening: sources and queries, with permissions
/// checked and every change in the audit log.
struct ListeningActions: Sendable {
    let database: Database
    let sources: FeedSourceStore
    let queries: ListeningQueryStore
    let poller: FeedPoller
    let audit: AuditLog
    let rematch: QueryRematch

    /// The brand's source; 404 for another brand's.
    func source(_ id: Int64, access: BrandAccess) async throws -> FeedSource {
        try access.require(.readListening)
        guard let source = try await database.readOnly({ sql in try await sources.source(id, brandID: access.brandID, on: sql) }) else {
            throw AppError.notFound("source")
        }
        return source
    }

    /// Every source of the brand.
    func sources(access: BrandAccess) async throws -> [FeedSource] {
        try access.require(.readListening)
        return try await database.readOnly { sql in try await sources.sources(brandID: access.brandID, on: sql) }
    }

    /// Adds a source: a feed, polled by the background job from now on, or a push source, whose
    /// secret is generated here and returned this once.
    func createSource(_ changes: FeedSourceChanges, access: BrandAccess, now: Int64 = Clock.nowMillis()) async throws -> FeedSource {
        try access.require(.manageListening)
        let errors = changes.validate(creating: true)
        guard errors.isEmpty else { throw AppError.validation(errors) }
        let kind = changes.kind.flatMap(FeedSourceKind.init(rawValue:)) ?? .feed
        if kind == .push { return try await createPushSource(changes, access: access, now: now) }
        guard let rawURL = changes.url else { throw AppError.validation(errors) }
        let allowPrivate = changes.allowPrivateNetwork ?? false
        if allowPrivate { try access.require(.allowPrivateFeeds) }
        let url = rawURL.trimmingCharacters(in: .whitespaces)
        let label = Self.label(changes.label, url: url)
        return try await database.transaction { sql in
            let source = try await sources.insert(organisationID: access.organisationID, brandID: access.brandID, url: url, label: label,
                                                  pollIntervalMinutes: changes.pollIntervalMinutes ?? 60, enabled: changes.enabled ?? true,
                                                  allowPrivateNetwork: allowPrivate, now: now, on: sql)
            try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                   action: "listening.source.created", targetKind: "listening_source", targetID: source.id,
                                   details: ["url": url, "privateNetwork": String(allowPrivate)], on: sql)
            return source
        }
    }

    private func createPushSource(_ changes: FeedSourceChanges, access: BrandAccess, now: Int64) async throws -> FeedSource {
        let secret = "whsec_" + Secrets.token(bytes: 24)
        let label = changes.label.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 } ?? "Push"
        var source = try await database.transaction { sql in
            let source = try await sources.insert(organisationID: access.organisationID, brandID: access.brandID, kind: .push, url: "", label: label,
                                                  pollIntervalMinutes: changes.pollIntervalMinutes ?? 60, enabled: changes.enabled ?? true,
                                                  allowPrivateNetwork: false, pushSecret: secret, now: now, on: sql)
            try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                   action: "listening.source.created", targetKind: "listening_source", targetID: source.id,
                                   details: ["kind": "push"], on: sql)
            return source
        }
        source.pushSecret = secret
        return source
    }

    /// Changes a source. Only an owner may turn the private-network override on, and a new URL set
    /// by anyone else turns it off: the override is given to one address, not to whatever replaces it.
    func updateSource(_ id: Int64, _ changes: FeedSourceChanges, access: BrandAccess, now: Int64 = Clock.nowMillis()) async throws -> FeedSource {
        try access.require(.manageListening)
        var source = try await source(id, access: access)
        let errors = changes.validate(creating: false, kind: source.kind)
        guard errors.isEmpty else { throw AppError.validation(errors) }
        if changes.allowPrivateNetwork == true && !source.allowPrivateNetwork { try access.require(.allowPrivateFeeds) }
        let newURL = changes.url?.trimmingCharacters(in: .whitespaces)
        let urlChanged = newURL != nil && newURL != source.url
        if let newURL { source.url = newURL }
        if let label = changes.label { source.label = Self.label(label, url: source.url) }
        if let minutes = changes.pollIntervalMinutes { source.pollIntervalMinutes = minutes }
        if let enabled = changes.enabled { source.enabled = enabled }
        if let allow = changes.allowPrivateNetwork { source.allowPrivateNetwork = allow }
        if urlChanged && !access.can(.allowPrivateFeeds) { source.allowPrivateNetwork = false }
        let updated = source
        return try await database.transaction { sql in
            try await sources.update(updated, urlChanged: urlChanged, now: now, on: sql)
            try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                   action: "listening.source.updated", targetKind: "listening_source", targetID: id,
                                   details: ["url": updated.url, "privateNetwork": String(updated.allowPrivateNetwork)], on: sql)
            guard let saved = try await sources.source(id, brandID: access.brandID, on: sql) else { throw AppError.notFound("source") }
            return saved
        }
    }

    /// Deletes a source with the posts read from it and their mentions.
    func deleteSource(_ id: Int64, access: BrandAccess) async throws {
        try access.require(.manageListening)
        let source = try await source(id, access: access)
        try await database.transaction { sql in
            try await sources.delete(source.id, on: sql)
            try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                   action: "listening.source.deleted", targetKind: "listening_source", targetID: id,
                                   details: ["url": source.url], on: sql)
        }
    }

    /// Polls the source now, whatever its schedule; the source is looked up (404) before anything is fetched.
    func pollNow(_ id: Int64, access: BrandAccess) async throws -> (FeedSource, FeedPoller.Report) {
        try access.require(.manageListening)
        let source = try await source(id, access: access)
        guard source.kind == .feed else { throw AppError.conflict("A push source is not polled: posts are sent to it.") }
        let report = await poller.poll(source)
        return (try await self.source(id, access: access), report)
    }

    /// The brand's query; 404 for another brand's.
    func query(_ id: Int64, access: BrandAccess) async throws -> ListeningQuery {
        try access.require(.readListening)
        guard let query = try await database.readOnly({ sql in try await queries.query(id, brandID: access.brandID, on: sql) }) else {
            throw AppError.notFound("query")
        }
        return query
    }

    /// Every query of the brand.
    func queries(access: BrandAccess) async throws -> [ListeningQuery] {
        try access.require(.readListening)
        return try await database.readOnly { sql in try await queries.queries(brandID: access.brandID, on: sql) }
    }

    /// Adds a query; it matches the posts that arrive from now on, and the background job matches those of the last 30 days.
    func createQuery(_ changes: ListeningQueryChanges, access: BrandAccess, now: Int64 = Clock.nowMillis()) async throws -> ListeningQuery {
        try access.require(.manageListening)
        let errors = changes.validate(creating: true)
        guard errors.isEmpty, let name = changes.name, let text = changes.query else { throw AppError.validation(errors) }
        let kind = changes.kind.flatMap(ListeningQueryKind.init(rawValue:)) ?? .brand
        return try await database.transaction { sql in
            let query = try await queries.insert(organisationID: access.organisationID, brandID: access.brandID,
                                                 name: name.trimmingCharacters(in: .whitespaces), kind: kind, text: text, now: now, on: sql)
            try await rematch.request(queryID: query.id, brandID: access.brandID, now: now, on: sql)
            try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                   action: "listening.query.created", targetKind: "listening_query", targetID: query.id,
                                   details: ["name": query.name, "kind": kind.rawValue], on: sql)
            return query
        }
    }

    /// Changes a query; mentions already found stay, new posts and those of the last 30 days are matched with the new text.
    func updateQuery(_ id: Int64, _ changes: ListeningQueryChanges, access: BrandAccess, now: Int64 = Clock.nowMillis()) async throws -> ListeningQuery {
        try access.require(.manageListening)
        var query = try await query(id, access: access)
        let errors = changes.validate(creating: false)
        guard errors.isEmpty else { throw AppError.validation(errors) }
        if let name = changes.name { query.name = name.trimmingCharacters(in: .whitespaces) }
        if let kind = changes.kind.flatMap(ListeningQueryKind.init(rawValue:)) { query.kind = kind }
        let textChanged = changes.query != nil && changes.query != query.text
        if let text = changes.query { query.text = text }
        let updated = query
        return try await database.transaction { sql in
            try await queries.update(updated, now: now, on: sql)
            if textChanged { try await rematch.request(queryID: id, brandID: access.brandID, textChanged: true, now: now, on: sql) }
            try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                   action: "listening.query.updated", targetKind: "listening_query", targetID: id,
                                   details: ["name": updated.name, "kind": updated.kind.rawValue], on: sql)
            guard let saved = try await queries.query(id, brandID: access.brandID, on: sql) else { throw AppError.notFound("query") }
            return saved
        }
    }

    /// Deletes a query and its mentions.
    func deleteQuery(_ id: Int64, access: BrandAccess) async throws {
        try access.require(.manageListening)
        let query = try await query(id, access: access)
        try await database.transaction { sql in
            try await queries.delete(query.id, on: sql)
            try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                   action: "listening.query.deleted", targetKind: "listening_query", targetID: id,
                                   details: ["name": query.name], on: sql)
        }
    }

    /// The label given, or the feed's host when none is.
    private static func label(_ given: String?, url: String) -> String {
        if let given, !given.trimmingCharacters(in: .whitespaces).isEmpty { return given.trimmingCharacters(in: .whitespaces) }
        return URL(string: url)?.host ?? (url.isEmpty ? "Push" : url)
    }
}
