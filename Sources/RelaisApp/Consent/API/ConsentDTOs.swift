/// A member's consents: current states and the full ledger history with proof.
struct ConsentOverviewDTO: Codable, Sendable {
    var current: [ConsentStateDTO]
    var history: [ConsentRecordDTO]
}

/// One ledger record as the API shows it.
struct ConsentRecordDTO: Codable, Sendable {
    var id: Int64
    var purpose: String
    var channel: ConsentChannel
    var status: ConsentStatus
    var source: ConsentSource
    var sourceLabel: String
    var wordingVersion: Int?
    var wordingLanguage: String?
    var wordingSha256: String?
    var ipAddress: String?
    var confirmationSentAt: String?
    var confirmedAt: String?
    var parentalConsent: Bool
    var mergedFromMemberId: Int64?
    var recordedAt: String

    init(_ record: ConsentRecord) {
        id = record.id; purpose = record.purposeKey; channel = record.channel; status = record.status
        source = record.sourceKind; sourceLabel = record.sourceLabel; wordingVersion = record.wordingVersion
        wordingLanguage = record.wordingLanguage; wordingSha256 = record.wordingSHA256; ipAddress = record.ipAddress
        confirmationSentAt = record.confirmationSentAt.map(Clock.iso); confirmedAt = record.confirmedAt.map(Clock.iso)
        parentalConsent = record.parentalConsent; mergedFromMemberId = record.mergedFromMemberID; recordedAt = Clock.iso(record.recordedAt)
    }
}
