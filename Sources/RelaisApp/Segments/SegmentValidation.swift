import Foundation

/// Every field problem of a segment definition, named by path (`rules[2].days`).
struct InvalidSegment: Error, Sendable, Equatable {
    var errors: [FieldError]
}

extension SegmentDefinitionJSON {
    /// The validated definition, or every field problem at once.
    func validated() -> Result<SegmentDefinition, InvalidSegment> {
        var errors: [FieldError] = []
        var match = SegmentMatch.all
        if let text = self.match {
            if let value = SegmentMatch(rawValue: text) { match = value } else { errors.append(FieldError("match", "must be all or any")) }
        }
        let inputs = rules ?? []
        if inputs.count > SegmentDefinition.maxRules {
            errors.append(FieldError("rules", "must have at most \(SegmentDefinition.maxRules) rules"))
        }
        var rules: [SegmentRule] = []
        for (index, input) in inputs.prefix(SegmentDefinition.maxRules).enumerated() {
            switch input.validated(path: "rules[\(index)]") {
            case .success(let rule): rules.append(rule)
            case .failure(let problem): errors += problem.errors
            }
        }
        return errors.isEmpty ? .success(SegmentDefinition(match: match, rules: rules)) : .failure(InvalidSegment(errors: errors))
    }
}

extension SegmentRuleJSON {
    /// Kinds of rules, as written in `kind`.
    static let kinds = ["field", "attribute", "hasTag", "lacksTag", "consent", "age", "event", "memberSince"]
    /// Longest number of days a window may span (ten years).
    static let maxDays = 3650

    /// The validated rule, with errors named under `path`.
    func validated(path: String) -> Result<SegmentRule, InvalidSegment> {
        var check = RuleCheck(path: path)
        let rule: SegmentRule?
        switch kind {
        case "field":
            check.only(["field", "op", "value"], of: self)
            let field = check.choice(self.field, "field", ProfileField.self)
            let condition = check.text(op: op, value: value, maxLength: 200)
            rule = zip2(field, condition).map { field, condition in SegmentRule.field(field, Self.normalised(condition, for: field)) }
        case "attribute":
            check.only(["key", "op", "value"], of: self)
            let key = check.key(key, "key")
            let condition = check.text(op: op, value: value, maxLength: 500)
            rule = zip2(key, condition).map { SegmentRule.attribute(key: $0, $1) }
        case "hasTag", "lacksTag":
            check.only(["tag"], of: self)
            let tag = check.text(tag, "tag", maxLength: 60)
            rule = tag.map { kind == "hasTag" ? SegmentRule.hasTag($0) : SegmentRule.lacksTag($0) }
        case "consent":
            check.only(["purpose", "channel", "status"], of: self)
            let purpose = check.key(purpose, "purpose")
            let channel = check.choice(channel, "channel", ConsentChannel.self)
            let status = check.choice(status, "status", SegmentConsentStatus.self)
            rule = zip2(purpose, zip2(channel, status)).map { SegmentRule.consent(purpose: $0, channel: $1.0, status: $1.1) }
        case "age":
            check.only(["min", "max"], of: self)
            check.range(min, "min", 0...150)
            check.range(max, "max", 0...150)
            if min == nil && max == nil { check.fail("min", "give min, max or both") }
            if let min, let max, min > max { check.fail("max", "must not be less than min") }
            rule = .age(min: min, max: max)
        case "event":
            check.only(["eventKind", "prefix", "atLeast", "days"], of: self)
            let eventKind = check.text(eventKind, "eventKind", maxLength: 100)
            if let eventKind, eventKind.contains(where: { $0.isWhitespace }) { check.fail("eventKind", "must not contain spaces") }
            check.range(atLeast, "atLeast", 1...1000)
            check.range(days, "days", 1...Self.maxDays)
            rule = eventKind.map { SegmentRule.event(kind: $0, prefix: prefix ?? false, atLeast: atLeast ?? 1, days: days) }
        case "memberSince":
            check.only(["op", "days"], of: self)
            let condition = check.choice(op, "op", MemberSinceCondition.self)
            if days == nil { check.fail("days", "is required") }
            check.range(days, "days", 1...Self.maxDays)
            rule = condition.map { SegmentRule.memberSince($0, days: days ?? 1) }
        case nil:
            check.fail("kind", "is required")
            rule = nil
        default:
            check.fail("kind", "must be one of " + Self.kinds.joined(separator: ", "))
            rule = nil
        }
        if let rule, check.errors.isEmpty { return .success(rule) }
        return .failure(InvalidSegment(errors: check.errors))
    }

    /// Codes compare as stored: countries upper-case, languages lower-case.
    static func normalised(_ condition: TextCondition, for field: ProfileField) -> TextCondition {
        switch field {
        case .country: TextCondition(condition.op, value: condition.value?.uppercased())
        case .language: TextCondition(condition.op, value: condition.value?.lowercased())
        default: condition
        }
    }

    /// The names of the fields given in this object.
    var givenFields: [String] {
        let all: [(String, Bool)] = [
            ("field", field != nil), ("key", key != nil), ("op", op != nil), ("value", value != nil), ("tag", tag != nil),
            ("purpose", purpose != nil), ("channel", channel != nil), ("status", status != nil), ("min", min != nil),
            ("max", max != nil), ("eventKind", eventKind != nil), ("prefix", prefix != nil), ("atLeast", atLeast != nil),
            ("days", days != nil),
        ]
        return all.filter(\.1).map(\.0)
    }
}

/// Collects the problems of one rule.
private struct RuleCheck {
    let path: String
    var errors: [FieldError] = []

    /// Records a problem with a field of the rule.
    mutating func fail(_ name: String, _ message: String) {
        errors.append(FieldError("\(path).\(name)", message))
    }

    /// Refuses fields that do not belong to the rule's kind.
    mutating func only(_ allowed: Set<String>, of rule: SegmentRuleJSON) {
        for name in rule.givenFields where !allowed.contains(name) {
            fail(name, "is not a field of a \(rule.kind ?? "") rule")
        }
    }

    /// One of the raw values of `T`.
    mutating func choice<T: RawRepresentable & CaseIterable>(_ text: String?, _ name: String, _ type: T.Type) -> T? where T.RawValue == String {
        guard let text else { fail(name, "is required"); return nil }
        guard let value = T(rawValue: text) else {
            fail(name, "must be one of " + T.allCases.map(\.rawValue).joined(separator: ", "))
            return nil
        }
        return value
    }

    /// A trimmed one-line text of 1 to `maxLength` characters.
    mutating func text(_ text: String?, _ name: String, maxLength: Int) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespaces), !trimmed.isEmpty else { fail(name, "is required"); return nil }
        guard trimmed.count <= maxLength else { fail(name, "must be at most \(maxLength) characters"); return nil }
        guard !trimmed.contains(where: { $0.isNewline || $0 == "\0" }) else { fail(name, "must be on one line"); return nil }
        return trimmed
    }

    /// An attribute or purpose key.
    mutating func key(_ text: String?, _ name: String) -> String? {
        guard let text else { fail(name, "is required"); return nil }
        guard MemberInput.isValidKey(text) else { fail(name, "must be 1 to 40 lower-case letters, digits or _"); return nil }
        return text
    }

    /// An operator and, when it needs one, a value.
    mutating func text(op: String?, value: String?, maxLength: Int) -> TextCondition? {
        guard let op = choice(op, "op", TextOperator.self) else { return nil }
        guard op.needsValue else {
            if value != nil { fail("value", "must be left out with \(op.rawValue)") }
            return TextCondition(op, value: nil)
        }
        return text(value, "value", maxLength: maxLength).map { TextCondition(op, value: $0) }
    }

    /// An optional whole number within `range`.
    mutating func range(_ number: Int?, _ name: String, _ range: ClosedRange<Int>) {
        if let number, !range.contains(number) { fail(name, "must be \(range.lowerBound) to \(range.upperBound)") }
    }
}

/// Both values, when both are present.
private func zip2<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
