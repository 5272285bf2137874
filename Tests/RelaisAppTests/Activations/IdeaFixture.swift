import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SQLKit
import Testing
@testable import RelaisApp

/// Idea contests, referral activations and e-mailed codes as tests use them.
enum IdeaFixture {
    /// A PNG, a JPEG and a WebP that pass the magic-byte check, and files that must not.
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 7, count: 64)
    static let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0]) + Data(repeating: 1, count: 32)
    static let webp = Data("RIFF".utf8) + Data([0, 0, 0, 0]) + Data("WEBPVP8 ".utf8)
    static let gif = Data("GIF89a".utf8) + Data(repeating: 0, count: 32)

    /// An idea contest body open since 2020, winners by `winners`.
    static func contest(slug: String = "idees", winners: String = "votes", count: Int = 2, votingOpensAt: String? = nil) -> String {
        """
        {"kind":"idea","slug":"\(slug)","titleFr":"Vos idées pour la prochaine grue","opensAt":"2020-01-01T00:00","closesAt":"2099-01-01T00:00",
         "ideaWinners":"\(winners)","ideaWinnerCount":\(count)\(votingOpensAt.map { ",\"votingOpensAt\":\"\($0)\"" } ?? "")}
        """
    }

    /// A referral activation body open since 2020.
    static func referral(slug: String = "parrainage") -> String {
        """
        {"kind":"referral","slug":"\(slug)","titleFr":"Parrainez vos amis","opensAt":"2020-01-01T00:00","closesAt":"2099-01-01T00:00"}
        """
    }

    /// A `multipart/form-data` body of text fields and at most one file named `image`.
    static func multipart(_ fields: [(String, String)], image: (name: String, type: String, bytes: Data)? = nil) -> (contentType: String, body: Data) {
        let boundary = "relais-test-\(UUID().uuidString)"
        var body = Data()
        for (name, value) in fields {
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        if let image {
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"image\"; filename=\"\(image.name)\"\r\nContent-Type: \(image.type)\r\n\r\n".utf8)
            body += image.bytes + Data("\r\n".utf8)
        }
        body += Data("--\(boundary)--\r\n".utf8)
        return ("multipart/form-data; boundary=\(boundary)", body)
    }

    /// Submits an idea to brand A's contest `slug` through the public API.
    static func submit(_ client: some TestClientProtocol, slug: String = "idees", email: String, firstName: String = "Camille", lastName: String = "Martin",
                       title: String = "Une grue solaire", text: String = "Des panneaux sur la flèche pour l'éclairage du chantier.",
                       image: (name: String, type: String, bytes: Data)? = nil, idempotencyKey: String? = nil) async throws -> APIResponse {
        let form = multipart([("email", email), ("firstName", firstName), ("lastName", lastName), ("ideaTitle", title), ("ideaText", text)], image: image)
        var headers: HTTPFields = [.contentType: form.contentType]
        if let idempotencyKey { headers[.init("Idempotency-Key")!] = idempotencyKey }
        return try await client.bytes(.post, "/api/v1/public/activations/fizz/\(slug)/ideas", headers: headers, body: form.body)
    }

    /// The returning-member token e-mailed to `email` with their entry confirmation.
    static func memberLink(_ world: TestWorld, email: String) async throws -> String {
        try #require(try await lastOutboxLink(world, email: email, parameter: "m"))
    }

    /// The value of `?parameter=` in the last outbox message to `email` that has one.
    static func lastOutboxLink(_ world: TestWorld, email: String, parameter: String) async throws -> String? {
        let bodies = try await world.withDatabase { database in
            try await database.readOnly { sql in
                try await sql.raw("SELECT body FROM outbox_messages WHERE recipient = \(bind: email) ORDER BY id DESC").all()
                    .map { try $0.decode(column: "body", as: String.self) }
            }
        }
        for body in bodies {
            if let range = body.range(of: "?\(parameter)=") {
                return String(body[range.upperBound...].prefix { !$0.isWhitespace })
            }
        }
        return nil
    }

    /// The 6-digit code in the last message to `email`.
    static func lastCode(_ world: TestWorld, email: String) async throws -> String? {
        try await world.withDatabase { database in
            try await database.readOnly { sql in
                try await sql.raw("SELECT subject FROM outbox_messages WHERE recipient = \(bind: email) AND purpose = 'member_code' ORDER BY id DESC").first()?
                    .decode(column: "subject", as: String.self)
            }
        }.map { String($0.suffix(6)) }
    }

    /// Counts rows of a query's `n` column.
    static func count(_ world: TestWorld, _ query: SQLQueryString) async throws -> Int {
        try await world.withDatabase { database in
            try await database.readOnly { sql in try await sql.raw(query).first()?.decode(column: "n", as: Int.self) ?? -1 }
        }
    }
}

extension TestClientProtocol {
    /// Sends raw bytes and returns the answer.
    func bytes(_ method: HTTPRequest.Method, _ path: String, headers: HTTPFields, body: Data) async throws -> APIResponse {
        try await execute(uri: path, method: method, headers: headers, body: ByteBuffer(data: body)) { response in
            APIResponse(status: response.status, headers: response.headers, body: Data(buffer: response.body))
        }
    }
}
