import Foundation
import Testing
@testable import RelaisApp

@Suite("SVG charts")
struct ChartTests {
    @Test("Axes cover the data with round ticks that include zero")
    func roundTicks() {
        #expect(ChartAxis.covering([12, 37]).ticks == [0, 10, 20, 30, 40])
        #expect(ChartAxis.covering([1234]).ticks == [0, 250, 500, 750, 1000, 1250])
        #expect(ChartAxis.covering([0.37]).ticks == [0, 0.1, 0.2, 0.3, 0.4])
        #expect(ChartAxis.covering([-30, 70]).ticks == [-40, -20, 0, 20, 40, 60, 80])
        #expect(ChartAxis.covering([5]).ticks == [0, 1, 2, 3, 4, 5], "a maximum that is already round is kept")
        let flat = ChartAxis.covering([0, 0])
        #expect(flat.minimum == 0 && flat.maximum == 1, "all zeros still get an axis")
        #expect(ChartAxis.covering([]).maximum == 1)
        #expect(ChartAxis.covering([.nan, .infinity, 8]).maximum == 8, "values that are not numbers are ignored")
        #expect(ChartAxis.covering([1, 0, 1]).ticks == [0, 1], "counts get whole ticks")
        #expect(ChartAxis.covering([0.5, 1]).ticks == [0, 0.2, 0.4, 0.6, 0.8, 1], "fractions keep fractional ticks")
    }

    @Test("Steps are 1, 2, 2.5 or 5 times a power of ten")
    func niceSteps() {
        #expect(ChartAxis.niceStep(0.7) == 1)
        #expect(ChartAxis.niceStep(1.3) == 2)
        #expect(ChartAxis.niceStep(23) == 25)
        #expect(ChartAxis.niceStep(410) == 500)
        #expect(ChartAxis.niceStep(6_000) == 10_000)
        #expect(ChartAxis.niceStep(0) == 1)
    }

    @Test("Values are placed in proportion between the axis' ends")
    func scaling() {
        let axis = ChartAxis.covering([40])
        #expect(axis.fraction(0) == 0 && axis.fraction(40) == 1 && axis.fraction(10) == 0.25)
        let frame = ChartFrame(id: "c", title: "t", width: 400, height: 200)
        #expect(frame.y(40, on: axis) == frame.plotTop)
        #expect(frame.y(0, on: axis) == frame.plotBottom)
        #expect(frame.y(20, on: axis) == (frame.plotTop + frame.plotBottom) / 2)
    }

    @Test("A bar chart draws one bar per value with its label, value and tooltip, and is accessible")
    func bars() throws {
        let chart = BarChart(frame: ChartFrame(id: "funnel", title: "Entonnoir", description: "Du partage à l’inscription", width: 600, height: 300),
                             labels: ["Partages", "Clics", "Visites"], series: [ChartSeries(name: "Nombre", counts: [10, 40, 20])])
        let svg = chart.svg()
        #expect(svg.hasPrefix(#"<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-bar" id="funnel" role="img""#))
        #expect(svg.contains(#"aria-labelledby="funnel-title funnel-desc""#))
        #expect(svg.contains(#"<title id="funnel-title">Entonnoir</title>"#) && svg.contains("<desc id=\"funnel-desc\">"))
        #expect(svg.components(separatedBy: "<rect class=\"chart-bar").count - 1 == 3)
        #expect(svg.contains("<title>Clics: 40</title>") && svg.contains(">Visites</text>"))
        #expect(svg.hasSuffix("</svg>"))
        // The tallest bar (40, the axis maximum) reaches the top of the plot.
        let frame = chart.frame
        #expect(svg.contains(#"y="\#(ChartNumber.coordinate(frame.plotTop))""#))
    }

    @Test("A bar label too wide for its bar goes on two lines, broken at the space nearest its middle")
    func wrappedLabels() {
        #expect(ChartFrame.lines("Achats en magasin", room: 60) == ["Achats en", "magasin"])
        #expect(ChartFrame.lines("Achats en magasin", room: 400) == ["Achats en magasin"])
        #expect(ChartFrame.lines("Participations", room: 20) == ["Participations"], "no space, no break")
        let svg = BarChart(frame: ChartFrame(id: "f", title: "t", width: 300), labels: ["Clics", "Achats en magasin", "Visites"],
                           series: [ChartSeries(name: "n", counts: [1, 2, 3])]).svg()
        #expect(svg.contains(#"dy="0">Achats en</tspan>"#) && svg.contains(#"dy="1.2em">magasin</tspan>"#))
        #expect(svg.contains(">Clics</text>"))
    }

    @Test("Labels, titles and series names are escaped, and ids cannot break out of their attribute")
    func escaping() {
        let chart = BarChart(frame: ChartFrame(id: #"x" onload="alert(1)"#, title: "<script>alert('t')</script>"),
                             labels: [#"<b>"Gros" & fort</b>"#], series: [ChartSeries(name: "a&b", counts: [3])])
        let svg = chart.svg()
        #expect(!svg.contains("<script>") && !svg.contains("<b>") && !svg.contains("onload=\""))
        #expect(svg.contains("&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;"))
        #expect(svg.contains("&lt;b&gt;&quot;Gros&quot; &amp; fort&lt;/b&gt;"))
        #expect(svg.contains(#"id="xonloadalert1""#))
        #expect(SVGText.escaped("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&#39;")
    }

    @Test("Without values a chart shows its empty message, still titled and accessible")
    func emptyData() {
        let frame = ChartFrame(id: "empty", title: "Clics", emptyMessage: "Pas encore de données")
        for svg in [BarChart(frame: frame, labels: [], series: []).svg(), LineChart(frame: frame, labels: ["2026-01-01"], series: []).svg(),
                    LineChart(frame: frame, labels: [], series: [ChartSeries(name: "Clics", values: [])]).svg()] {
            #expect(svg.contains(#"role="img""#) && svg.contains("<title id=\"empty-title\">Clics</title>"))
            #expect(svg.contains(">Pas encore de données</text>"))
            #expect(!svg.contains("<rect") && !svg.contains("<path"))
        }
    }

    @Test("A line chart draws a line and points per series, a legend, and a readable subset of the labels")
    func lines() {
        let days = (1...30).map { String(format: "2026-11-%02d", $0) }
        let chart = LineChart(frame: ChartFrame(id: "over-time", title: "Clics et visites"), labels: days,
                              series: [ChartSeries(name: "Clics", counts: Array(repeating: 2, count: 30)),
                                       ChartSeries(name: "Visites", counts: Array(repeating: 1, count: 30))])
        let svg = chart.svg()
        #expect(svg.components(separatedBy: "<path class=\"chart-line").count - 1 == 2)
        #expect(svg.components(separatedBy: "<circle").count - 1 == 60)
        #expect(svg.contains(">Clics</text>") && svg.contains(">Visites</text>"), "a legend names both series")
        let written = svg.components(separatedBy: "class=\"chart-label\"").count - 1
        #expect(written <= 8 && svg.contains(">2026-11-01</text>") && svg.contains(">2026-11-30</text>"))
        #expect(chart.x(0) == chart.frame.plotLeft && chart.x(29) == chart.frame.plotRight)
        let single = LineChart(frame: ChartFrame(id: "one", title: "Un jour"), labels: ["2026-11-01"], series: [ChartSeries(name: "Clics", counts: [4])])
        #expect(single.x(0) == (single.frame.plotLeft + single.frame.plotRight) / 2)
    }

    @Test("Label subsets keep the first and the last label and stay within the maximum")
    func labelSubsets() {
        #expect(LineChart.labelIndices(count: 0, maximum: 8) == [])
        #expect(LineChart.labelIndices(count: 5, maximum: 8) == [0, 1, 2, 3, 4])
        #expect(LineChart.labelIndices(count: 10, maximum: 8) == [0, 2, 4, 6, 9])
        #expect(LineChart.labelIndices(count: 29, maximum: 8) == [0, 4, 8, 12, 16, 20, 24, 28])
        for count in 1...400 {
            let indices = LineChart.labelIndices(count: count, maximum: 8)
            #expect(indices.first == 0 && indices.last == count - 1 && indices.count <= 8 && indices == indices.sorted())
        }
    }

    @Test("Numbers are written without useless decimals")
    func numbers() {
        #expect(ChartNumber.plain(1200) == "1200")
        #expect(ChartNumber.plain(2.5) == "2.5")
        #expect(ChartNumber.plain(1 / 3) == "0.33")
        #expect(ChartNumber.plain(-4) == "-4")
        #expect(ChartNumber.coordinate(12.04) == "12")
        #expect(ChartNumber.coordinate(7.56) == "7.6")
    }
}
