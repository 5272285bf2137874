/// Pure rules deriving consent state from ledger records.
enum ConsentDerivation {
    /// The latest record per key wins (records are ordered by their ledger id).
    static func current<R>(_ records: [R], key: (R) -> ConsentKey, id: (R) -> Int64) -> [ConsentKey: R] {
        var latest: [ConsentKey: R] = [:]
        for record in records {
            let k = key(record)
            if let existing = latest[k], id(existing) > id(record) { continue }
            latest[k] = record
        }
        return latest
    }

    /// The state after merging two profiles: granted only if every side that has a state for the
    /// key is granted, so that a merge never widens consent.
    static func merged(survivor: [ConsentKey: ConsentStatus], duplicate: [ConsentKey: ConsentStatus]) -> [ConsentKey: ConsentStatus] {
        var result = survivor
        for (key, status) in duplicate {
            guard let other = survivor[key] else {
                result[key] = status
                continue
            }
            if other == .granted && status == .granted {
                result[key] = .granted
            } else if other == .withdrawn || status == .withdrawn {
                result[key] = .withdrawn
            } else {
                result[key] = .pending
            }
        }
        return result
    }
}
