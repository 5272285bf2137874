import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import Testing
@testable import RelaisApp

@Suite("Demo")
struct DemoHistoryTests {
    @Test("The demo brand has a year of activations, so its overview and reports show figures from the first log-in")
    func overviewHasFigures() async throws {
        let configuration = AppConfiguration(host: "127.0.0.1", port: 0, database: try await TestDatabase.fresh(),
                                             publicBaseURL: "http://relais.test", logLevel: .warning)
        let printed = try await Database.using(configuration.database, logger: Logger(label: "test")) { database in
            try await Migrator(database: database, logger: Logger(label: "test")).migrate()
            return try await DemoLoader.load(into: database, configuration: configuration, memberCount: 300)
        }
        let key = try #require(printed.range(of: #"rk_[A-Za-z0-9_-]+"#, options: .regularExpression).map { String(printed[$0]) })
        let app = try await buildApplication(configuration: configuration)
        try await app.test(.live) { client in
            let day = DateFormatter()
            day.dateFormat = "yyyy-MM-dd"
            day.timeZone = TimeZone(identifier: "UTC")
            let to = day.string(from: Date()), from = day.string(from: Date().addingTimeInterval(-400 * 86_400))
            let overview = try await client.api(.get, "/api/v1/brand/overview?from=\(from)&to=\(to)", key: key)
            #expect(overview.status == .ok, "\(overview.text)")
            #expect(overview.json["pendingMembers"] as? Int == 0)
            let community = try #require(overview.json["community"] as? [String: Any])
            #expect((community["newMembers"] as? Int ?? 0) > 50 && (community["activeMembersInPeriod"] as? Int ?? 0) > 20, "\(community)")
            let activations = try #require(overview.json["activations"] as? [[String: Any]])
            #expect(activations.count == DemoHistory.moments.count)
            #expect(activations.allSatisfy { ($0["participants"] as? Int ?? 0) > 0 }, "\(activations)")
            // The first moment's new members came back for later ones: continuity has something to show.
            let first = try #require(activations.min { ($0["opensAt"] as? String ?? "") < ($1["opensAt"] as? String ?? "") })
            let report = try await client.api(.get, "/api/v1/activations/\(first["activationId"] as? Int ?? 0)/report", key: key)
            #expect(report.status == .ok, "\(report.text)")
            let outcomes = try #require(report.json["outcomes"] as? [String: Any])
            #expect((outcomes["newMembers"] as? Int ?? 0) > 0 && (outcomes["knownMembers"] as? Int ?? 0) > 0, "\(outcomes)")
            #expect(((report.json["costs"] as? [[String: Any]])?.first?["costCents"] as? Int ?? 0) > 0, "\(report.text)")
        }
    }
}
