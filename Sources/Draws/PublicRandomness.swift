/// A public value entered by staff after closing (e.g. a drand round's randomness), mixed into a draw.
public struct PublicRandomness: Hashable, Sendable, Codable {
    /// The value exactly as published; its UTF-8 bytes enter the stream context.
    public let value: String

    /// No public randomness: the same as the empty string (docs/DRAWS.md §5).
    public static let none = PublicRandomness(unchecked: "")

    /// Validates `value`: at most 1024 bytes of printable ASCII 0x20...0x7E.
    public init(_ value: String) throws(DrawError) {
        let bytes = Array(value.utf8)
        guard bytes.count <= 1024, bytes.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            throw .invalidPublicRandomness
        }
        self.value = value
    }

    private init(unchecked value: String) {
        self.value = value
    }
}
