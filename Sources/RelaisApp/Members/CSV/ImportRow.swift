import Foundation

/// A problem with one row of an imported file. Messages never repeat cell values, so that a
/// stored report holds no personal data.
struct ImportIssue: Codable, Sendable, Equatable {
    /// Line of the file the row starts on (the header is line 1).
    var line: Int
    /// Header of the column at fault, when there is one.
    var column: String?
    /// What is wrong.
    var message: String
    /// `invalid`, `suppressed`, `ambiguous_identity`, `too_young`, `parental_consent_required`, `conflict` or `not_stored`.
    var code: String
}

/// What to do with the columns of a file: checked targets and provenance.
struct ImportPlan: Sendable {
    /// Column headers, in order.
    var header: [String]
    /// Where each column goes.
    var targets: [ImportTarget]
    /// Provenance of consent columns (nil when there are none).
    var provenance: ImportProvenance?
    /// The brand's country, for phone numbers in national form.
    var defaultCountry: String
}

/// One row of a file turned into a validated upsert, or the problems that stop it.
struct ImportRow: Sendable {
    var line: Int
    var upsert: MemberUpsert?
    var issues: [ImportIssue]
    /// API field names of the upsert → column header, to name the column of a later problem.
    var columns: [String: String]

    /// The column an API field name is about.
    func column(for field: String) -> String? {
        if let exact = columns[field] { return exact }
        return columns.first { field.hasPrefix($0.key + ".") || field.hasPrefix($0.key + "[") }?.value
    }

    /// Reads one record with the plan, validating it as `POST /members` would.
    static func build(_ record: CSVRecord, plan: ImportPlan) -> ImportRow {
        var issues: [ImportIssue] = []
        var columns: [String: String] = [:]
        var input = MemberInput()
        var identities: [IdentityInput] = []
        var tags: [String] = []
        var attributes: [String: String] = [:]
        var consents: [ConsentChange] = []
        func issue(_ column: String?, _ message: String) {
            issues.append(ImportIssue(line: record.line, column: column, message: message, code: "invalid"))
        }
        if record.fields.count > plan.header.count, record.fields[plan.header.count...].contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            issue(nil, "has \(record.fields.count) fields but the header has \(plan.header.count) (a separator inside a value must be quoted)")
        }
        for (index, target) in plan.targets.enumerated() {
            let header = plan.header[index]
            let raw = index < record.fields.count ? CSVWriter.restored(record.fields[index]) : ""
            let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if value.isEmpty { continue }
            switch target {
            case .ignore: break
            case .email, .phone, .identity:
                let (kind, namespace): (IdentityKind, String?) = switch target {
                case .phone: (.phone, nil)
                case .identity(let kind, let namespace): (kind, namespace)
                default: (.email, nil)
                }
                columns["identities[\(identities.count)]"] = header
                identities.append(IdentityInput(kind: kind, namespace: namespace, value: value))
            case .firstName: input.firstName = value; columns["firstName"] = header
            case .lastName: input.lastName = value; columns["lastName"] = header
            case .postalCode: input.postalCode = value; columns["postalCode"] = header
            case .city: input.city = value; columns["city"] = header
            case .country: input.country = ImportValues.country(value); columns["country"] = header
            case .language: input.language = ImportValues.language(value); columns["language"] = header
            case .birthDate:
                columns["birthDate"] = header
                if let day = ImportValues.day(value) { input.birthDate = day } else { issue(header, "must be a date written YYYY-MM-DD or DD/MM/YYYY") }
            case .attribute(let key):
                attributes[key] = value; columns["attributes.\(key)"] = header
            case .tags:
                for name in value.split(separator: "|").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
                    columns["tags[\(tags.count)]"] = header
                    tags.append(name)
                }
            case .flagTag(let name):
                switch ImportValues.answer(value) {
                case true?: tags.append(name)
                case false?: break
                case nil: issue(header, "must be yes or no (oui/non, 1/0, true/false, x) or empty")
                }
            case .consent(let purpose, let channel):
                guard let granted = ImportValues.answer(value) else {
                    issue(header, "must be yes or no (oui/non, 1/0, true/false, granted/withdrawn) or empty for no change")
                    continue
                }
                guard let provenance = plan.provenance else { continue }
                columns["consents[\(consents.count)]"] = header
                if consents.count == 0 { columns["consents"] = header }
                consents.append(provenance.change(purpose: purpose, channel: channel, granted: granted))
            }
        }
        input.identities = identities
        input.tags = tags
        input.attributes = attributes
        var row = ImportRow(line: record.line, upsert: nil, issues: issues, columns: columns)
        do {
            var upsert = try input.validated(defaultCountry: plan.defaultCountry)
            upsert.consents = consents
            if issues.isEmpty { row.upsert = upsert }
        } catch let error as AppError {
            let found = error.fieldErrors.map { field in
                let message = field.field == "email" && identities.isEmpty ? "has no e-mail, phone or other identity to recognise the person" : field.message
                return ImportIssue(line: record.line, column: row.column(for: field.field), message: message, code: "invalid")
            }
            row.issues += found
        } catch {
            row.issues.append(ImportIssue(line: record.line, column: nil, message: "could not be read", code: "invalid"))
        }
        return row
    }

    /// The issues an error raised while storing the row stands for.
    func issues(for error: AppError) -> [ImportIssue] {
        if error.fieldErrors.isEmpty {
            return [ImportIssue(line: line, column: nil, message: error.detail, code: error.code)]
        }
        return error.fieldErrors.map { ImportIssue(line: line, column: column(for: $0.field), message: $0.message, code: error.code) }
    }
}
