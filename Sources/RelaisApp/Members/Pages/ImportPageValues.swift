import Foundation

/// The values of the import wizard's pages, built from plain models (no I/O).
enum ImportPageValues {
    /// Standard targets offered in every column's list, in this order.
    static let standardTargets: [ImportTarget] = [.ignore, .email, .phone, .firstName, .lastName, .birthDate, .postalCode, .city,
                                                  .country, .language, .tags]

    /// Values of the mapping step: one list of targets per column, and the first five rows.
    static func mapping(table: CSVTable, chosen: [String], purposes: [ConsentPurpose], errors: [FieldError], language: UILanguage) -> [String: Any] {
        var offered: [(value: String, label: String)] = standardTargets.map { ($0.text, Strings.get("target_\($0.text)", language)) }
        for purpose in purposes {
            for channel in ConsentChannel.allCases {
                let target = ImportTarget.consent(purpose: purpose.key, channel: channel)
                offered.append((target.text, "\(Strings.get("target_consent", language)) \(purpose.label) · \(Strings.get("channel_\(channel.rawValue)", language))"))
            }
        }
        let offeredValues = Set(offered.map(\.value))
        let columns: [[String: Any]] = table.header.enumerated().map { index, header in
            let current = index < chosen.count ? chosen[index] : "ignore"
            let fieldErrors = errors.filter { $0.field == "mapping[\(index)]" }.map { FieldMessages.localized($0.message, language) }
            return [
                "index": index, "number": index + 1, "header": header.isEmpty ? "(\(index + 1))" : header,
                "options": offered.map { ["value": $0.value, "label": $0.label, "selected": $0.value == current] },
                "custom": offeredValues.contains(current) ? "" : current,
                "error": fieldErrors.joined(separator: " "), "hasError": !fieldErrors.isEmpty,
            ]
        }
        let preview = table.rows.prefix(5).map { record in
            ["cells": table.header.indices.map { index in index < record.fields.count ? String(record.fields[index].prefix(80)) : "" }]
        }
        return [
            "columns": columns, "headers": columns.map { $0["header"] ?? "" }, "preview": preview, "rowCount": table.rows.count,
            "delimiter": delimiterName(String(table.delimiter), language),
            "purposes": purposes.map { ["key": $0.key, "label": $0.label] },
            "generalErrors": errors.filter { !$0.field.hasPrefix("mapping[") }.map { ["field": $0.field, "message": FieldMessages.localized($0.message, language)] },
            "hasGeneralErrors": errors.contains { !$0.field.hasPrefix("mapping[") },
        ]
    }

    /// Values of a dry-run or import report.
    static func report(_ report: ImportReport, language: UILanguage) -> [String: Any] {
        [
            "report": [
                "id": report.id as Any, "fileName": report.fileName, "total": report.totalRows, "created": report.created,
                "updated": report.updated, "mergedInFile": report.mergedInFile, "suppressed": report.suppressed,
                "errorRows": report.errorRows, "truncated": report.issuesTruncated, "createdBy": report.createdBy,
                "when": report.createdAt.prefix(16).replacingOccurrences(of: "T", with: " "),
            ] as [String: Any],
            "issues": report.issues.map { ["line": $0.line, "column": $0.column ?? "", "message": FieldMessages.localized($0.message, language), "code": $0.code] },
            "noIssues": report.issues.isEmpty,
            "columns": report.columns.map { ["header": $0.header, "target": $0.target] },
            "provenance": report.provenance.map { ["source": $0.source, "collectedAt": String($0.collectedAt.prefix(10)),
                                                   "wording": [$0.wordingVersion.map { "v\($0)" }, $0.wordingLanguage].compactMap { $0 }.joined(separator: " "),
                                                   "confirmed": $0.emailsConfirmed] } as Any,
        ]
    }

    /// A separator as people call it.
    static func delimiterName(_ delimiter: String, _ language: UILanguage) -> String {
        switch delimiter {
        case ";": Strings.get("import_delimiter_semicolon", language)
        case "\t": Strings.get("import_delimiter_tab", language)
        default: Strings.get("import_delimiter_comma", language)
        }
    }
}
