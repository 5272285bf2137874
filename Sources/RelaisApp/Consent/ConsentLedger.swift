import Foundation
import SQLKit

/// A new line for the ledger, before it gets its id.
struct NewConsentRecord: Sendable {
    var organisationID: Int64
    var brandID: Int64
    var memberID: Int64
    var purposeID: Int64
    var channel: ConsentChannel
    var status: ConsentStatus
    var sourceKind: ConsentSource
    var sourceID: Int64?
    var sourceLabel: String
    var wordingID: Int64?
    var ipAddress: String?
    var userAgent: String?
    var confirmationSentAt: Int64?
    var confirmedAt: Int64?
    var parentalConsent: Bool = false
    var mergedFromMemberID: Int64?
    /// When the record was made; now unless loading history.
    var recordedAt: Int64 = Clock.nowMillis()
}

/// The append-only consent ledger: records are inserted, never updated or deleted (except by erasure).
struct ConsentLedger: Sendable {
    let database: Database

    /// Appends a record and returns its id.
    @discardableResult
    func append(_ record: NewConsentRecord, on sql: any SQLDatabase) async throws -> Int64 {
        let values = Self.values(record)
        if let group = WorkGroup.current, group.keepsNewRows {
            let id = try await group.newID(for: .consentRecords, on: sql)
            group.keep(.consentRecords, [id] + values)
            return id
        }
        guard let id = try await WorkGroup.Table.consentRecords.insertReturningID(values, on: sql) else {
            throw AppError.conflict("The consent could not be recorded.")
        }
        return id
    }

    /// A record's values in the order of its table's columns after `id`.
    private static func values(_ record: NewConsentRecord) -> [any Encodable & Sendable] {
        [record.organisationID, record.brandID, record.memberID, record.purposeID, record.channel.rawValue, record.status.rawValue,
         record.sourceKind.rawValue, record.sourceID, record.sourceLabel, record.wordingID, record.ipAddress, record.userAgent,
         record.confirmationSentAt, record.confirmedAt, record.parentalConsent ? 1 : 0, record.mergedFromMemberID, record.recordedAt]
    }

    /// The whole history of a member within a brand, oldest first.
    func history(memberID: Int64, brandID: Int64, on sql: any SQLDatabase) async throws -> [ConsentRecord] {
        try await sql.raw("""
            SELECT c.*, p.key AS purpose_key, w.version AS wording_version, w.language AS wording_language, w.sha256 AS wording_sha256
            FROM consent_records c
            JOIN consent_purposes p ON p.id = c.purpose_id
            LEFT JOIN consent_wordings w ON w.id = c.wording_id
            WHERE c.member_id = \(bind: memberID) AND c.brand_id = \(bind: brandID)
            ORDER BY c.id
            """).all().map(Self.record)
    }

    /// Every record of a member in every brand, for the GDPR export.
    func fullHistory(memberID: Int64, on sql: any SQLDatabase) async throws -> [ConsentRecord] {
        try await sql.raw("""
            SELECT c.*, p.key AS purpose_key, w.version AS wording_version, w.language AS wording_language, w.sha256 AS wording_sha256
            FROM consent_records c
            JOIN consent_purposes p ON p.id = c.purpose_id
            LEFT JOIN consent_wordings w ON w.id = c.wording_id
            WHERE c.member_id = \(bind: memberID) ORDER BY c.id
            """).all().map(Self.record)
    }

    /// Current state per purpose × channel, derived from the history: the latest record wins.
    func currentStates(memberID: Int64, brandID: Int64, on sql: any SQLDatabase) async throws -> [ConsentState] {
        let records = try await history(memberID: memberID, brandID: brandID, on: sql)
        var latest: [String: ConsentRecord] = [:]
        for record in records { latest["\(record.purposeKey)|\(record.channel.rawValue)"] = record }
        return latest.values
            .map { ConsentState(purposeKey: $0.purposeKey, channel: $0.channel, status: $0.status, since: $0.recordedAt, recordID: $0.id) }
            .sorted { ($0.purposeKey, $0.channel.rawValue) < ($1.purposeKey, $1.channel.rawValue) }
    }

    /// When the latest record of one purpose × channel of a member was made, if there is one.
    func latestRecordedAt(memberID: Int64, purposeID: Int64, channel: ConsentChannel, on sql: any SQLDatabase) async throws -> Int64? {
        try await sql.raw("""
            SELECT MAX(recorded_at) AS at FROM consent_records
            WHERE member_id = \(bind: memberID) AND purpose_id = \(bind: purposeID) AND channel = \(bind: channel.rawValue)
            """).first()?.optional("at", as: Int64.self)
    }

    /// Latest status per key for a member across all brands, with the raw ids for merging.
    func latestStatuses(memberID: Int64, on sql: any SQLDatabase) async throws -> [ConsentKey: ConsentStatus] {
        let rows = try await sql.raw("""
            SELECT id, brand_id, purpose_id, channel, status FROM consent_records WHERE member_id = \(bind: memberID) ORDER BY id
            """).all()
        var result: [ConsentKey: ConsentStatus] = [:]
        for row in rows {
            guard let channel = ConsentChannel(rawValue: try row.decode(column: "channel", as: String.self)),
                  let status = ConsentStatus(rawValue: try row.decode(column: "status", as: String.self)) else { continue }
            let key = ConsentKey(brandID: try row.decode(column: "brand_id", as: Int64.self),
                                 purposeID: try row.decode(column: "purpose_id", as: Int64.self), channel: channel)
            result[key] = status
        }
        return result
    }

    static func record(_ row: any SQLRow) throws -> ConsentRecord {
        ConsentRecord(
            id: try row.decode(column: "id", as: Int64.self),
            brandID: try row.decode(column: "brand_id", as: Int64.self),
            memberID: try row.decode(column: "member_id", as: Int64.self),
            purposeKey: try row.decode(column: "purpose_key", as: String.self),
            channel: ConsentChannel(rawValue: try row.decode(column: "channel", as: String.self)) ?? .email,
            status: ConsentStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .withdrawn,
            sourceKind: ConsentSource(rawValue: try row.decode(column: "source_kind", as: String.self)) ?? .staff,
            sourceLabel: try row.decode(column: "source_label", as: String.self),
            wordingVersion: try row.optional("wording_version"),
            wordingLanguage: try row.optional("wording_language"),
            wordingSHA256: try row.optional("wording_sha256"),
            ipAddress: try row.optional("ip_address"),
            confirmationSentAt: try row.optional("confirmation_sent_at"),
            confirmedAt: try row.optional("confirmed_at"),
            parentalConsent: try row.flag("parental_consent"),
            mergedFromMemberID: try row.optional("merged_from_member_id"),
            recordedAt: try row.decode(column: "recorded_at", as: Int64.self)
        )
    }
}

extension WorkGroup.Table {
    /// Consent records, kept by a group after the members they belong to, or inserted at once.
    static let consentRecords = WorkGroup.Table(name: "consent_records", columns: [
        "id", "organisation_id", "brand_id", "member_id", "purpose_id", "channel", "status", "source_kind", "source_id", "source_label",
        "wording_id", "ip_address", "user_agent", "confirmation_sent_at", "confirmed_at", "parental_consent", "merged_from_member_id", "recorded_at",
    ], order: 3)
}
