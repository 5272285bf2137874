/// Progressive profiling: which profile fields an activation's form asks.
///
/// An activation lists the fields it would like to know (`askFields`, first and last name by
/// default). The form asks only what the brand does not know yet about the person — nothing for
/// a field already on a recognised member's profile — and at most `maxNewFields` of them at a
/// time, beside the e-mail, so that taking part stays under a minute; the next activation asks
/// the next ones. Fields the rules need (the birth date under a minimum age, the country when
/// countries are limited) come first and are required. No I/O.
enum ProfilePrompts {
    /// The fields an activation may ask, in the order forms show them.
    static let fields = ["firstName", "lastName", "birthDate", "postalCode", "city", "country"]
    /// What an activation asks unless told otherwise.
    static let defaultFields = ["firstName", "lastName"]
    /// New fields asked at most by one form (the e-mail aside).
    static let maxNewFields = 3

    /// One field of the form.
    struct Prompt: Sendable, Equatable {
        var name: String
        var required: Bool
    }

    /// Problems of an activation's list of fields.
    static func problems(_ asked: [String]) -> [FieldError] {
        let unknown = asked.filter { !fields.contains($0) }
        guard unknown.isEmpty else {
            return [FieldError("askFields", "must be among \(fields.joined(separator: ", ")); not \(unknown.joined(separator: ", "))")]
        }
        return []
    }

    /// The list as stored: known names, each once, in the forms' order.
    static func normalised(_ asked: [String]) -> [String] {
        fields.filter(asked.contains)
    }

    /// The fields the form asks a person of whom `known` is known (nil: nobody recognised).
    static func prompts(asked: [String], minimumAge: Int, countries: [String], known: ProfileFields?) -> [Prompt] {
        func isKnown(_ name: String) -> Bool {
            guard let known else { return false }
            let value: String? = switch name {
            case "firstName": known.firstName
            case "lastName": known.lastName
            case "birthDate": known.birthDate
            case "postalCode": known.postalCode
            case "city": known.city
            case "country": known.country
            default: nil
            }
            return !(value ?? "").isEmpty
        }
        var required: [String] = []
        if minimumAge > 0 && !isKnown("birthDate") { required.append("birthDate") }
        if !countries.isEmpty && !isKnown("country") { required.append("country") }
        let room = max(0, maxNewFields - required.count)
        let optional = normalised(asked).filter { !required.contains($0) && !isKnown($0) }.prefix(room)
        return fields.compactMap { name in
            if required.contains(name) { return Prompt(name: name, required: true) }
            if optional.contains(name) { return Prompt(name: name, required: false) }
            return nil
        }
    }
}
