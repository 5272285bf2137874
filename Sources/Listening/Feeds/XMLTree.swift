/// A parsed XML document kept as a flat array of elements (an arena), so that building,
/// walking and freeing it never recurses, however deep the input nests.
struct XMLTree {
    /// One element: its resolved name, attributes, direct text, and where its content lies in the source.
    struct Element {
        /// The namespace the element's name resolved to.
        var namespace: XMLNamespace
        /// The name without its prefix, e.g. `encoded` for `content:encoded`.
        var localName: String
        /// The name as written.
        var qualifiedName: String
        /// Attributes as written.
        var attributes: [XMLAttribute]
        /// Index of the parent element, or nil for a top-level element.
        var parent: Int?
        /// Indices of the child elements, in document order.
        var children: [Int] = []
        /// The element's own character data (text and CDATA, not its children's).
        var text = ""
        /// Byte range of the content between the start and end tags, in `XMLTree.source`.
        var content: Range<Int>
        /// False when the document ended before this element did.
        var isComplete = false

        /// The value of the attribute named exactly `name` (e.g. `"xml:base"`).
        func attribute(_ name: String) -> String? {
            attributes.first { $0.name == name }?.value
        }

        /// The value of the first attribute whose name without prefix is `localName` (e.g. `resource` for `rdf:resource`).
        func attribute(localName: String) -> String? {
            attributes.first { $0.name == localName || $0.name.hasSuffix(":" + localName) }?.value
        }
    }

    /// The UTF-8 document the tree was built from.
    let source: [UInt8]
    /// All elements in document order.
    var elements: [Element] = []
    /// Indices of the elements that have no parent.
    var topLevel: [Int] = []
    /// The DOCTYPE body, if the document had one.
    var doctype: String?
    /// True when the input ended before every element was closed.
    var isTruncated = false

    /// Elements nested deeper than this are not kept as elements: their text goes to the deepest kept one.
    static let maximumDepth = 256
    /// A bound on elements kept, so that 5 MiB of `<a/>` cannot take hundreds of megabytes.
    static let maximumElements = 500_000

    /// The markup between an element's tags, verbatim (for XHTML content and unescaped HTML).
    func innerMarkup(of index: Int) -> String {
        String(decoding: source[elements[index].content], as: UTF8.self)
    }

    /// The first child of `index` matching the namespace test and local name.
    func child(of index: Int, named localName: String, where namespace: (XMLNamespace) -> Bool) -> Int? {
        elements[index].children.first { elements[$0].localName == localName && namespace(elements[$0].namespace) }
    }

    /// All children of `index` matching the namespace test and local name.
    func children(of index: Int, named localName: String, where namespace: (XMLNamespace) -> Bool) -> [Int] {
        elements[index].children.filter { elements[$0].localName == localName && namespace(elements[$0].namespace) }
    }

    /// Descendants of `index` matching the test, in document order; iterative. Matches inside
    /// matches are included: a feed that forgets `</item>` nests the next item in it.
    func descendants(of index: Int, where matches: (Element) -> Bool) -> [Int] {
        var found: [Int] = []
        var stack = Array(elements[index].children.reversed())
        while let next = stack.popLast() {
            if matches(elements[next]) {
                found.append(next)
            }
            stack.append(contentsOf: elements[next].children.reversed())
        }
        return found
    }

    /// How many ancestors the element has, counting no further than `limit`.
    func depth(of index: Int, upTo limit: Int) -> Int {
        var depth = 0
        var current = elements[index].parent
        while let parent = current, depth < limit {
            depth += 1
            current = elements[parent].parent
        }
        return depth
    }

    /// The element and its ancestors, innermost first.
    func ancestry(of index: Int) -> [Int] {
        var chain = [index]
        while let parent = elements[chain[chain.count - 1]].parent { chain.append(parent) }
        return chain
    }
}
