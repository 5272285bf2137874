import Foundation
import Logging
import SQLKit

/// A file to import, as received from the API or the back-office wizard.
struct ImportRequest: Sendable {
    /// The file's text (already decoded).
    var text: String
    var fileName: String
    /// The separator; detected from the header when nil.
    var delimiter: Character?
    /// One target per column; suggested from the headers when nil.
    var mapping: [String]?
    /// Mandatory when a consent column is mapped.
    var provenance: ProvenanceInput?
}

/// Imports members from CSV files: checks the file and the mapping, then runs every row through
/// the same upsert as `POST /members`, each row in its own savepoint so that a failing row never
/// leaves half a member. A dry run does all of it in a transaction that is rolled back.
struct MemberImporter: Sendable {
    let database: Database
    let actions: MemberActions
    let consentSettings: ConsentSettingsStore
    let reports: ImportReportStore
    let audit: AuditLog
    let logger: Logger
    /// Rows committed together in a real import (each still in its own savepoint).
    var batchSize = 100

    /// The file read, with its checked plan; 422 with every problem of the file, mapping or provenance.
    func prepare(_ request: ImportRequest, brand: Brand) async throws -> (CSVTable, ImportPlan) {
        let table: CSVTable
        do throws(CSVError) {
            table = try CSVReader.read(request.text, delimiter: request.delimiter)
        } catch {
            throw Self.unreadable(error)
        }
        let purposes = try await consentSettings.purposes(brandID: brand.id)
        var errors: [FieldError] = []
        var targets: [ImportTarget] = []
        if let mapping = request.mapping {
            if mapping.count != table.header.count {
                errors.append(FieldError("mapping", "has \(mapping.count) entries but the file has \(table.header.count) columns"))
            }
            for (index, text) in mapping.enumerated() {
                switch ImportTarget.parse(text) {
                case .success(let target): targets.append(target)
                case .failure(let problem): targets.append(.ignore); errors.append(FieldError("mapping[\(index)]", problem.message))
                }
            }
        } else {
            targets = ImportMappingSuggestion.suggest(header: table.header, purposes: purposes)
        }
        var seen: [ImportTarget: Int] = [:]
        for (index, target) in targets.enumerated() {
            if target.isSingle, let first = seen[target] {
                errors.append(FieldError("mapping[\(index)]", "\(target.text) is already the target of column \(first + 1)"))
            }
            seen[target] = seen[target] ?? index
            if let purpose = target.consentPurpose, !purposes.contains(where: { $0.key == purpose }) {
                errors.append(FieldError("mapping[\(index)]", "\(purpose) is not a consent purpose of this brand"))
            }
        }
        if !targets.contains(where: \.recognisesPerson) {
            errors.append(FieldError("mapping", "map at least one column to email, phone or an identity, to recognise people"))
        }
        var provenance: ImportProvenance? = nil
        let consentPurposes = Set(targets.compactMap(\.consentPurpose))
        if !consentPurposes.isEmpty {
            let checked = (request.provenance ?? ProvenanceInput()).validated()
            provenance = checked.provenance
            errors += checked.errors
        }
        if let provenance, errors.isEmpty {
            let language = provenance.wordingLanguage ?? brand.defaultLanguage
            for purpose in purposes where consentPurposes.contains(purpose.key) {
                let wording = try await database.read { sql in
                    try await consentSettings.wording(purposeID: purpose.id, language: language, version: provenance.wordingVersion, on: sql)
                }
                if wording == nil {
                    errors.append(FieldError("provenance.wordingVersion",
                                             "no wording of \(purpose.key) in \(language)\(provenance.wordingVersion.map { " version \($0)" } ?? "") has been published"))
                }
            }
        }
        if !errors.isEmpty { throw AppError.validation(errors, detail: "The import cannot start: \(errors.map { "\($0.field) \($0.message)" }.joined(separator: "; ")).") }
        return (table, ImportPlan(header: table.header, targets: targets, provenance: provenance, defaultCountry: brand.country))
    }

    /// Runs the import (or its dry run) and returns the report; a real import stores it and is audited.
    func run(_ request: ImportRequest, dryRun: Bool, brand: Brand, access: BrandAccess) async throws -> ImportReport {
        try access.require(.importMembers)
        let (table, plan) = try await prepare(request, brand: brand)
        // Batches keep each write transaction short, so that a large file never holds SQLite's
        // single writer for long: a dry run rehearses batch after batch (each rolled back),
        // remembering who it "created" by identity key to count later rows about them as merges.
        var tally = ImportTally()
        var start = 0
        while start < table.rows.count {
            let batch = table.rows[start..<min(start + batchSize, table.rows.count)]
            let before = tally
            if dryRun {
                tally = try await database.rehearsal { sql in
                    var rehearsed = try await process(batch, tally: before, plan: plan, brand: brand, access: access, rehearsing: true, on: sql)
                    // Ids of a rolled-back batch may be given again to the next one.
                    rehearsed.createdIDs = []
                    return rehearsed
                }
            } else {
                tally = try await database.transaction { sql in
                    try await process(batch, tally: before, plan: plan, brand: brand, access: access, rehearsing: false, on: sql)
                }
            }
            start += batchSize
        }
        var report = ImportReport(
            id: nil, dryRun: dryRun, fileName: request.fileName, delimiter: String(table.delimiter),
            columns: zip(plan.header, plan.targets).map { ImportColumn(header: $0, target: $1.text) },
            totalRows: table.rows.count, created: tally.created, updated: tally.updated, mergedInFile: tally.mergedInFile,
            suppressed: tally.suppressed, errorRows: tally.errorRows, issues: tally.issues, issuesTruncated: tally.issuesTruncated,
            provenance: plan.provenance.map(ImportProvenanceDTO.init), createdAt: Clock.iso(Clock.nowMillis()), createdBy: access.actor.label
        )
        guard !dryRun else { return report }
        let stored = report
        report.id = try await database.transaction { sql in
            let id = try await reports.insert(stored, brandID: brand.id, createdBy: access.actor.id, on: sql)
            try await audit.record(organisationID: access.organisationID, brandID: brand.id, actor: access.actor, action: "members.imported",
                                   targetKind: "member_import", targetID: id,
                                   details: ["rows": String(stored.totalRows), "created": String(stored.created), "updated": String(stored.updated),
                                             "suppressed": String(stored.suppressed), "errors": String(stored.errorRows)], on: sql)
            return id
        }
        logger.info("Members imported", metadata: ["import": "\(report.id ?? 0)", "brand": "\(brand.id)", "rows": "\(report.totalRows)",
                                                   "created": "\(report.created)", "updated": "\(report.updated)", "errors": "\(report.errorRows)"])
        return report
    }

    /// Runs rows through the upsert, each in a savepoint, and counts what happened.
    /// When `rehearsing`, rows about a person created by an earlier (rolled-back) batch are
    /// counted as merges through `tally.rehearsedKeys`.
    private func process(
        _ rows: ArraySlice<CSVRecord>, tally start: ImportTally, plan: ImportPlan, brand: Brand, access: BrandAccess,
        rehearsing: Bool, on sql: any SQLDatabase
    ) async throws -> ImportTally {
        var tally = start
        for record in rows {
            let row = ImportRow.build(record, plan: plan)
            guard let upsert = row.upsert else {
                tally.errorRows += 1
                tally.note(row.issues)
                continue
            }
            do {
                let outcome = try await Database.savepoint("import_row", on: sql) {
                    try await actions.upsert(upsert, brand: brand, access: access, source: .import, ipAddress: nil, on: sql)
                }
                let keys = upsert.identities.map(\.rehearsalKey)
                if outcome.created, rehearsing, keys.contains(where: tally.rehearsedKeys.contains) {
                    tally.updated += 1
                    tally.mergedInFile += 1
                    tally.createdIDs.insert(outcome.memberID)
                    tally.rehearsedKeys.formUnion(keys)
                } else if outcome.created {
                    tally.created += 1
                    tally.createdIDs.insert(outcome.memberID)
                    if rehearsing { tally.rehearsedKeys.formUnion(keys) }
                } else {
                    if rehearsing, tally.createdIDs.contains(outcome.memberID) { tally.rehearsedKeys.formUnion(keys) }
                    tally.updated += 1
                    if tally.createdIDs.contains(outcome.memberID) { tally.mergedInFile += 1 }
                }
            } catch let error as AppError where error.code == "suppressed" {
                tally.suppressed += 1
                tally.note([ImportIssue(line: row.line, column: nil, message: "skipped: this person asked for their data to be erased", code: "suppressed")])
            } catch let error as AppError {
                tally.errorRows += 1
                tally.note(row.issues(for: error))
            } catch {
                logger.error("An import row could not be stored", metadata: ["line": "\(row.line)", "error": "\(String(reflecting: error))"])
                tally.errorRows += 1
                tally.note([ImportIssue(line: row.line, column: nil, message: "could not be stored", code: "not_stored")])
            }
        }
        return tally
    }

    /// The 422 for a file that cannot be read as CSV.
    static func unreadable(_ error: CSVError) -> AppError {
        AppError(status: .unprocessableContent, code: "invalid_csv", title: "Unreadable CSV file",
                 detail: "The file cannot be read as CSV: \(error.description).", fieldErrors: [FieldError("csv", error.description)])
    }
}
