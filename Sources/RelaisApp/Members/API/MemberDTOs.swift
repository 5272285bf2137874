import Foundation

/// Body of `POST /api/v1/members`: create or update the member recognised by the identities.
struct MemberInput: APIInput {
    static let fieldNames: Set<String> = [
        "email", "phone", "identities", "firstName", "lastName", "birthDate", "postalCode", "city", "country",
        "language", "attributes", "tags", "consents", "unitId",
    ]
    var email: String?
    var phone: String?
    var identities: [IdentityInput]?
    var firstName: String?
    var lastName: String?
    var birthDate: String?
    var postalCode: String?
    var city: String?
    var country: String?
    var language: String?
    var attributes: [String: String]?
    var tags: [String]?
    var consents: [ConsentInput]?
    var unitId: Int64?

    /// Validated upsert, or every field problem at once.
    func validated(defaultCountry: String) throws -> MemberUpsert {
        var errors: [FieldError] = []
        var keys: [IdentityKey] = []
        func add(_ kind: IdentityKind, _ namespace: String?, _ value: String, field: String) {
            switch IdentityNormalizer.key(kind: kind, namespace: namespace, value: value, defaultCountry: country ?? defaultCountry) {
            case .success(let key): if !keys.contains(key) { keys.append(key) }
            case .failure(let problem): errors.append(FieldError(field, problem.message))
            }
        }
        if let email { add(.email, nil, email, field: "email") }
        if let phone { add(.phone, nil, phone, field: "phone") }
        for (index, identity) in (identities ?? []).enumerated() {
            add(identity.kind, identity.namespace, identity.value, field: "identities[\(index)].value")
        }
        if keys.isEmpty && errors.isEmpty {
            errors.append(FieldError("email", "an e-mail, a phone or an identity is required to recognise the member"))
        }
        if (identities?.count ?? 0) > 20 { errors.append(FieldError("identities", "must have at most 20 items")) }
        let profile = ProfileFields(firstName: firstName, lastName: lastName, birthDate: birthDate, postalCode: postalCode,
                                    city: city, country: country, language: language)
        errors += profile.problems()
        let attributes = attributes ?? [:]
        if attributes.count > 50 { errors.append(FieldError("attributes", "must have at most 50 entries")) }
        for (key, value) in attributes {
            if !MemberInput.isValidKey(key) { errors.append(FieldError("attributes.\(key)", "keys must be 1 to 40 lower-case letters, digits or _")) }
            if value.count > 500 { errors.append(FieldError("attributes.\(key)", "must be at most 500 characters")) }
        }
        let tags = (tags ?? []).map { $0.trimmingCharacters(in: .whitespaces) }
        for (index, tag) in tags.enumerated() where tag.isEmpty || tag.count > 60 {
            errors.append(FieldError("tags[\(index)]", "must be 1 to 60 characters"))
        }
        var consents: [ConsentChange] = []
        for (index, consent) in (self.consents ?? []).enumerated() {
            switch consent.change() {
            case .success(let change): consents.append(change)
            case .failure(let error): errors.append(FieldError("consents[\(index)].\(error.field)", error.message))
            }
        }
        if !errors.isEmpty { throw AppError.validation(errors) }
        return MemberUpsert(identities: keys, profile: profile.cleaned(), attributes: attributes, tags: tags, consents: consents, unitID: unitId)
    }

    /// Whether a custom attribute or purpose key is well formed.
    static func isValidKey(_ key: String) -> Bool {
        (1...40).contains(key.count) && key.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" }
    }
}

/// An identity in an API body.
struct IdentityInput: Codable, Sendable {
    var kind: IdentityKind
    var namespace: String?
    var value: String
}

/// A consent change in an API body.
struct ConsentInput: APIInput {
    static let fieldNames: Set<String> = ["purpose", "channel", "granted", "wordingVersion", "wordingLanguage", "parentalConsent", "confirmedAt"]
    var purpose: String
    var channel: ConsentChannel
    var granted: Bool
    var wordingVersion: Int?
    var wordingLanguage: String?
    var parentalConsent: Bool?
    var confirmedAt: String?

    /// The validated change.
    func change() -> Result<ConsentChange, FieldErrorBox> {
        if let wordingVersion, wordingVersion < 1 { return .failure(.init(field: "wordingVersion", message: "must be 1 or more")) }
        if let wordingLanguage, !["fr", "en"].contains(wordingLanguage) { return .failure(.init(field: "wordingLanguage", message: "must be fr or en")) }
        var confirmed: Int64? = nil
        if let confirmedAt {
            guard let date = try? Date(confirmedAt, strategy: .iso8601), date <= Date() else {
                return .failure(.init(field: "confirmedAt", message: "must be a past ISO 8601 date-time"))
            }
            confirmed = Clock.millis(date)
        }
        return .success(ConsentChange(purposeKey: purpose, channel: channel, granted: granted, wordingVersion: wordingVersion,
                                      wordingLanguage: wordingLanguage, parentalConsent: parentalConsent ?? false, confirmedAt: confirmed))
    }
}

/// A field error carried through a `Result`.
struct FieldErrorBox: Error {
    var field: String
    var message: String
}

/// A member as the API shows it.
struct MemberDTO: Codable, Sendable {
    var id: Int64
    var firstName: String?
    var lastName: String?
    var birthDate: String?
    var postalCode: String?
    var city: String?
    var country: String?
    var language: String?
    var identities: [IdentityDTO]
    var tags: [String]
    var attributes: [String: String]
    var consents: [ConsentStateDTO]
    var createdAt: String
    var updatedAt: String
    var lastContactAt: String

    init(_ member: Member, consents: [ConsentState]) {
        id = member.id
        firstName = member.firstName; lastName = member.lastName; birthDate = member.birthDate
        postalCode = member.postalCode; city = member.city; country = member.country; language = member.language
        identities = member.identities.map { IdentityDTO(id: $0.id, kind: $0.kind, namespace: $0.namespace.isEmpty ? nil : $0.namespace, value: $0.value) }
        tags = member.tags
        attributes = member.attributes
        self.consents = consents.map(ConsentStateDTO.init)
        createdAt = Clock.iso(member.createdAt); updatedAt = Clock.iso(member.updatedAt); lastContactAt = Clock.iso(member.lastContactAt)
    }
}

/// An identity as the API shows it.
struct IdentityDTO: Codable, Sendable {
    var id: Int64
    var kind: IdentityKind
    var namespace: String?
    var value: String
}

/// A current consent state as the API shows it.
struct ConsentStateDTO: Codable, Sendable {
    var purpose: String
    var channel: ConsentChannel
    var status: ConsentStatus
    var since: String

    init(_ state: ConsentState) {
        purpose = state.purposeKey; channel = state.channel; status = state.status; since = Clock.iso(state.since)
    }
}

/// A member in a list, as the API shows it.
struct MemberSummaryDTO: Codable, Sendable {
    var id: Int64
    var firstName: String?
    var lastName: String?
    var email: String?
    var phone: String?
    var city: String?
    var country: String?
    var createdAt: String

    init(_ summary: MemberSummary) {
        id = summary.id; firstName = summary.firstName; lastName = summary.lastName; email = summary.email
        phone = summary.phone; city = summary.city; country = summary.country; createdAt = Clock.iso(summary.createdAt)
    }
}

/// Answer of an upsert.
struct UpsertResultDTO: Codable, Sendable {
    var created: Bool
    var member: MemberDTO
}

/// A timeline event as the API shows it.
struct TimelineEventDTO: Codable, Sendable {
    var id: Int64
    var kind: String
    var summary: String
    var data: [String: String]
    var initiatedByMember: Bool
    var occurredAt: String

    init(_ event: TimelineEvent) {
        id = event.id; kind = event.kind; summary = event.summary; data = event.data
        initiatedByMember = event.initiatedByMember; occurredAt = Clock.iso(event.occurredAt)
    }
}

/// A probable duplicate pair as the API shows it.
struct DuplicatePairDTO: Codable, Sendable {
    var first: MemberSummaryDTO
    var second: MemberSummaryDTO
    var reason: String
}
