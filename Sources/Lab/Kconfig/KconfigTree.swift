import FoundationEssentials

/// The Kconfig symbols a kernel tree defines, read from its own Kconfig
/// files: what a variant can ask of this tree, and, for an option Kconfig
/// dropped, the dependency that did it. Never a version number.
public struct KconfigTree: Sendable {
    /// One `config` or `menuconfig` entry: its `depends on` expressions,
    /// with the enclosing `if` blocks, and where it is defined.
    public struct Entry: Sendable, Equatable {
        public var file: String
        public var dependencies: [String]
        /// Whether it has a prompt: without one only a select (or a default) sets it.
        public var prompted = false
    }

    /// Symbol (without CONFIG_) to every entry that defines it.
    public private(set) var entries: [String: [Entry]] = [:]
    /// Symbol to the symbols whose entries `select` it.
    public private(set) var selectedBy: [String: [String]] = [:]

    public init() {}

    /// Reads every Kconfig file under `tree` (Kconfig, Kconfig.*).
    public static func read(tree: String) throws(LabError) -> KconfigTree {
        // Documentation and tools hold Kconfig files the build never reads.
        let listing = try Command.run(["find", tree, "(", "-path", tree + "/Documentation", "-o", "-path", tree + "/tools", ")",
                                       "-prune", "-o", "-type", "f", "-name", "Kconfig*", "-print"])
        var result = KconfigTree()
        for path in listing.split(separator: "\n") {
            guard let data = FileManager.default.contents(atPath: String(path)) else { continue }
            result.add(String(decoding: data, as: UTF8.self), file: String(path.dropFirst(tree.count + 1)))
        }
        guard !result.entries.isEmpty else { throw .noSource("\(tree): no Kconfig entries found; is it a kernel tree?") }
        return result
    }

    public func defines(_ symbol: String) -> Bool { entries[Self.bare(symbol)] != nil }

    /// Adds the entries of one Kconfig file.
    public mutating func add(_ text: String, file: String) {
        var conditions: [String] = []
        var current: (symbol: String, entry: Entry)?
        // A help text runs while lines are indented deeper than its keyword.
        var helpIndent: Int?
        func finish() {
            if let current { entries[current.symbol, default: []].append(current.entry) }
            current = nil
        }
        // Bytes until a line is known to matter: most lines are help text or
        // attributes, and every lab run reads some 1800 files.
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        for raw in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            var indent = 0, start = raw.startIndex
            while start < raw.endIndex, raw[start] == space || raw[start] == tab {
                indent = raw[start] == tab ? (indent / 8 + 1) * 8 : indent + 1
                start = raw.index(after: start)
            }
            if let help = helpIndent {
                if start == raw.endIndex || indent > help { continue }
                helpIndent = nil
            }
            var end = start
            while end < raw.endIndex, raw[end] != space, raw[end] != tab { end = raw.index(after: end) }
            guard start < end else { continue }
            let restOfLine = { Self.stripComment(Substring(raw[end...])) }
            switch Substring(raw[start..<end]) {
            case "config", "menuconfig":
                finish()
                current = (restOfLine(), Entry(file: file, dependencies: conditions))
            case "if":
                finish()
                conditions.append(restOfLine())
            case "endif":
                finish()
                if !conditions.isEmpty { conditions.removeLast() }
            case "choice", "endchoice", "menu", "endmenu", "comment", "source", "mainmenu":
                finish()
            case "bool", "tristate", "string", "int", "hex", "prompt":
                if restOfLine().hasPrefix("\"") { current?.entry.prompted = true }
            case "help", "---help---":
                helpIndent = indent
            case "depends":
                let rest = restOfLine()
                if rest.hasPrefix("on ") { current?.entry.dependencies.append(String(rest.dropFirst(3)).trimmingSpaces) }
            case "select":
                if let current, let target = restOfLine().split(separator: " ").first {
                    selectedBy[String(target), default: []].append(current.symbol)
                }
            default:
                continue
            }
        }
        finish()
    }

    /// Why `symbol` is not what was asked in `config`: the first dependency
    /// that evaluates to n, or who selected it, in Kconfig's own words.
    public func explain(_ symbol: String, requested: String, in config: [String: String]) -> String {
        let name = Self.bare(symbol)
        guard let definitions = entries[name] else { return "this tree does not define \(name)" }
        if requested != "n" {
            for entry in definitions {
                for dependency in entry.dependencies where KconfigExpression.evaluate(dependency, config) == 0 {
                    let values = KconfigExpression.symbols(in: dependency).map { "\($0)=\(config["CONFIG_" + $0] ?? "n")" }
                    return "\(name) depends on \(dependency) (\(values.joined(separator: ", ")); \(entry.file))"
                }
            }
            if let selectors = selectedBy[name], !definitions.contains(where: \.prompted) {
                let values = selectors.map { "\($0)=\(config["CONFIG_" + $0] ?? "n")" }
                return "\(name) has no prompt: only a select gives it, and none of its selectors is on (\(values.joined(separator: ", ")))"
            }
            return "Kconfig did not give \(name)=\(requested) (no unmet dependency found: a choice or a range?)"
        }
        let selectors = (selectedBy[name] ?? []).filter { ["y", "m"].contains(config["CONFIG_" + $0] ?? "n") }
        if !selectors.isEmpty { return "\(name) is selected by \(selectors.joined(separator: ", "))" }
        return "Kconfig turned \(name) on (a default or a choice)"
    }

    static func bare(_ symbol: String) -> String {
        symbol.hasPrefix("CONFIG_") ? String(symbol.dropFirst(7)) : symbol
    }

    private static func stripComment(_ text: Substring) -> String {
        String(text.prefix { $0 != "#" }).trimmingSpaces
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(self[first...last])
    }
}
