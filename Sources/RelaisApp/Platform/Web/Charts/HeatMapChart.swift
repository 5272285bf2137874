/// A grid of cells shaded by their value, one row per label and one column per step, with the
/// value written in each cell: a cohort table (rows: cohorts; columns: months since joining).
struct HeatMapChart: Sendable {
    /// Size, title, description and empty message.
    var frame: ChartFrame
    /// One label per row, written at its left.
    var rows: [String]
    /// One label per column, written above it.
    var columns: [String]
    /// Shade of each cell, from 0 (none) to 1 (full); rows may be shorter than `columns` (no cell drawn).
    var shares: [[Double]]
    /// The text written in each cell, in the same shape as `shares`.
    var texts: [[String]]

    /// Whether there is nothing to draw.
    var isEmpty: Bool { rows.isEmpty || columns.isEmpty }

    /// Room for the row labels and the column labels.
    static let margins = (left: 76.0, top: 34.0)

    /// The chart as an SVG element, ready to be placed in an HTML page.
    func svg() -> String {
        guard !isEmpty else { return frame.empty(kind: "heatmap") }
        let cellWidth = (frame.width - Self.margins.left - 8) / Double(columns.count)
        let cellHeight = min(28, (frame.height - Self.margins.top - 8) / Double(rows.count))
        var svg = frame.opening(kind: "heatmap")
        for (index, column) in columns.enumerated() {
            svg += #"<text class="chart-label" x="\#(ChartNumber.coordinate(Self.margins.left + (Double(index) + 0.5) * cellWidth))" y="\#(ChartNumber.coordinate(Self.margins.top - 10))" text-anchor="middle">"#
                + SVGText.escaped(column) + "</text>"
        }
        for (row, label) in rows.enumerated() {
            let y = Self.margins.top + Double(row) * cellHeight
            svg += #"<text class="chart-label" x="\#(ChartNumber.coordinate(Self.margins.left - 6))" y="\#(ChartNumber.coordinate(y + cellHeight / 2))" dy="0.32em" text-anchor="end">"#
                + SVGText.escaped(label) + "</text>"
            let values = row < shares.count ? shares[row] : []
            for (column, share) in values.enumerated() where column < columns.count {
                let x = Self.margins.left + Double(column) * cellWidth
                let text = row < texts.count && column < texts[row].count ? texts[row][column] : ""
                let clamped = min(1, max(0, share.isFinite ? share : 0))
                // Opacity from 0.06 (a cell with nothing) to 1: an empty cell stays visible as part of the grid.
                svg += #"<rect class="chart-cell" x="\#(ChartNumber.coordinate(x + 1))" y="\#(ChartNumber.coordinate(y + 1))" "#
                    + #"width="\#(ChartNumber.coordinate(max(1, cellWidth - 2)))" height="\#(ChartNumber.coordinate(max(1, cellHeight - 2)))" "#
                    + #"fill-opacity="\#(String(format: "%.2f", 0.06 + 0.94 * clamped))"><title>\#(SVGText.escaped("\(label) · \(columns[column]): \(text)"))</title></rect>"#
                svg += #"<text class="chart-cell-value\#(clamped > 0.5 ? " on-dark" : "")" x="\#(ChartNumber.coordinate(x + cellWidth / 2))" y="\#(ChartNumber.coordinate(y + cellHeight / 2))" dy="0.32em" text-anchor="middle">"#
                    + SVGText.escaped(text) + "</text>"
            }
        }
        return svg + "</svg>"
    }
}
