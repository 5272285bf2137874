import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// A decoded answer from the server.
struct APIResponse: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: Data

    /// The body as a JSON object.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
    }

    /// The body as text.
    var text: String { String(decoding: body, as: UTF8.self) }
}

extension TestClientProtocol {
    /// Sends a JSON API request with an API key.
    func api(_ method: HTTPRequest.Method, _ path: String, key: String?, json: String? = nil,
             contentType: String = "application/json") async throws -> APIResponse {
        var headers: HTTPFields = [:]
        if let key { headers[.authorization] = "Bearer \(key)" }
        if json != nil { headers[.contentType] = contentType }
        return try await execute(uri: path, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) }) { response in
            APIResponse(status: response.status, headers: response.headers, body: Data(buffer: response.body))
        }
    }

    /// Sends a raw request and returns the answer.
    func raw(_ method: HTTPRequest.Method, _ path: String, headers: HTTPFields = [:], body: String? = nil) async throws -> APIResponse {
        try await execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            APIResponse(status: response.status, headers: response.headers, body: Data(buffer: response.body))
        }
    }
}
