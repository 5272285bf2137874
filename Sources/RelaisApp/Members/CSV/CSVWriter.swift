import Foundation

/// Writes CSV (RFC 4180) that spreadsheets open safely: fields quoted when needed, and cells that
/// a spreadsheet would run as a formula neutralised.
enum CSVWriter {
    /// The UTF-8 byte order mark, so that Excel reads the file as UTF-8.
    static let byteOrderMark = "\u{FEFF}"

    /// First characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection").
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// The cell with a `'` put in front when it starts like a formula.
    static func neutralised(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first, formulaStarts.contains(Character(first)) else { return cell }
        return "'" + cell
    }

    /// A cell neutralised, then quoted when it holds the separator, a quote or a line break.
    static func field(_ cell: String, delimiter: Character = ",") -> String {
        let safe = neutralised(cell)
        guard safe.contains(where: { $0 == delimiter || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return safe }
        return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One record, ended by CRLF.
    static func line(_ cells: [String], delimiter: Character = ",") -> String {
        cells.map { field($0, delimiter: delimiter) }.joined(separator: String(delimiter)) + "\r\n"
    }

    /// Undoes the neutralisation of an exported cell on re-import (`'=x` → `=x`).
    static func restored(_ cell: String) -> String {
        guard cell.hasPrefix("'"), let second = cell.unicodeScalars.dropFirst().first, formulaStarts.contains(Character(second)) else { return cell }
        return String(cell.dropFirst())
    }
}
