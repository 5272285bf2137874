import Foundation

/// A CSV file read into records: the header and the data rows, each with the line it starts on.
struct CSVTable: Sendable, Equatable {
    /// The field separator that was used.
    var delimiter: Character
    /// The first non-blank record, trimmed.
    var header: [String]
    /// The data records after the header, blank lines left out.
    var rows: [CSVRecord]
}

/// One data record of a CSV file.
struct CSVRecord: Sendable, Equatable {
    /// Line of the file (1-based, header included) on which the record starts.
    var line: Int
    /// The fields, unquoted.
    var fields: [String]
}

/// Why a CSV file could not be read, with the place when it is a quoting problem.
struct CSVError: Error, Sendable, Equatable {
    /// Line (1-based) of the problem, when it has one.
    var line: Int?
    /// Column (1-based field number) of the problem, when it has one.
    var column: Int?
    /// What is wrong, in plain words.
    var message: String

    /// The message with its place, as shown to people.
    var description: String {
        switch (line, column) {
        case let (line?, column?): "line \(line), column \(column): \(message)"
        case let (line?, nil): "line \(line): \(message)"
        default: message
        }
    }
}

/// Size limits of a CSV file.
struct CSVLimits: Sendable {
    /// Most data rows accepted.
    var maxRows = 100_000
    /// Most columns accepted.
    var maxColumns = 200
}

/// A strict RFC 4180 reader: quoted fields with doubled quotes and embedded line breaks,
/// CRLF, LF or CR line ends, a leading BOM ignored, `,` `;` or tab detected from the header.
enum CSVReader {
    private static let quote = UInt8(ascii: "\"")
    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")

    /// The separator the header line uses most: `;` (French Excel), tab, or `,` by default.
    static func detectDelimiter(_ text: String) -> Character {
        var counts: [UInt8: Int] = [:]
        var quoted = false
        for byte in text.utf8 {
            if byte == quote { quoted.toggle(); continue }
            if !quoted && (byte == lf || byte == cr) { break }
            if !quoted && (byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "\t")) {
                counts[byte, default: 0] += 1
            }
        }
        let semicolons = counts[UInt8(ascii: ";")] ?? 0, tabs = counts[UInt8(ascii: "\t")] ?? 0, commas = counts[UInt8(ascii: ",")] ?? 0
        if semicolons > commas && semicolons >= tabs { return ";" }
        if tabs > commas && tabs > semicolons { return "\t" }
        return ","
    }

    /// Reads `text`, with the given separator or the detected one.
    static func read(_ text: String, delimiter: Character? = nil, limits: CSVLimits = CSVLimits()) throws(CSVError) -> CSVTable {
        let separator = delimiter ?? detectDelimiter(text)
        guard let sep = separator.asciiValue else { throw CSVError(message: "the separator must be an ASCII character") }
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let nul = bytes.firstIndex(of: 0) {
            throw CSVError(line: bytes[..<nul].filter { $0 == lf }.count + 1, message: "holds a NUL character: this is not a text file")
        }
        var records: [CSVRecord] = []
        var header: [String]? = nil
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1, recordLine = 1
        var index = 0
        let count = bytes.count

        func endRecord() throws(CSVError) {
            let isBlank = fields.count == 1 && fields[0].isEmpty
            defer { fields = []; recordLine = line }
            if isBlank { return }
            if fields.count > limits.maxColumns {
                throw CSVError(line: recordLine, message: "more than \(limits.maxColumns) columns")
            }
            if header == nil {
                header = fields.map { $0.trimmingCharacters(in: .whitespaces) }
            } else {
                if records.count >= limits.maxRows { throw CSVError(message: "more than \(limits.maxRows) rows; split the file") }
                records.append(CSVRecord(line: recordLine, fields: fields))
            }
        }

        while index <= count {
            // Start of a field.
            field.removeAll(keepingCapacity: true)
            if index < count && bytes[index] == quote {
                let startLine = line
                index += 1
                var closed = false
                while index < count {
                    let byte = bytes[index]
                    if byte == quote {
                        if index + 1 < count && bytes[index + 1] == quote {
                            field.append(quote); index += 2; continue
                        }
                        index += 1; closed = true; break
                    }
                    if byte == lf || (byte == cr && (index + 1 >= count || bytes[index + 1] != lf)) { line += 1 }
                    field.append(byte); index += 1
                }
                if !closed {
                    throw CSVError(line: startLine, column: fields.count + 1, message: "a quoted field is never closed (missing \")")
                }
                // Only spaces may follow the closing quote before the separator or the line end.
                while index < count && bytes[index] == UInt8(ascii: " ") { index += 1 }
                if index < count && bytes[index] != sep && bytes[index] != cr && bytes[index] != lf {
                    throw CSVError(line: line, column: fields.count + 1, message: "unexpected text after a closing quote (a quote inside a field must be doubled: \"\")")
                }
            } else {
                while index < count {
                    let byte = bytes[index]
                    if byte == sep || byte == cr || byte == lf { break }
                    if byte == quote {
                        throw CSVError(line: line, column: fields.count + 1, message: "a quote inside an unquoted field (quote the whole field and double the quote: \"\")")
                    }
                    field.append(byte); index += 1
                }
            }
            fields.append(String(decoding: field, as: UTF8.self))
            // End of the field: separator, line end or end of text.
            if index >= count {
                try endRecord()
                break
            }
            let byte = bytes[index]
            if byte == sep {
                index += 1
                if index == count { fields.append(""); try endRecord(); break }
                continue
            }
            index += (byte == cr && index + 1 < count && bytes[index + 1] == lf) ? 2 : 1
            line += 1
            try endRecord()
            if index == count { break }
        }
        guard let header else { throw CSVError(message: "the file is empty") }
        return CSVTable(delimiter: separator, header: header, rows: records)
    }
}
