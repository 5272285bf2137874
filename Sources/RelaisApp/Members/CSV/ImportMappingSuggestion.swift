import Foundation

/// Suggests where each column of a CSV file goes, from its header in French or English.
enum ImportMappingSuggestion {
    /// Header names (folded: lower case, no accents, words only) and the target they suggest.
    static let known: [String: ImportTarget] = {
        var table: [String: ImportTarget] = [:]
        let names: [(ImportTarget, [String])] = [
            (.email, ["email", "e mail", "mail", "courriel", "adresse e mail", "adresse email", "adresse mail", "adresse electronique",
                      "email address", "e mail address", "mel"]),
            (.phone, ["phone", "telephone", "tel", "mobile", "portable", "gsm", "cell", "phone number", "numero de telephone",
                      "telephone mobile", "telephone portable", "mobile phone", "num tel"]),
            (.firstName, ["firstname", "first name", "prenom", "given name", "forename"]),
            (.lastName, ["lastname", "last name", "nom", "nom de famille", "surname", "family name"]),
            (.birthDate, ["birthdate", "birth date", "date de naissance", "naissance", "date of birth", "dob", "birthday", "ne le", "nee le"]),
            (.postalCode, ["postalcode", "postal code", "code postal", "cp", "postcode", "zip", "zip code", "zipcode"]),
            (.city, ["city", "ville", "commune", "town", "localite"]),
            (.country, ["country", "pays", "country code", "code pays"]),
            (.language, ["language", "langue", "lang", "locale"]),
            (.tags, ["tag", "tags", "etiquette", "etiquettes", "labels", "mots cles"]),
        ]
        for (target, words) in names { for word in words { table[word] = target } }
        return table
    }()

    /// A header folded for comparison: lower case, no accents, punctuation as spaces.
    static func fold(_ header: String) -> String {
        let folded = SearchText.fold(header)
        let spaced = String(folded.map { (character: Character) -> Character in character.isLetter || character.isNumber ? character : " " })
        return spaced.split(separator: " ").joined(separator: " ")
    }

    /// One target per column; `ignore` where nothing fits, and never the same single target twice.
    static func suggest(header: [String], purposes: [ConsentPurpose]) -> [ImportTarget] {
        var used = Set<ImportTarget>()
        return header.map { name in
            var target = suggestion(for: name, purposes: purposes)
            if target.isSingle && used.contains(target) { target = .ignore }
            used.insert(target)
            return target
        }
    }

    /// The target one header suggests.
    static func suggestion(for name: String, purposes: [ConsentPurpose]) -> ImportTarget {
        // A header that is a target already (a Relais export) keeps it.
        if case .success(let target) = ImportTarget.parse(name), target != .ignore {
            if case .consent(let purpose, _) = target, !purposes.contains(where: { $0.key == purpose }) { return .ignore }
            return target
        }
        let folded = fold(name)
        if let target = known[folded] { return target }
        for purpose in purposes {
            for channel in ConsentChannel.allCases {
                let channelWords = [channel.rawValue, fold(Strings.get("channel_\(channel.rawValue)", .french))]
                for word in channelWords where folded == "\(fold(purpose.key)) \(word)" || folded == "\(fold(purpose.label)) \(word)" {
                    return .consent(purpose: purpose.key, channel: channel)
                }
            }
            if folded == fold(purpose.key) || folded == fold(purpose.label) || folded == "optin \(fold(purpose.key))" {
                return .consent(purpose: purpose.key, channel: .email)
            }
        }
        return .ignore
    }
}
