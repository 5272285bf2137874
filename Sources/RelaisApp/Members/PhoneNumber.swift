/// Phone numbers: normalisation to E.164 (`+33612345678`), using the brand's country for
/// numbers written in national form (`06 12 34 56 78`).
enum PhoneNumber {
    /// Country calling codes of the countries Relais knows national formats for.
    static let callingCodes: [String: String] = [
        "FR": "33", "BE": "32", "CH": "41", "LU": "352", "MC": "377", "DE": "49", "AT": "43", "ES": "34",
        "PT": "351", "IT": "39", "NL": "31", "GB": "44", "IE": "353", "US": "1", "CA": "1", "MA": "212",
        "TN": "216", "DZ": "213", "SN": "221", "CI": "225", "PL": "48", "SE": "46", "DK": "45", "NO": "47",
        "FI": "358", "RE": "262", "GP": "590", "MQ": "596",
    ]
    /// Countries whose national numbers keep their leading zero after the country code.
    static let keepsTrunkZero: Set<String> = ["IT"]

    /// The E.164 form of a number, or a readable reason why it isn't one.
    static func normalize(_ raw: String, defaultCountry: String) -> Result<String, FieldProblem> {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return .failure(.init("is empty")) }
        let allowed = Set("+0123456789 .-()/")
        guard trimmed.allSatisfy({ allowed.contains($0) }) else {
            return .failure(.init("may only contain digits, spaces, dots, dashes, parentheses and a leading +"))
        }
        var digits = trimmed.filter(\.isNumber)
        let international: Bool
        if trimmed.hasPrefix("+") {
            international = true
        } else if digits.hasPrefix("00") {
            digits.removeFirst(2)
            international = true
        } else {
            international = false
        }
        if !international {
            let country = defaultCountry.uppercased()
            guard let code = callingCodes[country] else {
                return .failure(.init("must be written in international form, starting with + and the country code"))
            }
            if digits.hasPrefix("0") && !keepsTrunkZero.contains(country) {
                digits.removeFirst()
            }
            digits = code + digits
        }
        guard (8...15).contains(digits.count), digits.first != "0" else {
            return .failure(.init("is not a valid phone number"))
        }
        if digits.hasPrefix("33") && digits.count != 11 {
            return .failure(.init("is not a valid French phone number (9 digits after +33)"))
        }
        return .success("+" + digits)
    }
}
