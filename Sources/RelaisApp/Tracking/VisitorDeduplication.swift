/// The rule that turns clicks into counted clicks: repeated clicks by the same visitor on the
/// same link within 30 minutes count once.
///
/// The window starts at the visitor's last *counted* click, so a visitor who keeps reloading
/// every few minutes is counted again every 30 minutes, not never.
enum VisitorDeduplication {
    /// The window in milliseconds.
    static let windowMillis: Int64 = 30 * 60 * 1000

    /// Whether a click at `at` counts, given the visitor's last counted click on the link.
    static func counts(at: Int64, lastCountedAt: Int64?) -> Bool {
        guard let lastCountedAt else { return true }
        // Either side: with several nodes, a click may be written after a later one.
        return abs(at - lastCountedAt) >= windowMillis
    }
}
