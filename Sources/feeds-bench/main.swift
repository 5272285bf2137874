// Throughput check for the doc: `swift run -c release FeedsBenchmark`.
// Not part of what the server copies; it uses only the public API.
import Foundation
import Listening

/// A realistic WordPress-style RSS 2.0 feed of about `targetBytes`.
func generatedFeed(targetBytes: Int) -> Data {
    var xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
        <channel><title>Bench &amp; Co</title><link>https://bench.example.fr/</link>

        """
    var index = 0
    while xml.utf8.count < targetBytes {
        xml += """
            <item><title>Article n°\(index) : l&rsquo;été de la marque</title>
            <link>/\(index)/article</link><guid isPermaLink="false">bench-\(index)</guid>
            <pubDate>Tue, 12 Oct 2010 14:32:10 +0200</pubDate><dc:creator><![CDATA[Claire Martin]]></dc:creator>
            <category><![CDATA[Marketing]]></category>
            <description>Un r&eacute;sum&eacute; &lt;b&gt;court&lt;/b&gt; de l&#8217;article \(index)&#8230;</description>
            <content:encoded><![CDATA[<p>Hier soir, une marque de soda invitait une vingtaine de blogueurs à découvrir sa nouvelle boisson.</p>
            <h2>Ce qu&rsquo;on a retenu</h2><ul><li>Une rencontre <em>sincère</em></li><li>Des <a href="/tags/x">goodies</a> &amp; des questions</li></ul>
            <script>var tracking = "<p>" + \(index);</script><p>À suivre&nbsp;!<br />Claire</p>]]></content:encoded></item>

            """
        index += 1
    }
    xml += "</channel></rss>\n"
    return Data(xml.utf8)
}

func measure(_ label: String, _ data: Data, runs: Int = 5) {
    var best = Double.infinity
    var items = 0
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        let feed = try? FeedParser.parse(data: data, url: URL(string: "https://bench.example.fr/feed/"), contentType: nil)
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        items = feed?.items.count ?? -1
    }
    let megabytes = Double(data.count) / 1_048_576
    print(String(format: "%@: %.2f MiB, %d items, best of %d: %.3f s, %.1f MiB/s", label, megabytes, items, runs, best, megabytes / best))
}

let fiveMiB = 5 * 1_048_576
if CommandLine.arguments.contains("--profile") {
    measure("WordPress-style RSS", generatedFeed(targetBytes: fiveMiB), runs: 10)
    exit(0)
}
measure("WordPress-style RSS", generatedFeed(targetBytes: fiveMiB))

var latin1 = generatedFeed(targetBytes: fiveMiB)
latin1 = Data(String(decoding: latin1, as: UTF8.self).unicodeScalars.map { $0.value < 256 ? UInt8($0.value) : UInt8(ascii: "?") })
measure("Same, as undeclared Latin-1", latin1)

let deep = "<rss><channel><item><guid>1</guid><description>" + String(repeating: "<a>", count: 1_000_000) + "</description></item></channel></rss>"
measure("Hostile: 1,000,000 nested elements", Data(deep.utf8), runs: 2)

let flat = "<rss><channel>" + String(repeating: "<x/>", count: fiveMiB / 4) + "</channel></rss>"
measure("Hostile: 1.3 M empty elements", Data(flat.utf8), runs: 2)

let unmatched = "<rss><channel>" + String(repeating: "<a>", count: 255) + String(repeating: "</zz>", count: fiveMiB / 5) + "</channel></rss>"
measure("Hostile: 1 M unmatched end tags at depth 256", Data(unmatched.utf8), runs: 2)

let entities = "<rss><channel><item><guid>1</guid><description>" + String(repeating: "&eacute;&#233;&bogus;", count: fiveMiB / 20) + "</description></item></channel></rss>"
measure("Hostile: 5 MiB of entities", Data(entities.utf8), runs: 2)
