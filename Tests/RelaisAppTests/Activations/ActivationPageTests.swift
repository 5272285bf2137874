import Foundation
import HTTPTypes
import HummingbirdTesting
import SQLKit
import Testing
@testable import RelaisApp

@Suite("Activation pages")
struct ActivationPageTests {
    static func form(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
    }

    static func post(_ client: some TestClientProtocol, _ path: String, _ body: String, language: String = "fr") async throws -> APIResponse {
        try await client.raw(.post, path, headers: [.contentType: "application/x-www-form-urlencoded", .acceptLanguage: language], body: body)
    }

    @Test("The hosted page asks a few labelled fields, confirms an entry, and shows errors tied to their fields")
    func hostedPage() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            _ = try await ActivationFixture.live(world, client: client, body: ActivationFixture.sweepstakes(minimumAge: 18))
            let page = try await client.raw(.get, "/a/fizz/noel", headers: [.acceptLanguage: "en"])
            #expect(page.status == .ok)
            #expect(page.text.contains("Christmas sweepstakes"))
            #expect(page.text.contains(#"<label for="f-email">"#))
            #expect(page.text.contains(#"<label for="f-birthDate">"#))
            #expect(page.text.contains(#"name="website""#), "honeypot")
            #expect(page.text.contains(#"href="/a/fizz/noel/theme.css""#))
            #expect(page.text.contains("Text newsletter of Fizz"), "the brand's consent wording in the page's language")
            #expect(!page.text.contains("Text service of Fizz"), "only marketing purposes are offered")
            let formToken = try #require(Self.hidden("formToken", in: page.text))

            let young = try await Self.post(client, "/a/fizz/noel", Self.form([("formToken", formToken), ("email", "young@example.com"),
                                                                               ("birthDate", "2015-01-01"), ("acceptRules", "1"), ("rulesVersion", "1")]))
            #expect(young.status == .unprocessableContent)
            #expect(young.text.contains(#"aria-describedby="err-birthDate""#))
            #expect(young.text.contains("réservée aux personnes plus âgées"))

            let entered = try await Self.post(client, "/a/fizz/noel", Self.form([("formToken", formToken), ("email", "lea@example.com"),
                                                                                 ("firstName", "Léa"), ("birthDate", "1995-06-01"),
                                                                                 ("consent", "newsletter:1"), ("acceptRules", "1"), ("rulesVersion", "1")]))
            #expect(entered.status == .created)
            #expect(entered.text.contains(#"id="entry-confirmed""#))
            let token = try #require(Self.between(#"<code id="entry-token">"#, "</code>", in: entered.text))
            // The same form sent again (double click, back button) is answered with the first result.
            let again = try await Self.post(client, "/a/fizz/noel", Self.form([("formToken", formToken), ("email", "lea@example.com"),
                                                                               ("birthDate", "1995-06-01"), ("acceptRules", "1"), ("rulesVersion", "1")]))
            #expect(again.status == .ok)
            #expect(again.text.contains(token))

            // The returning-member link, sent by e-mail, recognises Léa: e-mail, first name and birth date are not asked again.
            #expect(entered.text.contains(#"id="confirmation-mail""#))
            #expect(!entered.text.contains("?m="), "the recognising link is never shown on the page")
            let mail = try await world.withDatabase { database in
                try await database.read { sql in
                    try await sql.raw("SELECT body FROM outbox_messages WHERE purpose = 'activation_entry' AND recipient = 'lea@example.com'")
                        .first()?.decode(column: "body", as: String.self)
                }
            }
            let link = try #require(mail?.split(separator: "\n").first { $0.hasPrefix("http://relais.test/a/fizz/noel?m=") })
            let path = String(link.dropFirst("http://relais.test".count))
            let known = try await client.raw(.get, path)
            #expect(known.text.contains(#"id="known-member""#))
            #expect(known.text.contains("Léa"))
            #expect(!known.text.contains(#"id="f-email""#))
            #expect(!known.text.contains(#"id="f-birthDate""#))
            #expect(!known.text.contains("consent-newsletter"), "a consent already given is not asked again")
        }
    }

    @Test("Progressive profiling: each form asks only what the brand does not know yet, a few fields at a time, and the profile fills in")
    func progressiveProfiling() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            // Refused: a field the form cannot ask.
            let refused = try await client.api(.post, "/api/v1/activations", key: world.keyA,
                                               json: ActivationFixture.sweepstakes(slug: "mauvais").replacingOccurrences(of: #""kind""#, with: #""askFields":["shoeSize"],"kind""#))
            #expect(refused.status == .unprocessableContent && refused.text.contains("askFields"), "\(refused.text)")
            // The first activation would like the name, postal code and city: a newcomer is asked three of them.
            let first = ActivationFixture.sweepstakes(slug: "noel").replacingOccurrences(of: #""kind""#, with: #""askFields":["city","firstName","lastName","postalCode"],"kind""#)
            let firstID = try await ActivationFixture.live(world, client: client, body: first)
            let shown = try await client.api(.get, "/api/v1/activations/\(firstID)", key: world.keyA)
            #expect(shown.json["askFields"] as? [String] == ["firstName", "lastName", "postalCode", "city"], "kept in the forms' order")
            let page = try await client.raw(.get, "/a/fizz/noel")
            let asked = ["firstName", "lastName", "postalCode", "city"].filter { page.text.contains(#"id="f-\#($0)""#) }
            #expect(asked == ["firstName", "lastName", "postalCode"], "three new fields at most")
            let formToken = try #require(Self.hidden("formToken", in: page.text))
            let entered = try await Self.post(client, "/a/fizz/noel", Self.form([("formToken", formToken), ("email", "ines@example.com"),
                                                                                 ("firstName", "Inès"), ("lastName", "Roux"), ("postalCode", "69003"),
                                                                                 ("acceptRules", "1"), ("rulesVersion", "1")]))
            #expect(entered.status == .created, "\(entered.text)")
            let mail = try await world.withDatabase { database in
                try await database.read { sql in
                    try await sql.raw("SELECT body FROM outbox_messages WHERE purpose = 'activation_entry' AND recipient = 'ines@example.com'")
                        .first()?.decode(column: "body", as: String.self)
                }
            }
            let token = try #require(mail?.split(separator: "\n").first { $0.hasPrefix("http://relais.test/a/fizz/noel?m=") }?.split(separator: "?m=").last)
            // A second activation, with an age limit, asks Inès only what is still missing: her birth date first, then her city.
            let second = ActivationFixture.sweepstakes(slug: "ete", minimumAge: 18)
                .replacingOccurrences(of: #""kind""#, with: #""askFields":["firstName","lastName","postalCode","city"],"kind""#)
            _ = try await ActivationFixture.live(world, client: client, body: second)
            let known = try await client.raw(.get, "/a/fizz/ete?m=\(token)")
            #expect(known.text.contains(#"id="known-member""#), "\(known.text)")
            let askedAgain = ["email", "firstName", "lastName", "birthDate", "postalCode", "city"].filter { known.text.contains(#"id="f-\#($0)""#) }
            #expect(askedAgain == ["birthDate", "city"])
            let members = try await client.api(.get, "/api/v1/members?q=ines%40example.com", key: world.keyA)
            let id = try #require((members.json["items"] as? [[String: Any]])?.first?["id"] as? Int)
            let profile = try await client.api(.get, "/api/v1/members/\(id)", key: world.keyA)
            let member = (profile.json["member"] as? [String: Any]) ?? profile.json
            #expect(member["postalCode"] as? String == "69003" && member["lastName"] as? String == "Roux", "\(profile.text)")
        }
    }

    @Test("A page not yet open, or closed, says so and shows no form; a draft is not public")
    func closedPages() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            _ = try await ActivationFixture.live(world, client: client, body: ActivationFixture.sweepstakes(slug: "bientot", opensLater: true))
            let early = try await client.raw(.get, "/a/fizz/bientot")
            #expect(early.text.contains(#"id="not-open""#))
            #expect(!early.text.contains(#"id="entry-form""#))
            let draft = try await client.api(.post, "/api/v1/activations", key: world.keyA, json: ActivationFixture.sweepstakes(slug: "brouillon"))
            #expect(draft.status == .created)
            #expect(try await client.raw(.get, "/a/fizz/brouillon").status == .notFound)
            let verify = try await client.raw(.get, "/a/fizz/bientot/draw")
            #expect(verify.status == .ok)
            #expect(verify.text.contains(#"id="draw-commitment""#))
            let theme = try await client.raw(.get, "/a/fizz/bientot/theme.css")
            #expect(theme.headers[.contentType]?.hasPrefix("text/css") == true)
            #expect(theme.text.contains("#1f5fbf"))
        }
    }

    @Test("Staff list, create with validation messages, schedule, see entries and export them as formula-safe CSV")
    func backOffice() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            var web = WebClient(client: client)
            try await web.logIn(email: world.ownerEmail, password: world.ownerPassword)
            let empty = try await web.get("/activations")
            #expect(empty.status == .ok)
            #expect(empty.text.contains(#"id="no-activations""#))
            let blank = try await web.get("/activations/new")
            let csrf = try #require(WebClient.csrf(in: blank))
            let invalid = try await web.post("/activations/new", form: ["_csrf": csrf, "kind": "lead_form", "slug": "Club!", "opensAt": "2020-01-01T00:00",
                                                                        "closesAt": "2099-01-01T00:00"])
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.text.contains(#"id="form-errors""#))
            #expect(invalid.text.contains("slug"))
            let saved = try await web.post("/activations/new", form: ["_csrf": csrf, "kind": "lead_form", "slug": "club", "titleFr": "Rejoignez le club",
                                                                      "opensAt": "2020-01-01T00:00", "closesAt": "2099-01-01T00:00", "entryFrequency": "once",
                                                                      "askFields": "firstName"])
            #expect(saved.status == .seeOther)
            let location = try #require(saved.headers[.location])
            let id = try #require(location.split(separator: "/").last?.split(separator: "?").first.flatMap { Int($0) })
            // A new activation asks first and last name; this one was saved asking the first name only.
            #expect(blank.text.contains(#"id="ask-lastName" name="askFields" value="lastName" checked"#))
            let editorPage: String = try await web.get("/activations/\(id)").text
            let firstTicked = editorPage.contains(#"id="ask-firstName" name="askFields" value="firstName" checked"#)
            let lastUnticked = editorPage.contains(#"id="ask-lastName" name="askFields" value="lastName" >"#)
            #expect(firstTicked && lastUnticked)
            let scheduled = try await web.post("/activations/\(id)/lifecycle", form: ["_csrf": csrf, "action": "schedule"])
            #expect(scheduled.status == .seeOther)
            let entry = try await ActivationFixture.enter(client, slug: "club", body: #"{"email":"=cmd@example.com","firstName":"=HYPERLINK(\"x\")"}"#)
            #expect(entry.status == .created, "\(entry.text)")
            let editor = try await web.get("/activations/\(id)")
            #expect(editor.text.contains(#"id="locked-live""#))
            let entries = try await web.get("/activations/\(id)/entries")
            #expect(entries.text.contains(#"id="entry-list""#))
            let csv = try await web.get("/activations/\(id)/entries.csv")
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.text.contains("'=HYPERLINK"))
            #expect(!csv.text.contains(",=HYPERLINK"))
            let list = try await web.get("/activations")
            #expect(list.text.contains("Rejoignez le club"))
            // The review queue lists the flagged entry; invalidating it with a reason takes it out.
            #expect(try await ActivationFixture.enter(client, slug: "club", body: #"{"email":"bot@yopmail.com"}"#).status == .created)
            let queue = try await web.get("/activations/\(id)/entries?flagged=1")
            #expect(queue.text.contains("bot@yopmail.com"))
            #expect(queue.text.contains("adresse jetable"))
            #expect(!queue.text.contains("=cmd@example.com"))
            let entryID = try #require(Self.hidden("entryId", in: queue.text))
            let invalidated = try await web.post("/activations/\(id)/invalidate", form: ["_csrf": csrf, "entryId": entryID, "reason": "Adresse jetable"])
            #expect(invalidated.status == .seeOther)
            let emptied = try await web.get("/activations/\(id)/entries?flagged=1")
            #expect(!emptied.text.contains("bot@yopmail.com"))
            // A saved poll edited in the editor keeps its options: the kind select is not sent then.
            let poll = try await web.post("/activations/new", form: ["_csrf": csrf, "kind": "poll", "slug": "couleur", "titleFr": "La couleur",
                                                                     "opensAt": "2098-01-01T00:00", "closesAt": "2099-01-01T00:00", "entryFrequency": "once",
                                                                     "pollOptions": "Jaune\nBleu"])
            #expect(poll.status == .seeOther, "\(poll.text)")
            let pollID = try #require(poll.headers[.location]?.split(separator: "/").last?.split(separator: "?").first.flatMap { Int($0) })
            let edited = try await web.post("/activations/\(pollID)", form: ["_csrf": csrf, "slug": "couleur", "titleFr": "La couleur de la grue",
                                                                           "opensAt": "2098-01-01T00:00", "closesAt": "2099-01-01T00:00",
                                                                           "entryFrequency": "once", "pollOptions": "Jaune\nBleu\nVert"])
            #expect(edited.status == .seeOther, "\(edited.text)")
            let shown = try await client.api(.get, "/api/v1/activations/\(pollID)", key: world.keyA)
            #expect(shown.json["pollOptions"] as? [String] == ["Jaune", "Bleu", "Vert"], "\(shown.text)")
        }
    }

    static func hidden(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: #"name="\#(name)" value=""#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    static func between(_ start: String, _ end: String, in text: String) -> String? {
        guard let from = text.range(of: start) else { return nil }
        let rest = text[from.upperBound...]
        guard let to = rest.range(of: end) else { return nil }
        return String(rest[..<to.lowerBound])
    }
}
