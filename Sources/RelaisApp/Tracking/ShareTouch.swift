/// The share links a visitor arrived through, kept in the `rt` cookie until they enter an
/// activation: the first link (first touch) and the latest one (last touch), each with its time.
///
/// The cookie holds only public link codes and times, never who the visitor is.
struct ShareTouch: Sendable, Equatable {
    /// One link followed, at a time.
    struct Touch: Sendable, Equatable {
        var code: String
        var at: Int64
    }

    var first: Touch
    var last: Touch

    /// Name of the cookie.
    static let cookie = "rt"
    /// How long a touch may lead to a conversion: 30 days.
    static let lifetimeMillis: Int64 = 30 * 24 * 3_600_000

    /// The touches after following the link `code` at `at`: the first touch is kept while it is
    /// still within its lifetime, the last touch is this link.
    static func following(_ code: String, at: Int64, previous: ShareTouch?) -> ShareTouch {
        let now = Touch(code: code, at: at)
        guard let previous, at - previous.first.at < lifetimeMillis, previous.first.at <= at else { return ShareTouch(first: now, last: now) }
        return ShareTouch(first: previous.first, last: now)
    }

    /// The cookie value: `first.at-last.at` with each touch as `code.millis`.
    var cookieValue: String { "\(first.code).\(first.at)-\(last.code).\(last.at)" }

    /// Reads a cookie value; nil when it is malformed.
    init?(cookieValue text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let first = Self.touch(parts[0]), let last = Self.touch(parts[1]) else { return nil }
        self.init(first: first, last: last)
    }

    /// A touch pair.
    init(first: Touch, last: Touch) {
        self.first = first
        self.last = last
    }

    /// The touches still able to lead to a conversion at `now`: a first touch past its lifetime is dropped
    /// (the last touch takes its place); nil when both are past or the times are impossible.
    func current(now: Int64) -> ShareTouch? {
        // Times from the future come from a forged cookie.
        guard now - last.at < Self.lifetimeMillis, last.at <= now, first.at <= last.at else { return nil }
        return now - first.at < Self.lifetimeMillis ? self : ShareTouch(first: last, last: last)
    }

    private static func touch(_ text: Substring) -> Touch? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, ShareCode.isWellFormed(String(parts[0])), let at = Int64(parts[1]), at > 0 else { return nil }
        return Touch(code: String(parts[0]), at: at)
    }
}
