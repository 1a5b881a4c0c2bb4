/// Text for outputs that show it verbatim: a terminal, a mail, a KTAP log.
/// Kernel output can carry escape sequences and control bytes that would
/// recolour a terminal or split a line-oriented format, so they are made
/// visible in caret notation (ESC is `^[`), the way `cat -v` shows them.
enum PlainText {
    static func clean(_ text: String, keepingNewlines: Bool = false) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: out.append(keepingNewlines ? scalar : " ")
            case 0x09: out.append(" ")
            // Serial consoles end lines with CR LF; the CR carries nothing.
            case 0x0D: continue
            case 0x00..<0x20:
                out.append("^")
                out.append(Unicode.Scalar(UInt8(scalar.value + 0x40)))
            case 0x7F: out.append(contentsOf: "^?".unicodeScalars)
            case 0x80..<0xA0: out.append("?")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// Lines of at most `width` columns, each starting with `indent`. A word
    /// longer than a line (a path, a hex dump) is cut rather than overflowing.
    static func wrap(_ text: String, width: Int, indent: String = "") -> [String] {
        let room = max(width - indent.count, 1)
        var lines: [String] = []
        var line = ""
        for word in clean(text).split(separator: " ") {
            var word = Substring(word)
            while word.count > room {
                if !line.isEmpty { lines.append(indent + line); line = "" }
                lines.append(indent + word.prefix(room))
                word = word.dropFirst(room)
            }
            if word.isEmpty { continue }
            if line.isEmpty {
                line = String(word)
            } else if line.count + 1 + word.count <= room {
                line += " " + word
            } else {
                lines.append(indent + line)
                line = String(word)
            }
        }
        if !line.isEmpty || lines.isEmpty { lines.append(indent + line) }
        return lines
    }

    /// One line of at most `width` columns; a cut is marked with "...".
    static func truncate(_ text: String, width: Int) -> String {
        let line = clean(text)
        guard line.count > width else { return line }
        return line.prefix(max(width - 3, 0)) + "..."
    }

    /// Left-aligns `text` in a field of `width` columns.
    static func pad(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(width - text.count, 0))
    }

    /// Padded rows and empty diagnostics must not leave trailing blanks,
    /// which mail clients and patch tools flag.
    static func trimmingTrailingSpaces(_ line: String) -> String {
        String(line[..<(line.lastIndex { $0 != " " }.map(line.index(after:)) ?? line.startIndex)])
    }
}
