/// One named run of values of a chart: a line, or one bar per label.
struct ChartSeries: Sendable, Equatable {
    /// What the values measure, shown in the legend and the bars' tooltips.
    var name: String
    /// One value per label of the chart, in the labels' order.
    var values: [Double]

    /// A series of counts.
    init(name: String, values: [Double]) {
        self.name = name
        self.values = values
    }

    /// A series of whole counts.
    init(name: String, counts: [Int]) {
        self.init(name: name, values: counts.map(Double.init))
    }
}

/// Text placed in an SVG document: escaped for XML, so a label can never become markup.
enum SVGText {
    /// `text` with `&`, `<`, `>`, `"` and `'` written as entities.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
