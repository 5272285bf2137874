import Foundation

/// An idea as a member writes it: a title, a text and perhaps an image. No I/O.
struct IdeaDraft: Sendable, Equatable {
    var title: String
    var text: String
    var image: IdeaImage?

    static let titleProblem = "must be one line of 3 to 120 characters"
    static let textProblem = "must be 10 to 5000 characters"

    /// The interface string of each problem (the API speaks English; pages show these).
    static let messageKeys: [String: String] = [
        titleProblem: "idea_error_title", textProblem: "idea_error_text",
        IdeaImage.Refusal.empty.englishDetail: "idea_error_image_empty",
        IdeaImage.Refusal.tooLarge.englishDetail: "idea_error_image_too_large",
        IdeaImage.Refusal.notAnImage.englishDetail: "idea_error_image_type",
    ]

    /// The idea written with these fields, or every problem at once (field names of the form and the API).
    static func validated(title: String?, text: String?, imageBytes: Data?) -> Result<IdeaDraft, AppError> {
        let title = (title ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let text = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var errors: [FieldError] = []
        if !(3...120).contains(title.count) || title.contains(where: \.isNewline) {
            errors.append(FieldError("ideaTitle", titleProblem))
        }
        if !(10...5000).contains(text.count) { errors.append(FieldError("ideaText", textProblem)) }
        var image: IdeaImage? = nil
        if let imageBytes, !imageBytes.isEmpty {
            switch IdeaImage.check(imageBytes) {
            case .success(let checked): image = checked
            case .failure(let refusal): errors.append(FieldError("image", refusal.englishDetail))
            }
        }
        guard errors.isEmpty else { return .failure(.validation(errors)) }
        return .success(IdeaDraft(title: title, text: text, image: image))
    }
}
