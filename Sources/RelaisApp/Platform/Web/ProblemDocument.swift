import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// RFC 9457 problem details, as every API error is answered.
struct ProblemDocument: Codable, Sendable {
    var type: String
    var title: String
    var status: Int
    var detail: String
    var code: String
    var errors: [FieldError]?

    init(_ error: AppError) {
        type = "urn:relais:problem:\(error.code)"
        title = error.title
        status = Int(error.status.code)
        detail = error.detail
        code = error.code
        errors = error.fieldErrors.isEmpty ? nil : error.fieldErrors
    }

    /// The HTTP response carrying this document.
    func response(retryAfter: Int? = nil) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(
            status: HTTPResponse.Status(code: status),
            headers: headers,
            body: .init(byteBuffer: ByteBuffer(data: data))
        )
    }
}
