import Foundation
import HTTPTypes
import HummingbirdTesting
import SQLKit
import Testing
@testable import RelaisApp

/// Share links made and followed through the server, for the tracking tests.
enum ShareFixture {
    /// A phone browser's user agent.
    static let phone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"

    /// Makes (or gets) the member's link to the activation; returns the answer.
    static func link(_ client: some TestClientProtocol, _ world: TestWorld, member: Int, activation: Int) async throws -> APIResponse {
        try await client.api(.post, "/api/v1/members/\(member)/share-links", key: world.keyA, json: #"{"activationId":\#(activation)}"#)
    }

    /// The code of the member's link to the activation.
    static func code(_ client: some TestClientProtocol, _ world: TestWorld, member: Int, activation: Int) async throws -> String {
        let response = try await link(client, world, member: member, activation: activation)
        #expect([.created, .ok].contains(response.status), "\(response.text)")
        return try #require(response.json["code"] as? String)
    }

    /// A live activation and one sharer's link to it, made through the API; read the link with `onlyLink`.
    static func sharersLink(_ world: TestWorld) async throws {
        try await world.withServer { client in
            let activation = try await ActivationFixture.live(world, client: client)
            let sharer = try await LoyaltyFixture.member(client, world, email: "sharer@example.com")
            _ = try await code(client, world, member: sharer, activation: activation)
        }
    }

    /// Follows `/r/{code}` as a browser holding `cookies` (a `Cookie` header value).
    static func follow(_ client: some TestClientProtocol, _ code: String, cookies: String? = nil, agent: String = phone) async throws -> APIResponse {
        var headers: HTTPFields = [.userAgent: agent]
        if let cookies { headers[.cookie] = cookies }
        return try await client.raw(.get, "/r/\(code)", headers: headers)
    }

    /// The cookies a response sets, as a `Cookie` header value a browser would send back.
    static func cookies(_ response: APIResponse, replacing previous: String? = nil) -> String {
        var jar: [String: String] = [:]
        for pair in (previous ?? "").split(separator: ";") {
            let parts = pair.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if parts.count == 2 { jar[String(parts[0])] = String(parts[1]) }
        }
        for field in response.headers[values: .setCookie] {
            let first = field.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            if first.count == 2 { jar[String(first[0])] = String(first[1]) }
        }
        return jar.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
    }

    /// Enters brand A's sweepstakes "noel" on the hosted page as a browser holding `cookies`.
    static func enter(_ client: some TestClientProtocol, email: String, cookies: String?) async throws -> APIResponse {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .userAgent: phone]
        if let cookies { headers[.cookie] = cookies }
        let body = ActivationPageTests.form([("formToken", UUID().uuidString), ("email", email), ("firstName", "Camille"),
                                             ("acceptRules", "1"), ("rulesVersion", "1")])
        return try await client.raw(.post, "/a/fizz/noel", headers: headers, body: body)
    }

    /// Waits until the click service has written `count` clicks (it flushes every 200 ms).
    static func waitForClicks(_ world: TestWorld, count: Int) async throws {
        for _ in 0..<100 {
            if try await scalar(world, "SELECT COUNT(*) AS n FROM share_clicks") >= count { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the clicks were not written in time")
    }

    /// One integer read from the test database.
    static func scalar(_ world: TestWorld, _ query: String) async throws -> Int {
        try await world.withDatabase { database in
            try await database.read { sql in try await sql.raw(SQLQueryString(stringLiteral: query)).first()?.decode(column: "n", as: Int.self) ?? 0 }
        }
    }

    /// The one share link of the database.
    static func onlyLink(_ database: Database) async throws -> ShareLink {
        try await database.read { sql in
            guard let row = try await sql.raw("SELECT * FROM share_links").first() else { throw AppError.notFound("share link") }
            return try ShareLinkStore.link(row)
        }
    }
}
