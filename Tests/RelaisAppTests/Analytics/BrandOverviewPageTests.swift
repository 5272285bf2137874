import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
@testable import RelaisApp

@Suite("Brand overview page")
struct BrandOverviewPageTests {
    @Test("The overview shows the P&L, the trend, the cohort heat map and the ranking with their tables, in French, and refuses a wrong period readably")
    func overviewPage() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            _ = try await ActivationFixture.live(world, client: client)
            for email in ["ana@example.com", "ben@example.com"] {
                #expect(try await ActivationFixture.enter(client, body: ActivationFixture.entry(email: email)).status == .created)
            }
            var web = WebClient(client: client)
            try await web.logIn(email: world.ownerEmail, password: world.ownerPassword)
            let year = MonthGrid.components(Clock.nowMillis()).year
            let page = try await web.get("/overview")
            #expect(page.status == .ok)
            #expect(page.text.contains(#"id="nav-overview" aria-current="page""#))
            // Ana and Ben joined this month: two members, two new, two active; the cohort of this month has both active in M+0.
            #expect(page.text.contains(#"<tr id="community-members"><td>Membres</td><td class="num">2</td></tr>"#))
            #expect(page.text.contains(#"<tr id="community-active-period"><td>Actifs sur la période</td><td class="num">2</td></tr>"#))
            #expect(page.text.contains(#"class="chart chart-heatmap" id="cohort-chart""#) && page.text.contains(#"id="cohorts-table""#))
            #expect(page.text.contains("2 (100,0\u{202F}%)"), "the cohort's M+0 cell")
            #expect(page.text.contains(#"id="members-chart""#) && page.text.contains(#"id="money-chart""#) && page.text.contains(#"id="months-table""#))
            #expect(page.text.contains(#"id="roi-chart""#) && page.text.contains(#"id="activations-table""#))
            #expect(page.text.contains(#"id="continuity-chart""#) && page.text.contains(#"id="continuity-table""#))
            #expect(page.text.contains("/overview.csv?period=\(year)&amp;table=cohorts"))

            let wrong = try await web.get("/overview?kind=month&month=2026-13")
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.text.contains(#"id="err-period""#) && wrong.text.contains("doit être un mois"))
            let quarter = try await web.get("/overview?kind=quarter&year=2025&quarter=Q2")
            #expect(quarter.status == .ok && quarter.text.contains("2025-Q2"))

            let csv = try await web.get("/overview.csv?period=\(year)&table=community")
            #expect(csv.status == .ok && csv.text.contains("community,new_members,\(year),,2,count\r\n"), "\(csv.text)")
        }
    }
}
