import Foundation
import Logging
import SQLKit

/// The actions on member profiles that touch several tables: upsert, consent changes, merge.
/// Each runs in one transaction and leaves an audit line and timeline events.
struct MemberActions: Sendable {
    let database: Database
    let members: MemberStore
    let ledger: ConsentLedger
    let consentSettings: ConsentSettingsStore
    let timeline: Timeline
    let audit: AuditLog
    let suppression: SuppressionList
    let doubleOptIn: DoubleOptIn
    let merger: MemberMerge
    let exporter: MemberExporter
    let erasure: MemberErasure
    let tenancy: TenancyStore
    let attributes: AttributeStore
    /// Called after an erasure or a merge, once committed: caches holding a member's links forget them.
    var profilesRemoved: @Sendable () -> Void = {}

    /// Creates or updates the member recognised by the given keys.
    func upsert(_ input: MemberUpsert, brand: Brand, access: BrandAccess, source: ConsentSource, ipAddress: String?) async throws -> UpsertOutcome {
        try access.require(.writeMembers)
        return try await database.transaction { sql in
            try await upsert(input, brand: brand, access: access, source: source, ipAddress: ipAddress, on: sql)
        }
    }

    /// Creates or updates the member recognised by the given keys, inside the caller's transaction
    /// (imports run each row in a savepoint of a batch).
    func upsert(
        _ input: MemberUpsert, brand: Brand, access: BrandAccess, source: ConsentSource, ipAddress: String?, on sql: any SQLDatabase
    ) async throws -> UpsertOutcome {
        guard !input.identities.isEmpty else {
            throw AppError.invalid("identities", "must contain at least one e-mail, phone, external or social identity")
        }
        // The members holding these keys and whether any key is an erased person's, in one read.
        let probe = if let known = input.erasedProbe, known.isFor(input.identities, organisationID: access.organisationID) {
            known
        } else {
            try await suppression.probe(input.identities, organisationID: access.organisationID, on: sql)
        }
        let (matches, isErased) = try await members.membersMatching(input.identities, organisationID: access.organisationID,
                                                                    erased: probe.erasedCondition, on: sql)
        if isErased {
            throw AppError(status: .conflict, code: "suppressed", title: "Erased person",
                           detail: "This person asked for their data to be erased. They can only come back through their own sign-up.")
        }
        if matches.count > 1 {
            throw AppError(status: .conflict, code: "ambiguous_identity", title: "Identities of several members",
                           detail: "These identities belong to different members (\(matches.map(String.init).joined(separator: ", "))). Merge them first.")
        }
        let memberID: Int64
        let created: Bool
        let unit = access.unitID ?? input.unitID
        var identities: [MemberIdentity] = []
        var gainedIdentity = false
        let joinedBrand: Bool
        if let existing = matches.first {
            memberID = existing
            created = false
            let changed = try await members.update(memberID: existing, with: input.profile, on: sql)
            if !changed.isEmpty {
                try await timeline.append(organisationID: access.organisationID, brandID: brand.id, memberID: existing,
                                          kind: "member.updated", summary: changed.joined(separator: ", "),
                                          data: ["by": access.actor.label], on: sql)
            }
            for key in input.identities where try await members.attach(key, memberID: memberID, organisationID: access.organisationID, on: sql) {
                gainedIdentity = true
            }
            joinedBrand = try await members.link(memberID: memberID, organisationID: access.organisationID, brandID: brand.id, unitID: unit,
                                                 source: source.rawValue, on: sql)
        } else {
            (memberID, identities) = try await members.insertNew(organisationID: access.organisationID, profile: input.profile,
                                                                 identities: input.identities, brandID: brand.id, unitID: unit,
                                                                 source: source.rawValue, on: sql)
            created = true
            joinedBrand = true
            try await timeline.append(organisationID: access.organisationID, brandID: brand.id, memberID: memberID,
                                      kind: "member.created", summary: source.rawValue, data: ["by": access.actor.label], on: sql)
        }
        if created || gainedIdentity || joinedBrand {
            // Posts of the brand written under these identities before, linked to nobody yet.
            try await MentionAuthors().linkEarlierPosts(memberID: memberID, brandID: brand.id, identities: input.identities, on: sql)
        }
        var storedAttributes: [String: String] = [:]
        if !input.attributes.isEmpty {
            let definitions = try await attributes.definitions(brandID: brand.id, on: sql)
            switch AttributeValidation.validate(input.attributes, definitions: definitions) {
            case .success(let values):
                storedAttributes = values
                try await members.setAttributes(values, memberID: memberID, brandID: brand.id, on: sql)
            case .failure(let error): throw error
            }
        }
        try await members.addTags(input.tags, memberID: memberID, brandID: brand.id, on: sql)
        var states: [ConsentState] = []
        for change in input.consents {
            guard let state = try await applyConsent(change, memberID: memberID, brand: brand, access: access, source: source,
                                                     ipAddress: ipAddress, knownProfile: created ? input.profile : nil,
                                                     knownAddress: created ? input.identities.first { $0.kind == .email }?.value : nil,
                                                     on: sql) else { continue }
            states.removeAll { $0.purposeKey == state.purposeKey && $0.channel == state.channel }
            states.append(state)
        }
        guard created else { return UpsertOutcome(memberID: memberID, created: false, joinedBrand: joinedBrand) }
        try await audit.record(organisationID: access.organisationID, brandID: brand.id, actor: access.actor,
                               action: "member.created", targetKind: "member", targetID: memberID, on: sql)
        // A new member is exactly what was just written: the answer needs no second read.
        let now = Clock.nowMillis()
        let member = Member(id: memberID, firstName: input.profile.firstName, lastName: input.profile.lastName,
                            birthDate: input.profile.birthDate, postalCode: input.profile.postalCode, city: input.profile.city,
                            country: input.profile.country, language: input.profile.language, createdAt: now, updatedAt: now,
                            lastContactAt: now, erasedAt: nil, identities: identities, tags: Array(Set(input.tags)).sorted(),
                            attributes: storedAttributes)
        return UpsertOutcome(memberID: memberID, created: true, joinedBrand: joinedBrand,
                             createdMember: (member, states.sorted { ($0.purposeKey, $0.channel.rawValue) < ($1.purposeKey, $1.channel.rawValue) }))
    }

    /// Records a consent change for a visible member.
    func changeConsent(_ change: ConsentChange, memberID: Int64, brand: Brand, access: BrandAccess, source: ConsentSource, ipAddress: String?) async throws {
        try access.require(.writeMembers)
        try await database.transaction { sql in
            guard try await members.member(memberID, access: access, on: sql) != nil else { throw AppError.notFound("member") }
            _ = try await applyConsent(change, memberID: memberID, brand: brand, access: access, source: source, ipAddress: ipAddress, on: sql)
        }
    }

    /// Appends the ledger record(s) for one change, enforcing age rules and double opt-in; nil when an
    /// imported grant is older than what the ledger already knows. A caller that just created the member
    /// passes its profile and first e-mail address, which need no reading back.
    @discardableResult
    func applyConsent(
        _ change: ConsentChange, memberID: Int64, brand: Brand, access: BrandAccess, source: ConsentSource,
        ipAddress: String?, knownProfile: ProfileFields? = nil, knownAddress: String? = nil, on sql: any SQLDatabase
    ) async throws -> ConsentState? {
        let settings = try await consentSettings.settings(brandID: brand.id, on: sql)
        guard let purpose = settings.purposes.first(where: { $0.key == change.purposeKey }) else {
            throw AppError.invalid("consents.purpose", "\(change.purposeKey) is not a consent purpose of this brand")
        }
        let stored: ProfileFields?
        if let knownProfile { stored = knownProfile } else { stored = try await members.profileRow(memberID: memberID, on: sql) }
        guard let profile = stored else { throw AppError.notFound("member") }
        if change.granted, let collectedAt = change.collectedAt,
           let latest = try await ledger.latestRecordedAt(memberID: memberID, purposeID: purpose.id, channel: change.channel, on: sql),
           latest >= collectedAt {
            return nil  // The ledger already knows something as recent: an older imported grant must not override it.
        }
        let language = change.wordingLanguage ?? (profile.language.flatMap { ["fr", "en"].contains($0) ? $0 : nil } ?? brand.defaultLanguage)
        let wording = settings.wording(purposeID: purpose.id, language: language, version: change.wordingVersion)
        let state: ConsentState
        if change.granted {
            guard let wording else {
                throw AppError.invalid("consents.wordingVersion", "no wording of \(purpose.key) in \(language)\(change.wordingVersion.map { " version \($0)" } ?? "") has been published")
            }
            if purpose.isMarketing {
                let age = profile.birthDate.flatMap { AgeRules.parseBirthDate($0) }.map { AgeRules.age(birth: $0) }
                switch AgeRules.marketingVerdict(age: age, brandMinimumAge: brand.minimumMarketingAge,
                                                 country: profile.country ?? brand.country, parentalConsent: change.parentalConsent) {
                case .allowed: break
                case .tooYoung(let minimum):
                    throw AppError(status: .unprocessableContent, code: "too_young", title: "Too young",
                                   detail: "This brand does not record marketing consent from people under \(minimum).",
                                   fieldErrors: [FieldError("birthDate", "is under the brand's minimum age of \(minimum) for marketing")])
                case .needsParentalConsent(let consentAge):
                    throw AppError(status: .unprocessableContent, code: "parental_consent_required", title: "Parental consent required",
                                   detail: "Under \(consentAge) in this country, a parent or guardian must consent (set parentalConsent).",
                                   fieldErrors: [FieldError("consents.parentalConsent", "is required under \(consentAge)")])
                }
            }
            let needsConfirmation = change.channel == .email && change.confirmedAt == nil && source != .staff
            var record = NewConsentRecord(
                organisationID: access.organisationID, brandID: brand.id, memberID: memberID, purposeID: purpose.id,
                channel: change.channel, status: needsConfirmation ? .pending : .granted, sourceKind: source,
                sourceID: access.actor.id, sourceLabel: change.sourceLabel ?? access.actor.label, wordingID: wording.id, ipAddress: ipAddress,
                confirmedAt: change.confirmedAt, parentalConsent: change.parentalConsent, recordedAt: change.collectedAt ?? Clock.nowMillis()
            )
            let recordID: Int64
            if needsConfirmation {
                record.confirmationSentAt = Clock.nowMillis()
                recordID = try await ledger.append(record, on: sql)
                try await doubleOptIn.send(recordID: recordID, memberID: memberID, brand: brand, purpose: purpose, address: knownAddress, on: sql)
            } else {
                recordID = try await ledger.append(record, on: sql)
            }
            state = ConsentState(purposeKey: purpose.key, channel: change.channel, status: record.status, since: record.recordedAt, recordID: recordID)
            try await timeline.append(organisationID: access.organisationID, brandID: brand.id, memberID: memberID,
                                      kind: needsConfirmation ? "consent.pending" : "consent.granted",
                                      summary: "\(purpose.key) · \(change.channel.rawValue)",
                                      data: ["purpose": purpose.key, "channel": change.channel.rawValue, "wordingVersion": String(wording.version)],
                                      initiatedByMember: source == .form || source == .preferenceCentre, on: sql)
        } else {
            let record = NewConsentRecord(
                organisationID: access.organisationID, brandID: brand.id, memberID: memberID, purposeID: purpose.id,
                channel: change.channel, status: .withdrawn, sourceKind: source, sourceID: access.actor.id,
                sourceLabel: change.sourceLabel ?? access.actor.label, wordingID: wording?.id, ipAddress: ipAddress,
                recordedAt: change.collectedAt ?? Clock.nowMillis()
            )
            let recordID = try await ledger.append(record, on: sql)
            state = ConsentState(purposeKey: purpose.key, channel: change.channel, status: .withdrawn, since: record.recordedAt, recordID: recordID)
            try await timeline.append(organisationID: access.organisationID, brandID: brand.id, memberID: memberID,
                                      kind: "consent.withdrawn", summary: "\(purpose.key) · \(change.channel.rawValue)",
                                      data: ["purpose": purpose.key, "channel": change.channel.rawValue],
                                      initiatedByMember: source == .form || source == .preferenceCentre, on: sql)
        }
        if source == .form || source == .preferenceCentre {
            try await members.touchContact(memberID: memberID, on: sql)
        }
        return state
    }

    /// Merges `duplicateID` into `survivorID`.
    func merge(survivorID: Int64, duplicateID: Int64, access: BrandAccess) async throws {
        try access.require(.writeMembers)
        guard survivorID != duplicateID else { throw AppError.invalid("duplicateId", "must be another member") }
        try await database.transaction { sql in
            guard try await members.member(survivorID, access: access, on: sql) != nil else { throw AppError.notFound("member") }
            guard try await members.member(duplicateID, access: access, on: sql) != nil else {
                throw AppError.invalid("duplicateId", "is not a member visible to you")
            }
            try await merger.merge(survivorID: survivorID, duplicateID: duplicateID, access: access, on: sql)
            try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                   action: "member.merged", targetKind: "member", targetID: survivorID,
                                   details: ["duplicate": String(duplicateID)], on: sql)
        }
        profilesRemoved()
    }

    /// Everything about a visible member, across the organisation's brands; the export is audited.
    func export(memberID: Int64, access: BrandAccess) async throws -> MemberExport {
        try access.require(.exportMembers)
        return try await database.transaction { sql in
            guard try await members.member(memberID, access: access, on: sql) != nil else { throw AppError.notFound("member") }
            let organisation = try await sql.raw("SELECT name FROM organisations WHERE id = \(bind: access.organisationID)").first()!
                .decode(column: "name", as: String.self)
            let export = try await exporter.export(memberID: memberID, organisationName: organisation, on: sql)
            try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                   action: "member.exported", targetKind: "member", targetID: memberID, on: sql)
            try await timeline.append(organisationID: access.organisationID, brandID: access.brandID, memberID: memberID,
                                      kind: "member.exported", summary: "GDPR export", data: ["by": access.actor.label], on: sql)
            return export
        }
    }

    /// Erases a visible member's personal data on their request; the erasure is audited.
    func erase(memberID: Int64, access: BrandAccess) async throws {
        try access.require(.eraseMembers)
        try await database.transaction { sql in
            guard try await members.member(memberID, access: access, on: sql) != nil else { throw AppError.notFound("member") }
            try await erasure.erase(memberID: memberID, organisationID: access.organisationID, reason: .request, on: sql)
            try await audit.record(organisationID: access.organisationID, brandID: access.brandID, actor: access.actor,
                                   action: "member.erased", targetKind: "member", targetID: memberID, on: sql)
        }
        profilesRemoved()
    }
}
