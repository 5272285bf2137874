import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing
@testable import RelaisApp

/// A local HTTP server standing for a brand's alert webhook: it records each request's body and
/// signature and answers the statuses it is given in turn (the last one from then on).
struct WebhookReceiver {
    /// What the receiver saw.
    final class Log: Sendable {
        let requests = Mutex<[(body: String, signature: String?)]>([])
        let statuses: Mutex<[Int]>

        init(statuses: [Int]) { self.statuses = Mutex(statuses) }

        var count: Int { requests.withLock { $0.count } }
    }

    /// Runs `body` with the receiver's URL (`http://127.0.0.1:PORT/hook`) while it listens.
    static func run(_ log: Log, _ body: @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.post("hook") { request, _ -> Response in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            log.requests.withLock { $0.append((String(buffer: buffer), request.headers[HTTPField.Name("Relais-Signature")!])) }
            let status = log.statuses.withLock { statuses in statuses.count > 1 ? statuses.removeFirst() : statuses.first ?? 200 }
            return Response(status: HTTPResponse.Status(code: status))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            try await body("http://127.0.0.1:\(port)/hook")
        }
    }
}

/// Posts written for the alert and report tests, imported as JSON Lines with explicit times.
enum ListeningPosts {
    /// One JSON Lines line.
    static func line(id: String, url: String? = nil, title: String = "", text: String, author: String? = nil, authorEmail: String? = nil,
                     authorUrl: String? = nil, at millis: Int64) -> String {
        var object: [String: String] = ["id": id, "text": text, "publishedAt": Clock.iso(millis)]
        if let url { object["url"] = url }
        if !title.isEmpty { object["title"] = title }
        if let author { object["author"] = author }
        if let authorEmail { object["authorEmail"] = authorEmail }
        if let authorUrl { object["authorUrl"] = authorUrl }
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) // a dictionary of strings always encodes
        return String(decoding: data, as: UTF8.self)
    }

    /// A clearly negative French post about Malaxo, made unique by `n`.
    static func negative(_ n: Int, about subject: String = "la bétonnière Malaxo") -> String {
        "Encore une panne numéro \(n) : \(subject) est vraiment nulle, très déçu, je ne la recommande pas du tout."
    }

    /// A clearly positive English post about Malaxo, made unique by `n`.
    static func positive(_ n: Int, about subject: String = "the Malaxo mixer") -> String {
        "Review number \(n): \(subject) is great, I love it, excellent build quality and a wonderful service team."
    }

    /// The body of `POST /api/v1/listening/imports` for these lines.
    static func importBody(_ lines: [String]) -> String {
        let data = try! JSONSerialization.data(withJSONObject: ["format": "jsonl", "data": lines.joined(separator: "\n")]) // strings always encode
        return String(decoding: data, as: UTF8.self)
    }
}

/// A value set inside one test server's closure and read in the next.
final class Captured<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>

    init(_ value: Value) { storage = Mutex(value) }

    var value: Value {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
}
