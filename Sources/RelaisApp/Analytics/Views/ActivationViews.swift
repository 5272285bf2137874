import Hummingbird
import Synchronization

/// Views of activations counted in memory: the hosted page served to a person, the widget
/// seen in a visitor's viewport. Counting must cost the public page next to nothing, so a view
/// is one dictionary update under a lock; `ActivationViewService` writes the counts in one
/// transaction every ~10 seconds and at shutdown. Bots are never counted.
///
/// Keys are the slugs of the URL: the fast path knows no activation id, and the writer
/// resolves slugs once per batch. Visitors are told apart only by the visitor cookie that
/// share links set (`ShareVisitor`); without it a view is counted, not its visitor.
final class ActivationViews: Sendable {
    /// What was viewed.
    enum Kind: String, Sendable, CaseIterable {
        /// The hosted activation page, not embedded.
        case page
        /// The embeddable widget, seen in a visitor's viewport (reported by its loader).
        case widget
    }

    /// One activation on one UTC day, for one kind of view.
    struct Key: Hashable, Sendable {
        var brandSlug: String
        var activationSlug: String
        /// Days since 1970-01-01 (UTC).
        var day: Int
        var kind: Kind
    }

    /// Counts taken from memory, to be written.
    struct Batch: Sendable, Equatable {
        var views: [Key: Int] = [:]
        /// Raw visitor ids per key (hashed when written: the lock stays short).
        var visitors: [Key: Set<String>] = [:]
        var isEmpty: Bool { views.isEmpty }
    }

    private let state = Mutex(Batch())
    /// Keys held at most; beyond, views of new keys are dropped (and logged) until the next write.
    let capacity: Int
    /// Visitors remembered per key between two writes; beyond, views still count but not their visitors.
    let visitorsPerKey: Int

    init(capacity: Int = 50_000, visitorsPerKey: Int = 20_000) {
        self.capacity = capacity
        self.visitorsPerKey = visitorsPerKey
    }

    /// Counts a view of the hosted page `key` served for `request`: embedded pages (the widget's
    /// iframe) and bots are not page views.
    func countPage(_ request: Request, key: PublicPageCache.Key) {
        guard !key.embed else { return }
        count(request, brandSlug: key.brandSlug, activationSlug: key.activationSlug, kind: .page)
    }

    /// Counts a view of `kind` unless the request comes from a bot.
    func count(_ request: Request, brandSlug: String, activationSlug: String, kind: Kind, at: Int64 = Clock.nowMillis()) {
        guard !CrawlerAgents.isBot(userAgent: request.headers[.userAgent]) else { return }
        let visitor = request.cookies[ShareVisitor.cookie]?.value
        add(Key(brandSlug: brandSlug, activationSlug: activationSlug, day: Int(at / Clock.dayMillis), kind: kind),
            visitor: visitor.flatMap { ShareVisitor.isWellFormed($0) ? $0 : nil })
    }

    /// Adds one view of `key`, by `visitor` when known.
    func add(_ key: Key, visitor: String?) {
        state.withLock { state in
            if state.views[key] == nil && state.views.count >= capacity { return }
            state.views[key, default: 0] += 1
            if let visitor, state.visitors[key, default: []].count < visitorsPerKey { state.visitors[key, default: []].insert(visitor) }
        }
    }

    /// Everything counted since the last call.
    func take() -> Batch {
        state.withLock { state in
            defer { state = Batch() }
            return state
        }
    }

    /// Puts back a batch whose write failed, so that no view is lost to a passing database error.
    func putBack(_ batch: Batch) {
        for (key, views) in batch.views {
            state.withLock { state in
                state.views[key, default: 0] += views
                state.visitors[key, default: []].formUnion(batch.visitors[key] ?? [])
            }
        }
    }
}
