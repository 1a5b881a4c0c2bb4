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
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.drop { $0 == " " || $0 == "\t" }
            let indent = raw.prefix { $0 == " " || $0 == "\t" }.reduce(0) { $1 == "\t" ? ($0 / 8 + 1) * 8 : $0 + 1 }
            if let help = helpIndent {
                if line.isEmpty || indent > help { continue }
                helpIndent = nil
            }
            let words = line.split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" })
            guard let keyword = words.first else { continue }
            let rest = words.count > 1 ? Self.stripComment(words[1]) : ""
            switch keyword {
            case "config", "menuconfig":
                finish()
                current = (rest, Entry(file: file, dependencies: conditions))
            case "if":
                finish()
                conditions.append(rest)
            case "endif":
                finish()
                if !conditions.isEmpty { conditions.removeLast() }
            case "choice", "endchoice", "menu", "endmenu", "comment", "source", "mainmenu":
                finish()
            case "help", "---help---":
                helpIndent = indent
            case "depends":
                if rest.hasPrefix("on ") { current?.entry.dependencies.append(String(rest.dropFirst(3)).trimmingSpaces) }
            case "select":
                if let current, let target = rest.split(separator: " ").first {
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
        return String(drop(while: isBlank).reversed().drop(while: isBlank).reversed())
    }
}
