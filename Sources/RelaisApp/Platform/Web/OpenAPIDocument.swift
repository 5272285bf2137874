import Foundation
import Hummingbird
import NIOCore

/// The OpenAPI 3.1 description of `/api/v1`, shipped as a resource and served as-is.
enum OpenAPIDocument {
    /// The document, read once.
    static let data: Data = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json", subdirectory: "Resources"),
              let data = try? Data(contentsOf: url)
        else { return Data("{}".utf8) }
        return data
    }()

    /// The document's bytes, as served.
    static let bytes = ByteBuffer(data: data)

    /// The response serving the document.
    static func response() -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: bytes))
    }
}
