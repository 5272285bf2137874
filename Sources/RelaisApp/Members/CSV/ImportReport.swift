/// What an import did (or, for a dry run, would do): counts and the problems per line.
/// Stored as JSON with the `member_imports` row; holds no personal data.
struct ImportReport: Codable, Sendable, Equatable {
    /// Id of the stored report; nil for a dry run.
    var id: Int64?
    var dryRun: Bool
    var fileName: String
    /// The separator the file was read with.
    var delimiter: String
    /// Each column and where it went.
    var columns: [ImportColumn]
    /// Data rows in the file (the header excluded).
    var totalRows: Int
    /// Rows that created a member.
    var created: Int
    /// Rows that updated a member already known, including a person met earlier in the same file.
    var updated: Int
    /// Of the updated rows, those about a person met earlier in the same file (merged, not created twice).
    var mergedInFile: Int
    /// Rows skipped because the person asked to be erased.
    var suppressed: Int
    /// Rows not imported because of errors.
    var errorRows: Int
    /// Problems per line, at most `ImportReport.maxIssues`.
    var issues: [ImportIssue]
    /// Whether problems beyond `maxIssues` were left out (the counts stay exact).
    var issuesTruncated: Bool
    /// Provenance of the consent columns, when there were some.
    var provenance: ImportProvenanceDTO?
    var createdAt: String
    var createdBy: String

    /// Most problems kept in a report.
    static let maxIssues = 1000
}

/// A column of an imported file and its target.
struct ImportColumn: Codable, Sendable, Equatable {
    var header: String
    var target: String
}

/// Provenance as reports show it.
struct ImportProvenanceDTO: Codable, Sendable, Equatable {
    var source: String
    var collectedAt: String
    var wordingVersion: Int?
    var wordingLanguage: String?
    var emailsConfirmed: Bool

    init(_ provenance: ImportProvenance) {
        source = provenance.source
        collectedAt = Clock.iso(provenance.collectedAt)
        wordingVersion = provenance.wordingVersion
        wordingLanguage = provenance.wordingLanguage
        emailsConfirmed = provenance.emailsConfirmed
    }
}

/// Counts kept while rows are processed.
struct ImportTally: Sendable {
    var created = 0
    var updated = 0
    var mergedInFile = 0
    var suppressed = 0
    var errorRows = 0
    var issues: [ImportIssue] = []
    var issuesTruncated = false
    /// Members created by this import, to recognise later rows about the same person.
    var createdIDs = Set<Int64>()
    /// In a dry run, the identity keys of the people it would create, kept across batches.
    var rehearsedKeys = Set<String>()

    /// Notes problems of one row.
    mutating func note(_ rowIssues: [ImportIssue]) {
        let room = ImportReport.maxIssues - issues.count
        if rowIssues.count > room { issuesTruncated = true }
        issues += rowIssues.prefix(max(0, room))
    }
}

extension IdentityKey {
    /// The key as one string, to recognise the same identity across the batches of a dry run.
    var rehearsalKey: String { "\(kind.rawValue)\u{1F}\(namespace)\u{1F}\(matchKey)" }
}
