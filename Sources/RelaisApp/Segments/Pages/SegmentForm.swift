import Foundation

/// The segment editor's HTML form: rule rows named `r<index>.<input>`, read into the JSON form of
/// a definition (so the API's validation applies unchanged) and written back into row values.
enum SegmentForm {
    /// The most rows read from one form; more than `SegmentDefinition.maxRules` filled rows is reported by validation.
    static let maxRows = 40

    /// The definition the form describes; rows without a kind (blank or removed) are skipped.
    static func definition(from form: FormData) -> SegmentDefinitionJSON {
        let indices = Set(form.values.keys.compactMap { name -> Int? in
            guard name.hasPrefix("r"), let dot = name.firstIndex(of: ".") else { return nil }
            return Int(name[name.index(after: name.startIndex)..<dot])
        }).filter { $0 >= 0 }.sorted().prefix(maxRows)
        let rules = indices.compactMap { rule(row: $0, form: form) }
        return SegmentDefinitionJSON(match: form["match"] ?? "all", rules: rules)
    }

    /// The rule of one row, with only the inputs of its kind.
    static func rule(row: Int, form: FormData) -> SegmentRuleJSON? {
        func text(_ name: String) -> String? { form["r\(row).\(name)"] }
        // A number that is not one is kept as -1, which every range refuses with a clear message.
        func number(_ name: String) -> Int? { text(name).map { Int($0) ?? -1 } }
        func opValue(_ op: String?, _ name: String) -> String? {
            guard let op, TextOperator(rawValue: op)?.needsValue ?? true else { return nil }
            return text(name)
        }
        guard let kind = text("kind") else { return nil }
        switch kind {
        case "field":
            return SegmentRuleJSON(kind: kind, field: text("field"), op: text("fieldOp"), value: opValue(text("fieldOp"), "fieldValue"))
        case "attribute":
            return SegmentRuleJSON(kind: kind, key: text("attrKey"), op: text("attrOp"), value: opValue(text("attrOp"), "attrValue"))
        case "hasTag", "lacksTag":
            return SegmentRuleJSON(kind: kind, tag: text("tag"))
        case "consent":
            return SegmentRuleJSON(kind: kind, purpose: text("purpose"), channel: text("channel"), status: text("status"))
        case "age":
            return SegmentRuleJSON(kind: kind, min: number("min"), max: number("max"))
        case "event":
            return SegmentRuleJSON(kind: kind, eventKind: text("eventKind"), prefix: text("prefix") == "yes",
                                   atLeast: number("atLeast"), days: number("days"))
        case "memberSince":
            return SegmentRuleJSON(kind: kind, op: text("sinceOp"), days: number("sinceDays"))
        default:
            return SegmentRuleJSON(kind: kind)
        }
    }

    /// Template values of one rule row; `index` is a number, or `__i__` in the row template the script clones.
    static func row(_ rule: SegmentRuleJSON, index: String, purposes: [String], language: UILanguage) -> [String: Any] {
        func options(_ values: [String], selected: String?, label: (String) -> String) -> [[String: Any]] {
            values.map { ["value": $0, "label": label($0), "selected": $0 == selected] }
        }
        let t = { (key: String) in Strings.get(key, language) }
        let textOps = TextOperator.allCases.map(\.rawValue)
        let kind = rule.kind ?? ""
        return [
            "i": index,
            "kinds": options([""] + SegmentRuleJSON.kinds, selected: kind) { $0.isEmpty ? t("rule_none") : t("kind_\($0)") },
            "fields": options(ProfileField.allCases.map(\.rawValue), selected: kind == "field" ? rule.field : nil) { t("field_\($0)") },
            "fieldOps": options(textOps, selected: kind == "field" ? rule.op : nil) { t("op_\($0)") },
            "fieldValue": kind == "field" ? rule.value ?? "" : "",
            "attrKey": kind == "attribute" ? rule.key ?? "" : "",
            "attrOps": options(textOps, selected: kind == "attribute" ? rule.op : nil) { t("op_\($0)") },
            "attrValue": kind == "attribute" ? rule.value ?? "" : "",
            "tag": rule.tag ?? "",
            "purposes": options(purposes, selected: rule.purpose) { $0 },
            "channels": options(ConsentChannel.allCases.map(\.rawValue), selected: rule.channel) { t("channel_\($0)") },
            "statuses": options(SegmentConsentStatus.allCases.map(\.rawValue), selected: rule.status) { t("status_\($0)") },
            "min": rule.min.map(String.init) ?? "",
            "max": rule.max.map(String.init) ?? "",
            "eventKind": rule.eventKind ?? "",
            "prefix": rule.prefix ?? false,
            "atLeast": kind == "event" ? rule.atLeast.map(String.init) ?? "1" : "1",
            "days": kind == "event" ? rule.days.map(String.init) ?? "" : "",
            "sinceOps": options(MemberSinceCondition.allCases.map(\.rawValue), selected: kind == "memberSince" ? rule.op : nil) { t("since_\($0)") },
            "sinceDays": kind == "memberSince" ? rule.days.map(String.init) ?? "" : "",
        ]
    }
}
