import Foundation

/// Where the consents of an imported file were collected, as given by the person importing it.
struct ProvenanceInput: Codable, Sendable, Equatable {
    /// What the collection was, e.g. "Jeu-concours salon Batimat 2025, formulaire papier".
    var source: String?
    /// The day (YYYY-MM-DD or DD/MM/YYYY) or moment (ISO 8601) the consents were collected.
    var collectedAt: String?
    /// Version of the wording shown to the people.
    var wordingVersion: Int?
    /// Language of the wording shown (fr or en).
    var wordingLanguage: String?
    /// The e-mail addresses were already confirmed (double opt-in done elsewhere).
    var emailsConfirmed: Bool?

    /// The checked provenance, or every problem with it (fields named `provenance.*`).
    func validated(now: Date = Date()) -> (provenance: ImportProvenance?, errors: [FieldError]) {
        var errors: [FieldError] = []
        let label = source?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if label.count < 3 || label.count > 200 || label.contains(where: \.isNewline) {
            errors.append(FieldError("provenance.source", "describe where and how the consents were collected, on one line of 3 to 200 characters"))
        }
        var collected: Int64? = nil
        if let text = collectedAt?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            if let day = ImportValues.day(text) {
                collected = ImportValues.millis(ofDay: day)
            } else if let date = try? Date(text, strategy: .iso8601) {
                collected = Clock.millis(date)
            }
            if collected == nil {
                errors.append(FieldError("provenance.collectedAt", "must be a date written YYYY-MM-DD or DD/MM/YYYY"))
            } else if let millis = collected, millis > Clock.millis(now) + Clock.dayMillis || millis < Clock.millis(Date(timeIntervalSince1970: 0)) {
                errors.append(FieldError("provenance.collectedAt", "must be a date between 1970 and today"))
            }
        } else {
            errors.append(FieldError("provenance.collectedAt", "give the date the consents were collected"))
        }
        if wordingVersion == nil && wordingLanguage == nil {
            errors.append(FieldError("provenance.wordingVersion", "give the version or the language of the wording people were shown"))
        }
        if let wordingVersion, wordingVersion < 1 { errors.append(FieldError("provenance.wordingVersion", "must be 1 or more")) }
        if let wordingLanguage, !["fr", "en"].contains(wordingLanguage) { errors.append(FieldError("provenance.wordingLanguage", "must be fr or en")) }
        guard errors.isEmpty, let collected else { return (nil, errors) }
        return (ImportProvenance(source: label, collectedAt: min(collected, Clock.millis(now)), wordingVersion: wordingVersion,
                                         wordingLanguage: wordingLanguage, emailsConfirmed: emailsConfirmed ?? false), [])
    }
}

/// Checked provenance of imported consents.
struct ImportProvenance: Sendable, Equatable {
    var source: String
    /// Epoch milliseconds.
    var collectedAt: Int64
    var wordingVersion: Int?
    var wordingLanguage: String?
    var emailsConfirmed: Bool

    /// A consent change of an imported row, with this provenance.
    func change(purpose: String, channel: ConsentChannel, granted: Bool) -> ConsentChange {
        ConsentChange(purposeKey: purpose, channel: channel, granted: granted, wordingVersion: wordingVersion,
                      wordingLanguage: wordingLanguage, parentalConsent: false,
                      confirmedAt: emailsConfirmed && channel == .email && granted ? collectedAt : nil,
                      collectedAt: collectedAt, sourceLabel: source)
    }
}
