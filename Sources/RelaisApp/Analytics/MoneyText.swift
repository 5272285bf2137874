import Foundation

/// Amounts as people type and read them: "1 200,50" or "1,200.50" in a form, cents inside.
enum MoneyText {
    /// Cents of an amount typed in currency units, with at most two decimals after `,` or `.`;
    /// spaces between thousands are allowed. Nil for anything else (a negative amount included).
    static func cents(_ text: String) -> Int64? {
        let compact = text.filter { !$0.isWhitespace && $0 != "\u{202F}" && $0 != "\u{00A0}" }
        guard !compact.isEmpty else { return nil }
        var units = compact, decimals = ""
        if let separator = compact.lastIndex(where: { $0 == "," || $0 == "." }), compact.distance(from: separator, to: compact.endIndex) <= 3 {
            units = String(compact[..<separator])
            decimals = String(compact[compact.index(after: separator)...])
        }
        // A remaining separator can only group thousands ("1,200.50", "1.200,50").
        let grouping: Character? = units.contains(",") ? "," : units.contains(".") ? "." : nil
        if let grouping {
            let groups = units.split(separator: grouping, omittingEmptySubsequences: false)
            guard groups.dropFirst().allSatisfy({ $0.count == 3 }), let first = groups.first, !first.isEmpty, first.count <= 3 else { return nil }
            units = groups.joined()
        }
        guard !units.isEmpty, units.allSatisfy(\.isASCII), units.allSatisfy(\.isNumber), decimals.allSatisfy(\.isASCII),
              decimals.allSatisfy(\.isNumber), units.count <= 13, let whole = Int64(units) else { return nil }
        let fraction = Int64(decimals.padding(toLength: 2, withPad: "0", startingAt: 0)) ?? 0
        return whole * 100 + fraction
    }

    /// An amount for reading: "1 510,00 EUR" in French, "1,510.00 EUR" in English.
    static func display(_ cents: Int64, _ currency: String, french: Bool) -> String {
        let negative = cents < 0
        let magnitude = cents.magnitude
        let units = String(magnitude / 100)
        var grouped = ""
        for (index, digit) in units.enumerated() {
            if index > 0 && (units.count - index) % 3 == 0 { grouped += french ? "\u{202F}" : "," }
            grouped.append(digit)
        }
        let decimals = String(format: "%02d", Int(magnitude % 100))
        return (negative ? "−" : "") + grouped + (french ? "," : ".") + decimals + "\u{00A0}" + currency
    }

    /// The amount in a form field, as typed back: "1200.50".
    static func field(_ cents: Int64?) -> String {
        guard let cents else { return "" }
        return "\(cents / 100).\(String(format: "%02d", Int(cents % 100)))"
    }
}
