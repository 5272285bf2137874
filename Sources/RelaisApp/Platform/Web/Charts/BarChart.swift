/// Vertical bars, one group per label and one bar per series in each group, with the value
/// written above each bar: a funnel's steps, counts per category.
struct BarChart: Sendable {
    /// Size, title, description and empty message.
    var frame: ChartFrame
    /// The categories along the bottom.
    var labels: [String]
    /// One or more series, each with a value per label.
    var series: [ChartSeries]
    /// Writes values and ticks.
    var format: @Sendable (Double) -> String = ChartNumber.plain

    /// Whether there is nothing to draw.
    var isEmpty: Bool { labels.isEmpty || series.allSatisfy { $0.values.isEmpty } }

    /// The chart as an SVG element, ready to be placed in an HTML page.
    func svg() -> String {
        guard !isEmpty else { return frame.empty(kind: "bar") }
        let axis = ChartAxis.covering(series.flatMap(\.values))
        var svg = frame.opening(kind: "bar") + frame.legend(series) + frame.valueGrid(axis, format: format)
        let group = (frame.plotRight - frame.plotLeft) / Double(labels.count)
        let barWidth = group * 0.7 / Double(max(1, series.count))
        let zero = frame.y(0, on: axis)
        for (index, label) in labels.enumerated() {
            let groupLeft = frame.plotLeft + Double(index) * group + group * 0.15
            for (position, item) in series.enumerated() {
                let value = index < item.values.count ? item.values[index] : 0
                let top = frame.y(value, on: axis)
                let x = groupLeft + Double(position) * barWidth
                let name = series.count > 1 ? "\(label) · \(item.name)" : label
                svg += #"<rect class="chart-bar chart-series-\#(position % ChartFrame.palette)" x="\#(ChartNumber.coordinate(x))" "#
                    + #"y="\#(ChartNumber.coordinate(min(top, zero)))" width="\#(ChartNumber.coordinate(max(1, barWidth - 2)))" "#
                    + #"height="\#(ChartNumber.coordinate(abs(zero - top)))"><title>\#(SVGText.escaped("\(name): \(format(value))"))</title></rect>"#
                svg += #"<text class="chart-value" x="\#(ChartNumber.coordinate(x + barWidth / 2))" y="\#(ChartNumber.coordinate(min(top, zero) - 4))" text-anchor="middle">"#
                    + SVGText.escaped(format(value)) + "</text>"
            }
            svg += frame.categoryLabel(label, x: frame.plotLeft + (Double(index) + 0.5) * group, room: group - 4)
        }
        return svg + "</svg>"
    }
}
