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
        #"{"a":"say \"hi\""}"#, #"{"a":"caf\u00e9"}"#, "{\"a\":\"tab\there\"}",
        #"{"a":["x"]}"#, #"{"a":[[]]}"#, #"{"a":[{"b":[]}]}"#, #"{"a":[{"b":{"c":1}}]}"#, #"{"a":[{"b":1},]}"#,
        #"{"a":[{"b":1}"#, #"{"a":[{"b":1,"b":2}]}"#, #"{"a":[{"b":1}]]}"#,
        #"{"a":1,"a":2}"#, #"{"a":tru}"#, #"{"a":nul}"#, #"{"a":True}"#,
    ])
    func leavesTheRest(_ text: String) {
        #expect(FlatJSONBody(Array(text.utf8)) == nil, "\(text.debugDescription)")
    }

    @Test("Text in any language is read as it is; bytes that are not UTF-8 are left to JSONDecoder")
    func utf8() throws {
        let body = try #require(FlatJSONBody(Array("{\"firstName\":\"Éloïse\",\"city\":\"Saint-Étienne 👩🏽‍🚀\",\"del\":\"a\u{7F}b\"}".utf8)))
        #expect(body["firstName"] == .string("Éloïse"))
        #expect(body["city"] == .string("Saint-Étienne 👩🏽‍🚀"))
        #expect(body["del"] == .string("a\u{7F}b"))
        #expect(FlatJSONBody(Array(#"{"a":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)) == nil)
        #expect(FlatJSONBody(Array(#"{"a":""#.utf8) + [0xFF] + Array(#""}"#.utf8)) == nil)
        #expect(FlatJSONBody(Array(#"{"a":1"#.utf8) + [0xC3, 0xA9] + Array("}".utf8)) == nil)
    }

    @Test("Lists of flat objects are read, empty ones too")
    func lists() throws {
        let body = try #require(FlatJSONBody(Array(#"{"consents":[ {"purpose":"newsletter","wordingVersion":2} , {"purpose":"sms"} ],"none":[ ]}"#.utf8)))
        #expect(body["consents"] == .objects([["purpose": .string("newsletter"), "wordingVersion": .integer(2)], ["purpose": .string("sms")]]))
        #expect(body["none"] == .objects([]))
    }

    @Test("An entry read flat is the one JSONDecoder reads", arguments: [
        #"{"email":"a@example.com","firstName":"Camille","lastName":"Martin","birthDate":"1990-04-02","acceptRulesVersion":1,"consents":[{"purpose":"newsletter","wordingVersion":1}]}"#,
        "{\"email\":\"éloïse@example.fr\",\"firstName\":\"Éloïse\",\"lastName\":\"Lefèvre-Nguyễn\",\"country\":\"FR\",\"postalCode\":\"42000\",\"language\":\"en\"}",
        #"{"email":"b@example.com","consents":[{"purpose":"newsletter"},{"purpose":"sms","wordingVersion":null,"shownAt":"ignored"}],"website":""}"#,
        #"{"email":"c@example.com","quizAnswers":[{"question":1,"choice":2},{"choice":1,"question":2}],"tieBreak":1234,"answer":"Bleu"}"#,
        #"{"memberLink":"m.abc","referralLink":"r.def","consents":[],"quizAnswers":null,"acceptRulesVersion":null,"email":null}"#,
        "{}",
    ])
    func sameEntry(_ text: String) throws {
        let flat = try #require(FlatJSONBody(Array(text.utf8)).flatMap(PublicEntryInput.init(flat:)))
        let decoded = try JSONInput.decode(PublicEntryInput.self, from: Data(text.utf8))
        #expect(Self.fields(flat) == Self.fields(decoded))
    }

    @Test("An entry with an unknown field or a wrong type is left to JSONDecoder, which names the problem", arguments: [
        (#"{"email":"a@example.com","phone":"0600000000"}"#, "phone"),
        (#"{"email":1}"#, "email"),
        (#"{"acceptRulesVersion":"1"}"#, "acceptRulesVersion"),
        (#"{"consents":[{"wordingVersion":1}]}"#, "consents[0].purpose"),
        (#"{"consents":[{"purpose":"newsletter","wordingVersion":"1"}]}"#, "consents[0].wordingVersion"),
        (#"{"quizAnswers":[{"question":1}]}"#, "quizAnswers[0].choice"),
        (#"{"tieBreak":true}"#, "tieBreak"),
        (#"{"consents":{"purpose":"newsletter"}}"#, "consents"),
    ])
    func entryProblemsNamed(_ text: String, field: String) throws {
        #expect(FlatJSONBody(Array(text.utf8)).flatMap(PublicEntryInput.init(flat:)) == nil)
        do {
            _ = try JSONInput.decode(PublicEntryInput.self, from: Data(text.utf8))
            Issue.record("\(text) was read")
        } catch let error as AppError {
            #expect(error.fieldErrors.map(\.field) == [field])
        }
    }

    /// Every field of an entry body, to compare two readings.
    static func fields(_ entry: PublicEntryInput) -> [String] {
        [entry.email, entry.firstName, entry.lastName, entry.birthDate, entry.country, entry.postalCode, entry.language,
         entry.website, entry.memberLink, entry.answer, entry.referralLink].map { String(describing: $0) }
            + [String(describing: entry.acceptRulesVersion), String(describing: entry.tieBreak),
               String(describing: entry.consents?.map { "\($0.purpose)/\(String(describing: $0.wordingVersion))" }),
               String(describing: entry.quizAnswers)]
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

    @Test("An entry receipt written directly has the bytes JSONEncoder gives it")
    func entryReceiptAnswer() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let plain = EntryReceipt(entryID: 12, token: "7b0ced011cfdead67b5eb6b7d81b9e04", createdAt: 1_764_979_200_123, replayed: false,
                                 flags: [], nextEntryAt: nil)
        var won = plain
        won.replayed = true
        won.nextEntryAt = 1_765_065_600_000
        won.confirmationRequired = true
        won.instantWin = InstantWinOutcome(prize: "Bon d'achat \"XL\" a/b \\ 50 € 👩🏽‍🚀\n")
        var lost = plain
        lost.instantWin = InstantWinOutcome(prize: nil)
        let coupon = Coupon(id: 3, brandID: 1, memberID: 7, rewardID: nil, rewardName: "Café offert", code: "ABCD2345EFGH", status: .issued,
                            issuedAt: 1_764_979_200_123, expiresAt: 1_767_571_200_000)
        var withoutName = coupon
        withoutName.rewardName = nil
        for (receipt, given) in [(plain, nil), (won, coupon), (lost, withoutName), (plain, coupon)] as [(EntryReceipt, Coupon?)] {
            let dto = EntryReceiptDTO(receipt, coupon: given)
            #expect(dto.json == String(decoding: try encoder.encode(dto), as: UTF8.self))
        }
    }
}
