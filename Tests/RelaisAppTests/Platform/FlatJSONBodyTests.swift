import Foundation
import Testing
@testable import RelaisApp

/// The flat reading of the busiest bodies takes only what it reads exactly as `JSONDecoder` does,
/// and leaves everything else to it.
@Suite("Flat request bodies")
struct FlatJSONBodyTests {
    @Test("Plain flat objects are read: strings, integers, true, false, null, white space around")
    func reads() throws {
        let body = try #require(FlatJSONBody(Array(" {\n \"kind\" : \"earn\",\t\"points\":10, \"reason\":null, \"a\":true,\"b\":false, \"n\":-7 } \r\n".utf8)))
        #expect(body["kind"] == .string("earn"))
        #expect(body["points"] == .integer(10))
        #expect(body["reason"] == .null)
        #expect(body["a"] == .bool(true) && body["b"] == .bool(false))
        #expect(body["n"] == .integer(-7))
        #expect(Set(body.keys) == ["kind", "points", "reason", "a", "b", "n"])
        #expect(FlatJSONBody(Array("{}".utf8))?.keys.isEmpty == true)
        #expect(FlatJSONBody(Array(#"{"max":9223372036854775807,"min":-9223372036854775808,"zero":0,"minusZero":-0}"#.utf8))
                == FlatJSONBody(Array(#"{"max":9223372036854775807,"min":-9223372036854775808,"zero":0,"minusZero":0}"#.utf8)))
    }

    @Test("Anything it would not read exactly as JSONDecoder does is left to it", arguments: [
        "", "[]", "\"text\"", "{", "{\"a\":1", "{\"a\":1}x", "{\"a\":1,}", "{\"a\" 1}", "{a:1}",
        #"{"a":{"b":1}}"#, #"{"a":[1]}"#, #"{"a":1.5}"#, #"{"a":1e3}"#, #"{"a":01}"#, #"{"a":-}"#, #"{"a":+1}"#,
        #"{"a":9223372036854775808}"#, #"{"a":-9223372036854775809}"#,
        #"{"a":"say \"hi\""}"#, #"{"a":"caf\u00e9"}"#, "{\"a\":\"café\"}", "{\"a\":\"tab\there\"}",
        #"{"a":1,"a":2}"#, #"{"a":tru}"#, #"{"a":nul}"#, #"{"a":True}"#,
    ])
    func leavesTheRest(_ text: String) {
        #expect(FlatJSONBody(Array(text.utf8)) == nil, "\(text.debugDescription)")
    }

    @Test("A points movement read flat is the one JSONDecoder reads", arguments: [
        #"{"kind":"earn","points":10}"#,
        #"{"kind":"spend","points":5,"reason":"Mug at the till"}"#,
        #"{"reason":null,"points":-3,"kind":"adjust"}"#,
        #"{"kind":"","points":0,"reason":""}"#,
    ])
    func sameMovement(_ text: String) throws {
        let flat = try #require(FlatJSONBody(Array(text.utf8)).flatMap(PointsMovementInput.init(flat:)))
        let decoded = try JSONInput.decode(PointsMovementInput.self, from: Data(text.utf8))
        #expect(flat.kind == decoded.kind && flat.points == decoded.points && flat.reason == decoded.reason)
    }

    @Test("A movement with an unknown field, a wrong type or a missing field is left to JSONDecoder, which names the problem", arguments: [
        (#"{"kind":"earn","points":10,"bonus":1}"#, "bonus"),
        (#"{"kind":"earn","points":"10"}"#, "points"),
        (#"{"kind":"earn","points":null}"#, "points"),
        (#"{"kind":1,"points":10}"#, "kind"),
        (#"{"kind":"earn","points":10,"reason":false}"#, "reason"),
        (#"{"kind":"earn"}"#, "points"),
    ])
    func problemsNamed(_ text: String, field: String) throws {
        let body = try #require(FlatJSONBody(Array(text.utf8)))
        #expect(PointsMovementInput(flat: body) == nil)
        do {
            _ = try JSONInput.decode(PointsMovementInput.self, from: Data(text.utf8))
            Issue.record("\(text) was read")
        } catch let error as AppError {
            #expect(error.fieldErrors.map(\.field) == [field])
        }
    }

    @Test("A points answer written directly has the bytes JSONEncoder gives it")
    func postingAnswer() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let plain = PointsEntry(id: 42, memberID: 7, kind: .earn, points: 10, balanceAfter: 130, reason: "", source: "api", sourceRef: nil,
                                expiresAt: nil, recordedBy: "key:Till", occurredAt: 1_764_979_200_123)
        var odd = plain
        odd.kind = .spend
        odd.points = -5
        odd.reason = "Mug \"XL\" a/b \\ line\nnext\t\u{01} Noël 👩🏽‍🚀"
        odd.sourceRef = "till/7"
        odd.expiresAt = 1_796_515_200_000
        odd.balanceAfter = Int64.min
        for entry in [plain, odd] {
            for expiredFirst in [0, 25] as [Int64] {
                let dto = PointsPostingDTO(entry: PointsEntryDTO(entry), expiredFirst: expiredFirst, balance: entry.balanceAfter)
                #expect(dto.json == String(decoding: try encoder.encode(dto), as: UTF8.self))
            }
        }
    }
}
