import Foundation
import Hummingbird
import NIOCore

/// The stylesheet and scripts shipped with Relais, read once and served with caching headers.
enum StaticAssets {
    static let css: ByteBuffer = load("relais", "css")
    static let segmentsJS: ByteBuffer = load("segments", "js")
    static let copyJS: ByteBuffer = load("copy", "js")

    private static func load(_ name: String, _ ext: String) -> ByteBuffer {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Resources/static"),
              let data = try? Data(contentsOf: url) else { return ByteBuffer() }
        return ByteBuffer(data: data)
    }

    /// The back-office and public stylesheet.
    static func stylesheet() -> Response {
        Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                 body: .init(byteBuffer: css))
    }

    /// The segment editor's script: rule rows and the live count.
    static func segmentEditorScript() -> Response {
        script(segmentsJS)
    }

    /// The copy buttons' script (links shown to members and staff).
    static func copyScript() -> Response {
        script(copyJS)
    }

    private static func script(_ body: ByteBuffer) -> Response {
        Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=3600"],
                 body: .init(byteBuffer: body))
    }
}
