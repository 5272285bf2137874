/// The secret 32 bytes from which every random choice of one activation derives.
///
/// Its `description` is redacted so that a seed never lands in a log before it
/// is revealed; use `hex` deliberately when storing or revealing it.
public struct DrawSeed: Hashable, Sendable, CustomStringConvertible {
    /// Number of bytes in a seed.
    public static let byteCount = 32

    /// The raw seed bytes (always 32).
    public let bytes: [UInt8]

    /// A fresh seed from the system CSPRNG (getrandom(2) on Linux).
    public init() {
        var generator = SystemRandomNumberGenerator()
        self.bytes = (0..<Self.byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// A seed from exactly 32 given bytes.
    public init(bytes: [UInt8]) throws(DrawError) {
        guard bytes.count == Self.byteCount else { throw .invalidSeedLength(bytes.count) }
        self.bytes = bytes
    }

    /// A seed from 64 hex digits (either case).
    public init(hex: String) throws(DrawError) {
        try self.init(bytes: DrawEncoding.bytes(hex: hex))
    }

    /// The seed as 64 lowercase hex digits: what is revealed after the draw.
    public var hex: String { DrawEncoding.hex(bytes) }

    /// Redacted, so that string interpolation into logs cannot leak the seed.
    public var description: String { "DrawSeed(<redacted>)" }
}
