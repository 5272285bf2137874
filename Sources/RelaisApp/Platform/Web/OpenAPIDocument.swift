import Foundation
import Hummingbird
import NIOCore

/// The OpenAPI 3.1 description of `/api/v1`, shipped as a resource and served as-is.
enum OpenAPIDocument {
    /// The document's bytes, read once.
    static let bytes: ByteBuffer = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json", subdirectory: "Resources"),
              let data = try? Data(contentsOf: url)
        else { return ByteBuffer(string: "{}") }
        return ByteBuffer(data: data)
    }()

    /// The response serving the document.
    static func response() -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: bytes))
    }
}
