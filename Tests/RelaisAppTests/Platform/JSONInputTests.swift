import Foundation
import Testing
@testable import RelaisApp

/// JSON bodies are read in one pass, with the same clear messages for each kind of bad body.
@Suite("JSON request bodies")
struct JSONInputTests {
    private struct Sample: APIInput {
        static let fieldNames: Set<String> = ["name", "count"]
        var name: String
        var count: Int?
    }

    private func problem(_ body: String) -> AppError? {
        do {
            _ = try JSONInput.decode(Sample.self, from: Data(body.utf8))
            return nil
        } catch let error as AppError {
            return error
        } catch {
            Issue.record("not an AppError: \(error)")
            return nil
        }
    }

    @Test("A good body is read; unknown fields are listed, sorted; a wrong type or a missing field names the field")
    func fields() throws {
        let sample = try JSONInput.decode(Sample.self, from: Data(#"{"name":"Camille","count":3}"#.utf8))
        #expect(sample.name == "Camille" && sample.count == 3)
        let unknown = try #require(problem(#"{"name":"x","zeta":1,"alpha":2}"#))
        #expect(unknown.fieldErrors.map(\.field) == ["alpha", "zeta"])
        #expect(unknown.fieldErrors.allSatisfy { $0.message == "is not a known field" })
        #expect(unknown.detail == "Unknown fields: alpha, zeta.")
        let wrongType = try #require(problem(#"{"name":"x","count":"three"}"#))
        #expect(wrongType.fieldErrors.map(\.field) == ["count"] && wrongType.fieldErrors.first?.message == "must be an integer")
        let missing = try #require(problem(#"{"count":1}"#))
        #expect(missing.fieldErrors.map(\.field) == ["name"] && missing.fieldErrors.first?.message == "is required")
    }

    @Test("Not JSON, not an object, not UTF-8: each says so", arguments: [
        (#"{"name":"#, "The body is not valid JSON."),
        ("[1, 2]", "The body must be a JSON object."),
        ("null", "The body must be a JSON object."),
        ("\"text\"", "The body must be a JSON object."),
    ])
    func badBodies(_ body: String, _ detail: String) throws {
        #expect(try #require(problem(body)).detail == detail)
    }

    @Test("Bytes that are not UTF-8 are refused as such")
    func notText() throws {
        let bytes = Data([0x7B, 0xFF, 0xFE, 0x7D])
        #expect(throws: AppError.self) { _ = try JSONInput.decode(Sample.self, from: bytes) }
        do { _ = try JSONInput.decode(Sample.self, from: bytes) } catch let error as AppError {
            #expect(error.detail == "The body is not valid UTF-8 text.")
        }
    }
}
