import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import RelaisApp

/// A logged-in back-office session for page tests.
struct SegmentEditorBrowser: Sendable {
    let cookie: String

    /// Logs in as the seeded owner.
    static func logIn(_ world: TestWorld, client: some TestClientProtocol) async throws -> SegmentEditorBrowser {
        let response = try await client.raw(.post, "/login", headers: [.contentType: "application/x-www-form-urlencoded"],
                                            body: form(["email": world.ownerEmail, "password": world.ownerPassword]))
        #expect(response.status == .seeOther)
        let setCookie = try #require(response.headers[.setCookie])
        return SegmentEditorBrowser(cookie: String(setCookie.prefix { $0 != ";" }))
    }

    /// An encoded form body.
    static func form(_ fields: KeyValuePairs<String, String>) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { "\($0.key.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
            .joined(separator: "&")
    }

    /// Gets a page.
    func get(_ client: some TestClientProtocol, _ path: String) async throws -> APIResponse {
        try await client.raw(.get, path, headers: [.cookie: cookie])
    }

    /// Posts a form.
    func post(_ client: some TestClientProtocol, _ path: String, _ body: String) async throws -> APIResponse {
        try await client.raw(.post, path, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"], body: body)
    }

    /// The CSRF token of a page's forms.
    static func csrf(_ page: APIResponse) throws -> String {
        let html = page.text
        let marker = #"name="_csrf" value=""#
        let start = try #require(html.range(of: marker)).upperBound
        return String(html[start...].prefix { $0 != "\"" })
    }
}

@Suite("Segment pages")
struct SegmentPageTests {

    @Test("Pages never print an absent value: no \"nil\" link on a last page or an empty list")
    func absentValuesAreNotPrinted() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let browser = try await SegmentEditorBrowser.logIn(world, client: client)
            for path in ["/segments", "/members", "/members?q=nobody", "/audit", "/api-keys", "/staff", "/settings/consent", "/import", "/activations"] {
                let page = try await browser.get(client, path)
                #expect(page.status == .ok, "\(path)")
                #expect(!page.text.contains("\"nil\"") && !page.text.contains(">nil<"), "\(path) prints nil")
            }
        }
    }
    @Test("The editor counts without saving, saves, shows the count and members, and deletes")
    func editor() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let fixture = try await SegmentFixture.make(world, client: client)
            let browser = try await SegmentEditorBrowser.logIn(world, client: client)
            let list = try await browser.get(client, "/segments")
            #expect(list.status == .ok)
            #expect(list.text.contains(#"href="/segments" id="nav-segments" aria-current="page""#))
            let blank = try await browser.get(client, "/segments/new")
            #expect(blank.text.contains(#"<script src="/static/segments.js" defer></script>"#))
            #expect(blank.text.contains(#"<template id="rule-template">"#))
            let csrf = try SegmentEditorBrowser.csrf(blank)
            let rules: KeyValuePairs<String, String> = [
                "_csrf": csrf, "name": "Lyon area", "match": "all",
                "r0.kind": "field", "r0.field": "postalCode", "r0.fieldOp": "startsWith", "r0.fieldValue": "69", "r0.attrOp": "isSet",
                "r1.kind": "", "r1.tag": "ignored",
            ]
            let counted = try await browser.post(client, "/segments/new", SegmentEditorBrowser.form(rules) + "&action=count")
            #expect(counted.status == .ok)
            #expect(counted.text.contains(#"<strong id="live-count">2</strong>"#))
            #expect(counted.text.contains("/members/\(fixture.lea)"))
            #expect(counted.text.contains("/members/\(fixture.zoe)"))
            #expect(!counted.text.contains("/members/\(fixture.marc)\""))

            let saved = try await browser.post(client, "/segments/new", SegmentEditorBrowser.form(rules) + "&action=save")
            #expect(saved.status == .seeOther)
            let location = try #require(saved.headers[.location])
            #expect(location.hasPrefix("/segments/") && location.hasSuffix("?saved=1"))
            let page = try await browser.get(client, location)
            #expect(page.text.contains(#"id="segment-notice""#))
            #expect(page.text.contains(#"<strong id="live-count">2</strong>"#))
            #expect(page.text.contains(#"value="69""#))
            #expect(try await browser.get(client, "/segments").text.contains("Lyon area"))

            let live = try await browser.post(client, "/segments/preview-count",
                                              SegmentEditorBrowser.form(["_csrf": csrf, "r0.kind": "hasTag", "r0.tag": "vip"]))
            #expect(live.status == .ok)
            #expect(live.json["count"] as? Int == 1)
            let invalid = try await browser.post(client, "/segments/preview-count",
                                                 SegmentEditorBrowser.form(["_csrf": csrf, "r3.kind": "memberSince", "r3.sinceOp": "within", "r3.sinceDays": "soon"]))
            #expect(invalid.status == .unprocessableContent)
            #expect((invalid.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "rules[0].days")
            let forged = try await browser.post(client, "/segments/preview-count", SegmentEditorBrowser.form(["_csrf": "forged", "r0.kind": "hasTag", "r0.tag": "vip"]))
            #expect(forged.status == .forbidden)

            let path = String(location.prefix { $0 != "?" })
            let wrong = try await browser.post(client, path, SegmentEditorBrowser.form(["_csrf": csrf, "name": "", "r0.kind": "age", "r0.min": "40", "r0.max": "20", "action": "save"]))
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.text.contains("rules[0].max") && wrong.text.contains(#"id="segment-errors""#))
            let deleted = try await browser.post(client, path, SegmentEditorBrowser.form(["_csrf": csrf, "action": "delete"]))
            #expect(deleted.status == .seeOther)
            #expect(try await browser.get(client, path).status == .notFound)
        }
    }

    @Test("The editor script is served as a static asset")
    func script() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let response = try await client.raw(.get, "/static/segments.js")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(response.text.contains("preview"))
        }
    }
}
