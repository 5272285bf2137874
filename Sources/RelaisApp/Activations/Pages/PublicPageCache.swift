import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// The anonymous entry page of each activation, rendered once and served from memory.
///
/// The page a first-time visitor sees depends only on the activation, the language and whether
/// it is embedded; everything else on it (the one-time form token) is spliced in per request.
/// A page is kept until the earliest of: its lifetime (`PublicPageLifetime`), the next instant
/// at which the activation changes status by itself, or any change made by staff or an API key
/// on this node (`invalidateAll`). Other nodes see such a change when their copy expires, as
/// with the other per-node caches.
final class PublicPageCache: Sendable {
    /// What a cached page depends on.
    struct Key: Hashable, Sendable {
        var brandSlug: String
        var activationSlug: String
        var language: UILanguage
        var embed: Bool
    }

    /// A rendered page cut around its form token.
    struct Page: Sendable {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var beforeToken: ByteBuffer
        var afterToken: ByteBuffer
        var expiresAt: Int64
    }

    /// Text standing for the form token in a page rendered for the cache; a token is letters,
    /// digits, `-` and `_`, so this never occurs in a real one.
    static let tokenMark = "@@relais-form-token@@"

    private struct State {
        var pages: [Key: Page] = [:]
        /// Bumped by every invalidation, so that a page rendered before it is not stored after it.
        var generation: UInt64 = 0
    }

    private let state = Mutex(State())
    private let capacity: Int

    /// A cache of at most `capacity` pages (a full cache starts again empty).
    init(capacity: Int = 2_000) {
        self.capacity = capacity
    }

    /// The response for `key` with a fresh `token` in its form, when a current page is cached.
    func response(for key: Key, token: String, now: Int64) -> Response? {
        guard let page = state.withLock({ $0.pages[key] }), page.expiresAt > now else { return nil }
        var body = ByteBuffer()
        body.reserveCapacity(page.beforeToken.readableBytes + token.utf8.count + page.afterToken.readableBytes)
        body.writeImmutableBuffer(page.beforeToken)
        body.writeString(token)
        body.writeImmutableBuffer(page.afterToken)
        return Response(status: page.status, headers: page.headers, body: .init(byteBuffer: body))
    }

    /// The generation to hand back to `store`, read before rendering.
    var generation: UInt64 { state.withLock { $0.generation } }

    /// Keeps a page rendered with `tokenMark` as its form token; returns false (nothing kept)
    /// when the page has not exactly one such mark or the cache was invalidated since `generation`.
    @discardableResult
    func store(_ response: Response, html: String, for key: Key, expiresAt: Int64, generation: UInt64) -> Bool {
        guard let mark = html.range(of: Self.tokenMark), html[mark.upperBound...].range(of: Self.tokenMark) == nil else { return false }
        // The length of the page as rendered is not the length once a token is spliced in:
        // each response gets its own Content-Length from its body.
        var headers = response.headers
        headers[.contentLength] = nil
        let page = Page(status: response.status, headers: headers,
                        beforeToken: ByteBuffer(string: String(html[..<mark.lowerBound])),
                        afterToken: ByteBuffer(string: String(html[mark.upperBound...])), expiresAt: expiresAt)
        return state.withLock { state in
            guard state.generation == generation else { return false }
            if state.pages.count >= capacity { state.pages.removeAll(keepingCapacity: true) }
            state.pages[key] = page
            return true
        }
    }

    /// Forgets every page: staff or an API key changed something.
    func invalidateAll() {
        state.withLock { state in
            state.generation &+= 1
            state.pages.removeAll()
        }
    }

    /// How many pages are kept (for tests and metrics).
    var count: Int { state.withLock { $0.pages.count } }
}
