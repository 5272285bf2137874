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

    /// The same request asking for one more item, to know whether a next page exists.
    var lookingAhead: PageRequest { PageRequest(limit: limit + 1, afterID: afterID) }

    init(query: [String: String]) throws {
        if let text = query["limit"] {
            guard let value = Int(text), (1...200).contains(value) else {
                throw AppError.invalid("limit", "must be a whole number from 1 to 200")
            }
            limit = value
        } else {
            limit = 50
        }
        if let cursor = query["cursor"], !cursor.isEmpty {
            guard let value = Int64(cursor), value > 0 else {
                throw AppError.invalid("cursor", "is not a cursor returned by this list")
            }
            afterID = value
        } else {
            afterID = nil
        }
    }
}
