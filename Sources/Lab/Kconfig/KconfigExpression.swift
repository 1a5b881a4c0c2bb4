/// Kconfig's tristate logic over a .config: n 0, m 1, y 2; `&&` is the
/// minimum, `||` the maximum, `!` is 2 minus; `A=B` and `A!=B` compare the
/// values as text. Enough to say which `depends on` removed an option.
enum KconfigExpression {
    static func evaluate(_ expression: String, _ config: [String: String]) -> Int {
        var parser = Parser(tokens: tokens(expression), config: config)
        return parser.or()
    }

    /// The symbols an expression names, in order, each once.
    static func symbols(in expression: String) -> [String] {
        var seen = Set<String>()
        return tokens(expression).filter { token in
            token.first.map { $0.isLetter || $0.isNumber || $0 == "_" } == true
                && !["y", "m", "n"].contains(token) && seen.insert(token).inserted
        }
    }

    private static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == " " || character == "\t" {
                index = text.index(after: index)
                continue
            }
            let two = text[index...].prefix(2)
            if ["&&", "||", "!=", "<=", ">="].contains(two) {
                tokens.append(String(two))
                index = text.index(index, offsetBy: 2)
            } else if "()!=<>".contains(character) {
                tokens.append(String(character))
                index = text.index(after: index)
            } else if character == "\"" {
                let end = text[text.index(after: index)...].firstIndex(of: "\"") ?? text.endIndex
                // Kept with its opening quote, so it is read as text, not a symbol.
                tokens.append(String(text[index..<end]))
                index = end < text.endIndex ? text.index(after: end) : end
            } else {
                let end = text[index...].firstIndex { " \t()!=<>&|\"".contains($0) } ?? text.endIndex
                tokens.append(String(text[index..<max(end, text.index(after: index))]))
                index = max(end, text.index(after: index))
            }
        }
        return tokens
    }

    private struct Parser {
        var tokens: [String]
        var config: [String: String]
        var position = 0

        mutating func or() -> Int {
            var value = and()
            while peek == "||" { position += 1; value = max(value, and()) }
            return value
        }

        mutating func and() -> Int {
            var value = unary()
            while peek == "&&" { position += 1; value = min(value, unary()) }
            return value
        }

        mutating func unary() -> Int {
            if peek == "!" { position += 1; return 2 - unary() }
            if peek == "(" {
                position += 1
                let value = or()
                if peek == ")" { position += 1 }
                return value
            }
            let left = next()
            if let comparison = peek, ["=", "!="].contains(comparison) {
                position += 1
                let equal = text(left) == text(next())
                return (comparison == "=") == equal ? 2 : 0
            }
            return tristate(left)
        }

        var peek: String? { position < tokens.count ? tokens[position] : nil }

        mutating func next() -> String {
            defer { position += 1 }
            return peek ?? "n"
        }

        func text(_ token: String) -> String {
            if ["y", "m", "n"].contains(token) { return token }
            if token.hasPrefix("\"") { return String(token.dropFirst()) }
            return config["CONFIG_" + token] ?? (token.allSatisfy { $0.isNumber } ? token : "n")
        }

        func tristate(_ token: String) -> Int {
            switch text(token) {
            case "y": 2
            case "m": 1
            default: 0
            }
        }
    }
}
