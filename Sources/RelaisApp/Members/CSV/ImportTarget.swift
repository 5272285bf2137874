import Foundation

/// Where the values of one CSV column go when members are imported.
enum ImportTarget: Sendable, Equatable, Hashable {
    case ignore
    case email
    case phone
    /// An external or social id: `identity:<kind>:<namespace>`.
    case identity(kind: IdentityKind, namespace: String)
    case firstName, lastName, birthDate, postalCode, city, country, language
    /// A custom attribute of the brand: `attribute:<key>`.
    case attribute(key: String)
    /// Tag names, several separated by `|`: `tag`.
    case tags
    /// A fixed tag added when the value is yes/oui/1/true/x: `tag:<name>`.
    case flagTag(name: String)
    /// A consent of the brand given (yes) or withdrawn (no): `consent:<purpose>:<channel>`.
    case consent(purpose: String, channel: ConsentChannel)

    /// Reads a target as written in a mapping, or nil with the reason.
    static func parse(_ text: String) -> Result<ImportTarget, FieldProblem> {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        switch (parts.first ?? "", parts.count) {
        case ("", 1), ("ignore", 1): return .success(.ignore)
        case ("email", 1): return .success(.email)
        case ("phone", 1): return .success(.phone)
        case ("firstName", 1): return .success(.firstName)
        case ("lastName", 1): return .success(.lastName)
        case ("birthDate", 1): return .success(.birthDate)
        case ("postalCode", 1): return .success(.postalCode)
        case ("city", 1): return .success(.city)
        case ("country", 1): return .success(.country)
        case ("language", 1): return .success(.language)
        case ("tag", 1), ("tags", 1): return .success(.tags)
        case ("tag", 2):
            let name = parts[1].trimmingCharacters(in: .whitespaces)
            guard (1...60).contains(name.count) else { return .failure(.init("tag:<name> needs a tag name of 1 to 60 characters")) }
            return .success(.flagTag(name: name))
        case ("attribute", 2):
            guard MemberInput.isValidKey(parts[1]) else {
                return .failure(.init("attribute keys must be 1 to 40 lower-case letters, digits or _"))
            }
            return .success(.attribute(key: parts[1]))
        case ("identity", 3):
            guard let kind = IdentityKind(rawValue: parts[1]), kind == .external || kind == .social else {
                return .failure(.init("identity:<kind>:<namespace> takes the kind external or social"))
            }
            guard case .success = IdentityNormalizer.key(kind: kind, namespace: parts[2], value: "x", defaultCountry: "FR") else {
                return .failure(.init("the namespace must name the system or network (letters, digits, - _ .)"))
            }
            return .success(.identity(kind: kind, namespace: parts[2].lowercased()))
        case ("consent", 3):
            guard let channel = ConsentChannel(rawValue: parts[2]) else {
                return .failure(.init("the channel of consent:<purpose>:<channel> must be one of \(ConsentChannel.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
            return .success(.consent(purpose: parts[1], channel: channel))
        default:
            return .failure(.init("is not a known target (email, phone, firstName, lastName, birthDate, postalCode, city, country, language, identity:<kind>:<namespace>, attribute:<key>, tag, tag:<name>, consent:<purpose>:<channel>, ignore)"))
        }
    }

    /// The target as written in a mapping.
    var text: String {
        switch self {
        case .ignore: "ignore"
        case .email: "email"
        case .phone: "phone"
        case .identity(let kind, let namespace): "identity:\(kind.rawValue):\(namespace)"
        case .firstName: "firstName"
        case .lastName: "lastName"
        case .birthDate: "birthDate"
        case .postalCode: "postalCode"
        case .city: "city"
        case .country: "country"
        case .language: "language"
        case .attribute(let key): "attribute:\(key)"
        case .tags: "tag"
        case .flagTag(let name): "tag:\(name)"
        case .consent(let purpose, let channel): "consent:\(purpose):\(channel.rawValue)"
        }
    }

    /// Whether the column records consent, which makes provenance mandatory.
    var isConsent: Bool {
        if case .consent = self { return true }
        return false
    }

    /// Whether the column holds a key that recognises the person.
    var recognisesPerson: Bool {
        switch self {
        case .email, .phone, .identity: true
        default: false
        }
    }

    /// The purpose of a consent column.
    var consentPurpose: String? {
        if case .consent(let purpose, _) = self { return purpose }
        return nil
    }

    /// Targets that may be mapped from one column only.
    var isSingle: Bool {
        switch self {
        case .firstName, .lastName, .birthDate, .postalCode, .city, .country, .language, .attribute, .flagTag, .consent: true
        case .ignore, .email, .phone, .identity, .tags: false
        }
    }
}
