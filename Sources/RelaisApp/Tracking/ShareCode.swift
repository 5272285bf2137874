/// The short code of a share link, as served at `/r/{code}`.
///
/// Ten characters drawn from 62 letters and digits by the system's secure generator: about 59
/// bits, so codes cannot be guessed or enumerated, while a link stays short enough for an SMS.
enum ShareCode {
    /// Letters and digits only, so that a code survives any messenger's link detection.
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    /// Characters in a code.
    static let length = 10

    /// A new random code.
    static func random() -> String {
        var generator = PooledRandomGenerator()
        return random(using: &generator)
    }

    /// A new code drawn from `generator` (tests pass a seeded one).
    static func random<G: RandomNumberGenerator>(using generator: inout G) -> String {
        String((0..<length).map { _ in alphabet.randomElement(using: &generator) ?? "0" })
    }

    /// Whether `text` has the shape of a code (checked before any database read).
    static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count == length && text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }
}
