import HTTPTypes
import Foundation
import Testing
@testable import RelaisApp

@Suite("Tenant isolation")
struct TenantIsolationTests {
    @Test("Another brand's key and a unit key outside the unit see nothing of brand A's members")
    func everyIDRouteRefusesOtherTenants() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let created = try await client.api(.post, "/api/v1/members", key: world.keyA, json: #"{"email":"alice@example.com","birthDate":"1990-01-01"}"#)
            let id = try #require((created.json["member"] as? [String: Any])?["id"] as? Int)
            let routes: [(HTTPRequestMethod, String, String?)] = [
                (.get, "/api/v1/members/\(id)", nil),
                (.get, "/api/v1/members/\(id)/timeline", nil),
                (.get, "/api/v1/members/\(id)/consents", nil),
                (.post, "/api/v1/members/\(id)/consents", #"{"purpose":"newsletter","channel":"email","granted":false}"#),
            ]
            var successes = 0
            for key in [world.keyB, world.keyUnitA1] {
                for (method, path, body) in routes {
                    let response = try await client.api(method.http, path, key: key, json: body)
                    if (200..<300).contains(Int(response.status.code)) { successes += 1 }
                    #expect(response.status == .notFound || response.status == .unprocessableContent, "\(path) answered \(response.status)")
                }
                let list = try await client.api(.get, "/api/v1/members", key: key)
                #expect((list.json["items"] as? [[String: Any]])?.isEmpty == true)
            }
            #expect(successes == 0)
            // The owner brand still sees it.
            #expect(try await client.api(.get, "/api/v1/members/\(id)", key: world.keyA).status == .ok)
        }
    }

    @Test("A unit key sees the members it brought in, and they are linked to its unit")
    func unitSeesItsOwnMembers() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let created = try await client.api(.post, "/api/v1/members", key: world.keyUnitA1, json: #"{"email":"local@example.com"}"#)
            #expect(created.status == .created)
            let id = try #require((created.json["member"] as? [String: Any])?["id"] as? Int)
            #expect(try await client.api(.get, "/api/v1/members/\(id)", key: world.keyUnitA1).status == .ok)
            #expect(try await client.api(.get, "/api/v1/members/\(id)", key: world.keyA).status == .ok)
            #expect(try await client.api(.get, "/api/v1/members/\(id)", key: world.keyB).status == .notFound)
        }
    }
}

/// The methods the isolation test calls, as a plain list.
enum HTTPRequestMethod {
    case get, post

    var http: HTTPRequest.Method { self == .get ? .get : .post }
}
