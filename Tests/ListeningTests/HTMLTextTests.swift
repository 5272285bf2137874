import Testing

@testable import Listening

/// HTML to plain text, as shown to a community manager and searched for brand names.
@Suite("HTML to plain text")
struct HTMLTextTests {
    @Test(arguments: [
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("Line<br>break<br/>twice<br><br>done", "Line\nbreak\ntwice\n\ndone"),
        ("<div>a</div><div>b</div>", "a\nb"),
        ("<ul><li>x</li><li>y</li></ul>after", "x\ny\n\nafter"),
        ("  lots   of\n\n  space\t here ", "lots of space here"),
        ("<b>bold</b> and <a href=\"x?a=1&b=2\">link</a>", "bold and link"),
        ("<script>alert('<p>x</p>')</script>safe", "safe"),
        ("<SCRIPT type=text/javascript>var a = '</p>';</SCRIPT >safe", "safe"),
        ("<style>p { color: red }</style><p>styled</p>", "styled"),
        ("<noscript><img src=x></noscript><iframe src=y>fallback</iframe>ok", "ok"),
        ("<svg><text>logo</text></svg>Brand", "Brand"),
        ("<!-- comment <p>hidden</p> -->shown", "shown"),
        ("<![CDATA[a < b]]>", "a < b"),
        ("Caf&eacute; &amp; cr&egrave;me &mdash; &#8217;&#x2019;&#146;", "Café & crème — ’’’"),
        ("&copy 2010 &amp AT&T &notanentity;", "© 2010 & AT&T &notanentity;"),
        ("non&nbsp;breaking&#160;space", "non breaking space"),
        ("co&shy;ca&#8203;cola", "cocacola"),
        ("5 < 6 > 4", "5 < 6 > 4"),
        ("<img src=\"a.jpg\" alt=\"<b>\">text", "text"),
        ("<p title='a > b'>quoted</p>", "quoted"),
        ("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc"),
        ("<pre>line 1\n  line 2</pre>after", "line 1\nline 2\n\nafter"),
        ("<h1>Title</h1>Body", "Title\n\nBody"),
        ("<o:p>Word</o:p> <custom-tag>kept</custom-tag>", "Word kept"),
        ("unterminated <b", "unterminated"),
        ("", ""),
    ])
    func plainText(html: String, expected: String) {
        #expect(HTMLText.plainText(fromHTML: html) == expected)
    }

    @Test func titleModeKeepsUnknownTagsAndFoldsLines() {
        let text = HTMLText.plainText(fromHTML: "Using <vector> in <b>C++</b><br>now", unknownTagsAreText: true, singleLine: true)
        #expect(text == "Using <vector> in C++ now")
    }

    @Test func unclosedScriptDropsTheRest() {
        #expect(HTMLText.plainText(fromHTML: "before<script>document.write('x')") == "before")
    }

    @Test func deeplyNestedMarkupIsLinear() {
        let html = String(repeating: "<div><span>", count: 100_000) + "deep" + String(repeating: "</span></div>", count: 100_000)
        #expect(HTMLText.plainText(fromHTML: html) == "deep")
    }
}
