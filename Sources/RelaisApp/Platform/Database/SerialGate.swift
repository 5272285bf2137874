/// An async mutual-exclusion gate: one holder at a time, waiters served in arrival order.
///
/// SQLite allows a single writer; Relais keeps one connection per SQLite file and lets
/// callers take turns through this gate so that transactions never interleave.
actor SerialGate {
    private var isHeld = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var nextWaiter = 0

    /// Waits until the gate is free, then holds it.
    func enter() async {
        if !isHeld {
            isHeld = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    /// Releases the gate, handing it straight to the next waiter if there is one.
    func leave() {
        if nextWaiter < waiters.count {
            let waiter = waiters[nextWaiter]
            nextWaiter += 1
            if nextWaiter > 64, nextWaiter * 2 > waiters.count {
                waiters.removeFirst(nextWaiter)
                nextWaiter = 0
            }
            waiter.resume()
        } else {
            waiters.removeAll(keepingCapacity: true)
            nextWaiter = 0
            isHeld = false
        }
    }
}
