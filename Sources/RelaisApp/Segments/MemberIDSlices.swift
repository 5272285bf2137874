/// Splits the span of member ids into slices that can be counted side by side, each slice a
/// half-open range of ids. A small span stays whole: a second query would cost more than it saves.
struct MemberIDSlices: Equatable, Sendable {
    /// The ranges, ascending, covering `lowest...highest` exactly once.
    let ranges: [Range<Int64>]

    /// Spans below this many ids are counted in one query.
    static let minimumSpanPerSlice: Int64 = 100_000

    /// Slices `lowest...highest` into at most `parallelism` ranges of nearly equal width, each at
    /// least `minimumSpan` ids wide (one range when the span is smaller or the ids are absent).
    init(lowest: Int64?, highest: Int64?, parallelism: Int, minimumSpan: Int64 = minimumSpanPerSlice) {
        guard let lowest, let highest, lowest <= highest, highest < Int64.max else {
            ranges = [Int64.min..<Int64.max]
            return
        }
        let span = highest - lowest + 1
        let wanted = Int64(max(1, parallelism))
        let count = max(1, min(wanted, span / max(1, minimumSpan)))
        guard count > 1 else {
            ranges = [Int64.min..<Int64.max]
            return
        }
        let width = (span + count - 1) / count
        var ranges: [Range<Int64>] = []
        var start = lowest
        for index in 0..<count {
            // The first range is open below and the last open above, so that members added
            // while the slices are counted are never split off.
            let end = index == count - 1 ? Int64.max : start + width
            ranges.append((index == 0 ? Int64.min : start)..<end)
            start = end
        }
        self.ranges = ranges
    }

    /// Whether the ids are counted in one query.
    var isWhole: Bool { ranges.count == 1 }
}
