import Foundation
import HummingbirdTesting
import Testing
@testable import RelaisApp

/// The JSON body of an import request.
private func importBody(_ csv: String, mapping: [String]? = nil, provenance: [String: Any]? = nil, dryRun: Bool) throws -> String {
    var body: [String: Any] = ["csv": csv, "dryRun": dryRun, "fileName": "salon.csv"]
    if let mapping { body["mapping"] = mapping }
    if let provenance { body["provenance"] = provenance }
    return String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
}

/// The field names of a problem's errors.
private func fields(_ response: APIResponse) -> [String] {
    (response.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
}

@Suite("CSV import and export API")
struct MemberImportAPITests {
    static let salon = """
        Courriel;Prénom;Nom;Date de naissance;Ville
        JeanDupont+salon@googlemail.com;Jean;Dupont;02/04/1980;Paris
        lea@example.com;Léa;Martin;;Lyon
        LEA@example.com;Léa;Martin-Durand;;
        not-an-email;X;Y;;
        marc@example.com;Marc;;31/02/2001;

        """

    @Test("A dry run of a file longer than one batch counts people met in an earlier batch as merges, like the import")
    func dryRunAcrossBatches() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            // 110 rows (batches of 100): rows 101–110 are people of rows 1–10 again, written differently.
            // Kept small: each request must answer within the test client's 20 s, on PostgreSQL too, on a busy machine.
            var lines = ["email,firstName"]
            for index in 0..<100 { lines.append("person\(index)@example.com,P\(index)") }
            for index in 0..<10 { lines.append("Person\(index)@Example.com,Again\(index)") }
            let csv = lines.joined(separator: "\n") + "\n"
            let dry = try await client.api(.post, "/api/v1/imports/members", key: world.keyA, json: try importBody(csv, dryRun: true))
            #expect(dry.status == .ok)
            for (key, value) in [("totalRows", 110), ("created", 100), ("updated", 10), ("mergedInFile", 10), ("errorRows", 0)] {
                #expect(dry.json[key] as? Int == value, "\(key)")
            }
            let real = try await client.api(.post, "/api/v1/imports/members", key: world.keyA, json: try importBody(csv, dryRun: false))
            #expect(real.status == .created)
            for key in ["totalRows", "created", "updated", "mergedInFile", "errorRows"] {
                #expect(real.json[key] as? Int == dry.json[key] as? Int, "\(key)")
            }
        }
    }

    @Test("A dry run reports what the import then does, and writes nothing; duplicates are merged, not created twice")
    func dryRunThenImport() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let existing = try await client.api(.post, "/api/v1/members", key: world.keyA, json: #"{"email":"jean.dupont@gmail.com"}"#)
            #expect(existing.status == .created)

            let dry = try await client.api(.post, "/api/v1/imports/members", key: world.keyA, json: try importBody(Self.salon, dryRun: true))
            #expect(dry.status == .ok)
            #expect(dry.json["dryRun"] as? Bool == true)
            #expect(dry.json["id"] == nil)
            for (key, value) in [("totalRows", 5), ("created", 1), ("updated", 2), ("mergedInFile", 1), ("errorRows", 2), ("suppressed", 0)] {
                #expect(dry.json[key] as? Int == value, "\(key)")
            }
            let issues = try #require(dry.json["issues"] as? [[String: Any]])
            #expect(issues.map { $0["line"] as? Int } == [5, 6])
            #expect(issues.map { $0["column"] as? String } == ["Courriel", "Date de naissance"])
            #expect(dry.json["delimiter"] as? String == ";")
            let nothing = try await client.api(.get, "/api/v1/members?q=lea%40example.com", key: world.keyA)
            #expect((nothing.json["items"] as? [Any])?.isEmpty == true)

            let real = try await client.api(.post, "/api/v1/imports/members", key: world.keyA, json: try importBody(Self.salon, dryRun: false))
            #expect(real.status == .created)
            for key in ["totalRows", "created", "updated", "mergedInFile", "errorRows", "suppressed"] {
                #expect(real.json[key] as? Int == dry.json[key] as? Int, "\(key)")
            }
            let id = try #require(real.json["id"] as? Int)
            #expect(real.headers[.location] == "/api/v1/imports/\(id)")

            let lea = try await client.api(.get, "/api/v1/members?q=lea%40example.com", key: world.keyA)
            let items = try #require(lea.json["items"] as? [[String: Any]])
            #expect(items.count == 1)
            #expect(items.first?["lastName"] as? String == "Martin-Durand")
            let jean = try await client.api(.get, "/api/v1/members?q=jean.dupont%40gmail.com", key: world.keyA)
            let jeanItems = try #require(jean.json["items"] as? [[String: Any]])
            #expect(jeanItems.count == 1)
            #expect(jeanItems.first?["city"] as? String == "Paris")

            let stored = try await client.api(.get, "/api/v1/imports/\(id)", key: world.keyA)
            #expect(stored.status == .ok)
            #expect(stored.json["created"] as? Int == 1)
            let list = try await client.api(.get, "/api/v1/imports", key: world.keyA)
            #expect((list.json["items"] as? [[String: Any]])?.first?["id"] as? Int == id)
        }
    }

    @Test("A consent column needs provenance; with it the ledger records the import, its label, and double opt-in")
    func consentProvenance() async throws {
        let world = try await TestWorld.make()
        let tooYoung = Calendar(identifier: .gregorian).date(byAdding: .year, value: -10, to: Date())!.formatted(.iso8601.year().month().day())
        let csv = """
            email,newsletter,birthDate
            anne@example.com,oui,1990-01-01
            paul@example.com,non,1985-05-05
            kid@example.com,yes,\(tooYoung)
            zoe@example.com,,1999-09-09
            max@example.com,peut-être,
            """
        let mapping = ["email", "consent:newsletter:email", "birthDate"]
        try await world.withServer { client in
            let refused = try await client.api(.post, "/api/v1/imports/members", key: world.keyA, json: try importBody(csv, mapping: mapping, dryRun: true))
            #expect(refused.status == .unprocessableContent)
            #expect(Set(fields(refused)).isSuperset(of: ["provenance.source", "provenance.collectedAt", "provenance.wordingVersion"]))

            let provenance: [String: Any] = ["source": "Jeu-concours salon Batimat 2025, formulaire papier", "collectedAt": "2025-11-20",
                                             "wordingLanguage": "fr"]
            let imported = try await client.api(.post, "/api/v1/imports/members", key: world.keyA,
                                                json: try importBody(csv, mapping: mapping, provenance: provenance, dryRun: false))
            #expect(imported.status == .created)
            #expect(imported.json["created"] as? Int == 3)
            #expect(imported.json["errorRows"] as? Int == 2)
            let issues = try #require(imported.json["issues"] as? [[String: Any]])
            #expect(issues.map { $0["code"] as? String } == ["too_young", "invalid"])
            #expect(issues.map { $0["column"] as? String } == ["birthDate", "newsletter"])

            let anne = try await memberID(client, world, "anne@example.com")
            let ledger = try await client.api(.get, "/api/v1/members/\(anne)/consents", key: world.keyA)
            let record = try #require((ledger.json["history"] as? [[String: Any]])?.first)
            #expect(record["source"] as? String == "import")
            #expect(record["sourceLabel"] as? String == "Jeu-concours salon Batimat 2025, formulaire papier")
            #expect(record["status"] as? String == "pending")
            #expect((record["recordedAt"] as? String)?.hasPrefix("2025-11-20") == true)
            let paul = try await memberID(client, world, "paul@example.com")
            let paulLedger = try await client.api(.get, "/api/v1/members/\(paul)/consents", key: world.keyA)
            #expect((paulLedger.json["current"] as? [[String: Any]])?.first?["status"] as? String == "withdrawn")
            let zoe = try await memberID(client, world, "zoe@example.com")
            let zoeLedger = try await client.api(.get, "/api/v1/members/\(zoe)/consents", key: world.keyA)
            #expect((zoeLedger.json["history"] as? [Any])?.isEmpty == true)
            // The too-young row left nothing behind.
            #expect((try await client.api(.get, "/api/v1/members?q=kid%40example.com", key: world.keyA).json["items"] as? [Any])?.isEmpty == true)

            // Addresses confirmed elsewhere are granted at once; an older imported grant never overrides a newer record.
            let confirmed = provenance.merging(["emailsConfirmed": true, "collectedAt": "2025-11-21"]) { $1 }
            let again = try await client.api(.post, "/api/v1/imports/members", key: world.keyA,
                                             json: try importBody("email,newsletter\nnew@example.com,oui\nanne@example.com,oui\n",
                                                                  mapping: ["email", "consent:newsletter:email"], provenance: confirmed, dryRun: false))
            #expect(again.status == .created)
            let newcomer = try await memberID(client, world, "new@example.com")
            let newLedger = try await client.api(.get, "/api/v1/members/\(newcomer)/consents", key: world.keyA)
            let granted = try #require((newLedger.json["history"] as? [[String: Any]])?.first)
            #expect(granted["status"] as? String == "granted")
            #expect(granted["confirmedAt"] != nil)
            let old = provenance.merging(["collectedAt": "2024-01-01"]) { $1 }
            _ = try await client.api(.post, "/api/v1/imports/members", key: world.keyA,
                                     json: try importBody("email,newsletter\npaul@example.com,oui\n", mapping: ["email", "consent:newsletter:email"],
                                                          provenance: old, dryRun: false))
            let paulAfter = try await client.api(.get, "/api/v1/members/\(paul)/consents", key: world.keyA)
            #expect((paulAfter.json["current"] as? [[String: Any]])?.first?["status"] as? String == "withdrawn")
        }
    }

    @Test("People who asked to be erased are skipped and reported")
    func suppressedPeopleAreSkipped() async throws {
        let world = try await TestWorld.make()
        try await world.withDatabase { database in
            let list = SuppressionList(tenancy: TenancyStore(database: database))
            let key = try IdentityNormalizer.key(kind: .email, namespace: nil, value: "gone@example.com", defaultCountry: "FR").get()
            try await database.transaction { sql in
                try await list.add([key], organisationID: world.organisation.id, reason: "request", on: sql)
            }
        }
        try await world.withServer { client in
            let response = try await client.api(.post, "/api/v1/imports/members", key: world.keyA,
                                                json: try importBody("email\nGone@Example.com\nstay@example.com\n", dryRun: false))
            #expect(response.status == .created)
            #expect(response.json["suppressed"] as? Int == 1)
            #expect(response.json["created"] as? Int == 1)
            let issues = try #require(response.json["issues"] as? [[String: Any]])
            #expect(issues.first?["code"] as? String == "suppressed")
            #expect(issues.first?["line"] as? Int == 2)
            #expect(!response.text.contains("Gone@Example.com"))
        }
    }

    @Test("Unreadable files get a clear 422 that names the problem, never a 500", arguments: [
        (#"{"csv":"email,name\na@example.com,\"Jean\nb@example.com,Paul\n"}"#, "invalid_csv", "csv", "line 2, column 2"),
        (#"{"csv":"email\na@example.com\n","csvBase64":"ZW1haWw="}"#, "validation_failed", "csvBase64", ""),
        (#"{"csvBase64":"ZW1haWw7cHLpbm9tCmFAZXhhbXBsZS5jb207TOlhCg=="}"#, "invalid_encoding", "csvBase64", "not UTF-8"),
        (#"{"csv":""}"#, "invalid_csv", "csv", "empty"),
        (#"{"csv":"email\na@example.com\n","mapping":["email","city"]}"#, "validation_failed", "mapping", ""),
        (#"{"csv":"email\na@example.com\n","mapping":["shoe"]}"#, "validation_failed", "mapping[0]", ""),
        (#"{"csv":"nom\nDupont\n"}"#, "validation_failed", "mapping", "recognise"),
        (#"{"csv":"email,x\na@example.com,1\n","mapping":["email","consent:nope:email"],"provenance":{"source":"Salon","collectedAt":"2025-01-01","wordingVersion":1}}"#, "validation_failed", "mapping[1]", ""),
        (#"{"csv":"email,x\na@example.com,1\n","mapping":["email","consent:newsletter:email"],"provenance":{"source":"Salon","collectedAt":"2025-01-01","wordingVersion":9}}"#, "validation_failed", "provenance.wordingVersion", ""),
        (#"{"csv":"email\na@example.com\n","encoding":"ebcdic"}"#, "validation_failed", "encoding", ""),
        (#"{"csv":"email\n","delimiter":"|"}"#, "validation_failed", "delimiter", ""),
    ])
    func unreadableFiles(body: String, code: String, field: String, message: String) async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let response = try await client.api(.post, "/api/v1/imports/members", key: world.keyA, json: body)
            #expect(response.status == .unprocessableContent, "\(response.text)")
            #expect(response.headers[.contentType] == "application/problem+json")
            #expect(response.json["code"] as? String == code)
            #expect(fields(response).contains(field))
            if !message.isEmpty { #expect(response.text.contains(message)) }
        }
    }

    @Test("A file declared in Windows-1252 is read with its accents")
    func windowsEncoding() async throws {
        let world = try await TestWorld.make()
        let bytes = Data("Courriel;Prénom\nlea@example.com;Léa\n".unicodeScalars.map { UInt8($0.value) })
        try await world.withServer { client in
            let response = try await client.api(.post, "/api/v1/imports/members", key: world.keyA,
                                                json: #"{"csvBase64":"\#(bytes.base64EncodedString())","encoding":"windows-1252","dryRun":true}"#)
            #expect(response.status == .ok)
            #expect(response.json["created"] as? Int == 1)
            let columns = try #require(response.json["columns"] as? [[String: Any]])
            #expect(columns.map { $0["target"] as? String } == ["email", "firstName"])
            #expect(columns.map { $0["header"] as? String } == ["Courriel", "Prénom"])
        }
    }

    @Test("Import reports belong to their brand; importing needs the import permission")
    func tenantIsolation() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let response = try await client.api(.post, "/api/v1/imports/members", key: world.keyA, json: try importBody("email\na@example.com\n", dryRun: false))
            let id = try #require(response.json["id"] as? Int)
            #expect(try await client.api(.get, "/api/v1/imports/\(id)", key: world.keyB).status == .notFound)
            #expect((try await client.api(.get, "/api/v1/imports", key: world.keyB).json["items"] as? [Any])?.isEmpty == true)
            #expect(try await client.api(.get, "/api/v1/imports/999999", key: world.keyA).status == .notFound)
            #expect(try await client.api(.post, "/api/v1/imports/members", key: world.keyAnalystA, json: try importBody("email\nb@example.com\n", dryRun: true)).status == .forbidden)
            #expect(try await client.api(.post, "/api/v1/imports/members", key: world.keyUnitA1, json: try importBody("email\nb@example.com\n", dryRun: true)).status == .forbidden)
            #expect(try await client.api(.get, "/api/v1/exports/members", key: world.keyAnalystA).status == .forbidden)
        }
    }

    @Test("The CSV export neutralises formulas, is UTF-8 with a BOM, filters, re-imports as it is, and is audited")
    func export() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            _ = try await client.api(.post, "/api/v1/members", key: world.keyA,
                                     json: #"{"email":"evil@example.com","firstName":"=cmd|' /C calc'!A0","lastName":"@SUM(1+1)","phone":"0612345678","tags":["salon"]}"#)
            _ = try await client.api(.post, "/api/v1/members", key: world.keyA, json: #"{"email":"plain@example.com","firstName":"Léa, \"la\" grande"}"#)
            _ = try await client.api(.post, "/api/v1/members", key: world.keyB, json: #"{"email":"other-brand@example.com"}"#)
            let response = try await client.api(.get, "/api/v1/exports/members", key: world.keyA)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(response.body.starts(with: [0xEF, 0xBB, 0xBF]))
            let text = response.text
            #expect(text.contains("'=cmd|' /C calc'!A0,'@SUM(1+1)"))
            #expect(text.contains("'+33612345678"))
            #expect(text.contains("\"Léa, \"\"la\"\" grande\""))
            #expect(!text.contains("other-brand@example.com"))
            #expect(!text.contains(",=") && !text.contains(",+") && !text.contains(",@"))

            let tagged = try await client.api(.get, "/api/v1/exports/members?tag=salon&delimiter=semicolon", key: world.keyA)
            #expect(tagged.text.contains("evil@example.com;'+33612345678"))
            #expect(!tagged.text.contains("plain@example.com"))
            #expect(try await client.api(.get, "/api/v1/exports/members?delimiter=pipe", key: world.keyA).status == .unprocessableContent)

            // The export re-imports as it is: every member is recognised, none created.
            let reimport = try await client.api(.post, "/api/v1/imports/members", key: world.keyA, json: try importBody(text, dryRun: true))
            #expect(reimport.json["updated"] as? Int == 2)
            #expect(reimport.json["created"] as? Int == 0)
            #expect(reimport.json["errorRows"] as? Int == 0)
        }
        let audited = try await world.withDatabase { database in
            try await database.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'members.exported_csv'").first()!.decode(column: "n", as: Int.self)
            }
        }
        #expect(audited == 2)
    }
}

/// The id of the member with this e-mail, as the brand A key sees it.
private func memberID(_ client: any TestClientProtocol, _ world: TestWorld, _ email: String) async throws -> Int {
    let response = try await client.api(.get, "/api/v1/members?q=\(email.replacingOccurrences(of: "@", with: "%40"))", key: world.keyA)
    return try #require((response.json["items"] as? [[String: Any]])?.first?["id"] as? Int)
}
