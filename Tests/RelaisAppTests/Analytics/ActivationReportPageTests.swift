import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import RelaisApp

@Suite("Activation report page")
struct ActivationReportPageTests {
    @Test("The report shows its charts with tables beneath, adds budget lines through a CSRF form and shows field errors")
    func reportPage() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            let activation = try await ActivationFixture.live(world, client: client)
            for email in ["ana@example.com", "ben@example.com"] {
                #expect(try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: email)).status == .created)
            }
            #expect(try await client.api(.put, "/api/v1/value-model", key: world.keyA, json: #"{"newMemberCents":5000}"#).status == .ok)
            var web = WebClient(client: client)
            try await web.logIn(email: world.ownerEmail, password: world.ownerPassword)
            let activationPage = try await web.get("/activations/\(activation)")
            #expect(activationPage.text.contains(#"href="/activations/\#(activation)/report""#), "linked from the activation")

            let empty = try await web.get("/activations/\(activation)/report")
            #expect(empty.status == .ok)
            #expect(empty.text.contains(#"id="no-cost""#) && empty.text.contains(#"id="roi-no-cost""#))
            let csrf = try #require(WebClient.csrf(in: empty))

            let wrong = try await web.post("/activations/\(activation)/report/budget-lines",
                                           form: ["_csrf": csrf, "category": "media", "planned": "douze", "actual": "", "currency": "EURO"])
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.text.contains(#"id="err-planned""#) && wrong.text.contains(#"id="err-currency""#))
            #expect(WebClient.inputValue(id: "line-planned", in: wrong) == "douze", "the form comes back as typed")
            let forged = try await web.post("/activations/\(activation)/report/budget-lines",
                                            form: ["_csrf": "nope", "category": "media", "planned": "10", "currency": "EUR"])
            #expect(forged.status == .forbidden)

            let added = try await web.post("/activations/\(activation)/report/budget-lines",
                                           form: ["_csrf": csrf, "category": "media", "label": "Affichage", "planned": "1 200,50", "actual": "", "currency": "EUR"])
            #expect(added.status == .seeOther, "\(added.text)")
            let page = try await web.get("/activations/\(activation)/report?added=1")
            #expect(page.text.contains(#"<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-bar" id="costs-chart""#))
            #expect(page.text.contains(#"id="outcomes-chart""#) && page.text.contains(#"id="outcomes-table""#) && page.text.contains(#"id="cost-lines""#))
            #expect(page.text.contains("Affichage") && page.text.contains("1\u{202F}200,50\u{00A0}EUR"))
            // Two new participants: 1 200,50 € ÷ 2 = 600,25 € each; value 2 × 50 € = 100 €; ROI = (100 − 1 200,50) ÷ 1 200,50 = −91,7 %.
            #expect(page.text.contains("600,25\u{00A0}EUR"), "cost per participant")
            #expect(page.text.contains(#"<tr id="outcome-participants"><td>Participants</td><td class="num">2</td></tr>"#))
            #expect(page.text.contains("−91,7") || page.text.contains("-91,7"), "the ROI in French")
            #expect(page.text.contains(#"id="roi-value""#))

            // Declared reach: refused without a source, then added; 2 participants per 40 000 people announced.
            let noSource = try await web.post("/activations/\(activation)/report/declared-reach",
                                              form: ["_csrf": csrf, "source": "", "impressions": "12x", "potentialReach": "40 000"])
            #expect(noSource.status == .unprocessableContent)
            #expect(noSource.text.contains(#"id="err-reach-source""#) && noSource.text.contains(#"id="err-reach-impressions""#))
            #expect(try await web.post("/activations/\(activation)/report/declared-reach",
                                       form: ["_csrf": csrf, "source": "Affichage 4x3", "impressions": "", "potentialReach": "40 000"]).status == .seeOther)
            let withReach = try await web.get("/activations/\(activation)/report")
            #expect(withReach.text.contains("Affichage 4x3") && withReach.text.contains(#"id="declared-potential">40000<"#))
            #expect(withReach.text.contains(#"id="participants-per-reach">0,000050<"#))

            // The value model, set from the report: a new member now worth 60 €.
            #expect(WebClient.inputValue(id: "model-new-member", in: withReach) == "50.00")
            let badModel = try await web.post("/activations/\(activation)/report/value-model",
                                              form: ["_csrf": csrf, "currency": "€", "optIn": "", "newMember": "soixante", "storeVisit": ""])
            #expect(badModel.status == .unprocessableContent && badModel.text.contains(#"id="err-model-currency""#)
                    && badModel.text.contains(#"id="err-model-new-member""#))
            #expect(try await web.post("/activations/\(activation)/report/value-model",
                                       form: ["_csrf": csrf, "currency": "EUR", "optIn": "", "newMember": "60", "storeVisit": "", "countRevenue": "1"]).status == .seeOther)
            let model = try await client.api(.get, "/api/v1/value-model", key: world.keyA)
            #expect(model.json["newMemberCents"] as? Int == 6_000 && model.json["countRevenue"] as? Bool == true)

            // The same report in English.
            _ = try await web.get("/lang/en")
            let english = try await web.get("/activations/\(activation)/report")
            #expect(english.text.contains("Activation report") && english.text.contains("600.25\u{00A0}EUR") && english.text.contains("120.00\u{00A0}EUR") && english.text.contains("Cost per outcome"))

            let csv = try await web.get("/activations/\(activation)/report.csv")
            #expect(csv.status == .ok && csv.text.contains("outcomes,participants,,,2,count\r\n"))
        }
    }
}
