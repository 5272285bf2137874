/// Builds an `XMLTree` from tokens, recovering from the mistakes real feeds make.
///
/// An end tag closes the nearest open element of that name and, implicitly, everything opened
/// inside it (`<p>` or `<br>` left open in unescaped HTML); an end tag that matches nothing open
/// is ignored; elements still open at the end of input are marked incomplete.
enum XMLTreeBuilder {
    /// Parses `bytes` (UTF-8) into a tree. Never fails.
    static func build(_ bytes: [UInt8]) -> XMLTree {
        var tree = XMLTree(source: bytes)
        var tokenizer = XMLTokenizer(bytes: bytes)
        var open: [Int] = []
        var openNames = OpenNames()
        var scopes = NamespaceScopes()

        func close(_ element: Int, at end: Int, complete: Bool) {
            let start = tree.elements[element].content.lowerBound
            tree.elements[element].content = start..<max(start, end)
            tree.elements[element].isComplete = complete
        }

        while let token = tokenizer.next() {
            switch token {
            case .startTag(let name, let attributes, let selfClosing):
                guard open.count < XMLTree.maximumDepth, tree.elements.count < XMLTree.maximumElements else { continue }
                scopes.push(attributes)
                let index = tree.elements.count
                let position = tokenizer.position
                tree.elements.append(XMLTree.Element(
                    namespace: scopes.resolve(name),
                    localName: localName(of: name),
                    qualifiedName: name,
                    attributes: attributes,
                    parent: open.last,
                    content: position..<position
                ))
                if let parent = open.last {
                    tree.elements[parent].children.append(index)
                } else {
                    tree.topLevel.append(index)
                }
                if selfClosing {
                    tree.elements[index].isComplete = true
                    scopes.pop()
                } else {
                    open.append(index)
                    openNames.insert(name)
                }
            case .endTag(let name):
                // The nearest open element of that name; failing that, of that name in another case
                // (`<description>…</Description>`); failing that, the end tag is ignored. The counts
                // in `openNames` make a miss O(1), and a hit costs what it pops.
                let depth: Int?
                if openNames.contains(name) {
                    depth = open.lastIndex { tree.elements[$0].qualifiedName == name }
                } else if openNames.containsIgnoringCase(name) {
                    let lowercased = name.lowercased()
                    depth = open.lastIndex { tree.elements[$0].qualifiedName.lowercased() == lowercased }
                } else {
                    depth = nil
                }
                guard let depth else { continue }
                while open.count > depth {
                    let element = open.removeLast()
                    openNames.remove(tree.elements[element].qualifiedName)
                    close(element, at: tokenizer.tokenStart, complete: true)
                    scopes.pop()
                }
            case .text(let text), .cdata(let text):
                if let current = open.last { tree.elements[current].text += text }
            case .doctype(let body):
                if tree.doctype == nil { tree.doctype = body }
            }
        }
        tree.isTruncated = tokenizer.isTruncated || !open.isEmpty
        for element in open { close(element, at: bytes.count, complete: false) }
        return tree
    }

    private static func localName(of name: String) -> String {
        guard let colon = name.firstIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }

    /// How many elements of each name are open, exactly and ignoring case.
    private struct OpenNames {
        private var exact: [String: Int] = [:]
        private var folded: [String: Int] = [:]

        mutating func insert(_ name: String) {
            exact[name, default: 0] += 1
            folded[name.lowercased(), default: 0] += 1
        }

        mutating func remove(_ name: String) {
            exact[name, default: 1] -= 1
            folded[name.lowercased(), default: 1] -= 1
        }

        func contains(_ name: String) -> Bool { exact[name, default: 0] > 0 }
        func containsIgnoringCase(_ name: String) -> Bool { folded[name.lowercased(), default: 0] > 0 }
    }

    /// The `xmlns` bindings in force, as a stack with one frame per open element.
    private struct NamespaceScopes {
        private var bindings: [(prefix: String, namespace: XMLNamespace)] = []
        private var frameSizes: [Int] = []

        /// Declarations past this many in scope are ignored, which keeps name resolution cheap on hostile input.
        static let maximumBindings = 256

        mutating func push(_ attributes: [XMLAttribute]) {
            var added = 0
            for attribute in attributes where attribute.name.hasPrefix("xmlns") && bindings.count < Self.maximumBindings {
                if attribute.name == "xmlns" {
                    bindings.append(("", XMLNamespace(uri: attribute.value)))
                    added += 1
                } else if attribute.name.hasPrefix("xmlns:") {
                    bindings.append((String(attribute.name.dropFirst(6)), XMLNamespace(uri: attribute.value)))
                    added += 1
                }
            }
            frameSizes.append(added)
        }

        mutating func pop() {
            guard let added = frameSizes.popLast() else { return }
            bindings.removeLast(added)
        }

        func resolve(_ name: String) -> XMLNamespace {
            let prefix = name.firstIndex(of: ":").map { String(name[..<$0]) } ?? ""
            if let binding = bindings.last(where: { $0.prefix == prefix }) { return binding.namespace }
            return prefix.isEmpty ? .none : XMLNamespace(conventionalPrefix: prefix)
        }
    }
}
