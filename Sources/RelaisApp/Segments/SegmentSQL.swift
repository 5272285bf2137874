import Foundation
import SQLKit

/// Compiles a segment into one SQL condition on member rows `m`, so that a count or a page of
/// members is a single query whatever the rules: each rule is a column test on `m` or an index
/// probe (`EXISTS` / a scalar subquery) keyed by `m.id`. Every value is a bound parameter, and
/// only functions and operators that SQLite and PostgreSQL share are used.
enum SegmentSQL {
    /// The condition that member `m` is visible to the caller and in the segment, as of `now`.
    /// The rules come first: SQLite tests terms in the order written, and a rule on a column
    /// of `m` rejects most members before any index probe is made.
    static func condition(_ definition: SegmentDefinition, access: BrandAccess, now: Date) -> SQLQueryString {
        let visible = MemberStore.visible(access)
        guard let matching = rules(definition, brandID: access.brandID, now: now) else { return visible }
        return "\(matching) AND \(visible)"
    }

    /// The rules alone, combined by the definition's match, in parentheses; nil when there are none.
    static func rules(_ definition: SegmentDefinition, brandID: Int64, now: Date) -> SQLQueryString? {
        guard !definition.rules.isEmpty else { return nil }
        // Cheapest first (columns of `m`, then index probes, then counts), which changes
        // nothing to the result: AND and OR are commutative.
        let ordered = definition.rules.enumerated().sorted { ($0.element.cost, $0.offset) < ($1.element.cost, $1.offset) }.map(\.element)
        let parts = ordered.map { "(\(rule($0, brandID: brandID, now: now)))" as SQLQueryString }
        return "(\(parts.joined(separator: definition.match == .all ? " AND " : " OR ")))"
    }

    /// The condition of one rule.
    static func rule(_ rule: SegmentRule, brandID: Int64, now: Date) -> SQLQueryString {
        switch rule {
        case .field(let field, let condition):
            let test = text(column: "m.\(field.column)", condition, ignoringCase: field.ignoresCase)
            if field == .postalCode, case .startsWith(let prefix) = condition {
                // Postal codes are compared byte by byte (M007), so the prefix is also an index range.
                return "m.postal_code >= \(bind: prefix) AND m.postal_code < \(bind: SearchText.upperBound(ofPrefix: prefix)) AND \(test)"
            }
            return test
        case .attribute(let key, let condition):
            let probe: SQLQueryString = "SELECT 1 FROM member_attributes a WHERE a.member_id = m.id AND a.brand_id = \(bind: brandID) AND a.key = \(bind: key)"
            switch condition {
            case .isSet: return "EXISTS (\(probe))"
            case .isNotSet: return "NOT EXISTS (\(probe))"
            case .notEquals(let value): return "NOT EXISTS (\(probe) AND \(text(column: "a.value", .equals(value), ignoringCase: true)))"
            case .equals, .startsWith: return "EXISTS (\(probe) AND \(text(column: "a.value", condition, ignoringCase: true)))"
            }
        case .hasTag(let tag):
            return "EXISTS (SELECT 1 FROM member_tags t WHERE t.member_id = m.id AND t.brand_id = \(bind: brandID) AND t.tag = \(bind: tag))"
        case .lacksTag(let tag):
            return "NOT EXISTS (SELECT 1 FROM member_tags t WHERE t.member_id = m.id AND t.brand_id = \(bind: brandID) AND t.tag = \(bind: tag))"
        case .consent(let purpose, let channel, let status):
            return consent(purpose: purpose, channel: channel, status: status, brandID: brandID)
        case .age(let min, let max):
            return age(min: min, max: max, now: now)
        case .event(let kind, let prefix, let atLeast, let days):
            return event(kind: kind, prefix: prefix, atLeast: atLeast, days: days, brandID: brandID, now: now)
        case .memberSince(let condition, let days):
            let since = Clock.millis(now) - Int64(days) * Clock.dayMillis
            let comparison: SQLQueryString = condition == .within ? "j.first_seen_at >= \(bind: since)" : "j.first_seen_at < \(bind: since)"
            return "EXISTS (SELECT 1 FROM member_brands j WHERE j.member_id = m.id AND j.brand_id = \(bind: brandID) AND \(comparison))"
        }
    }

    /// A text comparison. A prefix is compared with `substr` rather than a range or `LIKE`,
    /// whose results depend on the collation and on the engine's case rules.
    static func text(column: String, _ condition: TextCondition, ignoringCase: Bool) -> SQLQueryString {
        let subject = ignoringCase ? "lower(\(column))" : column
        func same(_ value: String) -> SQLQueryString {
            ignoringCase ? "\(unsafeRaw: subject) = lower(\(bind: value))" : "\(unsafeRaw: subject) = \(bind: value)"
        }
        switch condition {
        case .equals(let value):
            return same(value)
        case .notEquals(let value):
            return "(\(unsafeRaw: column) IS NULL OR NOT (\(same(value))))"
        case .startsWith(let value):
            let head: SQLQueryString = "substr(\(unsafeRaw: column), 1, \(literal: value.unicodeScalars.count))"
            return ignoringCase ? "lower(\(head)) = lower(\(bind: value))" : "\(head) = \(bind: value)"
        case .isSet:
            return "\(unsafeRaw: column) IS NOT NULL"
        case .isNotSet:
            return "\(unsafeRaw: column) IS NULL"
        }
    }

    /// The latest ledger record of the purpose × channel has `status` (or there is none).
    static func consent(purpose: String, channel: ConsentChannel, status: SegmentConsentStatus, brandID: Int64) -> SQLQueryString {
        let records: SQLQueryString = """
            FROM consent_records c WHERE c.member_id = m.id AND c.brand_id = \(bind: brandID) \
            AND c.purpose_id = (SELECT p.id FROM consent_purposes p WHERE p.brand_id = \(bind: brandID) AND p.key = \(bind: purpose)) \
            AND c.channel = \(bind: channel.rawValue)
            """
        if status == .none { return "NOT EXISTS (SELECT 1 \(records))" }
        return "(SELECT c.status \(records) ORDER BY c.id DESC LIMIT 1) = \(bind: status.rawValue)"
    }

    /// Age bounds as a plain range on the `YYYY-MM-DD` birth date, computed here so the query
    /// needs no date function: age ≥ min ⇔ born on or before today − min years;
    /// age ≤ max ⇔ born after today − (max + 1) years.
    static func age(min: Int?, max: Int?, now: Date) -> SQLQueryString {
        var parts: [SQLQueryString] = ["m.birth_date IS NOT NULL"]
        if let min { parts.append("m.birth_date <= \(bind: birthDate(yearsBefore: min, now: now))") }
        if let max { parts.append("m.birth_date > \(bind: birthDate(yearsBefore: max + 1, now: now))") }
        return parts.joined(separator: " AND ")
    }

    /// The day `years` years before `now` (UTC, as `AgeRules` counts), written YYYY-MM-DD;
    /// 29 February falls back to the 28th in other years.
    static func birthDate(yearsBefore years: Int, now: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        let day = calendar.date(byAdding: .year, value: -years, to: now) ?? now
        let parts = calendar.dateComponents([.year, .month, .day], from: day)
        return String(format: "%04d-%02d-%02d", parts.year ?? 1900, parts.month ?? 1, parts.day ?? 1)
    }

    /// At least `atLeast` events of the brand (or of the whole organisation) of this kind, in the window.
    static func event(kind: String, prefix: Bool, atLeast: Int, days: Int?, brandID: Int64, now: Date) -> SQLQueryString {
        var parts: [SQLQueryString] = [
            "e.member_id = m.id",
            // Kinds are compared byte by byte (M007): a prefix is a range of the member's kinds in
            // the `timeline_member_kind` index, which answers the whole probe without the table.
            prefix ? "e.kind >= \(bind: kind) AND e.kind < \(bind: SearchText.upperBound(ofPrefix: kind))" : "e.kind = \(bind: kind)",
            "(e.brand_id = \(bind: brandID) OR e.brand_id IS NULL)",
        ]
        if let days { parts.append("e.occurred_at >= \(bind: Clock.millis(now) - Int64(days) * Clock.dayMillis)") }
        let filter = parts.joined(separator: " AND ")
        if atLeast == 1 { return "EXISTS (SELECT 1 FROM timeline_events e WHERE \(filter))" }
        return "(SELECT COUNT(*) FROM timeline_events e WHERE \(filter)) >= \(bind: atLeast)"
    }
}

extension SegmentRule {
    /// The order in which rules are best tested on one member: columns of the row first, then
    /// single index probes, then events in a time window (a window on activity usually keeps
    /// few members, so the probes after it run on fewer), then consent states and events at
    /// any time, which most members pass.
    var cost: Int {
        switch self {
        case .field, .age: 0
        case .hasTag, .lacksTag, .attribute, .memberSince: 1
        case .event(_, _, _, let days): days == nil ? 3 : 2
        case .consent: 3
        }
    }
}
