import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
@testable import RelaisApp

/// Members and rewards of brand A for the loyalty tests, made through the API.
enum LoyaltyFixture {
    /// Sends a JSON request with an API key and, optionally, an idempotency key.
    static func send(_ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, key: String,
                     json: String? = nil, idempotencyKey: String? = nil) async throws -> APIResponse {
        var headers: HTTPFields = [.authorization: "Bearer \(key)"]
        if json != nil { headers[.contentType] = "application/json" }
        if let idempotencyKey { headers[HTTPField.Name("Idempotency-Key")!] = idempotencyKey }
        return try await client.raw(method, path, headers: headers, body: json)
    }

    /// A new member of brand A; returns its id.
    static func member(_ client: some TestClientProtocol, _ world: TestWorld, email: String, unit: Bool = false) async throws -> Int {
        let unitPart = unit ? #","unitId":\#(world.unitA1.id)"# : ""
        let response = try await client.api(.post, "/api/v1/members", key: world.keyA, json: #"{"email":"\#(email)","firstName":"Test"\#(unitPart)}"#)
        #expect(response.status == .created, "\(response.text)")
        return try #require((response.json["member"] as? [String: Any])?["id"] as? Int)
    }

    /// Posts a movement and returns the answer.
    static func move(_ client: some TestClientProtocol, _ world: TestWorld, member: Int, kind: String, points: Int,
                     reason: String? = nil, idempotencyKey: String? = nil, key: String? = nil) async throws -> APIResponse {
        let reasonPart = reason.map { #","reason":"\#($0)""# } ?? ""
        return try await send(client, .post, "/api/v1/members/\(member)/points", key: key ?? world.keyA,
                              json: #"{"kind":"\#(kind)","points":\#(points)\#(reasonPart)}"#, idempotencyKey: idempotencyKey)
    }

    /// The member's balance.
    static func balance(_ client: some TestClientProtocol, _ world: TestWorld, member: Int) async throws -> Int? {
        let response = try await client.api(.get, "/api/v1/members/\(member)/points", key: world.keyA)
        #expect(response.status == .ok, "\(response.text)")
        return response.json["balance"] as? Int
    }

    /// A reward of brand A; returns its id.
    static func reward(_ client: some TestClientProtocol, _ world: TestWorld, name: String = "Mug", cost: Int = 100,
                       stock: Int? = nil, codes: String = "generated") async throws -> Int {
        let stockPart = stock.map { #","stock":\#($0)"# } ?? ""
        let response = try await client.api(.post, "/api/v1/rewards", key: world.keyA,
                                            json: #"{"name":"\#(name)","costPoints":\#(cost),"codes":"\#(codes)"\#(stockPart)}"#)
        #expect(response.status == .created, "\(response.text)")
        return try #require(response.json["id"] as? Int)
    }

    /// Redeems a reward for a member.
    static func redeem(_ client: some TestClientProtocol, _ world: TestWorld, member: Int, reward: Int,
                       idempotencyKey: String? = nil) async throws -> APIResponse {
        try await send(client, .post, "/api/v1/members/\(member)/redemptions", key: world.keyA, json: #"{"rewardId":\#(reward)}"#,
                       idempotencyKey: idempotencyKey)
    }
}
