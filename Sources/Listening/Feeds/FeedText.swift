import Foundation

/// Extracts plain text from feed elements, whatever way the feed chose to encode it.
enum FeedText {
    /// A title as one line of plain text; tags HTML does not know (`<vector>`) are kept as text.
    static func title(of element: Int?, in tree: XMLTree) -> String? {
        guard let element, let markup = markup(of: element, in: tree, defaultIsHTML: true) else { return nil }
        return nonEmpty(HTMLText.plainText(fromHTML: markup.text, unknownTagsAreText: true, singleLine: true))
    }

    /// A body (description, content, summary) as plain text with line breaks.
    /// `defaultIsHTML` is true for RSS, false for Atom, whose text constructs default to `type="text"`.
    static func body(of element: Int?, in tree: XMLTree, defaultIsHTML: Bool) -> String? {
        guard let element, let markup = markup(of: element, in: tree, defaultIsHTML: defaultIsHTML) else { return nil }
        let text = markup.isHTML
            ? HTMLText.plainText(fromHTML: markup.text)
            : HTMLText.plainText(fromPlainText: markup.text)
        return nonEmpty(text)
    }

    /// A short value (category, author name, language) with references decoded and spaces folded.
    static func plain(_ value: String?) -> String? {
        guard let value else { return nil }
        return nonEmpty(HTMLText.plainText(fromHTML: value, unknownTagsAreText: true, singleLine: true))
    }

    /// An element's raw text, trimmed; nil when empty.
    static func raw(_ element: Int?, in tree: XMLTree) -> String? {
        guard let element else { return nil }
        return nonEmpty(tree.elements[element].text.trimmingMarkupWhitespace)
    }

    /// The element's content as markup, and whether that markup is HTML.
    ///
    /// Child elements mean inline XHTML (Atom `type="xhtml"`, or HTML a feed forgot to escape):
    /// the source between the tags is taken verbatim. Otherwise the decoded character data is
    /// HTML when `type` says so (`html`, `text/html`, Atom 0.3 `mode="escaped"`), base64 is decoded.
    private static func markup(of element: Int, in tree: XMLTree, defaultIsHTML: Bool) -> (text: String, isHTML: Bool)? {
        let node = tree.elements[element]
        if !node.children.isEmpty {
            return (tree.innerMarkup(of: element), true)
        }
        let type = node.attribute("type")?.lowercased().trimmingMarkupWhitespace
        let mode = node.attribute("mode")?.lowercased()
        var text = node.text
        if mode == "base64" {
            let compact = text.filter { !$0.isWhitespace }
            guard let data = Data(base64Encoded: compact) else { return nil }
            text = String(decoding: data, as: UTF8.self)
        }
        let isHTML: Bool
        switch type {
        case nil, "":
            isHTML = defaultIsHTML || mode == "escaped"
        case "text", "text/plain":
            isHTML = false  // Atom 0.3 "escaped" plain text is still plain once unescaped.
        default:
            isHTML = type?.contains("html") ?? false
        }
        return (text, isHTML)
    }

    private static func nonEmpty(_ text: String) -> String? {
        text.isEmpty ? nil : text
    }
}
