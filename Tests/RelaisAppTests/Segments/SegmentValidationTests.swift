import Foundation
import Testing
@testable import RelaisApp

@Suite("Segment rules: validation")
struct SegmentValidationTests {
    /// Decodes a definition the way the API does and validates it.
    static func validate(_ json: String) throws -> Result<SegmentDefinition, InvalidSegment> {
        try JSONInput.decode(SegmentPreviewInput.self, from: Data(json.utf8)).definitionJSON.validated()
    }

    /// The fields named by the problems of an invalid definition.
    static func fields(_ json: String) throws -> [String] {
        do {
            switch try validate(json) {
            case .success: return []
            case .failure(let invalid): return invalid.errors.map(\.field)
            }
        } catch let error as AppError {
            // Unknown fields and wrong types are refused while decoding.
            return error.fieldErrors.map(\.field)
        }
    }

    @Test("Every kind of rule validates and survives the round trip through its stored JSON")
    func everyKindRoundTrips() throws {
        let json = """
            {"match":"any","rules":[
             {"kind":"field","field":"postalCode","op":"startsWith","value":"69"},
             {"kind":"field","field":"country","op":"equals","value":"fr"},
             {"kind":"field","field":"city","op":"isSet"},
             {"kind":"attribute","key":"favourite_flavour","op":"notEquals","value":"cherry"},
             {"kind":"hasTag","tag":"vip"},
             {"kind":"lacksTag","tag":"staff"},
             {"kind":"consent","purpose":"newsletter","channel":"sms","status":"none"},
             {"kind":"age","min":18},
             {"kind":"event","eventKind":"activation.","prefix":true,"atLeast":2,"days":90},
             {"kind":"memberSince","op":"before","days":365}]}
            """
        let definition = try Self.validate(json).get()
        #expect(definition.match == .any)
        #expect(definition.rules.count == 10)
        #expect(definition.rules[1] == .field(.country, .equals("FR")))
        #expect(definition.rules[8] == .event(kind: "activation.", prefix: true, atLeast: 2, days: 90))
        let stored = SegmentDefinitionJSON(definition).storedText()
        #expect(try SegmentDefinitionJSON.stored(stored).validated().get() == definition)
    }

    @Test("Problems are reported per field with the rule's index", arguments: [
        (#"{"rules":[{"kind":"hasTag","tag":"a"},{"kind":"hasTag","tag":"b"},{"kind":"event","eventKind":"x","days":0}]}"#, "rules[2].days"),
        (#"{"rules":[{"kind":"memberSince","op":"within","days":3651}]}"#, "rules[0].days"),
        (#"{"rules":[{"kind":"memberSince","op":"within"}]}"#, "rules[0].days"),
        (#"{"rules":[{"kind":"colour"}]}"#, "rules[0].kind"),
        (#"{"rules":[{"tag":"vip"}]}"#, "rules[0].kind"),
        (#"{"rules":[{"kind":"hasTag","tag":"vip","colour":"red"}]}"#, "rules[0].colour"),
        (#"{"rules":[{"kind":"hasTag","tag":"vip","days":3}]}"#, "rules[0].days"),
        (#"{"rules":[{"kind":"hasTag","tag":"  "}]}"#, "rules[0].tag"),
        (#"{"rules":[{"kind":"field","field":"email","op":"equals","value":"x"}]}"#, "rules[0].field"),
        (#"{"rules":[{"kind":"field","field":"city","op":"isSet","value":"Lyon"}]}"#, "rules[0].value"),
        (#"{"rules":[{"kind":"field","field":"city","op":"equals"}]}"#, "rules[0].value"),
        (#"{"rules":[{"kind":"attribute","key":"Bad Key","op":"isSet"}]}"#, "rules[0].key"),
        (#"{"rules":[{"kind":"consent","purpose":"newsletter","channel":"pigeon","status":"granted"}]}"#, "rules[0].channel"),
        (#"{"rules":[{"kind":"consent","purpose":"newsletter","channel":"email","status":"maybe"}]}"#, "rules[0].status"),
        (#"{"rules":[{"kind":"age"}]}"#, "rules[0].min"),
        (#"{"rules":[{"kind":"age","min":30,"max":20}]}"#, "rules[0].max"),
        (#"{"rules":[{"kind":"event","eventKind":"entry","atLeast":0}]}"#, "rules[0].atLeast"),
        (#"{"match":"most","rules":[]}"#, "match"),
    ])
    func fieldErrors(json: String, field: String) throws {
        #expect(try Self.fields(json).contains(field))
    }

    @Test("A value of the wrong type names the rule field")
    func wrongType() throws {
        #expect(throws: AppError.self) { try Self.validate(#"{"rules":[{"kind":"event","eventKind":"x","days":"ten"}]}"#) }
        do {
            _ = try Self.validate(#"{"rules":[{"kind":"event","eventKind":"x","days":"ten"}]}"#)
        } catch let error as AppError {
            #expect(error.fieldErrors.map(\.field) == ["rules[0].days"])
        }
    }

    @Test("At most 20 rules")
    func tooManyRules() throws {
        let rules = Array(repeating: #"{"kind":"hasTag","tag":"a"}"#, count: 21).joined(separator: ",")
        #expect(try Self.fields(#"{"rules":[\#(rules)]}"#) == ["rules"])
        let twenty = Array(repeating: #"{"kind":"hasTag","tag":"a"}"#, count: 20).joined(separator: ",")
        #expect(try Self.fields(#"{"rules":[\#(twenty)]}"#).isEmpty)
    }

    @Test("Age bounds are birth dates, with 29 February falling back to the 28th")
    func ageBounds() throws {
        let formatter = ISO8601DateFormatter()
        let leapDay = try #require(formatter.date(from: "2024-02-29T10:00:00Z"))
        #expect(SegmentSQL.birthDate(yearsBefore: 18, now: leapDay) == "2006-02-28")
        #expect(SegmentSQL.birthDate(yearsBefore: 0, now: leapDay) == "2024-02-29")
        let today = try #require(formatter.date(from: "2026-03-01T00:30:00Z"))
        #expect(SegmentSQL.birthDate(yearsBefore: 18, now: today) == "2008-03-01")
        // Someone born on 2008-03-01 is 18 on 2026-03-01: the bound is inclusive.
        #expect(AgeRules.age(birth: try #require(AgeRules.parseBirthDate("2008-03-01", today: today)), today: today) == 18)
    }
}

extension SegmentPreviewInput {
    /// The definition part of the body.
    var definitionJSON: SegmentDefinitionJSON { SegmentDefinitionJSON(match: match, rules: rules) }
}
