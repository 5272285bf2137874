/// Lower-casing and accent folding of single Unicode scalars, so "Déçu", "DECU" and "deçu" share a key.
enum TextFolding {
    /// Latin letters with diacritics mapped to their ASCII base letter (lower case).
    private static let latinTable: [UInt32: String] = {
        let groups: [(String, String)] = [
            ("ÀÁÂÃÄÅàáâãäåĀāĂăĄą", "a"), ("ÇçĆćĈĉĊċČč", "c"), ("ĎďĐđ", "d"),
            ("ÈÉÊËèéêëĒēĔĕĖėĘęĚě", "e"), ("ĜĝĞğĠġĢģ", "g"), ("ĤĥĦħ", "h"),
            ("ÌÍÎÏìíîïĨĩĪīĬĭĮįİı", "i"), ("Ĵĵ", "j"), ("Ķķ", "k"), ("ĹĺĻļĽľĿŀŁł", "l"),
            ("ÑñŃńŅņŇň", "n"), ("ÒÓÔÕÖØòóôõöøŌōŎŏŐő", "o"), ("ŔŕŖŗŘř", "r"),
            ("ŚśŜŝŞşŠš", "s"), ("ŢţŤťŦŧ", "t"), ("ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲų", "u"),
            ("Ŵŵ", "w"), ("ÝýÿŶŷŸ", "y"), ("ŹźŻżŽž", "z"),
            ("Œœ", "oe"), ("Ææ", "ae"), ("ß", "ss"),
        ]
        var table: [UInt32: String] = [:]
        for (letters, base) in groups {
            for scalar in letters.unicodeScalars { table[scalar.value] = base }
        }
        return table
    }()

    /// Appends the UTF-8 of the folded (lower-case, accent-free) form of `scalar` to `output`.
    @inline(__always)
    static func appendFolded(_ scalar: Unicode.Scalar, to output: inout [UInt8]) {
        let value = scalar.value
        if value < 0x80 {
            output.append(UInt8(value >= 0x41 && value <= 0x5A ? value + 32 : value))
            return
        }
        if let base = latinTable[value] {
            output.append(contentsOf: base.utf8)
        } else if scalar.properties.changesWhenLowercased {
            output.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
        } else {
            output.append(contentsOf: String(scalar).utf8)
        }
    }

    /// The folded form of a whole string (used when loading lexicons, not on the hot path).
    static func fold(_ text: String) -> String {
        var output: [UInt8] = []
        for scalar in text.unicodeScalars { appendFolded(scalar, to: &output) }
        return String(decoding: output, as: UTF8.self)
    }

    /// True for white space and line breaks.
    @inline(__always)
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value == 0x20 || (value >= 0x09 && value <= 0x0D) }
        return scalar.properties.isWhitespace
    }

    /// True for letters (any script) and digits.
    @inline(__always)
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A)
                || (value >= 0x30 && value <= 0x39)
        }
        // Latin-1 and Latin Extended-A letters (all but × and ÷) without a property look-up.
        if value >= 0xC0 && value <= 0x17F { return value != 0xD7 && value != 0xF7 }
        return scalar.properties.isAlphabetic
    }

    /// True for an upper-case letter.
    @inline(__always)
    static func isUppercase(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return value >= 0x41 && value <= 0x5A }
        if value >= 0xC0 && value <= 0xDE { return value != 0xD7 }
        if value >= 0xDF && value <= 0xFF { return false }
        return scalar.properties.isUppercase
    }

    /// True for pictographic emoji (not digits or '#', which are emoji only with a keycap).
    @inline(__always)
    static func isEmoji(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x2100 { return value == 0x00A9 || value == 0x00AE || value == 0x203C || value == 0x2049 }
        return scalar.properties.isEmoji
    }

    /// True for scalars that only decorate an emoji (variation selector, joiner, skin tone).
    @inline(__always)
    static func isEmojiDecoration(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value == 0xFE0F || value == 0xFE0E || value == 0x200D || (value >= 0x1F3FB && value <= 0x1F3FF)
    }
}
