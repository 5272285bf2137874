import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
@testable import RelaisApp

@Suite("Public page cache")
struct PublicPageCacheTests {
    static let key = PublicPageCache.Key(brandSlug: "fizz", activationSlug: "noel", language: .french, embed: false)

    static func body(_ response: Response) async throws -> String {
        let writer = CollectingWriter()
        try await response.body.write(writer)
        return String(buffer: await writer.buffer)
    }

    @Test("A cached page gets a fresh form token for every visitor and keeps its headers")
    func splicesTokens() async throws {
        let cache = PublicPageCache()
        let html = #"<form><input type="hidden" name="formToken" value="\#(PublicPageCache.tokenMark)"></form>"#
        let rendered = Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .contentSecurityPolicy: "frame-ancestors 'none'",
                                                       .contentLength: String(html.utf8.count)])
        #expect(cache.store(rendered, html: html, for: Self.key, expiresAt: 2_000, generation: cache.generation))
        let first = try #require(cache.response(for: Self.key, token: "AAA", now: 1_000))
        let second = try #require(cache.response(for: Self.key, token: "BBB", now: 1_000))
        #expect(try await Self.body(first) == #"<form><input type="hidden" name="formToken" value="AAA"></form>"#)
        #expect(try await Self.body(second) == #"<form><input type="hidden" name="formToken" value="BBB"></form>"#)
        #expect(first.headers[.contentSecurityPolicy] == "frame-ancestors 'none'")
        #expect(first.headers[.contentLength] != String(html.utf8.count), "the rendered page's length is not the served page's")
        #expect(cache.response(for: Self.key, token: "CCC", now: 2_000) == nil, "expired at its expiry instant")
        #expect(cache.response(for: .init(brandSlug: "fizz", activationSlug: "noel", language: .english, embed: false), token: "D", now: 1_000) == nil,
                "another language is another page")
    }

    @Test("Form tokens are 128 random bits in hexadecimal, never twice the same")
    func formTokens() {
        let tokens = (0..<1_000).map { _ in FormToken.make() }
        #expect(Set(tokens).count == 1_000)
        #expect(tokens.allSatisfy { $0.count == 32 && $0.allSatisfy(\.isHexDigit) && $0 == $0.lowercased() })
    }

    @Test("A page rendered before an invalidation is not kept after it, nor one without exactly one token mark")
    func refusesStalePages() {
        let cache = PublicPageCache()
        let before = cache.generation
        cache.invalidateAll()
        let html = "<p>\(PublicPageCache.tokenMark)</p>"
        #expect(!cache.store(Response(status: .ok), html: html, for: Self.key, expiresAt: 10, generation: before))
        #expect(!cache.store(Response(status: .ok), html: "<p>no mark</p>", for: Self.key, expiresAt: 10, generation: cache.generation))
        #expect(!cache.store(Response(status: .ok), html: html + html, for: Self.key, expiresAt: 10, generation: cache.generation))
        #expect(cache.count == 0)
        #expect(cache.store(Response(status: .ok), html: html, for: Self.key, expiresAt: 10, generation: cache.generation))
        cache.invalidateAll()
        #expect(cache.count == 0)
    }

    @Test("A page is kept ten seconds, two when it shows live figures, and never past the activation's next opening or closing")
    func lifetimes() {
        let live = Activation(id: 1, organisationID: 1, brandID: 1, unitID: nil, kind: .sweepstakes, slug: "noel", storedStatus: .scheduled,
                              content: ActivationContent(titleFR: "Noël", titleEN: "", descriptionFR: "", descriptionEN: "", coverImageURL: nil),
                              opensLocal: "1970-01-01T01:00", closesLocal: "1970-01-01T01:16", timeZone: "Europe/Paris", opensAt: 0, closesAt: 1_000_000,
                              eligibility: EligibilityRules(), rules: nil, draw: DrawState(), poll: nil, createdAt: 0, updatedAt: 0)
        #expect(PublicPageLifetime.expiry(of: live, now: 500) == 10_500)
        #expect(PublicPageLifetime.expiry(of: live, now: 995_000) == 1_000_000, "cut at the closing")
        var later = live
        later.opensAt = 503
        #expect(PublicPageLifetime.expiry(of: later, now: 500) == 503, "cut at the opening")
        var poll = live
        poll.kind = .poll
        poll.poll = PollSettings(options: ["rouge", "bleu"], resultsVisibility: .live)
        #expect(PublicPageLifetime.expiry(of: poll, now: 500) == 2_500)
        poll.poll = PollSettings(options: ["rouge", "bleu"], resultsVisibility: .afterClose)
        #expect(PublicPageLifetime.expiry(of: poll, now: 500) == 10_500)
        var idea = live
        idea.kind = .idea
        idea.idea = IdeaSettings(votingOpensAt: 1_200)
        #expect(PublicPageLifetime.expiry(of: idea, now: 500) == 1_200, "cut when votes open")
        #expect(PublicPageLifetime.expiry(of: idea, now: 2_000) == 4_000)
    }

    @Test("Visitors get the same page with their own form tokens; a change through the API shows at once")
    func servedAndInvalidated() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let id = try await ActivationFixture.live(world, client: client)
            let first = try await client.raw(.get, "/a/fizz/noel", headers: [.acceptLanguage: "en"])
            let second = try await client.raw(.get, "/a/fizz/noel", headers: [.acceptLanguage: "en"])
            #expect(first.status == .ok && second.status == .ok)
            let token1 = try #require(ActivationPageTests.hidden("formToken", in: first.text))
            let token2 = try #require(ActivationPageTests.hidden("formToken", in: second.text))
            #expect(token1 != token2, "each visitor's form has its own token")
            #expect(token1.count >= 20 && !token1.contains("@"))
            #expect(first.text.replacingOccurrences(of: token1, with: "") == second.text.replacingOccurrences(of: token2, with: ""))
            #expect(second.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            let french = try await client.raw(.get, "/a/fizz/noel", headers: [.acceptLanguage: "fr"])
            #expect(french.text.contains("Grand jeu de Noël"))
            let chosen = try await client.raw(.get, "/a/fizz/noel", headers: [.acceptLanguage: "fr", .cookie: "relais_lang=en"])
            #expect(chosen.text.contains("Christmas sweepstakes"), "the language cookie wins, on the cached path too")
            let embedded = try await client.raw(.get, "/a/fizz/noel?embed=1&utm_source=site", headers: [.acceptLanguage: "en"])
            #expect(embedded.text.contains("?embed=1"), "an embedded page is its own page")
            let stranger = try await client.raw(.get, "/a/fizz/noel?m=forged", headers: [.acceptLanguage: "en"])
            #expect(stranger.status == .ok && stranger.text.contains(#"id="f-email""#), "a forged member link is a first-time visit")
            let unknown = try await client.raw(.get, "/a/fizz/inconnue")
            #expect(unknown.status == .notFound)

            // The cached form takes an entry like any other.
            let entered = try await ActivationPageTests.post(client, "/a/fizz/noel", ActivationPageTests.form([
                ("formToken", token2), ("email", "cache@example.com"), ("acceptRules", "1"), ("rulesVersion", "1")]))
            #expect(entered.status == .created, "\(entered.text)")

            // Staff close it through the API: the next visitor sees it closed, with no form.
            let closed = try await client.api(.post, "/api/v1/activations/\(id)/transitions", key: world.keyA, json: #"{"action":"close"}"#)
            #expect(closed.status == .ok, "\(closed.text)")
            let after = try await client.raw(.get, "/a/fizz/noel", headers: [.acceptLanguage: "en"])
            #expect(!after.text.contains(#"name="formToken""#))
            #expect(after.text.contains(#"id="not-open""#), "the closed notice")
        }
    }
}

/// Collects what a response body writes.
private actor CollectingWriter: ResponseBodyWriter {
    var buffer = ByteBuffer()
    func write(_ buffer: ByteBuffer) async throws {
        var copy = buffer
        self.buffer.writeBuffer(&copy)
    }
    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
