import Foundation
import Hummingbird

/// An idea-contest entry as sent in `multipart/form-data` (hosted form and public API): the text fields
/// and the image file, read with a limit above the image's so that a too large image gets its own message.
struct IdeaUpload: Sendable {
    var fields: FormData
    var imageBytes: Data?

    /// Bodies above this are refused outright (413); images above `IdeaImage.maximumBytes` get a field error.
    static let bodyLimit = 10 * 1024 * 1024

    /// Reads the upload of a request.
    static func read(_ request: Request) async throws -> IdeaUpload {
        let form = try await MultipartForm.read(request, limit: bodyLimit)
        return IdeaUpload(fields: form.formData, imageBytes: form.file("image")?.data)
    }

    /// The idea written in the upload, or its field problems.
    func idea() throws -> IdeaDraft {
        try IdeaDraft.validated(title: fields["ideaTitle"], text: fields["ideaText"], imageBytes: imageBytes).get()
    }

    /// The whole submission of the public API's multipart body.
    func submission(idempotencyKey: String?, ipAddress: String?) throws -> EntrySubmission {
        let consents: [(purpose: String, wordingVersion: Int?)] = fields.all("consent").compactMap { value in
            let parts = value.split(separator: ":")
            guard let purpose = parts.first else { return nil }
            return (String(purpose), parts.count > 1 ? Int(parts[1]) : nil)
        }
        let language = fields["language"] == "en" ? "en" : "fr"
        return EntrySubmission(
            email: fields["email"],
            profile: ProfileFields(firstName: fields["firstName"], lastName: fields["lastName"], birthDate: fields["birthDate"],
                                   postalCode: fields["postalCode"], city: fields["city"], country: fields["country"], language: fields["language"]),
            acceptedRulesVersion: fields["acceptRulesVersion"].flatMap { Int($0) }, consents: consents, honeypot: fields["website"],
            memberLink: fields["memberLink"], idempotencyKey: idempotencyKey, ipAddress: ipAddress, language: language,
            idea: try idea())
    }
}
