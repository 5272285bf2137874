/// One counter of the pre-aggregated figures: a metric of a brand (or of one of its
/// activations, `scope`), at coordinates `a`, `b`, `c` whose meaning depends on the metric.
/// The counters are sums over members of what each member contributes (`MemberContribution`).
struct RollupKey: Hashable, Sendable, Comparable {
    var metric: RollupMetric
    /// An activation id for per-activation metrics; 0 for the brand's.
    var scope: Int64 = 0
    var a: Int64 = 0
    var b: Int64 = 0
    var c: Int64 = 0

    static func < (lhs: RollupKey, rhs: RollupKey) -> Bool {
        (lhs.metric.rawValue, lhs.scope, lhs.a, lhs.b, lhs.c) < (rhs.metric.rawValue, rhs.scope, rhs.a, rhs.b, rhs.c)
    }
}

/// What a counter counts. Days and months are UTC day and month numbers (`RollupCalendar`);
/// "pairs" count each member once per range query (see `RollupCalendar.none`).
/// Raw values are stored (in `rollup_counts.metric` and in contributions): never change one.
enum RollupMetric: String, Sendable, CaseIterable {
    /// Members first seen by the brand on day `a` (merged-away profiles excluded).
    case joined = "j"
    /// Of those, members erased on day `a`.
    case left = "l"
    /// Pairs: a day `a` with an activity whose previous activity day was `b`.
    case activeDay = "ad"
    /// Pairs: a month `a` with an activity whose previous active month was `b`.
    case activeMonth = "am"
    /// Members first seen in month `a` with an activity in month `b` (`b` ≥ `a`).
    case cohort = "co"
    /// Pairs: a day `a` whose first activity ended `c` days of dormancy; `b` the previous such day.
    case reactivatedDay = "rd"
    /// Pairs: a month `a` with a reactivation after `c` days of dormancy; `b` the previous such month.
    case reactivatedMonth = "rm"
    /// Points spent on rewards on day `a` (the counter holds points, not members). Moved by
    /// triggers on the points ledger (M029PointsSpentByTrigger), not by members.
    case pointsSpent = "ps"
    /// Pairs: a day `a` with an unsubscribe; `b` the previous one.
    case unsubscribed = "u"
    /// Pairs: a day `a` with an erasure on the member's request; `b` the previous one.
    case erased = "e"

    // Per activation (`scope`): members unless said otherwise.
    /// Participants: members with a valid entry.
    case participants = "xp"
    /// Participants the brand knew before their first entry.
    case knownParticipants = "xk"
    /// Participants who gained the opt-in of purpose `b` on channel `c` (index in ConsentChannel.allCases).
    case optIns = "xo"
    /// Participants whose e-mail was confirmed through the activation.
    case confirmedEmails = "xc"
    /// Participants who signed up through someone else's share link.
    case shareSignups = "xs"
    /// Valid referrals (rows).
    case referrals = "xr"
    /// Coupons given (rows), leaving out those of invalidated entries.
    case couponsIssued = "xi"
    /// Those used at a till.
    case storeVisits = "xv"
    /// Those with a receipt amount.
    case storeVisitsWithAmount = "xa"
    /// Sum of the receipt amounts, in cents.
    case revenueCents = "xm"
    /// Points given by the earning rules for the activation.
    case pointsGiven = "xg"
    /// Points spent on the activation's coupons.
    case pointsRedeemed = "xd"
    /// Members acquired by the activation who came back for activation `a` (a later one).
    case returned = "nr"
    /// Of those, who came back for `a` with an entry that did not follow a share link.
    case returnedDirect = "nd"
    /// Members acquired by the activation who came back for any later one.
    case returnedAny = "na"
    /// Of those, who came back at least once without a share link.
    case returnedAnyDirect = "nb"
    /// Participants whose first valid entry ended `c` days of dormancy.
    case reactivatedParticipants = "nx"

    // Per activation, moved by triggers on the visitor tables (M024VisitorRollups), not by members.
    /// Share links to the activation.
    case shareLinks = "vl"
    /// Clicks on them that counted (humans, not the sharer's devices, not repeats within 30 minutes).
    case shareClicks = "vc"
    /// Visits: a visitor's first counted click on a link.
    case shareVisits = "vv"
    /// Distinct visitors over all the activation's links.
    case shareVisitors = "vu"
    /// Distinct visitors of the hosted page.
    case pageVisitors = "vp"

    /// Whether triggers move the counter in the transaction that writes its rows. Members'
    /// contributions leave it out; one stored before it moved by trigger may still hold it, and
    /// is read without it.
    var movedByTriggers: Bool {
        switch self {
        case .pointsSpent, .shareLinks, .shareClicks, .shareVisits, .shareVisitors, .pageVisitors: true
        default: false
        }
    }
}

/// UTC day and month numbers of epoch milliseconds, without a calendar object: the rollups
/// compute millions of them.
enum RollupCalendar {
    /// The "previous" coordinate of a pair when there is none: before every day and month.
    static let none: Int64 = -1

    /// Days since 1970-01-01 (UTC) of an instant.
    static func day(_ millis: Int64) -> Int64 {
        millis >= 0 ? millis / Clock.dayMillis : (millis - Clock.dayMillis + 1) / Clock.dayMillis
    }

    /// The first day at or after an instant: `day` for midnight, the next day otherwise.
    static func dayCeiling(_ millis: Int64) -> Int64 {
        let d = day(millis)
        return d * Clock.dayMillis == millis ? d : d + 1
    }

    /// Months since year 0 (`year × 12 + month − 1`) of an instant, in UTC.
    static func month(_ millis: Int64) -> Int64 {
        monthOfDay(day(millis))
    }

    /// Month number of a day number (civil-from-days, proleptic Gregorian).
    static func monthOfDay(_ day: Int64) -> Int64 {
        let civil = CivilDate(days: day)
        return Int64(civil.year) * 12 + Int64(civil.month) - 1
    }

    /// The day number of the first day of a month number.
    static func firstDay(ofMonth month: Int64) -> Int64 {
        let y0 = month / 12, m = month % 12 + 1
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = m > 2 ? m - 3 : m + 9
        let doy = (153 * mp + 2) / 5
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
