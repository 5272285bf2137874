import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import RelaisApp

@Suite("ROI through the API: validation and tenancy")
struct RoiAPITests {
    @Test("Wrong amounts, currencies, categories and unknown fields are refused field by field")
    func validation() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let activation = try await ActivationFixture.live(world, client: client)
            let path = "/api/v1/activations/\(activation)/budget-lines"
            let wrong = try await client.api(.post, path, key: world.keyA, json: #"{"category":"catering","plannedCents":-100,"actualCents":12.5,"currency":"EURO"}"#)
            #expect(wrong.status == .unprocessableContent, "\(wrong.text)")
            #expect(wrong.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            let fields = Set(((wrong.json["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String })
            #expect(fields.contains("actualCents"), "a decimal is not a number of cents: \(wrong.text)")
            let typed = try await client.api(.post, path, key: world.keyA, json: #"{"category":"catering","plannedCents":-100,"currency":"EURO"}"#)
            let typedFields = Set(((typed.json["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String })
            #expect(typedFields == ["category", "plannedCents", "currency"], "\(typed.text)")
            let unknown = try await client.api(.post, path, key: world.keyA, json: #"{"category":"media","plannedCents":100,"vat":20}"#)
            #expect(unknown.status == .unprocessableContent && unknown.text.contains("vat"))
            let reach = try await client.api(.post, "/api/v1/activations/\(activation)/declared-reach", key: world.keyA, json: #"{"source":"","impressions":-1}"#)
            #expect(reach.status == .unprocessableContent && reach.text.contains("source") && reach.text.contains("impressions"))
            let model = try await client.api(.put, "/api/v1/value-model", key: world.keyA, json: #"{"currency":"XYZ","optInCents":-1}"#)
            #expect(model.status == .unprocessableContent && model.text.contains("currency") && model.text.contains("optInCents"))
            // The default model: everything worth 0 in euros, counting revenue.
            let initial = try await client.api(.get, "/api/v1/value-model", key: world.keyA)
            #expect(initial.json["currency"] as? String == "EUR" && initial.json["optInCents"] as? Int == 0 && initial.json["countRevenue"] as? Bool == true)
            // A line is replaced with its invoiced amount.
            let added = try await client.api(.post, path, key: world.keyA, json: #"{"category":"media","label":"Affichage","plannedCents":100000}"#)
            let line = try #require(added.json["id"] as? Int)
            #expect(added.json["currency"] as? String == "EUR" && added.json["actualCents"] == nil)
            let replaced = try await client.api(.put, "\(path)/\(line)", key: world.keyA,
                                                json: #"{"category":"media","label":"Affichage","plannedCents":100000,"actualCents":98000}"#)
            #expect(replaced.status == .ok && replaced.json["actualCents"] as? Int == 98_000, "\(replaced.text)")
        }
    }

    @Test("Another brand's key sees nothing, an analyst reads but cannot write, a unit key cannot set the brand's own figures")
    func tenancyAndRoles() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let activation = try await ActivationFixture.live(world, client: client)
            let line = try #require(try await client.api(.post, "/api/v1/activations/\(activation)/budget-lines", key: world.keyA,
                                                          json: #"{"category":"prizes","plannedCents":5000}"#).json["id"] as? Int)
            let reach = try #require(try await client.api(.post, "/api/v1/activations/\(activation)/declared-reach", key: world.keyA,
                                                           json: #"{"source":"Radio","impressions":1000}"#).json["id"] as? Int)
            let brandLine = try #require(try await client.api(.post, "/api/v1/budget-lines", key: world.keyA,
                                                               json: #"{"category":"platform","plannedCents":9900}"#).json["id"] as? Int)
            let line200 = #"{"category":"prizes","plannedCents":1}"#
            for (method, path, body) in [(HTTPRequest.Method.get, "/api/v1/activations/\(activation)/report", nil),
                                         (.get, "/api/v1/activations/\(activation)/report.csv", nil),
                                         (.get, "/api/v1/activations/\(activation)/budget-lines", nil),
                                         (.post, "/api/v1/activations/\(activation)/budget-lines", line200),
                                         (.put, "/api/v1/activations/\(activation)/budget-lines/\(line)", line200),
                                         (.delete, "/api/v1/activations/\(activation)/budget-lines/\(line)", nil),
                                         (.get, "/api/v1/activations/\(activation)/declared-reach", nil),
                                         (.delete, "/api/v1/activations/\(activation)/declared-reach/\(reach)", nil),
                                         (.put, "/api/v1/budget-lines/\(brandLine)", line200),
                                         (.delete, "/api/v1/budget-lines/\(brandLine)", nil)] as [(HTTPRequest.Method, String, String?)] {
                let other = try await client.api(method, path, key: world.keyB, json: body)
                #expect(other.status == .notFound, "\(method) \(path): \(other.status)")
            }
            // Brand B's own lists are empty: nothing of brand A leaks.
            #expect((try await client.api(.get, "/api/v1/budget-lines", key: world.keyB).json["items"] as? [Any])?.isEmpty == true)

            #expect(try await client.api(.get, "/api/v1/activations/\(activation)/report", key: world.keyAnalystA).status == .ok)
            #expect(try await client.api(.get, "/api/v1/budget-lines", key: world.keyAnalystA).status == .ok)
            for (method, path, body) in [(HTTPRequest.Method.post, "/api/v1/activations/\(activation)/budget-lines", line200),
                                         (.put, "/api/v1/activations/\(activation)/budget-lines/\(line)", line200),
                                         (.delete, "/api/v1/activations/\(activation)/budget-lines/\(line)", nil),
                                         (.post, "/api/v1/activations/\(activation)/declared-reach", #"{"source":"TV","impressions":5}"#),
                                         (.post, "/api/v1/budget-lines", line200),
                                         (.put, "/api/v1/value-model", #"{"optInCents":100}"#)] as [(HTTPRequest.Method, String, String?)] {
                let analyst = try await client.api(method, path, key: world.keyAnalystA, json: body)
                #expect(analyst.status == .forbidden, "\(method) \(path): \(analyst.status)")
            }
            #expect(try await client.api(.put, "/api/v1/value-model", key: world.keyUnitA1, json: #"{"optInCents":100}"#).status == .forbidden)
            #expect(try await client.api(.post, "/api/v1/budget-lines", key: world.keyUnitA1, json: line200).status == .forbidden)
            // The activation's line is not reachable as a brand line, nor the other way round.
            #expect(try await client.api(.delete, "/api/v1/budget-lines/\(line)", key: world.keyA).status == .notFound)
            #expect(try await client.api(.delete, "/api/v1/activations/\(activation)/budget-lines/\(brandLine)", key: world.keyA).status == .notFound)
            #expect(try await client.api(.delete, "/api/v1/activations/\(activation)/budget-lines/\(line)", key: world.keyA).status == .noContent)
        }
    }
}
