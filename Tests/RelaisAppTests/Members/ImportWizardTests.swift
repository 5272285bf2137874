import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import RelaisApp

/// A logged-in back-office session: its cookie and CSRF token.
private struct StaffBrowser {
    let cookie: String
    let csrf: String

    /// Logs the owner of the test world in.
    static func logIn(_ client: any TestClientProtocol, _ world: TestWorld) async throws -> StaffBrowser {
        let login = try await client.raw(.post, "/login", headers: [.contentType: "application/x-www-form-urlencoded"],
                                         body: "email=\(world.ownerEmail)&password=correct+horse+battery")
        let setCookie = try #require(login.headers[.setCookie])
        let cookie = String(setCookie.split(separator: ";")[0])
        let page = try await client.raw(.get, "/import", headers: [.cookie: cookie])
        let csrf = try #require(page.text.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1)
        return StaffBrowser(cookie: cookie, csrf: String(csrf))
    }

    /// Posts a URL-encoded form.
    func post(_ client: any TestClientProtocol, _ path: String, _ fields: [(String, String)]) async throws -> APIResponse {
        let body = ([("_csrf", csrf)] + fields).map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        return try await client.raw(.post, path, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"], body: body)
    }
}

@Suite("Import wizard")
struct ImportWizardTests {
    @Test("Upload, mapping with provenance, dry run, confirmation and report, in the back-office")
    func wizard() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let browser = try await StaffBrowser.logIn(client, world)
            let csv = "Courriel;Prénom;Newsletter\r\nlea@example.com;Léa;oui\r\nbad;Marc;oui\r\n"
            func upload(_ file: String, csrf: String) -> String {
                "--b0undary\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n" +
                "--b0undary\r\nContent-Disposition: form-data; name=\"encoding\"\r\n\r\nutf-8\r\n" +
                "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"salon.csv\"\r\nContent-Type: text/csv\r\n\r\n\(file)\r\n--b0undary--\r\n"
            }
            let multipart: HTTPFields = [.cookie: browser.cookie, .contentType: "multipart/form-data; boundary=b0undary"]
            let forged = try await client.raw(.post, "/import", headers: multipart, body: upload(csv, csrf: "forged"))
            #expect(forged.status == .forbidden)
            let broken = try await client.raw(.post, "/import", headers: multipart, body: upload("email\n\"oops\n", csrf: browser.csrf))
            #expect(broken.status == .unprocessableContent)
            #expect(broken.text.contains("line 2"))

            let uploaded = try await client.raw(.post, "/import", headers: multipart, body: upload(csv, csrf: browser.csrf))
            #expect(uploaded.status == .seeOther)
            let location = try #require(uploaded.headers[.location])
            let mapping = try await client.raw(.get, location, headers: [.cookie: browser.cookie])
            #expect(mapping.status == .ok)
            #expect(mapping.text.contains(#"<option value="email" selected>"#))
            #expect(mapping.text.contains(#"<option value="consent:newsletter:email" selected>"#))
            #expect(mapping.text.contains("lea@example.com"))

            let targets = [("target_0", "email"), ("target_1", "firstName"), ("target_2", "consent:newsletter:email")]
            let missing = try await browser.post(client, "\(location)/check", targets)
            #expect(missing.status == .unprocessableContent)
            #expect(missing.text.contains("provenance.source"))

            let provenance = [("source", "Salon Batimat 2025, formulaire papier"), ("collectedAt", "2025-11-20"), ("wordingLanguage", "fr")]
            let check = try await browser.post(client, "\(location)/check", targets + provenance)
            #expect(check.status == .ok)
            #expect(check.text.contains(#"id="count-created">1<"#))
            #expect(check.text.contains(#"id="count-errors">1<"#))
            #expect(check.text.contains("confirm-import"))

            let run = try await browser.post(client, "\(location)/run", [])
            #expect(run.status == .seeOther)
            let reportPath = try #require(run.headers[.location])
            #expect(reportPath.hasPrefix("/import/reports/"))
            let report = try await client.raw(.get, reportPath, headers: [.cookie: browser.cookie])
            #expect(report.status == .ok)
            #expect(report.text.contains(#"id="count-created">1<"#))
            #expect(report.text.contains("Salon Batimat 2025"))
            // The upload is gone once imported.
            #expect(try await client.raw(.get, location, headers: [.cookie: browser.cookie]).status == .notFound)

            let export = try await client.raw(.get, "/members.csv", headers: [.cookie: browser.cookie])
            #expect(export.status == .ok)
            #expect(export.text.contains("lea@example.com;;Léa"))
        }
    }
}
