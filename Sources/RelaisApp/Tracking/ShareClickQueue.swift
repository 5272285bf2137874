import Synchronization

/// Clicks taken by the redirect and not yet written: the redirect only appends here, so that
/// the database never slows it; `ShareClickService` writes them in batches.
///
/// Bounded: when the database falls behind, a person's redirect waits for room (`admit`), so
/// that under a load the database cannot follow redirects slow down to its pace instead of
/// losing clicks; a click is dropped (and counted) only when the writer has stalled for
/// seconds, rather than letting memory grow without limit.
final class ShareClickQueue: Sendable {
    private struct State {
        var pending: [ShareClick] = []
        var dropped = 0
    }

    /// Clicks held at most.
    let capacity: Int
    private let state = Mutex(State())

    /// An empty queue holding at most `capacity` clicks.
    init(capacity: Int = 100_000) {
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

    /// Adds a click, waiting while the queue is full; drops it only after `patience`.
    @discardableResult
    func admit(_ click: ShareClick, patience: Duration = .seconds(10)) async -> Bool {
        let deadline = ContinuousClock.now + patience
        while ContinuousClock.now < deadline {
            let added = state.withLock { state in
                guard state.pending.count < capacity else { return false }
                state.pending.append(click)
                return true
            }
            if added { return true }
            try? await Task.sleep(for: .milliseconds(2))
        }
        return enqueue(click)
    }

    /// Takes up to `limit` clicks, oldest first.
    func take(_ limit: Int) -> [ShareClick] {
        state.withLock { state in
            // The whole queue when it fits: nothing left to shift down.
            guard state.pending.count > limit else {
                defer { state.pending = [] }
                return state.pending
            }
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
