/// Accumulates plain text while folding whitespace: runs of spaces become one space, pending
/// line breaks win over spaces, and nothing dangles at the start or the end.
struct PlainTextWriter {
    /// Fold every line break into a space (titles).
    let singleLine: Bool
    private var output: [UInt8] = []
    private var pendingSpace = false
    private var pendingBreaks = 0

    /// Starts empty.
    init(singleLine: Bool) {
        self.singleLine = singleLine
    }

    /// Appends text; whitespace is folded unless `preserveLines` (inside `<pre>`), where line breaks stay.
    mutating func write(_ text: String, preserveLines: Bool) {
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            // U+00A0 no-break space counts as a space; U+00AD soft hyphen, U+200B zero-width space
            // and U+FEFF are invisible and would only break searches for a brand's name.
            if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0xA0 {
                pendingSpace = true
                index += 2
                continue
            }
            if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0xAD {
                index += 2
                continue
            }
            if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0x8B {
                index += 3
                continue
            }
            if byte == 0xEF, index + 2 < bytes.count, bytes[index + 1] == 0xBB, bytes[index + 2] == 0xBF {
                index += 3
                continue
            }
            if byte == 0x0A, preserveLines {
                breakLine()
            } else if ASCII.isSpace(byte) {
                pendingSpace = true
            } else {
                flushPending()
                output.append(byte)
            }
            index += 1
        }
    }

    /// A `<br>`: one more line break (at most a blank line in a row).
    mutating func breakLine() {
        pendingBreaks = min(pendingBreaks + 1, 2)
        pendingSpace = false
    }

    /// A block boundary: at least `count` line breaks before the next text (1 = new line, 2 = blank line).
    mutating func breakLines(_ count: Int) {
        pendingBreaks = max(pendingBreaks, count)
        pendingSpace = false
    }

    /// A table-cell boundary: a space before the next text.
    mutating func separate() {
        if pendingBreaks == 0 { pendingSpace = true }
    }

    /// The text written so far.
    func finish() -> String {
        String(decoding: output, as: UTF8.self)
    }

    private mutating func flushPending() {
        if !output.isEmpty {
            if pendingBreaks > 0 {
                if singleLine {
                    output.append(0x20)
                } else {
                    output.append(contentsOf: repeatElement(0x0A, count: pendingBreaks))
                }
            } else if pendingSpace {
                output.append(0x20)
            }
        }
        pendingSpace = false
        pendingBreaks = 0
    }
}
