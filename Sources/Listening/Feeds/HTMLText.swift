/// Turns HTML into plain text the way a reader would see it, safely: script, style and other
/// non-content elements are dropped with their content, every tag is removed, block elements
/// become line breaks, character references are decoded and whitespace is folded.
///
/// It is a linear, non-recursive scan (no DOM), so hostile input costs no more than its length.
public enum HTMLText {
    /// The plain text of an HTML fragment or page: paragraphs separated by a blank line, lines by `\n`.
    public static func plainText(fromHTML html: String) -> String {
        plainText(fromHTML: html, unknownTagsAreText: false, singleLine: false)
    }

    /// Plain text that may carry stray HTML (an Atom `type="text"` body): known tags are removed
    /// but `<vector>` stays, and the text's own line breaks are kept.
    static func plainText(fromPlainText text: String) -> String {
        plainText(fromHTML: text, unknownTagsAreText: true, singleLine: false, keepLineBreaks: true)
    }

    /// The same, with two options the feed parser needs for titles: keep `<vector>`-like text that
    /// is not an HTML tag (`unknownTagsAreText`), and fold line breaks into spaces (`singleLine`).
    static func plainText(fromHTML html: String, unknownTagsAreText: Bool, singleLine: Bool, keepLineBreaks: Bool = false) -> String {
        var scanner = HTMLScanner(bytes: Array(html.utf8))
        var writer = PlainTextWriter(singleLine: singleLine)
        var preformatted = keepLineBreaks ? 1 : 0
        while let token = scanner.next() {
            switch token {
            case .text(let range):
                writer.write(CharacterReferences.decode(scanner.bytes, range, mode: .html), preserveLines: preformatted > 0)
            case .cdata(let range):
                writer.write(String(decoding: scanner.bytes[range], as: UTF8.self), preserveLines: preformatted > 0)
            case .tag(let name, let isEnd, let isSelfClosing, let range):
                guard let element = HTMLElementKind(name: name) else {
                    if unknownTagsAreText {
                        writer.write(CharacterReferences.decode(scanner.bytes, range, mode: .html), preserveLines: false)
                    }
                    continue
                }
                switch element {
                case .dropped where !isEnd && !isSelfClosing:
                    scanner.skipRawText(until: name)
                case .lineBreak:
                    writer.breakLine()
                case .paragraph:
                    writer.breakLines(2)
                case .block:
                    writer.breakLines(1)
                case .preformatted:
                    writer.breakLines(2)
                    preformatted = max(0, preformatted + (isEnd ? -1 : (isSelfClosing ? 0 : 1)))
                case .cell:
                    writer.separate()
                case .dropped, .inline:
                    break
                }
            }
        }
        return writer.finish()
    }
}

/// What an HTML element does to the plain text around it.
enum HTMLElementKind {
    /// Content that is not text for a reader (scripts, styles, media fallbacks): skipped with its content.
    case dropped
    /// `<br>`.
    case lineBreak
    /// Paragraph-like blocks: a blank line around them.
    case paragraph
    /// Other blocks: a line break around them.
    case block
    /// `<pre>`: a paragraph whose line breaks are kept.
    case preformatted
    /// Table cells: a space between them.
    case cell
    /// Everything else known to HTML: no effect on layout.
    case inline

    /// The kind of a known HTML element; nil for names HTML does not define.
    init?(name: String) {
        guard let kind = Self.kinds[name] else { return nil }
        self = kind
    }

    private static let kinds: [String: HTMLElementKind] = {
        var kinds: [String: HTMLElementKind] = [:]
        for name in ["script", "style", "template", "noscript", "iframe", "object", "svg", "math", "title",
                     "textarea", "select", "canvas", "audio", "video", "noembed", "noframes", "applet"] {
            kinds[name] = .dropped
        }
        for name in ["p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "dl", "table",
                     "figure", "hr", "address", "details"] {
            kinds[name] = .paragraph
        }
        for name in ["div", "li", "dt", "dd", "tr", "section", "article", "header", "footer", "aside", "nav",
                     "main", "figcaption", "caption", "form", "fieldset", "legend", "summary", "center",
                     "thead", "tbody", "tfoot", "html", "body", "head", "option", "dialog", "hgroup", "menu"] {
            kinds[name] = .block
        }
        for name in ["a", "abbr", "acronym", "b", "bdi", "bdo", "big", "blink", "button", "cite", "code", "col",
                     "colgroup", "data", "del", "dfn", "em", "embed", "font", "i", "img", "input", "ins", "kbd",
                     "label", "link", "map", "area", "mark", "meta", "meter", "nobr", "optgroup", "output",
                     "param", "picture", "progress", "q", "rp", "rt", "ruby", "s", "samp", "small", "source",
                     "span", "strike", "strong", "sub", "sup", "time", "track", "tt", "u", "var", "wbr", "base",
                     "basefont", "marquee", "spacer", "slot", "frame", "frameset", "image", "search"] {
            kinds[name] = .inline
        }
        kinds["br"] = .lineBreak
        kinds["pre"] = .preformatted
        kinds["listing"] = .preformatted
        kinds["plaintext"] = .preformatted
        kinds["td"] = .cell
        kinds["th"] = .cell
        return kinds
    }()
}
