/// Coupon codes as cashiers type them: twelve characters of an alphabet without look-alikes
/// (no 0/O, 1/I/L, U), shown in groups of four. 60 random bits: unguessable, and short enough
/// to read out at a till.
enum CouponCode {
    static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTVWXYZ")
    static let length = 12

    /// A fresh random code, e.g. `K7QM-2XTA-9PHD`.
    static func generate<R: RandomNumberGenerator>(using generator: inout R) -> String {
        var characters: [Character] = []
        for index in 0..<length {
            if index > 0 && index % 4 == 0 { characters.append("-") }
            characters.append(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)])
        }
        return String(characters)
    }

    /// A fresh random code from the system's secure generator.
    static func generate() -> String {
        var generator = PooledRandomGenerator()
        return generate(using: &generator)
    }

    /// The code as stored and compared: upper case, without spaces or dashes. Imported codes
    /// keep their own characters; nil when nothing usable is left or the text is too long.
    static func normalised(_ text: String) -> String? {
        let kept = text.uppercased().filter { !$0.isWhitespace && $0 != "-" }
        guard !kept.isEmpty, kept.count <= 64, kept.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return nil }
        return kept
    }

    /// The code as lists show it: every character hidden but the last four, so a screen or a
    /// screenshot cannot be used at a till (`••••-••••-9PHD`). Codes of four characters or fewer are hidden whole.
    static func masked(_ code: String) -> String {
        let shown = code.count > 4 ? 4 : 0
        let hidden = String(repeating: "•", count: code.count - shown) + code.suffix(shown)
        return stride(from: 0, to: hidden.count, by: 4).map { start in
            String(hidden.dropFirst(start).prefix(4))
        }.joined(separator: "-")
    }
}
