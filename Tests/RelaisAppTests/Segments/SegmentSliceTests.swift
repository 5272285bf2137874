import Foundation
import HummingbirdTesting
import Logging
import Testing
@testable import RelaisApp

@Suite("Segment counts in slices of member ids")
struct SegmentSliceTests {
    @Test("A small span stays whole, whatever the parallelism")
    func smallSpanIsWhole() {
        #expect(MemberIDSlices(lowest: 1, highest: 99_999, parallelism: 4).isWhole)
        #expect(MemberIDSlices(lowest: 1, highest: 5_000_000, parallelism: 1).isWhole)
        #expect(MemberIDSlices(lowest: nil, highest: nil, parallelism: 4).isWhole)
        #expect(MemberIDSlices(lowest: 10, highest: 3, parallelism: 4).isWhole)
        #expect(MemberIDSlices(lowest: 1, highest: 99_999, parallelism: 4).ranges == [Int64.min..<Int64.max])
    }

    @Test("Slices are contiguous, open at both ends, and no wider apart than one id")
    func slicesCoverEverything() {
        let slices = MemberIDSlices(lowest: 1, highest: 1_000_000, parallelism: 2)
        #expect(slices.ranges == [Int64.min..<500_001, 500_001..<Int64.max])
        let four = MemberIDSlices(lowest: 7, highest: 1_000_006, parallelism: 4)
        #expect(four.ranges.count == 4)
        #expect(four.ranges.first?.lowerBound == Int64.min && four.ranges.last?.upperBound == Int64.max)
        for (left, right) in zip(four.ranges, four.ranges.dropFirst()) {
            #expect(left.upperBound == right.lowerBound)
        }
        let widths = four.ranges.dropFirst().dropLast().map { $0.upperBound - $0.lowerBound }
        #expect(widths == [250_000, 250_000])
        // Never more slices than the span allows at the minimum width.
        #expect(MemberIDSlices(lowest: 1, highest: 250_000, parallelism: 8).ranges.count == 2)
        #expect(MemberIDSlices(lowest: 1, highest: 6, parallelism: 2, minimumSpan: 1).ranges == [Int64.min..<4, 4..<Int64.max])
    }

    @Test("Counting in slices gives the same numbers as one query, for every kind of rule")
    func slicedCountsMatch() async throws {
        let world = try await TestWorld.make()
        try await world.withServer { client in
            _ = try await SegmentFixture.make(world, client: client)
        }
        let access = BrandAccess(organisationID: world.organisation.id, brandID: world.brandA.id, unitID: nil,
                                 permissions: [.readMembers], actor: .system)
        let definitions: [(SegmentDefinition, Int)] = [
            (SegmentDefinition(match: .all, rules: []), 4),
            (SegmentDefinition(match: .all, rules: [.field(.postalCode, .startsWith("69"))]), 2),
            (SegmentDefinition(match: .all, rules: [.consent(purpose: "newsletter", channel: .email, status: .granted)]), 1),
            (SegmentDefinition(match: .all, rules: [.event(kind: "activation.", prefix: true, atLeast: 1, days: 30)]), 3),
            (SegmentDefinition(match: .all, rules: [.event(kind: "activation.entry", prefix: false, atLeast: 2, days: nil)]), 2),
            (SegmentDefinition(match: .any, rules: [.hasTag("vip"), .hasTag("staff")]), 2),
        ]
        try await world.withDatabase { database in
            let services = AppServices(configuration: world.configuration, database: database, logger: Logger(label: "test"),
                                       linkSigningKey: try await InstanceSecrets.linkSigningKey(database))
            var sliced = services.segments
            sliced.minimumSliceSpan = 1
            for (definition, expected) in definitions {
                let whole = try await services.segments.count(definition, access: access)
                let inSlices = try await sliced.count(definition, access: access)
                #expect(whole == expected, "\(definition)")
                #expect(inSlices == expected, "\(definition) counted in slices")
            }
        }
    }
}
