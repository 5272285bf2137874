import Foundation

/// The character encodings a CSV file may be declared in.
enum CSVEncoding: String, Sendable, CaseIterable, Codable {
    /// UTF-8, with or without a BOM (and UTF-16 when it starts with its BOM, as Excel's "Unicode text").
    case utf8 = "utf-8"
    /// Windows Western European, what older Excel versions save as "CSV (separator: semicolon)" in France.
    case windows1252 = "windows-1252"
    /// ISO Latin-1.
    case iso88591 = "iso-8859-1"
}

/// Turns the bytes of an uploaded file into text, refusing clearly what is not text in the declared encoding.
enum CSVTextDecoding {
    /// The text of `data` in `encoding`.
    static func decode(_ data: Data, encoding: CSVEncoding) throws(CSVError) -> String {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            throw CSVError(message: "this is an Excel workbook (.xlsx), not a CSV file; in Excel choose “Save as” › “CSV UTF-8”")
        }
        switch encoding {
        case .utf8:
            if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
                guard let text = String(data: data, encoding: .utf16) else { throw notText("UTF-16") }
                return text
            }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                let line = bytes.prefix(firstInvalidUTF8(bytes)).filter { $0 == 0x0A }.count + 1
                throw CSVError(line: line, message: "the file is not UTF-8 text; save it as “CSV UTF-8” or declare its encoding (windows-1252 or iso-8859-1)")
            }
            if text.contains("\0") { throw notText("UTF-8") }
            return text
        case .iso88591:
            return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        case .windows1252:
            return String(String.UnicodeScalarView(bytes.map { byte in
                (0x80...0x9F).contains(byte) ? (windows1252High[Int(byte) - 0x80].flatMap { Unicode.Scalar($0) } ?? Unicode.Scalar(byte)) : Unicode.Scalar(byte)
            }))
        }
    }

    private static func notText(_ name: String) -> CSVError {
        CSVError(message: "the file is not \(name) text")
    }

    /// Offset of the first byte that breaks UTF-8 (an approximation good enough to name its line).
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let length = lead < 0x80 ? 1 : lead >= 0xC2 && lead < 0xE0 ? 2 : lead >= 0xE0 && lead < 0xF0 ? 3 : lead >= 0xF0 && lead < 0xF5 ? 4 : 0
            guard length > 0, index + length <= bytes.count,
                  bytes[(index + 1)..<(index + length)].allSatisfy({ $0 & 0xC0 == 0x80 }) else { return index }
            index += length
        }
        return index
    }

    /// Code points of bytes 0x80–0x9F in Windows-1252 (nil where the code page leaves a hole).
    static let windows1252High: [UInt32?] = [
        0x20AC, nil, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, nil, 0x017D, nil,
        nil, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, nil, 0x017E, 0x0178,
    ]
}
