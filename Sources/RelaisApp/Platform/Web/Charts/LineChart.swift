/// Lines over ordered labels (days, weeks), one per series, with a point per value and a
/// readable subset of the labels along the bottom.
struct LineChart: Sendable {
    /// Size, title, description and empty message.
    var frame: ChartFrame
    /// The ordered categories along the bottom, e.g. days.
    var labels: [String]
    /// One or more series, each with a value per label.
    var series: [ChartSeries]
    /// Writes values and ticks.
    var format: @Sendable (Double) -> String = ChartNumber.plain
    /// At most this many labels are written along the bottom.
    var maximumLabels = 8
    /// Points are drawn while there are at most this many labels; beyond, only the lines.
    var maximumPoints = 90

    /// Whether there is nothing to draw.
    var isEmpty: Bool { labels.isEmpty || series.allSatisfy { $0.values.isEmpty } }

    /// The chart as an SVG element, ready to be placed in an HTML page.
    func svg() -> String {
        guard !isEmpty else { return frame.empty(kind: "line") }
        let axis = ChartAxis.covering(series.flatMap(\.values))
        var svg = frame.opening(kind: "line") + frame.legend(series) + frame.valueGrid(axis, format: format)
        for index in Self.labelIndices(count: labels.count, maximum: maximumLabels) {
            svg += frame.categoryLabel(labels[index], x: x(index))
        }
        for (position, item) in series.enumerated() {
            let count = min(item.values.count, labels.count)
            guard count > 0 else { continue }
            let colour = "chart-series-\(position % ChartFrame.palette)"
            let path = (0..<count).map { index in
                (index == 0 ? "M" : "L") + ChartNumber.coordinate(x(index)) + " " + ChartNumber.coordinate(frame.y(item.values[index], on: axis))
            }.joined(separator: " ")
            svg += #"<path class="chart-line \#(colour)" fill="none" d="\#(path)"><title>\#(SVGText.escaped(item.name))</title></path>"#
            guard labels.count <= maximumPoints else { continue }
            for index in 0..<count {
                svg += #"<circle class="chart-point \#(colour)" cx="\#(ChartNumber.coordinate(x(index)))" cy="\#(ChartNumber.coordinate(frame.y(item.values[index], on: axis)))" r="3">"#
                    + "<title>\(SVGText.escaped("\(labels[index]) · \(item.name): \(format(item.values[index]))"))</title></circle>"
            }
        }
        return svg + "</svg>"
    }

    /// The horizontal position of the label at `index`: spread from edge to edge, a single label in the middle.
    func x(_ index: Int) -> Double {
        guard labels.count > 1 else { return (frame.plotLeft + frame.plotRight) / 2 }
        return frame.plotLeft + Double(index) * (frame.plotRight - frame.plotLeft) / Double(labels.count - 1)
    }

    /// Which of `count` labels to write so that at most `maximum` are: evenly spaced, the first and the last always.
    static func labelIndices(count: Int, maximum: Int) -> [Int] {
        guard count > 0, maximum > 0 else { return [] }
        if count <= maximum { return Array(0..<count) }
        if maximum == 1 { return [0] }
        let step = Int((Double(count - 1) / Double(maximum - 1)).rounded(.up))
        var indices = Array(stride(from: 0, to: count - 1, by: step))
        // The last label is always written; the regular one just before it goes when they would touch.
        if indices.count > 1, let previous = indices.last, count - 1 - previous < step { indices.removeLast() }
        return indices + [count - 1]
    }
}
