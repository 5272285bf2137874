import Foundation

/// One line of a point-of-sale export: a coupon used in a store, for an amount, at a time; or,
/// without a coupon, a purchase by a member the till recognised by their e-mail.
struct TillLine: Sendable, Equatable {
    var line: Int
    /// The coupon redeemed; "" on a purchase line.
    var code: String
    var unitID: Int64?
    var amountCents: Int64?
    var at: Int64?
    var reference: String?
    /// The member's e-mail on a purchase line.
    var email: String? = nil

    /// Whether the line is a purchase (an e-mail and no coupon) rather than a coupon redeemed.
    var isPurchase: Bool { code.isEmpty }

    /// The columns a till file may have: `code`, or `email` for purchases without a coupon (or
    /// both); the others optional, but a purchase needs its amount and the till's reference.
    static let columns: Set<String> = ["code", "email", "store", "amount", "time", "reference"]

    /// Reads one record. `units` maps a store's slug (and its id as text) to its id; times
    /// without an offset are in the brand's time zone.
    static func parse(_ record: CSVRecord, header: [String: Int], units: [String: Int64], timeZone: String,
                      now: Int64) -> Result<TillLine, TillLineProblem> {
        func field(_ name: String) -> String? {
            guard let index = header[name], index < record.fields.count else { return nil }
            let value = record.fields[index].trimmingCharacters(in: .whitespaces)
            return value.isEmpty ? nil : value
        }
        let codeText = field("code") ?? ""
        var line: TillLine
        if codeText.isEmpty, let email = field("email") {
            guard case .success(let address) = EmailAddress.validate(email) else {
                return .failure(TillLineProblem(line: record.line, code: "", reason: "invalid", message: "the e-mail \(email) is not an e-mail address"))
            }
            line = TillLine(line: record.line, code: "", email: address)
        } else {
            guard let code = CouponCode.normalised(codeText) else {
                return .failure(TillLineProblem(line: record.line, code: codeText, reason: "invalid",
                                                message: "the code is missing or not letters and digits (a purchase without a coupon needs the member's e-mail)"))
            }
            line = TillLine(line: record.line, code: code)
        }
        if let store = field("store") {
            guard let unit = units[store.lowercased()] else {
                return .failure(TillLineProblem(line: record.line, code: codeText, reason: "invalid", message: "store \(store) is not a unit of the brand"))
            }
            line.unitID = unit
        }
        if let amount = field("amount") {
            guard let cents = cents(amount) else {
                return .failure(TillLineProblem(line: record.line, code: codeText, reason: "invalid", message: "amount \(amount) is not a sum such as 12.50"))
            }
            line.amountCents = cents
        }
        if let time = field("time") {
            guard let at = instant(time, timeZone: timeZone), at <= now + 5 * 60_000 else {
                return .failure(TillLineProblem(line: record.line, code: codeText, reason: "invalid",
                                                message: "time \(time) is not a date and time such as 2026-12-24 18:05, or is in the future"))
            }
            line.at = at
        }
        if let reference = field("reference") {
            guard reference.count <= 100 else {
                return .failure(TillLineProblem(line: record.line, code: codeText, reason: "invalid", message: "the reference is longer than 100 characters"))
            }
            line.reference = reference
        }
        if line.isPurchase && (line.amountCents == nil || line.reference == nil) {
            return .failure(TillLineProblem(line: record.line, code: "", reason: "invalid",
                                            message: "a purchase needs its amount and the till's reference (which keeps it from counting twice)"))
        }
        return .success(line)
    }

    /// Cents of a sum written `12.50`, `12,50`, `12` or `1 234,50` (a currency sign is allowed); nil otherwise.
    static func cents(_ text: String) -> Int64? {
        var kept = text.filter { !$0.isWhitespace && $0 != "€" && $0 != "\u{202F}" && $0 != "\u{00A0}" }
        kept = kept.replacingOccurrences(of: ",", with: ".")
        let parts = kept.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let euros = Int64(parts[0]), euros >= 0, euros <= 1_000_000 else { return nil }
        guard parts[0].allSatisfy(\.isNumber) else { return nil }
        var cents: Int64 = 0
        if parts.count == 2 {
            let decimals = parts[1]
            guard (1...2).contains(decimals.count), decimals.allSatisfy(\.isNumber), let value = Int64(decimals) else { return nil }
            cents = decimals.count == 1 ? value * 10 : value
        }
        return euros * 100 + cents
    }

    /// A sum of cents as the till prints it: `12.50 €`.
    static func euros(_ cents: Int64) -> String {
        let rest = cents % 100
        return "\(cents / 100).\(rest < 10 ? "0" : "")\(rest) €"
    }

    /// An ISO 8601 instant, or `YYYY-MM-DD HH:MM[:SS]` / `YYYY-MM-DDTHH:MM` in the brand's time zone.
    static func instant(_ text: String, timeZone: String) -> Int64? {
        if let millis = Clock.parseISO(text) { return millis }
        let local = text.replacingOccurrences(of: " ", with: "T")
        switch local.count {
        case 16:
            return LocalTime.instant(local, timeZone: timeZone)
        case 19:
            let seconds = local.suffix(3)
            guard seconds.first == ":", let value = Int64(seconds.dropFirst()), (0..<60).contains(value),
                  let minute = LocalTime.instant(String(local.prefix(16)), timeZone: timeZone) else { return nil }
            return minute + value * 1_000
        default:
            return nil
        }
    }
}

/// A till line that was not redeemed, and why.
struct TillLineProblem: Error, Sendable, Equatable, Codable {
    var line: Int
    var code: String
    /// `invalid`, `unknown_code`, `already_redeemed` or `expired`; for a purchase, `unknown_member`
    /// or `already_imported`.
    var reason: String
    var message: String
}
