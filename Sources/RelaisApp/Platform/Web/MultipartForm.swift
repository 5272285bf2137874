import Foundation
import Hummingbird
import NIOCore

/// A submitted `multipart/form-data` form (RFC 7578): text fields and uploaded files.
struct MultipartForm: Sendable, Equatable {
    /// One part of the form.
    struct Part: Sendable, Equatable {
        var name: String
        /// The file's name, for file inputs.
        var fileName: String?
        var contentType: String?
        var data: Data
    }

    var parts: [Part]

    /// Why a body is not a well-formed multipart form.
    struct Malformed: Error, Equatable {
        var reason: String
    }

    /// Reads the form from a request body of at most `limit` bytes.
    static func read(_ request: Request, limit: Int) async throws -> MultipartForm {
        guard let boundary = boundary(contentType: request.headers[.contentType] ?? "") else {
            throw AppError.unsupportedMediaType("multipart/form-data")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw AppError.tooLarge(limit: limit)
        }
        do throws(Malformed) {
            return try parse(Array(buffer.readableBytesView), boundary: boundary)
        } catch {
            throw AppError.badRequest("The form could not be read: \(error.reason).")
        }
    }

    /// The boundary named by a `multipart/form-data` content type.
    static func boundary(contentType: String) -> String? {
        let pieces = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard pieces.first?.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() where piece.lowercased().hasPrefix("boundary=") {
            var value = String(piece.dropFirst("boundary=".count))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return (1...70).contains(value.count) ? value : nil
        }
        return nil
    }

    /// Parses a body with the given boundary.
    static func parse(_ body: [UInt8], boundary: String) throws(Malformed) -> MultipartForm {
        let delimiter = Array("--\(boundary)".utf8)
        let crlf: [UInt8] = [13, 10]
        guard var position = find(delimiter, in: body, from: 0) else { throw Malformed(reason: "no part boundary") }
        position += delimiter.count
        var parts: [Part] = []
        while true {
            if body.count >= position + 2 && body[position] == UInt8(ascii: "-") && body[position + 1] == UInt8(ascii: "-") { break }
            guard body.count >= position + 2, Array(body[position..<(position + 2)]) == crlf else { throw Malformed(reason: "a boundary is not followed by a line break") }
            position += 2
            guard let headerEnd = find(crlf + crlf, in: body, from: position) else { throw Malformed(reason: "a part has no end of headers") }
            let headerText = String(decoding: body[position..<headerEnd], as: UTF8.self)
            let contentStart = headerEnd + 4
            guard let next = find(crlf + delimiter, in: body, from: contentStart) else { throw Malformed(reason: "the last part is not closed") }
            var part = Part(name: "", fileName: nil, contentType: nil, data: Data(body[contentStart..<next]))
            for line in headerText.components(separatedBy: "\r\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                if name == "content-type" { part.contentType = value }
                if name == "content-disposition" {
                    let parameters = Self.parameters(value)
                    part.name = parameters["name"] ?? ""
                    part.fileName = parameters["filename"]
                }
            }
            guard !part.name.isEmpty else { throw Malformed(reason: "a part has no name") }
            parts.append(part)
            position = next + 2 + delimiter.count
        }
        return MultipartForm(parts: parts)
    }

    /// The parameters of a `form-data; name="x"; filename="y"` header value.
    static func parameters(_ value: String) -> [String: String] {
        var result: [String: String] = [:]
        var index = value.startIndex
        // Skip the disposition type.
        guard let semicolon = value.firstIndex(of: ";") else { return result }
        index = value.index(after: semicolon)
        while index < value.endIndex {
            while index < value.endIndex && (value[index] == " " || value[index] == ";") { index = value.index(after: index) }
            guard let equals = value[index...].firstIndex(of: "=") else { break }
            let key = value[index..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            index = value.index(after: equals)
            var parsed = ""
            if index < value.endIndex && value[index] == "\"" {
                index = value.index(after: index)
                while index < value.endIndex && value[index] != "\"" {
                    if value[index] == "\\", value.index(after: index) < value.endIndex { index = value.index(after: index) }
                    parsed.append(value[index])
                    index = value.index(after: index)
                }
                if index < value.endIndex { index = value.index(after: index) }
            } else {
                while index < value.endIndex && value[index] != ";" { parsed.append(value[index]); index = value.index(after: index) }
                parsed = parsed.trimmingCharacters(in: .whitespaces)
            }
            result[key] = parsed
        }
        return result
    }

    /// The first offset of `needle` in `haystack` at or after `start`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first && haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// The first text field of that name, trimmed; nil when absent or empty.
    subscript(_ name: String) -> String? {
        guard let part = parts.first(where: { $0.name == name && $0.fileName == nil }) else { return nil }
        let text = String(decoding: part.data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// The first file of that name, if one was chosen.
    func file(_ name: String) -> Part? {
        parts.first { $0.name == name && $0.fileName != nil && !($0.fileName?.isEmpty ?? true) }
    }

    /// The text fields as a URL-encoded form (for the CSRF check shared with other forms).
    var formData: FormData {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let encoded = parts.filter { $0.fileName == nil }.map { part in
            let value = String(decoding: part.data, as: UTF8.self)
            return (part.name.addingPercentEncoding(withAllowedCharacters: allowed) ?? "") + "=" + (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
        }
        return FormData.parse(encoded.joined(separator: "&"))
    }
}
