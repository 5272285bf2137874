/// What every chart has: an id unique in its page, an accessible title and description,
/// a size, and the message shown when there is nothing to draw. It also lays out the plot
/// area and draws the parts charts share (value grid, legend, empty state).
struct ChartFrame: Sendable, Equatable {
    /// The chart's id in the page; the ids of its title and description derive from it.
    var id: String
    /// Read by screen readers and shown as the tooltip of the whole chart.
    var title: String
    /// A sentence saying what the chart shows, for screen readers.
    var description: String = ""
    /// Width of the drawing, in SVG units (the chart scales to its container).
    var width: Double = 640
    /// Height of the drawing, in SVG units.
    var height: Double = 280
    /// Shown instead of the plot when there are no values.
    var emptyMessage: String = "No data yet"

    /// Room kept around the plot for the value labels (left), the legend (top) and the category labels (bottom).
    static let margins = (left: 52.0, right: 16.0, top: 28.0, bottom: 44.0)
    /// Category labels longer than this are cut with an ellipsis.
    static let labelLength = 22

    /// Left edge of the plot area.
    var plotLeft: Double { Self.margins.left }
    /// Right edge of the plot area.
    var plotRight: Double { max(plotLeft + 1, width - Self.margins.right) }
    /// Top edge of the plot area.
    var plotTop: Double { Self.margins.top }
    /// Bottom edge of the plot area (the lowest value of the axis).
    var plotBottom: Double { max(plotTop + 1, height - Self.margins.bottom) }

    /// The vertical position of `value` on `axis`.
    func y(_ value: Double, on axis: ChartAxis) -> Double {
        plotBottom - axis.fraction(value) * (plotBottom - plotTop)
    }

    /// The `<svg>` start tag with the title and description; `kind` names the chart in its class.
    func opening(kind: String) -> String {
        let safe = Self.safeID(id)
        var svg = #"<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-\#(kind)" id="\#(safe)" role="img" "#
        svg += #"viewBox="0 0 \#(ChartNumber.coordinate(width)) \#(ChartNumber.coordinate(height))" "#
        svg += #"aria-labelledby="\#(safe)-title\#(description.isEmpty ? "" : " \(safe)-desc")">"#
        svg += #"<title id="\#(safe)-title">\#(SVGText.escaped(title))</title>"#
        if !description.isEmpty { svg += #"<desc id="\#(safe)-desc">\#(SVGText.escaped(description))</desc>"# }
        return svg
    }

    /// The whole chart when there is nothing to draw: the title, and the empty message in the middle.
    func empty(kind: String) -> String {
        opening(kind: kind)
            + #"<text class="chart-empty" x="\#(ChartNumber.coordinate(width / 2))" y="\#(ChartNumber.coordinate(height / 2))" text-anchor="middle">"#
            + SVGText.escaped(emptyMessage) + "</text></svg>"
    }

    /// Horizontal grid lines and value labels at the axis' ticks, and the zero line.
    func valueGrid(_ axis: ChartAxis, format: (Double) -> String) -> String {
        var svg = #"<g class="chart-grid">"#
        for tick in axis.ticks {
            let y = ChartNumber.coordinate(self.y(tick, on: axis))
            svg += #"<line x1="\#(ChartNumber.coordinate(plotLeft))" x2="\#(ChartNumber.coordinate(plotRight))" y1="\#(y)" y2="\#(y)"/>"#
            svg += #"<text class="chart-tick" x="\#(ChartNumber.coordinate(plotLeft - 6))" y="\#(y)" dy="0.32em" text-anchor="end">\#(SVGText.escaped(format(tick)))</text>"#
        }
        let zero = ChartNumber.coordinate(y(0, on: axis))
        svg += #"</g><line class="chart-axis" x1="\#(ChartNumber.coordinate(plotLeft))" x2="\#(ChartNumber.coordinate(plotRight))" y1="\#(zero)" y2="\#(zero)"/>"#
        return svg
    }

    /// A category label centred under `x`, on two lines when it is wider than `room` and has a space
    /// to break at, cut with an ellipsis when still too long (the full label stays in its tooltip).
    func categoryLabel(_ label: String, x: Double, room: Double = .infinity) -> String {
        let lines = Self.lines(label, room: room).map { $0.count > Self.labelLength ? String($0.prefix(Self.labelLength - 1)) + "…" : $0 }
        let tooltip = lines.joined(separator: " ") == label ? "" : "<title>\(SVGText.escaped(label))</title>"
        let centre = ChartNumber.coordinate(x)
        var svg = #"<text class="chart-label" x="\#(centre)" y="\#(ChartNumber.coordinate(plotBottom + 18))" text-anchor="middle">"# + tooltip
        if lines.count == 1 { return svg + SVGText.escaped(lines[0]) + "</text>" }
        for (index, line) in lines.enumerated() {
            svg += #"<tspan x="\#(centre)" dy="\#(index == 0 ? "0" : "1.2em")">\#(SVGText.escaped(line))</tspan>"#
        }
        return svg + "</text>"
    }

    /// Approximate width of one character of a label, in SVG units (12px text).
    static let characterWidth = 6.6

    /// `label` as one line, or as two lines broken at the space nearest its middle when it is wider than `room`.
    static func lines(_ label: String, room: Double) -> [String] {
        guard Double(label.count) * characterWidth > room, label.contains(" ") else { return [label] }
        let middle = label.count / 2
        let spaces = label.indices.filter { label[$0] == " " }
        guard let split = spaces.min(by: { abs(label.distance(from: label.startIndex, to: $0) - middle) < abs(label.distance(from: label.startIndex, to: $1) - middle) })
        else { return [label] }
        return [String(label[..<split]), String(label[label.index(after: split)...])]
    }

    /// The series' names with their colours, above the plot; nothing for a single series.
    func legend(_ series: [ChartSeries]) -> String {
        guard series.count > 1 else { return "" }
        var svg = #"<g class="chart-legend">"#
        var x = plotLeft
        for (index, item) in series.enumerated() {
            svg += #"<rect class="chart-swatch chart-series-\#(index % Self.palette)" x="\#(ChartNumber.coordinate(x))" y="8" width="10" height="10"/>"#
            svg += #"<text x="\#(ChartNumber.coordinate(x + 14))" y="17">\#(SVGText.escaped(item.name))</text>"#
            x += 14 + Double(min(item.name.count, 30)) * 7 + 16
        }
        return svg + "</g>"
    }

    /// Number of series colours in the stylesheet; further series reuse them.
    static let palette = 6

    /// `id` reduced to letters, digits, `-` and `_`, so it is a valid and harmless attribute value.
    static func safeID(_ id: String) -> String {
        let kept = String(id.unicodeScalars.filter { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "-" || $0 == "_" })
        return kept.isEmpty ? "chart" : kept
    }
}
