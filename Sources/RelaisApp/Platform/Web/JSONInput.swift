import Foundation
import Hummingbird
import NIOCore

/// A JSON request body with a closed set of fields: unknown fields are refused, not ignored.
protocol APIInput: Decodable, Sendable {
    /// Every field name the body may contain.
    static var fieldNames: Set<String> { get }
}

/// A body that the busiest endpoints receive, read without `JSONDecoder` when it is a plain flat object.
protocol FlatAPIInput: APIInput {
    /// The value, when `body` holds exactly what it takes with the right types; nil lets
    /// `JSONDecoder` read the body and say what is wrong with it.
    init?(flat body: FlatJSONBody)
}

/// Reads JSON bodies with clear, field-level errors.
enum JSONInput {
    /// Decodes `T` from the request body, refusing wrong media types, oversized bodies,
    /// malformed JSON, unknown fields and values of the wrong type.
    static func decode<T: APIInput>(_ type: T.Type, from request: Request, limit: Int) async throws -> T {
        try decode(type, from: Data(buffer: try await body(of: request, limit: limit)))
    }

    /// Decodes `T` as above, first trying the flat reading of its body.
    static func decode<T: FlatAPIInput>(_ type: T.Type, from request: Request, limit: Int) async throws -> T {
        let buffer = try await body(of: request, limit: limit)
        if let body = FlatJSONBody(buffer.readableBytesView), let value = T(flat: body) { return value }
        return try decode(type, from: Data(buffer: buffer))
    }

    /// The bytes of a JSON body, refusing other media types and bodies over `limit` bytes.
    private static func body(of request: Request, limit: Int) async throws -> ByteBuffer {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/json") || contentType.hasPrefix("application/merge-patch+json") else {
            throw AppError.unsupportedMediaType("application/json")
        }
        do {
            return try await request.body.collect(upTo: limit)
        } catch {
            throw AppError.tooLarge(limit: limit)
        }
    }

    /// Decodes `T` from JSON bytes with the same checks, in one pass over the bytes.
    static func decode<T: APIInput>(_ type: T.Type, from data: Data) throws -> T {
        guard String(validating: data, as: UTF8.self) != nil else {
            throw AppError.badRequest("The body is not valid UTF-8 text.")
        }
        do {
            return try decoder.decode(Checked<T>.self, from: data).value
        } catch let inside as Inside {
            switch inside.error {
            case .notAnObject:
                throw AppError.badRequest("The body must be a JSON object.")
            case .unknown(let names):
                throw AppError.validation(names.map { FieldError($0, "is not a known field") },
                                         detail: "Unknown fields: \(names.joined(separator: ", ")).")
            case .decoding(let error as DecodingError):
                throw AppError.validation([fieldError(from: error)])
            case .decoding(let error as AppError):
                throw error
            case .decoding:
                throw AppError.badRequest("The body could not be read.")
            }
        } catch {
            // Thrown before any field was read: the bytes are not JSON.
            throw AppError.badRequest("The body is not valid JSON.")
        }
    }

    private static let decoder = JSONDecoder()

    /// What went wrong once the bytes had been read as JSON.
    private struct Inside: Error {
        enum Problem {
            case notAnObject
            case unknown([String])
            case decoding(any Error)
        }
        var error: Problem
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// `T`, once its object is known to hold none but `T.fieldNames`.
    private struct Checked<T: APIInput>: Decodable {
        let value: T

        init(from decoder: any Decoder) throws {
            let object: KeyedDecodingContainer<AnyKey>
            do { object = try decoder.container(keyedBy: AnyKey.self) } catch { throw Inside(error: .notAnObject) }
            let unknown = Set(object.allKeys.map(\.stringValue)).subtracting(T.fieldNames).sorted()
            if !unknown.isEmpty { throw Inside(error: .unknown(unknown)) }
            do { value = try T(from: decoder) } catch { throw Inside(error: .decoding(error)) }
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
