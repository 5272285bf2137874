import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

/// A local HTTP server for the poller tests, on a random loopback port: a feed with an ETag
/// (304 when it is sent back), the same articles under other URLs, a redirect loop, a redirect
/// to the feed, an oversized body, a slow answer and an HTML page.
struct FeedServer {
    /// Counts of what the server answered, for assertions.
    final class Counters: Sendable {
        let notModified = Atomic<Int>(0)
        let feedRequests = Atomic<Int>(0)
    }

    static let etag = "\"v1\""

    /// Two articles of a construction-equipment brand, one negative in French, one positive in English.
    static func feed(base: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel><title>Chantiers</title><link>\(base)/</link><language>fr-FR</language>
        <item><title>La bétonnière Malaxo tombe en panne</title><link>\(base)/articles/panne?utm_source=rss</link>
        <guid>panne-1</guid><pubDate>Tue, 01 Dec 2026 09:00:00 +0100</pubDate>
        <description><![CDATA[<p>Encore une panne : la <b>bétonnière Malaxo</b> est vraiment nulle, très déçu, je ne la recommande pas du tout.</p>]]></description></item>
        <item><title>Malaxo mixer review</title><link>\(base)/articles/review</link><guid>review-1</guid>
        <pubDate>Wed, 02 Dec 2026 10:00:00 GMT</pubDate>
        <description>The Malaxo mixer is great, I love it, excellent build quality and a wonderful service team. Highly recommended!</description></item>
        <item><title>Sans rapport</title><link>\(base)/articles/autre</link><description>Un article sur les grues de chantier et leur entretien.</description></item>
        </channel></rss>
        """
    }

    /// Runs `body` with the server's base URL (`http://127.0.0.1:PORT`) while it listens.
    static func run(_ counters: Counters, _ body: @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.get("feed.xml") { request, context -> Response in
            counters.feedRequests.add(1, ordering: .relaxed)
            if request.headers[.ifNoneMatch] == etag {
                counters.notModified.add(1, ordering: .relaxed)
                return Response(status: .notModified, headers: [.eTag: etag])
            }
            let host = request.head.authority ?? "127.0.0.1"
            return Response(status: .ok, headers: [.contentType: "application/rss+xml; charset=utf-8", .eTag: etag],
                            body: .init(byteBuffer: ByteBuffer(string: feed(base: "http://\(host)"))))
        }
        // The same articles under other URLs (tracking parameters, https, www): counted once.
        router.get("copy.xml") { request, _ -> Response in
            let text = feed(base: "https://www.\(request.head.authority ?? "127.0.0.1")").replacingOccurrences(of: "/articles/review", with: "/articles/review?utm_medium=feed")
            return Response(status: .ok, headers: [.contentType: "application/rss+xml"], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        router.get("loop") { _, _ in Response(status: .found, headers: [.location: "/loop"]) }
        router.get("moved") { _, _ in Response(status: .movedPermanently, headers: [.location: "/feed.xml"]) }
        router.get("big.xml") { _, _ -> Response in
            var buffer = ByteBuffer(string: "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>")
            buffer.writeRepeatingByte(UInt8(ascii: "a"), count: 6 * 1024 * 1024)
            buffer.writeString("</title></channel></rss>")
            return Response(status: .ok, headers: [.contentType: "application/rss+xml"], body: .init(byteBuffer: buffer))
        }
        router.get("slow.xml") { _, _ -> Response in
            try await Task.sleep(for: .seconds(3))
            return Response(status: .ok, headers: [.contentType: "application/rss+xml"], body: .init(byteBuffer: ByteBuffer(string: feed(base: "http://slow"))))
        }
        router.get("page.html") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/html"], body: .init(byteBuffer: ByteBuffer(string: """
                <!DOCTYPE html><html><head><title>Blog</title><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head>
                <body><p>Bienvenue</p></body></html>
                """)))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            try await body("http://127.0.0.1:\(port)")
        }
    }
}
