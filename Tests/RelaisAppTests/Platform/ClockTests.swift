import Foundation
import Testing
@testable import RelaisApp

@Suite("Times as the API writes them")
struct ClockTests {
    @Test("ISO 8601 text is Foundation's, to the second, across leap years, month ends and centuries")
    func isoMatchesFoundation() {
        var samples: [Int64] = [0, 999, 1_000, 59_999, 86_399_999, 86_400_000, 951_782_400_000, 951_868_799_999, 951_868_800_000,
                                4_107_542_399_999, 4_107_542_400_000, 4_107_628_799_999, 1_764_979_200_123, 253_402_300_799_999]
        // Around 2000-02-29, and 2100-02-28 then 2100-03-01 (2100 is not a leap year); then a pseudo-random spread over the years 1970 to 9999.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            samples.append(Int64(state >> 1) % 253_402_300_800_000)
        }
        for millis in samples {
            #expect(Clock.iso(millis) == Clock.date(millis).formatted(.iso8601), "\(millis)")
        }
    }

    @Test("Times before 1970 and after 9999 still get Foundation's text")
    func outsideTheUsualYears() {
        for millis: Int64 in [-1, -86_400_001, 253_402_300_800_000] {
            #expect(Clock.iso(millis) == Clock.date(millis).formatted(.iso8601))
        }
        #expect(Clock.iso(1_764_979_200_123) == "2025-12-06T00:00:00Z")
    }
}
