import Synchronization

/// Clicks taken by the redirect and not yet written: the redirect only appends here, so that
/// the database never slows it; `ShareClickService` writes them in batches.
///
/// Bounded: when the database falls far behind, new clicks are dropped (and counted) rather
/// than letting memory grow without limit.
final class ShareClickQueue: Sendable {
    private struct State {
        var pending: [ShareClick] = []
        var dropped = 0
    }

    /// Clicks held at most.
    let capacity: Int
    private let state = Mutex(State())

    /// An empty queue holding at most `capacity` clicks.
    init(capacity: Int = 50_000) {
        self.capacity = capacity
    }

    /// Adds a click; false when the queue is full and the click was dropped.
    @discardableResult
    func enqueue(_ click: ShareClick) -> Bool {
        state.withLock { state in
            guard state.pending.count < capacity else {
                state.dropped += 1
                return false
            }
            state.pending.append(click)
            return true
        }
    }

    /// Takes up to `limit` clicks, oldest first.
    func take(_ limit: Int) -> [ShareClick] {
        state.withLock { state in
            let batch = Array(state.pending.prefix(limit))
            state.pending.removeFirst(batch.count)
            return batch
        }
    }

    /// Puts back clicks whose write failed, ahead of newer ones, as far as capacity allows.
    func putBack(_ clicks: [ShareClick]) {
        state.withLock { state in
            let room = max(0, capacity - state.pending.count)
            state.pending.insert(contentsOf: clicks.prefix(room), at: 0)
            state.dropped += max(0, clicks.count - room)
        }
    }

    /// Clicks waiting.
    var count: Int { state.withLock { $0.pending.count } }

    /// Clicks dropped since start because the queue was full; reset on reading.
    func takeDropped() -> Int {
        state.withLock { state in
            defer { state.dropped = 0 }
            return state.dropped
        }
    }
}
