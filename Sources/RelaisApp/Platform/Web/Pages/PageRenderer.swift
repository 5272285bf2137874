import Foundation
import Hummingbird
import Mustache
import NIOCore

/// Renders server-side pages from the mustache templates shipped with Relais, loaded once.
/// Every page inherits `layout.mustache` and gets the interface strings as `t`.
struct PageRenderer: Sendable {
    let library: MustacheLibrary

    /// Loads every template from the bundled `Resources/templates` folder.
    static func load() async throws -> PageRenderer {
        guard let url = Bundle.module.url(forResource: "templates", withExtension: nil, subdirectory: "Resources") else {
            throw ConfigurationError("The page templates are missing from the Relais bundle")
        }
        return PageRenderer(library: try await MustacheLibrary(directory: url.path))
    }

    /// An HTML response of `template` with `values`, in `language`.
    func page(_ template: String, _ values: [String: Any], language: UILanguage, status: HTTPResponse.Status = .ok,
              headers: HTTPFields = [:]) -> Response {
        response(html: html(template, values, language: language), status: status, headers: headers)
    }

    /// The HTML of `template` with `values`, in `language`.
    func html(_ template: String, _ values: [String: Any], language: UILanguage) -> String {
        var context = TemplateValues.cleaned(values)
        context["t"] = Strings.table(language)
        context["lang"] = language.rawValue
        return library.render(context, withTemplate: template) ?? "Template \(template) is missing"
    }

    /// An HTML response of a rendered page, with the pages' security headers.
    func response(html: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "text/html; charset=utf-8"
        fields[.contentSecurityPolicy] = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'"
        fields[.init("X-Content-Type-Options")!] = "nosniff"
        fields[.init("Referrer-Policy")!] = "same-origin"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

/// Renders errors as pages for the back-office and public pages.
struct ErrorPages: Sendable {
    let renderer: PageRenderer

    func render(_ error: AppError, context: AppRequestContext) -> Response {
        let strings = Strings.table(context.language)
        let title: String
        switch error.status.code {
        case 404: title = strings["error_not_found"] ?? error.title
        case 403: title = strings["error_forbidden"] ?? error.title
        case 500...: title = strings["error_internal"] ?? error.title
        default: title = error.title
        }
        let detail = error.status.code >= 500 ? (strings["error_internal_detail"] ?? error.detail) : error.detail
        var headers: HTTPFields = [:]
        if let retry = error.retryAfter { headers[.retryAfter] = String(retry) }
        return renderer.page("error", ["title": title, "detail": detail, "status": Int(error.status.code),
                                       "fieldErrors": error.fieldErrors.map { ["field": $0.field, "message": FieldMessages.localized($0.message, context.language)] }],
                             language: context.language, status: error.status, headers: headers)
    }
}
