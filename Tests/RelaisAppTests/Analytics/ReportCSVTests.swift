import Testing
@testable import RelaisApp

@Suite("Activation report as CSV")
struct ReportCSVTests {
    @Test("The CSV neutralises typed text but keeps numbers, a negative ROI included")
    func csv() throws {
        var lines = Array(RoiMathsTests.lines.prefix(2))
        lines[0].label = "=HYPERLINK(\"http://x\")"
        let activation = try #require(Self.activation())
        let report = ActivationReport(activation: activation, lines: lines, declared: [], outcomes: RoiMathsTests.outcomes, valueModel: RoiMathsTests.model)
        let text = ReportCSV.csv(report)
        #expect(text.contains("costs,line_media,\"'=HYPERLINK(\"\"http://x\"\")\",EUR,120000,cents\r\n"), "\(text)")
        #expect(text.contains("roi,roi,computed,EUR,-0.8794,ratio\r\n"))
        #expect(ReportCSV.csv(report, table: "opt_ins").components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 3)
    }

    static func activation() -> Activation? {
        Activation(id: 1, organisationID: 1, brandID: 1, unitID: nil, kind: .sweepstakes, slug: "noel", storedStatus: .scheduled,
                   content: ActivationContent(titleFR: "Noël", titleEN: "Christmas", descriptionFR: "", descriptionEN: "", coverImageURL: nil),
                   opensLocal: "1970-01-01T01:00", closesLocal: "1970-01-01T01:16", timeZone: "Europe/Paris", opensAt: 0, closesAt: 1_000_000,
                   eligibility: EligibilityRules(), rules: nil, draw: DrawState(), poll: nil, createdAt: 0, updatedAt: 0)
    }
}
