import Foundation
import Synchronization

/// A small in-process cache whose entries expire after a fixed time.
///
/// Used for data read on every request that changes rarely (API keys, brands, consent
/// settings). Each node keeps its own; a change made on another node is seen once the entry
/// expires, which is why lifetimes are short (seconds). Local changes invalidate at once.
final class ExpiringCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let entries = Mutex<[Key: (value: Value, expires: Int64)]>([:])
    private let lifetimeMillis: Int64
    private let capacity: Int

    /// A cache keeping entries `lifetimeMillis` and at most `capacity` of them.
    init(lifetimeMillis: Int64, capacity: Int = 10_000) {
        self.lifetimeMillis = lifetimeMillis
        self.capacity = capacity
    }

    /// The cached value, or the one `load` gives (cached when not nil).
    func value(for key: Key, load: () async throws -> Value?) async rethrows -> Value? {
        let now = Clock.nowMillis()
        if let hit = entries.withLock({ $0[key] }), hit.expires > now { return hit.value }
        guard let value = try await load() else { return nil }
        entries.withLock { table in
            if table.count >= capacity { table.removeAll(keepingCapacity: true) }
            table[key] = (value, now + lifetimeMillis)
        }
        return value
    }

    /// Forgets one entry.
    func remove(_ key: Key) {
        _ = entries.withLock { $0.removeValue(forKey: key) }
    }

    /// Forgets every entry.
    func removeAll() {
        entries.withLock { $0.removeAll() }
    }
}
