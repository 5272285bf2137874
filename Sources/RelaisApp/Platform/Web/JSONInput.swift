import Foundation
import Hummingbird
import NIOCore

/// A JSON request body with a closed set of fields: unknown fields are refused, not ignored.
protocol APIInput: Decodable, Sendable {
    /// Every field name the body may contain.
    static var fieldNames: Set<String> { get }
}

/// Reads JSON bodies with clear, field-level errors.
enum JSONInput {
    /// Decodes `T` from the request body, refusing wrong media types, oversized bodies,
    /// malformed JSON, unknown fields and values of the wrong type.
    static func decode<T: APIInput>(_ type: T.Type, from request: Request, limit: Int) async throws -> T {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/json") || contentType.hasPrefix("application/merge-patch+json") else {
            throw AppError.unsupportedMediaType("application/json")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch {
            throw AppError.tooLarge(limit: limit)
        }
        return try decode(type, from: Data(buffer: buffer))
    }

    /// Decodes `T` from JSON bytes with the same checks.
    static func decode<T: APIInput>(_ type: T.Type, from data: Data) throws -> T {
        guard String(data: data, encoding: .utf8) != nil else {
            throw AppError.badRequest("The body is not valid UTF-8 text.")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw AppError.badRequest("The body is not valid JSON.")
        }
        guard let dictionary = object as? [String: Any] else {
            throw AppError.badRequest("The body must be a JSON object.")
        }
        let unknown = Set(dictionary.keys).subtracting(T.fieldNames).sorted()
        if !unknown.isEmpty {
            throw AppError.validation(unknown.map { FieldError($0, "is not a known field") },
                                     detail: "Unknown fields: \(unknown.joined(separator: ", ")).")
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw AppError.validation([fieldError(from: error)])
        } catch let error as AppError {
            throw error
        } catch {
            throw AppError.badRequest("The body could not be read.")
        }
    }

    /// The field and message a decoding error is about.
    static func fieldError(from error: DecodingError) -> FieldError {
        func path(_ codingPath: [any CodingKey], _ last: (any CodingKey)? = nil) -> String {
            let keys = codingPath + (last.map { [$0] } ?? [])
            let text = keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return text.replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return FieldError(path(context.codingPath, key), "is required")
        case .typeMismatch(let type, let context):
            return FieldError(path(context.codingPath), "must be \(describe(type))")
        case .valueNotFound(let type, let context):
            return FieldError(path(context.codingPath), "must be \(describe(type)), not null")
        case .dataCorrupted(let context):
            return FieldError(path(context.codingPath), context.debugDescription)
        @unknown default:
            return FieldError("body", "could not be read")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "an integer"
        case is Bool.Type: "true or false"
        case is Double.Type: "a number"
        default: type is any Collection.Type ? "an array" : "an object"
        }
    }
}
