import Foundation
import Listening

/// Monotonic nanoseconds.
func nanosecondsNow() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

/// CPU nanoseconds used by the calling thread (immune to other processes sharing the cores).
func threadCPUNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

/// Figures of one pass over all posts.
struct BenchRun {
    var postsPerSecond: Double
    var postsPerCPUSecond: Double
    var p50Microseconds: Double
    var p99Microseconds: Double
    var postsWithMatch: Int
    var totalMatches: Int
    /// Query trees walked per post (candidates whose every clause the post hit).
    var evaluatedPerPost: Double

    /// Matches every post once, timing each one.
    static func measure(_ matcher: QueryMatcher<Int>, posts: [ListeningPost], highlights: Bool) -> BenchRun {
        var scratch = MatchScratch()
        var durations = [UInt32](repeating: 0, count: posts.count)
        var postsWithMatch = 0
        var totalMatches = 0
        let start = nanosecondsNow()
        let cpuStart = threadCPUNanoseconds()
        for index in posts.indices {
            let before = nanosecondsNow()
            let count = highlights
                ? matcher.match(posts[index], scratch: &scratch).count
                : matcher.matchingIDs(posts[index], scratch: &scratch).count
            durations[index] = UInt32(clamping: nanosecondsNow() - before)
            totalMatches += count
            if count > 0 { postsWithMatch += 1 }
        }
        let cpu = Double(threadCPUNanoseconds() - cpuStart) / 1e9
        let elapsed = Double(nanosecondsNow() - start) / 1e9
        durations.sort()
        return BenchRun(
            postsPerSecond: Double(posts.count) / elapsed,
            postsPerCPUSecond: Double(posts.count) / cpu,
            p50Microseconds: Double(durations[durations.count / 2]) / 1000,
            p99Microseconds: Double(durations[min(durations.count - 1, durations.count * 99 / 100)]) / 1000,
            postsWithMatch: postsWithMatch,
            totalMatches: totalMatches,
            evaluatedPerPost: Double(scratch.evaluatedQueries) / Double(posts.count)
        )
    }
}

/// Median of a non-empty list.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}
