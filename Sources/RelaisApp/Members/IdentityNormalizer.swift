/// Turns identity values as typed into `IdentityKey`s, or field problems.
enum IdentityNormalizer {
    /// Normalises one identity; `defaultCountry` is used for national phone numbers.
    static func key(kind: IdentityKind, namespace: String?, value: String, defaultCountry: String) -> Result<IdentityKey, FieldProblem> {
        switch kind {
        case .email:
            return EmailAddress.validate(value).map {
                IdentityKey(kind: .email, namespace: "", value: $0, matchKey: EmailAddress.matchKey($0))
            }
        case .phone:
            return PhoneNumber.normalize(value, defaultCountry: defaultCountry).map {
                IdentityKey(kind: .phone, namespace: "", value: $0, matchKey: $0)
            }
        case .external, .social:
            let space = (namespace ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            guard !space.isEmpty, space.count <= 40, space.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }) else {
                return .failure(.init("needs a namespace naming the system or network (letters, digits, - _ .)"))
            }
            var text = value.trimmedText
            guard !text.isEmpty, text.count <= 200 else { return .failure(.init("must be 1 to 200 characters")) }
            if kind == .social {
                if text.hasPrefix("@") { text.removeFirst() }
                return .success(IdentityKey(kind: .social, namespace: space, value: text, matchKey: text.lowercased()))
            }
            return .success(IdentityKey(kind: .external, namespace: space, value: text, matchKey: text))
        }
    }
}
