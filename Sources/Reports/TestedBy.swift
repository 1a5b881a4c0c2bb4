/// Who a reply says tested the series: `Name <addr@host>`, the form the
/// kernel's trailers take, so b4 and patchwork pick the trailer up as is.
public struct TestedBy: Sendable, Equatable, CustomStringConvertible {
    public let description: String

    /// Nil unless the text is one line of a name, then an address in angle
    /// brackets with a user and a host around its one @. Any length: a
    /// trailer is never wrapped, so the mail's 72 columns do not bind it
    /// (checkpatch's line length check skips trailers too).
    public init?(_ text: String) {
        guard !text.contains(where: \.isNewline),
              text.hasSuffix(">"), let open = text.lastIndex(of: "<") else { return nil }
        let name = text[..<open]
        let address = text[text.index(after: open)..<text.index(before: text.endIndex)]
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard name.hasSuffix(" "), let first = name.first, !first.isWhitespace, !name.dropLast().hasSuffix(" "),
              parts.count == 2, parts.allSatisfy({ !$0.isEmpty }),
              !address.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" }) else { return nil }
        description = text
    }

    var trailer: String { "Tested-by: " + description }
}
