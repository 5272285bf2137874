/// One person's profile within an organisation.
public struct Member: Sendable, Codable, Equatable {
    public var id: Int64
    public var firstName: String?
    public var lastName: String?
    public var birthDate: String?
    public var postalCode: String?
    public var city: String?
    public var country: String?
    public var language: String?
    public var createdAt: Int64
    public var updatedAt: Int64
    public var lastContactAt: Int64
    public var erasedAt: Int64?
    public var identities: [MemberIdentity] = []
    public var tags: [String] = []
    public var attributes: [String: String] = [:]

    /// Full name for lists, or nil when unknown.
    var displayName: String? {
        let name = [firstName, lastName].compactMap { $0 }.joined(separator: " ")
        return name.isEmpty ? nil : name
    }

    /// First e-mail address, if any.
    var email: String? { identities.first { $0.kind == .email }?.value }
    /// First phone number, if any.
    var phone: String? { identities.first { $0.kind == .phone }?.value }
}

/// An identity key attached to a member.
public struct MemberIdentity: Sendable, Codable, Equatable {
    public var id: Int64
    public var kind: IdentityKind
    public var namespace: String
    public var value: String
}

/// The standard profile fields, as given in an upsert or a form (nil = not given).
struct ProfileFields: Sendable, Equatable {
    var firstName: String?
    var lastName: String?
    var birthDate: String?
    var postalCode: String?
    var city: String?
    var country: String?
    var language: String?

    /// Field problems of the given values, named as in the API.
    func problems() -> [FieldError] {
        var errors: [FieldError] = []
        for (name, value) in [("firstName", firstName), ("lastName", lastName), ("city", city)] {
            if let value, value.count > 100 { errors.append(FieldError(name, "must be at most 100 characters")) }
            if let value, value.contains(where: { $0.isNewline || $0 == "\0" }) { errors.append(FieldError(name, "must be on one line")) }
        }
        if let birthDate, AgeRules.parseBirthDate(birthDate) == nil {
            errors.append(FieldError("birthDate", "must be a past date written YYYY-MM-DD"))
        }
        if let postalCode, postalCode.count > 12 || !postalCode.allSatisfy({ $0.isLetter || $0.isNumber || $0 == " " || $0 == "-" }) {
            errors.append(FieldError("postalCode", "must be at most 12 letters, digits, spaces or dashes"))
        }
        if let country, country.count != 2 || !country.allSatisfy({ $0.isASCII && $0.isLetter }) {
            errors.append(FieldError("country", "must be a two-letter ISO country code such as FR"))
        }
        if let language, !(2...3).contains(language.count) || !language.allSatisfy({ $0.isASCII && $0.isLetter }) {
            errors.append(FieldError("language", "must be a language code such as fr or en"))
        }
        return errors
    }

    /// Values cleaned for storage: trimmed, codes upper/lower-cased, empty as nil.
    func cleaned() -> ProfileFields {
        func clean(_ text: String?) -> String? {
            guard let trimmed = text?.trimmedText, !trimmed.isEmpty else { return nil }
            return trimmed
        }
        return ProfileFields(
            firstName: clean(firstName), lastName: clean(lastName), birthDate: clean(birthDate),
            postalCode: clean(postalCode), city: clean(city), country: clean(country)?.uppercased(),
            language: clean(language)?.lowercased()
        )
    }
}
