import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// A browser-like client for back-office pages: keeps the session cookie and the CSRF token.
struct WebClient {
    let client: any TestClientProtocol
    var cookie: String?

    /// Logs in and keeps the session; returns the answer to the log-in form.
    @discardableResult
    mutating func logIn(email: String, password: String) async throws -> APIResponse {
        let response = try await post("/login", form: ["email": email, "password": password])
        if let setCookie = response.headers[.setCookie], let value = setCookie.split(separator: ";").first {
            cookie = String(value)
        }
        return response
    }

    /// GETs a page with the session.
    func get(_ path: String) async throws -> APIResponse {
        var headers: HTTPFields = [:]
        if let cookie { headers[.cookie] = cookie }
        return try await client.raw(.get, path, headers: headers)
    }

    /// POSTs a form with the session.
    func post(_ path: String, form: [String: String]) async throws -> APIResponse {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let cookie { headers[.cookie] = cookie }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let body = form.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
        return try await client.raw(.post, path, headers: headers, body: body)
    }

    /// The CSRF token of a page's forms.
    static func csrf(in page: APIResponse) -> String? {
        guard let range = page.text.range(of: #"name="_csrf" value=""#) else { return nil }
        return String(page.text[range.upperBound...].prefix { $0 != "\"" })
    }

    /// The value of the input with this id.
    static func inputValue(id: String, in page: APIResponse) -> String? {
        guard let start = page.text.range(of: "id=\"\(id)\"") ?? nil else { return nil }
        let before = page.text[..<start.lowerBound]
        guard let open = before.range(of: "<input", options: .backwards) else { return nil }
        let tag = page.text[open.lowerBound...].prefix { $0 != ">" }
        guard let value = tag.range(of: "value=\"") else { return nil }
        return String(tag[value.upperBound...].prefix { $0 != "\"" })
    }
}
