import Foundation
import Hummingbird
import NIOCore

/// A submitted HTML form (`application/x-www-form-urlencoded`), with repeated fields kept.
struct FormData: Sendable {
    private(set) var values: [String: [String]] = [:]

    /// Reads the form from a request body of at most `limit` bytes.
    static func read(_ request: Request, limit: Int = 1024 * 1024) async throws -> FormData {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw AppError.tooLarge(limit: limit)
        }
        return parse(String(buffer: buffer))
    }

    /// Parses an encoded form.
    static func parse(_ text: String) -> FormData {
        var form = FormData()
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(parts[0])
            let value = parts.count > 1 ? decode(parts[1]) : ""
            form.values[name, default: []].append(value)
        }
        return form
    }

    private static func decode(_ text: Substring) -> String {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
    }

    /// The first value of a field, trimmed; nil when absent or empty.
    subscript(_ name: String) -> String? {
        guard let value = values[name]?.first?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    /// Every value of a repeated field (checkboxes).
    func all(_ name: String) -> [String] { values[name] ?? [] }
}
