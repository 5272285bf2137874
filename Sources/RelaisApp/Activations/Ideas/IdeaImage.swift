import Foundation

/// An image attached to an idea, checked by its first bytes (never by the type the browser declares). No I/O.
struct IdeaImage: Sendable, Equatable {
    /// The formats accepted.
    enum Format: String, Sendable, CaseIterable {
        case jpeg, png, webp

        /// The content type the image is served with.
        var contentType: String {
            switch self {
            case .jpeg: "image/jpeg"
            case .png: "image/png"
            case .webp: "image/webp"
            }
        }
    }

    /// Largest image accepted, in bytes.
    static let maximumBytes = 5 * 1024 * 1024

    var format: Format
    var bytes: Data

    /// Why an uploaded file is refused.
    enum Refusal: Error, Equatable, Sendable {
        case empty
        case tooLarge
        case notAnImage

        /// Stable code, also the key of the message in the interface strings (`idea_image_…`).
        var code: String {
            switch self {
            case .empty: "image_empty"
            case .tooLarge: "image_too_large"
            case .notAnImage: "image_type"
            }
        }

        /// The message for API clients.
        var englishDetail: String {
            switch self {
            case .empty: "The image file is empty."
            case .tooLarge: "The image is larger than 5 MB; send a smaller one."
            case .notAnImage: "Only JPEG, PNG or WebP images are accepted."
            }
        }
    }

    /// The image these bytes hold, or why they are refused.
    static func check(_ bytes: Data) -> Result<IdeaImage, Refusal> {
        if bytes.isEmpty { return .failure(.empty) }
        if bytes.count > maximumBytes { return .failure(.tooLarge) }
        guard let format = sniff(bytes) else { return .failure(.notAnImage) }
        return .success(IdeaImage(format: format, bytes: bytes))
    }

    /// The format named by the file's magic bytes, or nil.
    static func sniff(_ bytes: Data) -> Format? {
        let head = [UInt8](bytes.prefix(12))
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if head.count == 12, head.starts(with: Array("RIFF".utf8)), Array(head[8..<12]) == Array("WEBP".utf8) { return .webp }
        return nil
    }
}
