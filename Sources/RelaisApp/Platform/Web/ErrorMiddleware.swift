import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Turns every error into a clear answer: problem+json under `/api`, a readable page elsewhere.
/// Unexpected errors are logged with the request id and answered with a generic 500.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let pages: ErrorPages

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as WebRedirect {
            return error.response
        } catch {
            let appError = Self.appError(from: error, context: context)
            if appError.status == .internalServerError {
                context.logger.error("Unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            }
            if request.uri.path.hasPrefix("/api/") || request.uri.path.hasPrefix("/public/api/") {
                return ProblemDocument(appError).response(retryAfter: appError.retryAfter)
            }
            return pages.render(appError, context: context)
        }
    }

    /// Maps any error to the problem reported to the client.
    static func appError(from error: any Error, context: Context) -> AppError {
        switch error {
        case let error as AppError:
            return error
        case let error as HTTPError:
            switch error.status {
            case .notFound:
                return AppError(status: .notFound, code: "not_found", title: "Not found", detail: "There is nothing at this address.")
            case .contentTooLarge:
                return .tooLarge(limit: context.maxUploadSize)
            case .methodNotAllowed:
                return AppError(status: .methodNotAllowed, code: "method_not_allowed", title: "Method not allowed", detail: "This address does not accept this method.")
            default:
                let status = error.status
                if status.code >= 400 && status.code < 500 {
                    return AppError(status: status, code: "bad_request", title: status.reasonPhrase, detail: error.body ?? status.reasonPhrase)
                }
                return AppError(status: .internalServerError, code: "internal", title: "Internal error", detail: "Something went wrong on our side. It has been logged.")
            }
        default:
            return AppError(status: .internalServerError, code: "internal", title: "Internal error", detail: "Something went wrong on our side. It has been logged.")
        }
    }
}

/// A redirect thrown from deep inside a handler (e.g. to the log-in page).
struct WebRedirect: Error {
    let location: String

    var response: Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}
