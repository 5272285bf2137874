import Foundation
import Hummingbird
import NIOCore

/// An image answer that browsers may not reinterpret as anything else.
enum IdeaImageResponse {
    /// The image's bytes with its sniffed type, a cache policy, `nosniff` and a sandboxing policy.
    static func response(contentType: String, bytes: Data, cache: String) -> Response {
        Response(status: .ok, headers: [.contentType: contentType, .cacheControl: cache, .init("X-Content-Type-Options")!: "nosniff",
                                        .contentSecurityPolicy: "default-src 'none'; sandbox"],
                 body: .init(byteBuffer: ByteBuffer(data: bytes)))
    }
}
