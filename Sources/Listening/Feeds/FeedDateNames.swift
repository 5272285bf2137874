/// Month and zone names `FeedDate` understands, and a cursor over the scalars of a date string.
enum FeedDateNames {
    /// Month names and abbreviations (English, French, German, Spanish, Italian, Dutch), lowercased, unaccented.
    static let months: [String: Int] = {
        let names: [[String]] = [
            ["jan", "january", "janv", "janvier", "januar", "janner", "ene", "enero", "gen", "gennaio", "januari"],
            ["feb", "february", "fev", "fevr", "fevrier", "februar", "febrero", "febbraio", "februari"],
            ["mar", "march", "mars", "marz", "maerz", "mrz", "marzo", "maart"],
            ["apr", "april", "avr", "avril", "abr", "abril", "aprile"],
            ["may", "mai", "mayo", "mag", "maggio", "mei"],
            ["jun", "june", "juin", "juni", "junio", "giu", "giugno"],
            ["jul", "july", "juil", "juillet", "juli", "julio", "lug", "luglio"],
            ["aug", "august", "aou", "aout", "ago", "agosto", "augustus"],
            ["sep", "sept", "september", "septembre", "septiembre", "set", "settembre"],
            ["oct", "october", "octobre", "okt", "oktober", "octubre", "ott", "ottobre"],
            ["nov", "november", "novembre", "noviembre"],
            ["dec", "december", "decembre", "dez", "dezember", "dic", "diciembre", "dicembre"],
        ]
        var months: [String: Int] = [:]
        for (index, group) in names.enumerated() {
            for name in group { months[name] = index + 1 }
        }
        return months
    }()

    /// Abbreviations that are both a weekday and a month ("mar." is Tuesday in French and Spanish):
    /// a later month name wins over them.
    static let weekdaysThatAreMonths: Set<String> = ["mar"]

    /// Zone names and their offsets in seconds. Ambiguous ones take their most common meaning
    /// for our users (IST: India; CST: US Central; BST: British Summer Time).
    static let zones: [String: Int] = {
        let hours: [String: Double] = [
            "gmt": 0, "ut": 0, "utc": 0, "z": 0, "wet": 0, "west": 1, "bst": 1, "cet": 1, "cest": 2,
            "met": 1, "mest": 2, "eet": 2, "eest": 3, "msk": 3, "ist": 5.5,
            "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
            "akst": -9, "akdt": -8, "hst": -10, "ast": -4, "adt": -3, "nst": -3.5, "ndt": -2.5,
            "jst": 9, "kst": 9, "hkt": 8, "sgt": 8, "ict": 7, "wib": 7,
            "aest": 10, "aedt": 11, "acst": 9.5, "acdt": 10.5, "awst": 8, "nzst": 12, "nzdt": 13,
            "brt": -3, "art": -3,
        ]
        return hours.mapValues { Int($0 * 3_600) }
    }()

    /// Lowercases and removes the accents French and German month names carry.
    static func fold(_ word: String) -> String {
        var folded = ""
        for scalar in word.lowercased().unicodeScalars {
            switch scalar {
            case "é", "è", "ê", "ë": folded.append("e")
            case "û", "ù", "ü": folded.append("u")
            case "ä", "à", "â": folded.append("a")
            case "ô", "ö": folded.append("o")
            case "î", "ï": folded.append("i")
            default: folded.unicodeScalars.append(scalar)
            }
        }
        return folded
    }
}

/// A cursor over the scalars of a date string.
struct ScalarReader {
    private let scalars: ArraySlice<Unicode.Scalar>
    /// Position of the next scalar.
    private(set) var index: Int

    init(_ scalars: ArraySlice<Unicode.Scalar>) {
        self.scalars = scalars
        self.index = scalars.startIndex
    }

    var atEnd: Bool { index >= scalars.endIndex }
    var peekIsDigit: Bool { !atEnd && ("0"..."9").contains(scalars[index]) }
    var peekIsSign: Bool { !atEnd && (scalars[index] == "+" || scalars[index] == "-" || scalars[index] == "\u{2212}") }
    var peekIsSignedNumber: Bool {
        peekIsSign && index + 1 < scalars.endIndex && ("0"..."9").contains(scalars[index + 1])
    }
    /// True when the next scalar is `scalar` and a digit follows it (`14h32`).
    func peekIsSeparator(_ scalar: Unicode.Scalar) -> Bool {
        !atEnd && scalars[index] == scalar && index + 1 < scalars.endIndex && ("0"..."9").contains(scalars[index + 1])
    }

    mutating func advance() { index += 1 }

    /// Consumes `scalar` if it is next.
    mutating func skip(_ scalar: Unicode.Scalar) -> Bool {
        guard !atEnd, scalars[index] == scalar else { return false }
        index += 1
        return true
    }

    /// Consumes whitespace; true if there was some.
    mutating func skipSpaces() -> Bool {
        let start = index
        while !atEnd, scalars[index].properties.isWhitespace { index += 1 }
        return index > start
    }

    /// Consumes a decimal number of `digits` length (longer runs are not a match and consume nothing).
    mutating func number(digits: ClosedRange<Int>) -> Int? {
        var end = index
        while end < scalars.endIndex, end - index < digits.upperBound + 1, ("0"..."9").contains(scalars[end]) { end += 1 }
        guard digits.contains(end - index) else { return nil }
        var value = 0
        for position in index..<end { value = value * 10 + Int(scalars[position].value - 48) }
        index = end
        return value
    }

    /// Consumes a fraction's digits (after the separator) and returns its value.
    mutating func fraction() -> Double {
        var value = 0.0
        var scale = 0.1
        while peekIsDigit {
            value += Double(scalars[index].value - 48) * scale
            scale /= 10
            index += 1
        }
        return value
    }

    /// Consumes a run of letters (any script).
    mutating func word() -> String? {
        var word = ""
        while !atEnd, scalars[index].properties.isAlphabetic {
            word.unicodeScalars.append(scalars[index])
            index += 1
        }
        return word.isEmpty ? nil : word
    }

    /// Consumes `Z`, `±hh`, `±hhmm` or `±hh:mm` and returns the offset in seconds.
    mutating func zoneOffset() -> Int? {
        let start = index
        if skip("Z") || skip("z") { return 0 }
        guard peekIsSign else { return nil }
        let negative = scalars[index] != "+"
        index += 1
        guard let first = number(digits: 1...4) else {
            index = start
            return nil
        }
        var hours = first
        var minutes = 0
        if first >= 100 {
            hours = first / 100
            minutes = first % 100
        } else if skip(":") {
            guard let parsed = number(digits: 2...2) else {
                index = start
                return nil
            }
            minutes = parsed
        }
        guard hours <= 18, minutes < 60 else {
            index = start
            return nil
        }
        let seconds = hours * 3_600 + minutes * 60
        return negative ? -seconds : seconds
    }
}
