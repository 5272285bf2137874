import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Writes JSON responses the same way everywhere: stable key order, explicit status.
enum JSONOutput {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// A JSON response with the given status.
    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        let data = try encoder.encode(value)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(data: data)))
    }

    /// A JSON response of text already written (`FlatJSON.Object`).
    static func response(json: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: json)))
    }
}

/// One page of a list, with the cursor to ask for the next one.
struct Page<Item: Encodable & Sendable>: Encodable, Sendable {
    /// The items of this page.
    var items: [Item]
    /// Pass as `cursor` to get the next page; absent on the last page.
    var nextCursor: String?
    /// How many items match in all, when cheap to know.
    var total: Int?
}

extension Page {
    /// A page from `fetched` items read with `request.lookingAhead` (one more than the limit):
    /// the extra item only tells that there is a next page, whose cursor is the last item's id.
    init(lookahead fetched: [Item], request: PageRequest, id: (Item) -> Int64) {
        items = Array(fetched.prefix(request.limit))
        nextCursor = fetched.count > request.limit ? items.last.map { String(id($0)) } : nil
        total = nil
    }
}

/// Common list parameters: `limit` (1–200, default 50) and an opaque `cursor`.
struct PageRequest: Sendable {
    var limit: Int
    var afterID: Int64?
    /// Where the previous page ended, for lists ordered by a text key rather than by id.
    var afterKey: KeyedCursor? = nil

    /// Items read with `lookingAhead` (one more than the limit) cut to this page, with the next
    /// page's cursor (the last item's id) when the extra item shows there is one.
    func trimmed<Item>(_ fetched: [Item], id: (Item) -> Int64) -> (items: [Item], nextCursor: String?) {
        let items = Array(fetched.prefix(limit))
        return (items, fetched.count > limit ? items.last.map { String(id($0)) } : nil)
    }

    /// The same request asking for one more item, to know whether a next page exists.
    var lookingAhead: PageRequest { PageRequest(limit: limit + 1, afterID: afterID, afterKey: afterKey) }

    /// Reads `limit` and `cursor`; `keyed` lists (ordered by a text key) accept keyed cursors too.
    init(query: [String: String], keyed: Bool = false) throws {
        if let text = query["limit"] {
            guard let value = Int(text), (1...200).contains(value) else {
                throw AppError.invalid("limit", "must be a whole number from 1 to 200")
            }
            limit = value
        } else {
            limit = 50
        }
        afterID = nil
        guard let cursor = query["cursor"], !cursor.isEmpty else { return }
        if let value = Int64(cursor), value > 0 {
            afterID = value
        } else if keyed, let key = KeyedCursor(cursor) {
            afterKey = key
        } else {
            throw AppError.invalid("cursor", "is not a cursor returned by this list")
        }
    }

    init(limit: Int, afterID: Int64?, afterKey: KeyedCursor? = nil) {
        self.limit = limit
        self.afterID = afterID
        self.afterKey = afterKey
    }
}

/// A position in a list ordered by (text key, id), written as `k<id>.<key in base64url>`.
struct KeyedCursor: Sendable, Equatable {
    var key: String
    var id: Int64

    init(key: String, id: Int64) {
        self.key = key
        self.id = id
    }

    /// Reads a cursor written by `text`; nil when it is not one.
    init?(_ text: String) {
        guard text.count <= 1_000, text.first == "k", let dot = text.firstIndex(of: ".") else { return nil }
        guard let id = Int64(text[text.index(after: text.startIndex)..<dot]), id > 0 else { return nil }
        var base64 = text[text.index(after: dot)...].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let key = String(data: data, encoding: .utf8) else { return nil }
        self.init(key: key, id: id)
    }

    /// The cursor as given to clients: URL-safe, opaque.
    var text: String {
        let base64 = Data(key.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return "k\(id).\(base64)"
    }
}
