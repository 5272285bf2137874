/// Which points have expired, under the rule that spending uses the points that expire soonest.
///
/// Every credit (earned or added by an adjustment) carries its own expiry instant, or none.
/// Debits (spends, downward adjustments, earlier expiries) consume credits in order of expiry,
/// so the unspent part of the credits expired by now is what they hold beyond all debits so far.
/// Relais writes this expiry before any other movement of the member, so a spend can never use
/// points that had already expired.
enum PointsExpiry {
    /// Points to expire now.
    /// - Parameters:
    ///   - expiredCredits: the sum of the credits whose expiry instant has passed.
    ///   - debits: everything spent, adjusted down and already expired, as a positive number.
    static func due(expiredCredits: Int64, debits: Int64) -> Int64 {
        max(0, expiredCredits - debits)
    }

    /// The expiry instant of a credit made at `at` with a validity of `days` (none when 0).
    static func expiry(at: Int64, validityDays: Int) -> Int64? {
        validityDays > 0 ? at + Int64(validityDays) * Clock.dayMillis : nil
    }
}
