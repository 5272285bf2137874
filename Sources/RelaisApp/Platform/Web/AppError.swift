import Foundation
import HTTPTypes

/// A problem with one input field, reported to API clients and re-shown in forms.
public struct FieldError: Codable, Sendable, Equatable {
    /// The field's name as the client sent it (JSON pointer-like path for nested fields).
    public var field: String
    /// What is wrong, in words a person understands.
    public var message: String

    /// A field and its message.
    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }
}

/// An error Relais reports to the client: rendered as `application/problem+json` in the API
/// and as a readable page in the back-office. Never carries personal data.
public struct AppError: Error, Sendable {
    /// HTTP status to answer with.
    public var status: HTTPResponse.Status
    /// Stable machine-readable code, also the last part of the problem type.
    public var code: String
    /// Short summary of the kind of problem.
    public var title: String
    /// Explanation specific to this occurrence.
    public var detail: String
    /// Field-level messages for validation problems.
    public var fieldErrors: [FieldError] = []
    /// Seconds to wait before retrying, for rate limits.
    public var retryAfter: Int? = nil

    /// Invalid input, with one message per field.
    static func validation(_ errors: [FieldError], detail: String = "Some fields are invalid.") -> AppError {
        AppError(status: .unprocessableContent, code: "validation_failed", title: "Invalid input", detail: detail, fieldErrors: errors)
    }

    /// Invalid input on a single field.
    static func invalid(_ field: String, _ message: String) -> AppError {
        validation([FieldError(field, message)], detail: "\(field): \(message)")
    }

    /// A request that can't be understood (malformed JSON, wrong encoding…).
    static func badRequest(_ detail: String) -> AppError {
        AppError(status: .badRequest, code: "bad_request", title: "Bad request", detail: detail)
    }

    /// Nothing of that kind with that identifier is visible to the caller.
    static func notFound(_ what: String) -> AppError {
        AppError(status: .notFound, code: "not_found", title: "Not found", detail: "No \(what) with this identifier is visible to you.")
    }

    /// The caller is not authenticated.
    static func unauthorized(_ detail: String = "Authentication is required.") -> AppError {
        AppError(status: .unauthorized, code: "unauthorized", title: "Unauthorized", detail: detail)
    }

    /// The caller lacks the permission for this action.
    static func forbidden(_ detail: String = "Your role does not allow this action.") -> AppError {
        AppError(status: .forbidden, code: "forbidden", title: "Forbidden", detail: detail)
    }

    /// The request conflicts with the current state.
    static func conflict(_ detail: String) -> AppError {
        AppError(status: .conflict, code: "conflict", title: "Conflict", detail: detail)
    }

    /// Too many attempts.
    static func tooManyRequests(retryAfter: Int) -> AppError {
        AppError(status: .tooManyRequests, code: "rate_limited", title: "Too many requests",
                 detail: "Too many attempts. Try again in \(retryAfter) seconds.", retryAfter: retryAfter)
    }

    /// The body is larger than the server accepts.
    static func tooLarge(limit: Int) -> AppError {
        AppError(status: .contentTooLarge, code: "too_large", title: "Request body too large",
                 detail: "The request body exceeds the limit of \(limit) bytes.")
    }

    /// The body is not of a supported media type.
    static func unsupportedMediaType(_ expected: String) -> AppError {
        AppError(status: .unsupportedMediaType, code: "unsupported_media_type", title: "Unsupported media type",
                 detail: "The request body must be \(expected).")
    }
}
